/**
 * Rendered output collected as UTF-8 in pieces of reusable buffers (sent
 * from a worker without copying, written on the main thread, and handed
 * back for reuse: buffers allocated anew for every range were promoted out
 * of V8's young generation and freed only by full collections).
 *
 * @module
 */
import { TextStage } from "../io/text_stage.ts";

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

/**
 * A `TextOut` that collects UTF-8 pieces (see the module documentation):
 * a `TextStage` whose filled buffers become pieces.
 */
export class Collector {
  /** The filled pieces, each the start of its own buffer. */
  readonly #pieces: Uint8Array[] = [];
  readonly #stage: TextStage;

  /** A collector drawing buffers from `pool`. */
  constructor(pool: BufferPool) {
    this.#stage = new TextStage(pool.take(), (bytes) => {
      this.#pieces.push(bytes);
      return pool.take();
    });
  }

  /** Queues `text`. */
  write(text: string): void {
    this.#stage.write(text);
  }

  /** Queues `text` and a line break (see `TextStage.writeLine`). */
  writeLine(text: string): void {
    this.#stage.writeLine(text);
  }

  /**
   * Where a line of at most `bytes` UTF-8 bytes can be written straight into
   * {@linkcode Collector.lineBuffer}, or -1 (see `TextStage.lineRoom`): the
   * event JSON cache's byte path, without which a kept event's UTF-8 was
   * decoded to text and encoded again.
   */
  lineRoom(bytes: number): number {
    return this.#stage.lineRoom(bytes);
  }

  /** The buffer that {@linkcode Collector.lineRoom}'s offset is in. */
  get lineBuffer(): Uint8Array {
    return this.#stage.lineBuffer;
  }

  /** A line was written from {@linkcode Collector.lineRoom}'s offset up to `end` (its `\n` included). */
  lineWritten(end: number): void {
    this.#stage.lineWritten(end);
  }

  /**
   * Everything collected so far, as complete pieces, and starts again empty
   * (one collector for every range of a thread).
   */
  take(): Uint8Array[] {
    this.#stage.stage();
    this.#stage.next();
    return this.#pieces.splice(0);
  }
}
