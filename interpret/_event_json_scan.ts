/**
 * How the event JSON cache (`event_json_cache.ts`) recognizes an event's
 * records as a kept event's but for the values put in: the first record's
 * varying values found, the records hashed around them, and compared
 * (private).
 *
 * @module
 */
import { AUDIT_SOCKADDR } from "../parse/tables/record_type_constants.ts";
import type { Message } from "../parse/message.ts";
import { textHash } from "../parse/_text_cache.ts";
import { VaryingValues } from "../parse/_varying.ts";
import { unixSockaddrCut } from "./_unix_sockaddr_cut.ts";
import { type Entry, otherType } from "./_event_json_entry.ts";

/** The records of one event at a time: hashed, then compared with kept events. */
export class RecordScan {
  /** The first record's varying values (of the records last hashed). */
  readonly values: VaryingValues = new VaryingValues();
  /** Of the records last hashed, where each SOCKADDR's body is cut (see {@linkcode unixSockaddrCut}). */
  readonly #cuts: number[] = [];
  /** How many records the last hash cut. */
  #cut = 0;

  /** Whether the last {@linkcode RecordScan.hash} cut a record. */
  get cut(): boolean {
    return this.#cut !== 0;
  }

  /** Finds the first record's values to put in and hashes the records around them. */
  hash(records: readonly Message[]): number {
    const first = records[0]!;
    const text = first.line;
    const values = this.values;
    values.scan(text, first.bodyStart, first.bodyEnd);
    // The fields only: an ENRICHED tail (names of the ids, which rarely
    // change) is compared in `matches`, not hashed (1% of the
    // instructions of `parse -i -f json` on the ENRICHED corpus).
    let h = values.hashAround(
      text,
      first.bodyStart,
      first.bodyEnd,
      Math.imul(records.length ^ (values.mask << 8) ^ otherType(first.recordType), 0x01000193),
    );
    this.#cut = 0;
    for (let i = 1; i < records.length; i++) {
      const m = records[i]!;
      const type = m.recordType;
      h = Math.imul(h ^ type, 0x01000193);
      let end = m.bodyEnd;
      if (type === AUDIT_SOCKADDR) end = this.#cutSockaddr(m, i);
      h = Math.imul(h ^ textHash(m.line, m.bodyStart, end), 0x01000193);
    }
    return h ^ (h >>> 15);
  }

  /** Where the hash of SOCKADDR record `m` (record `i`) stops; notes the cut. */
  #cutSockaddr(m: Message, i: number): number {
    const cuts = this.#cuts;
    while (cuts.length <= i) cuts.push(-1);
    const cut = unixSockaddrCut(m.line, m.bodyStart, m.bodyEnd);
    cuts[i] = cut;
    if (cut < 0) return m.bodyEnd;
    this.#cut++;
    return cut;
  }

  /** Where the last {@linkcode RecordScan.hash} cut record `i`, `m` (see {@linkcode unixSockaddrCut}), or -1. */
  cutOf(m: Message, i: number): number {
    return m.recordType === AUDIT_SOCKADDR ? this.#cuts[i]! : -1;
  }

  /** Whether `records` (just hashed) are those of `entry` but for the values put in. */
  matches(entry: Entry, records: readonly Message[]): boolean {
    const values = this.values;
    if (entry.count !== records.length || entry.mask !== values.mask) return false;
    const first = records[0]!;
    if (entry.node !== first.node || entry.types[0] !== first.recordType) return false;
    const text = first.line;
    if (!values.around(text, first.bodyStart, text.length, entry.segments)) return false;
    const types = entry.types;
    const bodies = entry.bodies;
    const tails = entry.tails;
    if ((tails === undefined) !== (this.#cut === 0)) return false;
    for (let i = 1; i < records.length; i++) {
      const m = records[i]!;
      const body = bodies[i - 1]!;
      const line = m.line;
      const from = m.bodyStart;
      const tail = tails?.[i - 1];
      if (tail !== undefined) {
        if (!this.#matchesCut(m, i, body, tail)) return false;
        continue;
      }
      // A slice is a view, and `===` compares memory.
      if (
        m.recordType !== types[i] || line.length - from !== body.length ||
        line.slice(from) !== body
      ) return false;
    }
    return true;
  }

  /** Whether record `i`, `m`, is a SOCKADDR cut where the kept one's (`body`, `tail`) was. */
  #matchesCut(m: Message, i: number, body: string, tail: string): boolean {
    if (m.recordType !== AUDIT_SOCKADDR) return false;
    const line = m.line;
    const from = m.bodyStart;
    const to = m.bodyEnd;
    return this.#cuts[i]! - from === body.length && line.startsWith(body, from) &&
      line.length - to === tail.length && line.endsWith(tail);
  }
}
