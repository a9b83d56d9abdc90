/**
 * A small cache of parsed fields keyed by a record's body (the text after
 * its `audit(…):` header): audit logs repeat the same bodies again and again
 * (the same CWD, PATH, PROCTITLE and SYSCALL records of a busy program: 89%
 * of the records of a 340k-record corpus had a body seen among the last
 * thousand), and a hit costs a hash and a comparison of the body instead of
 * extracting and enriching its fields.
 *
 * Parsing is a function of the record type and the body only, so a hit's
 * fields are those a parse would give; the cached objects are shared by the
 * messages with that body and never changed after they are stored.
 *
 * The cache (`_text_cache.ts`) keeps 1024 bodies, a body from its third
 * sighting on.
 *
 * Module-private.
 *
 * @module
 */

import { TextCache, textHash } from "./_text_cache.ts";

/**
 * What a parse of a record's fields yields, and the JSON texts made from it
 * (kept for the next message with the same body).
 */
export class ParsedFields {
  /** The record type the body was parsed as. */
  readonly type: number;
  /** The fields (shared: never changed once made). */
  readonly data: Record<string, string>;
  /** The rule keys. */
  readonly keys: readonly string[];
  /** Why enrichment failed, if it did. */
  readonly error: string | undefined;
  /**
   * The stored-shape JSON line from the body's escaped text on, once asked
   * for: `…body","keys":[…],"data":{…},"error":"…"` (the same for a body).
   */
  jsonTail: string | undefined = undefined;
  /** Whether these fields are in the cache (only then is a JSON piece worth keeping). */
  cached = false;

  /** Holds a parse's results. */
  constructor(
    type: number,
    data: Record<string, string>,
    keys: readonly string[],
    error: string | undefined,
  ) {
    this.type = type;
    this.data = data;
    this.keys = keys;
    this.error = error;
  }
}

/** Longer bodies are not cached (they rarely repeat, and would hold memory). */
export const MAX_CACHED_BODY = 2048;

const cache = new TextCache<ParsedFields>(256, 8192);

/** The hash {@linkcode cachedFields} and {@linkcode cacheFields} take. */
export const bodyHash: (text: string, start: number, end: number) => number = textHash;

/** Whether to look bodies up now (see `TextCache.active`). */
export function fieldCacheActive(): boolean {
  return cache.active();
}

/**
 * The cached fields of `body` (whose {@linkcode bodyHash} is `h`) parsed as a
 * record of `type`, if any.
 */
export function cachedFields(type: number, body: string, h: number): ParsedFields | undefined {
  const hit = cache.get(body, h);
  return hit !== undefined && hit.type === type ? hit : undefined;
}

/**
 * Offers the fields `parsed` of `body` (hash `h`) to the cache: kept if the
 * body was seen before, else only remembered as seen.
 */
export function cacheFields(body: string, h: number, parsed: ParsedFields): void {
  if (cache.offer(body, h, parsed)) parsed.cached = true;
}
