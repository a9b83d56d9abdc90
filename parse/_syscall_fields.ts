/**
 * The parsed fields of SYSCALL records kept by their text around the values
 * that change with every call (`_varying.ts`: `a0`…`a3`, `pid`, `ppid`):
 * the field cache (`_field_cache.ts`) keys records by their whole body, and
 * a busy program's SYSCALL records rarely repeat whole, but around these
 * values they do. A record whose text matches a kept one's gets a copy of
 * that record's fields with its own values put in, without being parsed.
 *
 * Why the fields are the same: they are a function of the text; values
 * taken by `_varying.ts` split alike whatever they are, and SYSCALL
 * enrichment reads none of these fields (nor do its rule keys or errors), so
 * they come out in `data` as they are in the text. A kept record must have
 * these values as fields.
 *
 * `interpret/event_json_cache.ts` answers most events before their records
 * are parsed; the SYSCALL records of the events it misses are the ones
 * parsed, and on corpus40 (RAW) 12,265 of 27,275 records parsed were
 * SYSCALL records. Like the field cache, a text is kept the third time it is
 * seen, at most 256 are kept, and a log whose records rarely repeat pauses
 * the lookups.
 *
 * Module-private.
 *
 * @module
 */

import { AroundCache } from "./_around_cache.ts";
import { flatSlice } from "./_flat.ts";
import { VARYING_COUNT, VARYING_FIELDS } from "./_varying.ts";

const SETS = 64;
const SEEN = 4096;

/** One kept record: its text around the values, and its fields. */
interface Entry {
  readonly mask: number;
  readonly segments: readonly string[];
  /** The kept record's fields (its own values in place; copied, never changed). */
  readonly data: Readonly<Record<string, string>>;
  readonly keys: readonly string[];
  readonly error: string | undefined;
}

/** What a hit gives: the fields of the record looked up. */
export interface SyscallFields {
  /** A fresh object: the kept fields with this record's values. */
  readonly data: Record<string, string>;
  /** The rule keys (shared). */
  readonly keys: readonly string[];
  /** Why enrichment failed, if it did. */
  readonly error: string | undefined;
}

/** SYSCALL records' fields by their text around the varying values (see the module). */
export class SyscallFieldCache {
  readonly #cache = new AroundCache<Entry>(SETS, SEEN);

  /** The fields of the SYSCALL record `text[start:end]` (its body), if a record like it is kept. */
  lookup(text: string, start: number, end: number): SyscallFields | undefined {
    const entry = this.#cache.find(text, start, end);
    if (entry === undefined) return undefined;
    const values = this.#cache.values;
    const data = { ...entry.data };
    for (let k = 0; k < VARYING_COUNT; k++) {
      if ((entry.mask & (1 << k)) === 0) continue;
      // Flat, as extraction stores values (see `_flat.ts`).
      data[VARYING_FIELDS[k]!] = flatSlice(text, values.starts[k]!, values.ends[k]!);
    }
    return { data, keys: entry.keys, error: entry.error };
  }

  /**
   * Offers the fields of the record last looked up (`text[start:end]`, which
   * gave nothing), as a parse gave them: kept (a copy of `fields.data`) the
   * third time such a record is offered, if it qualifies (see the module).
   */
  offer(text: string, start: number, end: number, fields: SyscallFields): void {
    const cache = this.#cache;
    if (!cache.offerable(text, start)) return;
    const values = cache.values;
    const mask = values.mask;
    for (let k = 0; k < VARYING_COUNT; k++) {
      if ((mask & (1 << k)) === 0) continue;
      if (fields.data[VARYING_FIELDS[k]!] !== values.value(text, k)) return;
    }
    cache.keep({
      mask,
      segments: values.segments(text, start, end),
      data: { ...fields.data },
      keys: fields.keys,
      error: fields.error,
    });
  }
}
