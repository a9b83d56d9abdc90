/**
 * A batching writer: collects output text and writes it to a sink (stdout, a
 * file) as UTF-8 in large chunks, not one write per event.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchWriter, type Sink } from "./batch_writer.ts";
 *
 * // stdoutSink() writes to standard output; any Sink will do:
 * const chunks: Uint8Array[] = [];
 * const sink: Sink = { write: (p) => (chunks.push(p.slice()), Promise.resolve(p.length)) };
 * const out = new BatchWriter(sink);
 * out.write("one line\n");
 * await out.close();
 * assert.equal(new TextDecoder().decode(chunks[0]), "one line\n");
 * ```
 *
 * @module
 */
import { TEXT_BATCH_CHARS, TextStage } from "./text_stage.ts";

/** Where a {@linkcode BatchWriter} writes: anything with Deno's `write` (stdout, a file). */
export interface Sink {
  /** Writes some of `p`, returning how many bytes were written. */
  write(p: Uint8Array): Promise<number>;
}

/** Standard output as a {@linkcode Sink}. */
export function stdoutSink(): Sink {
  return Deno.stdout;
}

/**
 * Standard output as a {@linkcode Sink} that writes synchronously: no hop to
 * a thread pool and back per write. Only for batch commands (a slow reader
 * blocks the event loop, so never for `stream`).
 */
export function stdoutSyncSink(): Sink {
  return { write: (p) => Promise.resolve(Deno.stdout.writeSync(p)) };
}

/**
 * Size of the staging buffers of a {@linkcode BatchWriter}: room for a whole
 * encoded batch (8 Ki characters, at most 24 KiB); 1 MiB ones cost 3-4 MiB
 * of peak memory, 256 KiB ones about 0.5 MiB more, for
 * no measurable speed.
 */
const STAGE_BYTES = 1 << 17;

/**
 * Collects output text and writes it to a {@linkcode Sink} as UTF-8 in large
 * chunks: text is gathered in small batches and encoded into reused 128 KiB
 * buffers (`TextStage`, `text_stage.ts`), and a buffer is written once
 * nearly full while the next one fills. `write` never blocks; call
 * {@linkcode BatchWriter.drain} regularly (e.g. once per input chunk), or
 * whenever {@linkcode BatchWriter.queued} passes a limit, so memory stays
 * bounded when the sink is slow, and `close` at the end.
 */
export class BatchWriter {
  #sink: Sink;
  readonly #stage: TextStage;
  /** A buffer this full is written (three quarters of it). */
  readonly #sendAt: number;
  readonly #chunkBytes: number;
  /** Staging buffers whose write has finished, ready for reuse. */
  #free: Uint8Array[] = [];
  #writing: Promise<void> = Promise.resolve();
  /** Bytes handed to background writes that the sink has not taken yet. */
  #inFlight = 0;
  #broken: unknown = undefined;
  #written = 0;

  /**
   * Creates a writer to `sink` that encodes once `threshold` characters are
   * pending (default `TEXT_BATCH_CHARS`) and writes once about `chunkBytes`
   * bytes are encoded.
   */
  constructor(sink: Sink, threshold: number = TEXT_BATCH_CHARS, chunkBytes: number = STAGE_BYTES) {
    this.#sink = sink;
    this.#chunkBytes = Math.max(chunkBytes, 16);
    this.#sendAt = this.#chunkBytes - (this.#chunkBytes >> 2);
    this.#stage = new TextStage(new Uint8Array(this.#chunkBytes), (bytes) => {
      // Back to the free list once written (`bytes` starts its whole buffer).
      this.#enqueue(bytes, () => {
        if (this.#free.length < 2) this.#free.push(new Uint8Array(bytes.buffer));
      });
      return this.#free.pop() ?? new Uint8Array(this.#chunkBytes);
    }, threshold);
  }

  /**
   * About how many bytes are held and not yet written to the sink (pending
   * text counted as one byte per character, the staging buffer, and the
   * queued writes). Wait for {@linkcode BatchWriter.drain} when it grows
   * past a limit: a sink that is not read (a blocked pipe) would otherwise
   * make it grow without bound.
   */
  get queued(): number {
    return this.#inFlight + this.#stage.fill + this.#stage.queuedChars;
  }

  /** Bytes the sink has taken so far. */
  get written(): number {
    return this.#written;
  }

  /** Queues `text`; starts a write in the background once enough is pending. */
  write(text: string): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#stage.write(text);
    if (this.#stage.fill >= this.#sendAt) this.#stage.next();
  }

  /**
   * Queues `text` and a line break (see `TextStage.writeLine`): a flat string
   * made whole, such as `JSON.stringify`'s (an interpreted event, ~1.4 KB).
   */
  writeLine(text: string): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#stage.writeLine(text);
    if (this.#stage.fill >= this.#sendAt) this.#stage.next();
  }

  /**
   * Where a line of at most `bytes` UTF-8 bytes can be written straight
   * into {@linkcode BatchWriter.lineBuffer} (then call
   * {@linkcode BatchWriter.lineWritten}), or -1 (write it as text then); see
   * `TextStage.lineRoom`.
   */
  lineRoom(bytes: number): number {
    if (this.#broken !== undefined) throw this.#broken;
    return this.#stage.lineRoom(bytes);
  }

  /** The staging buffer that {@linkcode BatchWriter.lineRoom}'s offset is in. */
  get lineBuffer(): Uint8Array {
    return this.#stage.lineBuffer;
  }

  /** A line was written from {@linkcode BatchWriter.lineRoom}'s offset up to `end` (its `\n` included). */
  lineWritten(end: number): void {
    this.#stage.lineWritten(end);
    if (end >= this.#sendAt) this.#stage.next();
  }

  /** Queues already encoded UTF-8 `bytes` (after any pending text). */
  writeBytes(bytes: Uint8Array): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#stage.stage();
    this.#stage.next();
    this.#enqueue(bytes);
  }

  #enqueue(bytes: Uint8Array, done?: () => void): void {
    this.#inFlight += bytes.length;
    this.#writing = this.#writing.then(() => this.#writeAll(bytes)).then(done).catch((error) => {
      this.#broken ??= error;
    });
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    try {
      if (this.#broken !== undefined) return;
      while (offset < bytes.length) {
        const n = await this.#sink.write(bytes.subarray(offset));
        offset += n;
        this.#inFlight -= n;
        this.#written += n;
      }
    } finally {
      this.#inFlight -= bytes.length - offset;
    }
  }

  /** Waits until background writes are done (bounds memory); rethrows a write error. */
  async drain(): Promise<void> {
    await this.#writing;
    if (this.#broken !== undefined) throw this.#broken;
  }

  /** Writes everything pending and waits for it. */
  async flush(): Promise<void> {
    this.#stage.stage();
    this.#stage.next();
    await this.drain();
  }

  /** Flushes; the sink itself is not closed. */
  async close(): Promise<void> {
    await this.flush();
  }
}
