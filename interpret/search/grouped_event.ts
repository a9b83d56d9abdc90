/**
 * One event as the search's grouper holds it: its lines stay in the buffers
 * they were read into (a buffer and a range each), decoded only when its
 * records are asked for.
 *
 * @module
 */
import type { SearchRecord } from "./_extract_context.ts";
import type { SearchEvent } from "./match.ts";
import { MAY_BE_ENRICHED } from "./line_flags.ts";
import type { Header } from "./header.ts";

const UTF8 = new TextDecoder();
const NO_BYTES = new Uint8Array(0);

/** Whether `ab` is among the first `n` of `held`. */
function heldIn(held: ArrayBufferLike[], n: number, ab: ArrayBufferLike): boolean {
  for (let i = 0; i < n; i++) if (held[i] === ab) return true;
  return false;
}

/**
 * Where a line's header is, for a writer that would read it again: the type
 * token's length (from the line's start) and the time stamp's `)` from its
 * end, packed (`typeLength | stampClose << 9`), for a line that starts with
 * its type token (no node, no leading space), one space before a
 * `msg=audit(SECS.MS:SERIAL)` of plain digits, before any ENRICHED
 * separator; -1 for any other line.
 */
export function plainHead(h: Header, start: number, mend: number): number {
  if (!h.plain || h.nodeStart >= 0 || h.typeStart !== start || h.close >= mend) return -1;
  const n = h.typeEnd - start;
  const close = h.close - h.typeEnd;
  return n < 512 && close < 512 ? n | (close << 9) : -1;
}

/**
 * An event as grouped: its lines stay where they were read (a buffer and a
 * range each) until {@linkcode records} is asked for.
 */
export class GroupedEvent implements SearchEvent {
  /** Seconds of the event's time. */
  sec = 0;
  /** Milliseconds. */
  milli = 0;
  /** The serial number. */
  serial = 0;
  /** Its decimal digits when it is past 2^53 - 1 (see `Header.serialText`). */
  serialText: string | undefined = undefined;
  /** `node=` of its first record. */
  node: string | undefined = undefined;
  /** {@linkcode MAY_BE_ENRICHED} and {@linkcode MAY_HAVE_CONTROLS} of its lines. */
  flags = 0;
  /** How many lines it has. */
  count = 0;
  /** The buffer of each line (the first {@linkcode count}). */
  readonly bufs: Uint8Array[] = [];
  /** Start, end and record type of each line (the first {@linkcode count}). */
  readonly offs: number[] = [];
  /** Complete (no later record can join it). */
  complete = false;
  /**
   * ausearch's array slot (the first free one): ties between split events go
   * to the lower slot, as ausearch's scan finds it first.
   */
  slot = 0;
  #records: SearchRecord[] | undefined = undefined;

  /** The buffers its lines are in (each once). */
  readonly #held: ArrayBufferLike[] = [];
  /** How many of `#held` are in use (its length stays: no new room per event). */
  #heldCount = 0;

  /** Whether a line of the event is in `buffer` (the `buffer` of the arrays given to {@linkcode push}). */
  holdsBuffer(buffer: ArrayBufferLike): boolean {
    return heldIn(this.#held, this.#heldCount, buffer);
  }

  /** The buffers its lines are in (each once). */
  heldBuffers(): ArrayBufferLike[] {
    return this.#held.slice(0, this.#heldCount);
  }

  /** Where each line's message ends: its ENRICHED separator, or its end (the first {@linkcode count}). */
  readonly mends: number[] = [];

  /** Each line's {@linkcode plainHead} or -1 (the first {@linkcode count}). */
  readonly heads: number[] = [];

  /**
   * Adds the line `buf[start..end)` of record type `type`, whose message
   * ends at `mend` (its ENRICHED separator, or `end`), with its
   * {@linkcode plainHead} (or -1).
   */
  push(
    buf: Uint8Array,
    start: number,
    end: number,
    type: number,
    flags: number,
    mend: number,
    head = -1,
  ): void {
    const ab = buf.buffer;
    const held = this.#held;
    const h = this.#heldCount;
    if (h === 0 || (held[h - 1] !== ab && !heldIn(held, h, ab))) {
      if (h < held.length) held[h] = ab;
      else held.push(ab);
      this.#heldCount = h + 1;
    }
    const n = this.count++;
    const offs = this.offs;
    if (n < this.bufs.length) {
      this.bufs[n] = buf;
      offs[3 * n] = start;
      offs[3 * n + 1] = end;
      offs[3 * n + 2] = type;
      this.mends[n] = mend;
      this.heads[n] = head;
    } else {
      this.bufs.push(buf);
      offs.push(start, end, type);
      this.mends.push(mend);
      this.heads.push(head);
    }
    this.flags |= flags;
    this.#records = undefined;
  }

  /** Forgets its lines (to be used again). */
  reset(): void {
    // Keep the arrays' room, drop the buffers.
    for (let i = 0; i < this.count; i++) this.bufs[i] = NO_BYTES;
    const held = this.#held;
    for (let i = 0; i < this.#heldCount; i++) held[i] = NO_BYTES.buffer;
    this.#heldCount = 0;
    this.count = 0;
    this.flags = 0;
    this.#records = undefined;
  }

  /** The record type of line `i`. */
  typeAt(i: number): number {
    return this.offs[3 * i + 2]!;
  }

  /**
   * Whether its lines follow each other in one buffer, in order, each ending
   * at the `\n` before the next (then they can be copied at once).
   */
  contiguous(): boolean {
    const bufs = this.bufs;
    const offs = this.offs;
    const buf = bufs[0];
    for (let i = 1; i < this.count; i++) {
      if (bufs[i] !== buf || offs[3 * i] !== offs[3 * i - 2]! + 1) return false;
    }
    return true;
  }

  /** Where line `i`'s message ends: its ENRICHED separator `\x1d`, or its end. */
  messageEnd(i: number): number {
    return this.mends[i]!;
  }

  /** Its records as text (decoded when first asked for). */
  get records(): readonly SearchRecord[] {
    if (this.#records === undefined) {
      const records: SearchRecord[] = [];
      const offs = this.offs;
      for (let i = 0; i < this.count; i++) {
        const line = UTF8.decode(this.bufs[i]!.subarray(offs[3 * i]!, offs[3 * i + 1]!));
        const sep = this.flags & MAY_BE_ENRICHED ? line.indexOf("\x1d") : -1;
        records.push({ line, type: this.offs[3 * i + 2]!, mlen: sep < 0 ? line.length : sep });
      }
      this.#records = records;
    }
    return this.#records;
  }
}
