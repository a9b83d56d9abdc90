/**
 * The ENRICHED translations of records (the text after `\x1d`) for the `-i`
 * writer, parsed once per distinct text: a log repeats them as it repeats
 * the records.
 *
 * Module-private.
 *
 * @module
 */

import { ByteCache, hashBytes } from "./_byte_cache.ts";
import { parseInterpretations } from "./format.ts";

const DECODER = new TextDecoder();

/** Translations by the bytes of their text. */
export class EnrichedTails {
  readonly #tails = new ByteCache<Map<string, string>>(4096, 2 << 20);

  /** The translations of `b[start..end)`, by lowercase field name. */
  get(b: Uint8Array, start: number, end: number): Map<string, string> {
    const h = hashBytes(b, start, end);
    const known = this.#tails.get(b, start, end, h);
    if (known !== undefined) return known;
    const map = parseInterpretations(DECODER.decode(b.subarray(start, end)));
    return this.#tails.set(b, start, end, h, map, 2 * (end - start));
  }
}
