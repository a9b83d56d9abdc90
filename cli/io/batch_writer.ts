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

const encoder = new TextEncoder();

/**
 * Size of the staging buffers of a {@linkcode BatchWriter}: room for a whole
 * encoded batch (8 Ki characters, at most 24 KiB); 1 MiB ones cost 3-4 MiB
 * of peak memory, 256 KiB ones about 0.5 MiB more, for
 * no measurable speed.
 */
const STAGE_BYTES = 1 << 17;

/**
 * Collects output text and writes it to a {@linkcode Sink} as UTF-8 in large
 * chunks: text is gathered in small batches (8 Ki characters: pending text
 * is copied by every young-generation collection until it is encoded), encoded with `encodeInto`
 * into reused 128 KiB buffers, and a buffer is written once nearly full while
 * the next one fills. `write` never blocks; call
 * {@linkcode BatchWriter.drain} regularly (e.g. once per input chunk), or
 * whenever {@linkcode BatchWriter.queued} passes a limit, so memory stays
 * bounded when the sink is slow, and `close` at the end.
 */
export class BatchWriter {
  #sink: Sink;
  #parts: string[] = [];
  #size = 0;
  #threshold: number;
  #chunkBytes: number;
  #buffer: Uint8Array;
  #fill = 0;
  /** Staging buffers whose write has finished, ready for reuse. */
  #free: Uint8Array[] = [];
  #writing: Promise<void> = Promise.resolve();
  /** Bytes handed to background writes that the sink has not taken yet. */
  #inFlight = 0;
  #broken: unknown = undefined;
  #written = 0;

  /**
   * Creates a writer to `sink` that encodes once `threshold` characters are
   * pending and writes once about `chunkBytes` bytes are encoded. The 8 Ki default keeps the joined batch out of V8's
   * large-object space (see `CHUNK_SIZE` in `input.ts`).
   */
  constructor(sink: Sink, threshold = 1 << 13, chunkBytes: number = STAGE_BYTES) {
    this.#sink = sink;
    this.#threshold = threshold;
    this.#chunkBytes = Math.max(chunkBytes, 16);
    this.#buffer = new Uint8Array(this.#chunkBytes);
  }

  /**
   * About how many bytes are held and not yet written to the sink (pending
   * text counted as one byte per character, the staging buffer, and the
   * queued writes). Wait for {@linkcode BatchWriter.drain} when it grows
   * past a limit: a sink that is not read (a blocked pipe) would otherwise
   * make it grow without bound.
   */
  get queued(): number {
    return this.#inFlight + this.#fill + this.#size;
  }

  /** Bytes the sink has taken so far. */
  get written(): number {
    return this.#written;
  }

  /** Queues `text`; starts a write in the background once enough is pending. */
  write(text: string): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= this.#threshold) this.#stage();
  }

  /**
   * Queues `text` and a line break. Meant for a flat string made whole, such
   * as `JSON.stringify`'s (an interpreted event, ~1.4 KB): while no other
   * text is pending it is encoded into the staging buffer at once, neither
   * joined with other text (a copy) nor kept (copied by young-generation
   * collections) until then.
   */
  writeLine(text: string): void {
    if (this.#broken !== undefined) throw this.#broken;
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
    if (this.#fill >= this.#chunkBytes - (this.#chunkBytes >> 2)) this.#send();
  }

  /**
   * Where a line of at most `bytes` UTF-8 bytes can be written straight
   * into {@linkcode BatchWriter.lineBuffer} (then call
   * {@linkcode BatchWriter.lineWritten}), or -1 while text is pending or the
   * staging buffer has no room (then write the line as text).
   */
  lineRoom(bytes: number): number {
    if (this.#broken !== undefined) throw this.#broken;
    return this.#size === 0 && this.#fill + bytes <= this.#buffer.length ? this.#fill : -1;
  }

  /** The staging buffer that {@linkcode BatchWriter.lineRoom}'s offset is in. */
  get lineBuffer(): Uint8Array {
    return this.#buffer;
  }

  /** A line was written from {@linkcode BatchWriter.lineRoom}'s offset up to `end` (its `\n` included). */
  lineWritten(end: number): void {
    this.#fill = end;
    if (end >= this.#chunkBytes - (this.#chunkBytes >> 2)) this.#send();
  }

  /** Queues already encoded UTF-8 `bytes` (after any pending text). */
  writeBytes(bytes: Uint8Array): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#stage();
    this.#send();
    this.#enqueue(bytes);
  }

  /** Encodes the pending text into the staging buffer, sending full buffers. */
  #stage(): void {
    if (this.#size === 0) return;
    let text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    while (text.length > 0) {
      const { read, written } = encoder.encodeInto(text, this.#buffer.subarray(this.#fill));
      this.#fill += written;
      if (read === text.length) break;
      text = text.slice(read);
      this.#send();
      if (written === 0 && this.#fill === 0) {
        // Cannot happen with a 128 KiB buffer; guards against an endless loop.
        this.#enqueue(encoder.encode(text));
        return;
      }
    }
    if (this.#fill >= this.#chunkBytes - (this.#chunkBytes >> 2)) this.#send();
  }

  /** Starts writing the staging buffer and continues in a free one. */
  #send(): void {
    if (this.#fill === 0) return;
    const full = this.#buffer;
    const bytes = full.subarray(0, this.#fill);
    this.#fill = 0;
    this.#enqueue(bytes, () => {
      if (this.#free.length < 2) this.#free.push(full);
    });
    this.#buffer = this.#free.pop() ?? new Uint8Array(this.#chunkBytes);
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
    this.#stage();
    this.#send();
    await this.drain();
  }

  /** Flushes; the sink itself is not closed. */
  async close(): Promise<void> {
    await this.flush();
  }
}
