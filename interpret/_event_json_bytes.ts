/**
 * A kept event's JSON as UTF-8 bytes, and writing its ASCII values beside
 * them, for the event JSON cache's {@linkcode ByteLineTarget} path (private).
 *
 * @module
 */

/**
 * Where `EventJsonCache.writeFound` puts a kept event's JSON line,
 * as UTF-8 bytes, without making its text (a `BatchWriter`'s staging buffer).
 */
export interface ByteLineTarget {
  /** Where in {@linkcode ByteLineTarget.lineBuffer} a line of at most `bytes` bytes can be written now, or -1. */
  lineRoom(bytes: number): number;
  /** The buffer of the offset {@linkcode ByteLineTarget.lineRoom} gave. */
  readonly lineBuffer: Uint8Array;
  /** A line was written from that offset up to `end` (its line break included). */
  lineWritten(end: number): void;
}

import { HOLE_FIRST_FIELD, HOLE_SEQUENCE, HOLE_TIME } from "./_event_json_context.ts";

const encoder = new TextEncoder();

/** Scratch for `encodeParts`. */
let encoded = new Uint8Array(1 << 14);

/** Parts of at most this many characters are shared by the kept events (see `encodeParts`). */
const SHARED_PART = 24;
/** Short parts in UTF-8, by their text. */
const sharedParts = new Map<string, Uint8Array>();

/**
 * `parts` in UTF-8: views into one buffer, and its length. Encoded into a
 * scratch buffer and copied once: one `ArrayBuffer` per kept event, not one
 * per part. A short part (`","sequence":`, `","a1":"`, the same in most
 * kept events) is one array shared by all that have it: 6 of the 9 views of
 * a typical SYSCALL event, 1.1 MB of the 2,048 events kept.
 */
export function encodeParts(parts: readonly string[]): [Uint8Array[], number] {
  let most = 0;
  for (const p of parts) most += p.length * 3;
  if (encoded.length < most) encoded = new Uint8Array(most);
  const ends: number[] = [];
  const shared: (Uint8Array | undefined)[] = [];
  let at = 0;
  let length = 0;
  for (const p of parts) {
    let bytes = p.length <= SHARED_PART ? sharedParts.get(p) : undefined;
    if (bytes === undefined && p.length <= SHARED_PART && sharedParts.size < 1024) {
      bytes = encoder.encode(p);
      sharedParts.set(p, bytes);
    }
    shared.push(bytes);
    if (bytes !== undefined) length += bytes.length;
    else {
      const written = encoder.encodeInto(p, encoded.subarray(at)).written;
      at += written;
      length += written;
    }
    ends.push(at);
  }
  const all = encoded.slice(0, at);
  const views: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    views.push(shared[i] ?? all.subarray(from, end));
    from = end;
  }
  return [views, length];
}

/** Writes the ASCII `text[from:to]` into `buffer` at `at`; returns the end. */
function putAscii(
  buffer: Uint8Array,
  at: number,
  text: string,
  from: number,
  to: number,
): number {
  for (let i = from; i < to; i++) buffer[at++] = text.charCodeAt(i);
  return at;
}

/** Writes the decimal digits of `n` (a non-negative safe integer) into `buffer` at `at`; returns the end. */
function putDigits(buffer: Uint8Array, at: number, n: number): number {
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    buffer[i] = 48 + n % 10;
    n = Math.floor(n / 10);
  }
  return end;
}

/** The values a kept event's line is filled with (ASCII). */
export interface LineValues {
  /** `@timestamp`'s text. */
  readonly time: string;
  /** The sequence number (a non-negative safe integer). */
  readonly sequence: number;
  /** The first record's text, and where in it each varying value starts and ends. */
  readonly text: string;
  readonly starts: ArrayLike<number>;
  readonly ends: ArrayLike<number>;
}

/**
 * Writes a kept event's JSON line into `target`: its pieces `views`
 * (`byteLength` bytes together) with `holes[i]`'s value between `views[i]`
 * and `views[i + 1]` (the time, the sequence or a varying value of
 * `values.text`), and a line break. `false` when `target` has no room.
 */
export function writeLine(
  target: ByteLineTarget,
  views: readonly Uint8Array[],
  byteLength: number,
  holes: readonly number[],
  values: LineValues,
): boolean {
  const { time, sequence, text, starts, ends } = values;
  // The time, 16 digits at most of a sequence, the values, the line break.
  let bytes = byteLength + time.length + 17;
  for (let i = 0; i < holes.length; i++) {
    const k = holes[i]! - HOLE_FIRST_FIELD;
    if (k >= 0) bytes += ends[k]! - starts[k]!;
  }
  const at = target.lineRoom(bytes);
  if (at < 0) return false;
  const buffer = target.lineBuffer;
  let view = views[0]!;
  buffer.set(view, at);
  let pos = at + view.length;
  for (let i = 0; i < holes.length; i++) {
    const hole = holes[i]!;
    if (hole === HOLE_TIME) pos = putAscii(buffer, pos, time, 0, time.length);
    else if (hole === HOLE_SEQUENCE) pos = putDigits(buffer, pos, sequence);
    else {
      const k = hole - HOLE_FIRST_FIELD;
      pos = putAscii(buffer, pos, text, starts[k]!, ends[k]!);
    }
    view = views[i + 1]!;
    buffer.set(view, pos);
    pos += view.length;
  }
  buffer[pos++] = 10;
  target.lineWritten(pos);
  return true;
}
