/**
 * Rendered output collected as UTF-8 in pieces of reusable buffers (sent
 * from a worker without copying, written on the main thread, and handed
 * back for reuse: buffers allocated anew for every range were promoted out
 * of V8's young generation and freed only by full collections).
 *
 * @module
 */
const encoder = new TextEncoder();
/**
 * Pending text is encoded once this many chars are queued: as in
 * `BatchWriter`, few enough that queued text rarely lives through two
 * young-generation collections. At 64 Ki chars the text of a few hundred
 * events waited in the queue, reached V8's old generation and made full
 * collections 6 times as frequent in `parse -i` text on the range path (2
 * against 12 on a 400 MB log).
 */
const PIECE_CHARS = 8 << 10;
/** Size of each output buffer. */
export const OUTPUT_BUFFER_BYTES: number = 512 << 10;
/** Free buffers kept at most. */
const MAX_FREE = 6;

/** Free output buffers, reused. */
export class BufferPool {
  readonly #free: Uint8Array[] = [];
  /** A buffer of {@linkcode OUTPUT_BUFFER_BYTES} (a free one when there is one). */
  take(): Uint8Array {
    return this.#free.pop() ?? new Uint8Array(OUTPUT_BUFFER_BYTES);
  }
  /** Gives buffers back (pieces of them: their whole buffers are reused). */
  give(pieces: readonly Uint8Array[]): void {
    for (const p of pieces) {
      if (this.#free.length >= MAX_FREE) return;
      if (p.buffer.byteLength === OUTPUT_BUFFER_BYTES) {
        this.#free.push(new Uint8Array(p.buffer as ArrayBuffer));
      }
    }
  }
}

/** A `TextOut` that collects UTF-8 pieces (see the module documentation). */
export class Collector {
  /** The filled pieces, each the start of its own buffer. */
  readonly pieces: Uint8Array[] = [];
  readonly #pool: BufferPool;
  #parts: string[] = [];
  #size = 0;
  #buffer: Uint8Array;
  #fill = 0;
  /** A collector drawing buffers from `pool`. */
  constructor(pool: BufferPool) {
    this.#pool = pool;
    this.#buffer = pool.take();
  }
  /** Queues `text`. */
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= PIECE_CHARS) this.#encode();
  }
  /**
   * Queues `text` and a line break: encoded into the buffer at once while
   * nothing else is pending (a flat `JSON.stringify` result is neither
   * joined with other text nor kept until then).
   */
  writeLine(text: string): void {
    // At most 3 UTF-8 bytes per UTF-16 code unit, and 1 for the line break.
    if (this.#size !== 0 || this.#fill + text.length * 3 + 1 > this.#buffer.length) {
      this.write(text);
      this.write("\n");
      return;
    }
    const buffer = this.#buffer;
    const written = encoder.encodeInto(text, buffer.subarray(this.#fill)).written;
    buffer[this.#fill + written] = 10;
    this.#fill += written + 1;
  }

  /**
   * Where a line of at most `bytes` UTF-8 bytes can be written straight into
   * {@linkcode Collector.lineBuffer} (then call {@linkcode Collector.lineWritten}):
   * pending text is encoded first and a full buffer handed on; -1 only for a
   * line longer than a buffer (then write it as text). The event JSON
   * cache's byte path (`ByteLineTarget`), as a `BatchWriter` has it: without
   * it a kept event's UTF-8 was decoded to text and encoded again.
   */
  lineRoom(bytes: number): number {
    if (bytes > OUTPUT_BUFFER_BYTES) return -1;
    this.#encode();
    if (this.#fill + bytes > this.#buffer.length) this.#next();
    return this.#fill;
  }

  /** The buffer that {@linkcode Collector.lineRoom}'s offset is in. */
  get lineBuffer(): Uint8Array {
    return this.#buffer;
  }

  /** A line was written from {@linkcode Collector.lineRoom}'s offset up to `end` (its `\n` included). */
  lineWritten(end: number): void {
    this.#fill = end;
  }

  #encode(): void {
    if (this.#size === 0) return;
    let text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    while (true) {
      const { read, written } = encoder.encodeInto(text, this.#buffer.subarray(this.#fill));
      this.#fill += written;
      if (read === text.length) return;
      text = text.slice(read);
      this.#next();
    }
  }
  #next(): void {
    this.pieces.push(this.#buffer.subarray(0, this.#fill));
    this.#buffer = this.#pool.take();
    this.#fill = 0;
  }
  /**
   * Everything collected so far, as complete pieces, and starts again empty
   * (one collector for every range of a thread).
   */
  take(): Uint8Array[] {
    this.#encode();
    if (this.#fill > 0) this.#next();
    return this.pieces.splice(0);
  }
}
