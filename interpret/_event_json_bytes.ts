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
export function putAscii(
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
export function putDigits(buffer: Uint8Array, at: number, n: number): number {
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    buffer[i] = 48 + n % 10;
    n = Math.floor(n / 10);
  }
  return end;
}
