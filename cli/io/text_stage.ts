/**
 * Output text made UTF-8 in a staging buffer: text is queued in small
 * batches and encoded with `encodeInto`, a flat line is encoded at once, and
 * a line can be written as bytes straight into the buffer (the event JSON
 * cache's `ByteLineTarget`). What becomes of a filled buffer is its owner's:
 * `BatchWriter` writes it to a sink, the parallel parse's collector keeps it
 * as a piece of a range's output.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * Queued text is encoded once this many characters wait (the default):
 * pending text is copied by every young-generation collection until it is
 * encoded, and text that waits through two of them reaches V8's old
 * generation (a collector encoding every 64 Ki characters made full
 * collections 6 times as frequent in `parse -i`); 8 Ki characters also keep
 * the joined batch out of V8's large-object space (see `CHUNK_SIZE` in
 * `input.ts`).
 */
export const TEXT_BATCH_CHARS: number = 1 << 13;

/**
 * Takes the filled start of the current buffer (`bytes`, never empty) and
 * gives the empty buffer to go on in.
 */
export type HandOn = (bytes: Uint8Array) => Uint8Array;

/** Text and lines encoded into a staging buffer; see the module documentation. */
export class TextStage {
  #parts: string[] = [];
  #size = 0;
  #buffer: Uint8Array;
  #fill = 0;
  readonly #threshold: number;
  readonly #handOn: HandOn;

  /**
   * A stage starting in `buffer`, encoding queued text once `threshold`
   * characters wait, handing filled buffers to `handOn`.
   */
  constructor(buffer: Uint8Array, handOn: HandOn, threshold: number = TEXT_BATCH_CHARS) {
    this.#buffer = buffer;
    this.#handOn = handOn;
    this.#threshold = threshold;
  }

  /** Characters queued and not yet encoded. */
  get queuedChars(): number {
    return this.#size;
  }

  /** Bytes encoded into the current buffer. */
  get fill(): number {
    return this.#fill;
  }

  /** Queues `text`; encodes the queue once it is long enough. */
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= this.#threshold) this.stage();
  }

  /**
   * Queues `text` and a line break. Meant for a flat string made whole, such
   * as `JSON.stringify`'s: while nothing else waits and the buffer has room
   * it is encoded at once, neither joined with other text (a copy) nor kept
   * (copied by young-generation collections) until then.
   */
  writeLine(text: string): void {
    const fill = this.#fill;
    // At most 3 UTF-8 bytes per UTF-16 code unit, and 1 for the line break.
    if (this.#size !== 0 || fill + text.length * 3 + 1 > this.#buffer.length) {
      this.write(text);
      this.write("\n");
      return;
    }
    const buffer = this.#buffer;
    const written = encoder.encodeInto(text, buffer.subarray(fill)).written;
    buffer[fill + written] = 10;
    this.#fill = fill + written + 1;
  }

  /**
   * Where a line of at most `bytes` UTF-8 bytes can be written straight into
   * {@linkcode TextStage.lineBuffer} (then call
   * {@linkcode TextStage.lineWritten}): queued text is encoded first, and a
   * buffer without room handed on. -1 only for a line longer than the
   * buffer (write it as text then).
   */
  lineRoom(bytes: number): number {
    if (bytes > this.#buffer.length) return -1;
    this.stage();
    if (this.#fill + bytes > this.#buffer.length) this.next();
    return bytes > this.#buffer.length ? -1 : this.#fill;
  }

  /** The buffer that {@linkcode TextStage.lineRoom}'s offset is in. */
  get lineBuffer(): Uint8Array {
    return this.#buffer;
  }

  /** A line was written from {@linkcode TextStage.lineRoom}'s offset up to `end` (its line break included). */
  lineWritten(end: number): void {
    this.#fill = end;
  }

  /** Encodes the queued text, handing on every buffer it fills. */
  stage(): void {
    if (this.#size === 0) return;
    let text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    while (text.length > 0) {
      const { read, written } = encoder.encodeInto(text, this.#buffer.subarray(this.#fill));
      this.#fill += written;
      if (read === text.length) return;
      if (written === 0 && this.#fill === 0) {
        throw new RangeError(`a staging buffer of ${this.#buffer.length} bytes holds no character`);
      }
      text = text.slice(read);
      this.next();
    }
  }

  /** Hands on what the current buffer holds, if anything, and goes on in a new one. */
  next(): void {
    if (this.#fill === 0) return;
    this.#hand(this.#buffer.subarray(0, this.#fill));
  }

  #hand(bytes: Uint8Array): void {
    this.#buffer = this.#handOn(bytes);
    this.#fill = 0;
  }
}
