/**
 * Records' payloads decoded together: the payloads of one `recvmmsg` batch
 * are copied side by side and decoded with one `TextDecoder` call, each
 * record's text a slice of the result (one decode per record cost about
 * 0.4 µs, 0.16 µs this way; 8 records per exec event).
 *
 * Module-private.
 *
 * @module
 */

/** Bytes packed before the texts are decoded (a record is at most ~9 KiB). */
const PACKED_BYTES = 64 * 1024;
const decoder = new TextDecoder();

/** Collects payloads; {@linkcode PackedText.flush} hands each one's text on, in order. */
export class PackedText {
  readonly #bytes = new Uint8Array(PACKED_BYTES);
  readonly #types: number[] = [];
  readonly #ends: number[] = [];
  #length = 0;
  readonly #sink: (type: number, text: string) => void;

  /** Payloads go to `sink` as text, in the order they were added. */
  constructor(sink: (type: number, text: string) => void) {
    this.#sink = sink;
  }

  /** Adds the payload `bytes[from:to]` of a record of `type`. */
  add(type: number, bytes: Uint8Array, from: number, to: number): void {
    const length = to - from;
    if (this.#length + length > PACKED_BYTES) {
      this.flush();
      if (length > PACKED_BYTES) {
        this.#sink(type, decoder.decode(bytes.subarray(from, to)));
        return;
      }
    }
    this.#bytes.set(bytes.subarray(from, to), this.#length);
    this.#length += length;
    this.#types.push(type);
    this.#ends.push(this.#length);
  }

  /** Decodes what was added and hands it to the sink. */
  flush(): void {
    const count = this.#types.length;
    if (count === 0) return;
    const types = this.#types;
    const ends = this.#ends;
    const bytes = this.#bytes;
    const text = decoder.decode(bytes.subarray(0, this.#length));
    // One UTF-16 unit per byte (ASCII, or lone bytes that are not UTF-8, one
    // U+FFFD each): a slice is that payload's own decoding. Otherwise a
    // character may span two payloads: each is decoded alone.
    const sliced = text.length === this.#length;
    let from = 0;
    for (let k = 0; k < count; k++) {
      const end = ends[k]!;
      this.#sink(
        types[k]!,
        sliced ? text.slice(from, end) : decoder.decode(bytes.subarray(from, end)),
      );
      from = end;
    }
    types.length = 0;
    ends.length = 0;
    this.#length = 0;
  }
}
