/**
 * A bounded cache whose entries expire, remembering misses too (a lookup
 * that failed is not retried until its entry expires). Pure: the clock is
 * injected.
 *
 * @module
 */

/**
 * How long (ms) a looked-up fact, such as a user or group name, is trusted
 * by default: the {@linkcode TtlCache} default, the CLI's name lookups, and
 * the event JSON cache that holds resolved names.
 */
export const DEFAULT_TTL_MS = 60_000;

/** Options of a {@linkcode TtlCache}. */
export interface TtlCacheOptions {
  /** ms an entry lives. Default 60000; `Infinity` never expires. */
  readonly ttl?: number;
  /** ms a miss (`undefined`) lives. Default `ttl`. */
  readonly missTtl?: number;
  /** Most entries; the oldest is dropped beyond. Default 4096. */
  readonly maxEntries?: number;
  /** The clock. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Caches `compute(key)` per key, misses included, for a time.
 *
 * @example
 * ```ts
 * import { TtlCache } from "@libaudit/libaudit/interpret";
 * import assert from "node:assert/strict";
 * let calls = 0;
 * const cache = new TtlCache<string, string>({ ttl: 1000, now: () => 0 });
 * const lookup = (k: string) => { calls++; return k === "0" ? "root" : undefined; };
 * cache.get("7", lookup);
 * cache.get("7", lookup);
 * assert.equal(calls, 1); // the miss is remembered
 * ```
 */
export class TtlCache<K, V> {
  readonly #ttl: number;
  readonly #missTtl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<K, { value: V | undefined; until: number }>();
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that called `compute`. */
  misses = 0;

  /** Creates an empty cache. */
  constructor(options: TtlCacheOptions = {}) {
    this.#ttl = options.ttl ?? DEFAULT_TTL_MS;
    this.#missTtl = options.missTtl ?? this.#ttl;
    this.#max = Math.max(1, options.maxEntries ?? 4096);
    this.#now = options.now ?? Date.now;
  }

  /** The cached value of `key`, else `compute(key)` (cached, also when `undefined`). */
  get(key: K, compute: (key: K) => V | undefined): V | undefined {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.until > now) {
      this.hits++;
      return entry.value;
    }
    this.misses++;
    const value = compute(key);
    const entries = this.#entries;
    entries.delete(key);
    entries.set(key, { value, until: now + (value === undefined ? this.#missTtl : this.#ttl) });
    if (entries.size > this.#max) entries.delete(entries.keys().next().value as K);
    return value;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }
}
