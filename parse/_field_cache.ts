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
 * A body is cached the second time it is seen (a table of recent hashes
 * remembers the first time): bodies seen once, most of the misses, leave
 * nothing behind to be collected later. The cache holds
 * {@linkcode SETS}×{@linkcode WAYS} bodies, each set kept in order of last
 * use, so memory stays bounded whatever the input.
 *
 * Module-private.
 *
 * @module
 */

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
  /** `JSON.stringify(data)`, once asked for. */
  dataJson: string | undefined = undefined;
  /** The body as a JSON string's content (no quotes), once asked for. */
  bodyJson: string | undefined = undefined;

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

const SETS = 256;
const WAYS = 4;
const hashes = new Int32Array(SETS * WAYS);
const bodies: (string | undefined)[] = new Array(SETS * WAYS).fill(undefined);
const entries: (ParsedFields | undefined)[] = new Array(SETS * WAYS).fill(undefined);
/** Hashes of bodies seen once, by their low bits. */
const SEEN_SIZE = 8192;
const seen = new Int32Array(SEEN_SIZE);

/**
 * A 32-bit hash of `text[start:end]`: FNV-1a steps in four lanes (every
 * fourth character each), so that the multiplications do not wait for each
 * other (4x faster than one lane).
 */
export function bodyHash(text: string, start: number, end: number): number {
  let a = 0x811c9dc5 ^ (end - start);
  let b = 0x01000193;
  let c = 0x9e3779b9;
  let d = 0x85ebca6b;
  let i = start;
  for (; i + 3 < end; i += 4) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i + 1), 0x01000193);
    c = Math.imul(c ^ text.charCodeAt(i + 2), 0x01000193);
    d = Math.imul(d ^ text.charCodeAt(i + 3), 0x01000193);
  }
  for (; i < end; i++) a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^
    Math.imul(d, 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/** The set of hash `h`: the index of its first way. */
function setOf(h: number): number {
  return (h & (SETS - 1)) * WAYS;
}

/**
 * The cached fields of `body` (whose {@linkcode bodyHash} is `h`) parsed as a
 * record of `type`, if any.
 */
export function cachedFields(type: number, body: string, h: number): ParsedFields | undefined {
  const base = setOf(h);
  for (let k = base; k < base + WAYS; k++) {
    if (hashes[k] !== h || bodies[k] !== body) continue;
    const hit = entries[k]!;
    if (hit.type !== type) return undefined;
    // Most recently used first.
    for (let j = k; j > base; j--) {
      hashes[j] = hashes[j - 1]!;
      bodies[j] = bodies[j - 1];
      entries[j] = entries[j - 1];
    }
    hashes[base] = h;
    bodies[base] = body;
    entries[base] = hit;
    return hit;
  }
  return undefined;
}

/**
 * Offers the fields `parsed` of `body` (hash `h`) to the cache: kept if the
 * body was seen before, else only remembered as seen.
 */
export function cacheFields(body: string, h: number, parsed: ParsedFields): void {
  const slot = (h >>> 13) & (SEEN_SIZE - 1);
  if (seen[slot] !== h) {
    seen[slot] = h;
    return;
  }
  const base = setOf(h);
  for (let j = base + WAYS - 1; j > base; j--) {
    hashes[j] = hashes[j - 1]!;
    bodies[j] = bodies[j - 1];
    entries[j] = entries[j - 1];
  }
  hashes[base] = h;
  bodies[base] = body;
  entries[base] = parsed;
}
