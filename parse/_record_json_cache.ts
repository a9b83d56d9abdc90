/**
 * The stored-shape JSON of SYSCALL records (`libaudit parse --format json`)
 * kept by their text around the values that change with every call
 * (`_varying.ts`: `a0`…`a3`, `pid`, `ppid`): the field cache keys records by
 * their whole body, and a busy program's SYSCALL records rarely repeat whole
 * (26k distinct bodies in 73k records of corpus40), but around these values
 * they do (130 distinct). A record whose text matches a kept one's gets that
 * record's JSON with its own values put in, without being parsed or
 * serialized.
 *
 * Why the JSON is the same: the fields are a function of the text; values
 * taken by `_varying.ts` split alike whatever they are, and SYSCALL
 * enrichment reads none of these fields, so they come out as they are in
 * `data` and in `raw_msg`, needing no JSON escapes. A kept record must have
 * these values as fields and give its own JSON back when they are put in.
 *
 * Like the field cache, a text is kept the third time it is seen, at most
 * 256 are kept, and a log whose records rarely repeat pauses the lookups.
 *
 * Module-private.
 *
 * @module
 */

import { AroundCache } from "./_around_cache.ts";
import {
  cutAtMarkers,
  marker,
  VARYING_COUNT,
  VARYING_FIELDS,
  type VaryingValues,
} from "./_varying.ts";

const SETS = 64;
const SEEN = 4096;
const FIELD_HOLES = Array.from({ length: VARYING_COUNT }, (_, k) => k);

/** One kept record: its text around the values, and JSON pieces with the values between. */
interface Entry {
  readonly mask: number;
  readonly segments: readonly string[];
  readonly parts: readonly string[];
  /** The field whose value goes between `parts[i]` and `parts[i + 1]`. */
  readonly holes: readonly number[];
}

/** SYSCALL records' stored-shape JSON by their text around the varying values (see the module). */
export class RecordJsonCache {
  readonly #cache = new AroundCache<Entry>(SETS, SEEN);

  /**
   * The JSON of the SYSCALL record `text[start:end]` (its fields) from its
   * escaped body text on (`ParsedFields.jsonTail`), if a record like it is kept.
   */
  lookup(text: string, start: number, end: number): string | undefined {
    const entry = this.#cache.find(text, start, end);
    return entry === undefined
      ? undefined
      : fill(entry.parts, entry.holes, this.#cache.values, text);
  }

  /** Whether the last lookup, of `text`, looked (it may pause: see `_text_cache.ts`). */
  looked(text: string): boolean {
    return this.#cache.looked(text);
  }

  /**
   * Offers the JSON `tail` (see {@linkcode lookup}) of the record last looked
   * up (`text[start:end]`, which gave nothing), made from its fields `data`,
   * `keys` and `error`: kept the third time such a record is offered, if it
   * qualifies (see the module).
   */
  offer(
    text: string,
    start: number,
    end: number,
    tail: string,
    fields: {
      readonly data: Readonly<Record<string, string>>;
      readonly keys: readonly string[];
      readonly error: string | undefined;
    },
  ): void {
    const cache = this.#cache;
    if (!cache.offerable(text, start)) return;
    const values = cache.values;
    const mask = values.mask;
    const data = { ...fields.data } as Record<string, string>;
    let body = "";
    let pos = start;
    for (let j = 0; j < values.count; j++) {
      const k = values.order[j]!;
      const name = VARYING_FIELDS[k]!;
      if (data[name] !== values.value(text, k)) return;
      data[name] = marker(k);
      body += text.slice(pos, values.starts[k]!) + marker(k);
      pos = values.ends[k]!;
    }
    body += text.slice(pos, end);
    let marked = JSON.stringify(body).slice(1);
    if (fields.keys.length > 0) marked += ',"keys":' + JSON.stringify(fields.keys);
    marked += ',"data":' + JSON.stringify(data);
    if (fields.error !== undefined) marked += ',"error":' + JSON.stringify(fields.error);
    // Each value is in `raw_msg` and in `data`.
    const cut = cutAtMarkers(
      marked,
      FIELD_HOLES.filter((k) => (mask & (1 << k)) !== 0),
      [],
      () => 2,
    );
    if (cut === undefined || fill(cut.parts, cut.holes, values, text) !== tail) return;
    cache.keep({
      mask,
      segments: values.segments(text, start, end),
      parts: cut.parts,
      holes: cut.holes,
    });
  }
}

/** `parts` with the values of `text` (as `values` found them) of the fields `holes` between. */
function fill(
  parts: readonly string[],
  holes: readonly number[],
  values: VaryingValues,
  text: string,
): string {
  let out = parts[0]!;
  for (let j = 0; j < holes.length; j++) out += values.value(text, holes[j]!) + parts[j + 1]!;
  return out;
}
