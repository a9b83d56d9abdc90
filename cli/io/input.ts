/**
 * Input for `libaudit parse`: files, stdin, gzip, `--follow`, and splitting
 * bytes into lines.
 *
 * Bytes are read in large chunks, split on `\n` as bytes, and each chunk is
 * decoded once (invalid UTF-8 becomes U+FFFD). Lines are handed on in batches
 * (one array per chunk) with the number of their first line, so per-line work
 * stays in the caller's hot loop. A line longer than `maxLineBytes` is
 * dropped (and reported) instead of growing memory without bound.
 *
 * @module
 */
import { inputWaiting } from "../../sys/poll.ts";

/**
 * Default read size. 64 KiB keeps each decoded chunk a young-generation
 * string (larger ones go straight to V8's large-object space, which is freed
 * only by full collections and made `parse` peak at ~190 MiB with 1 MiB reads).
 */
export const CHUNK_SIZE: number = 1 << 16;
/**
 * Lines are handed on in batches of about this many bytes: few lines alive
 * at once keeps the garbage collector's young generation small.
 */
const BATCH_BYTES: number = 32 << 10;
/**
 * A batch is decoded in pieces of about this many bytes (cut after a `\n`).
 * Each line is a slice of its piece's decoded string (V8 keeps the parent of
 * a sliced string alive), so a line held across two young collections (a
 * record of an event still open) promotes its whole piece to the old
 * generation: 8 KiB pieces promote a quarter of what whole 32 KiB batches
 * did (in a two-thread `-i -f json` run of a 186 MiB log, decoded text
 * surviving a young collection on the main thread fell from 4.2 to 1.9 MiB).
 */
const DECODE_BYTES: number = 8 << 10;
/** Longest line kept; longer lines are skipped and reported. */
const MAX_LINE_BYTES: number = 16 << 20;

/** Anything with Deno's `read` (a file, stdin). */
export interface Reader {
  /** Reads into `p`; `null` at end of input. */
  read(p: Uint8Array): Promise<number | null>;
}

/**
 * A {@linkcode Reader} over synchronous reads (a file, stdin): no hop to a
 * thread pool and back per chunk, which made `parse FILE` wait ~10% of its
 * time. Only for batch input: a read blocks the event loop until data comes.
 */
export function syncReader(source: { readSync(p: Uint8Array): number | null }): Reader {
  return { read: (p) => Promise.resolve(source.readSync(p)) };
}

/** A batch of lines from one input. */
export interface LineBatch {
  /** The lines, without their `\n` (and without a trailing `\r`). */
  readonly lines: string[];
  /** 1-based number of `lines[0]` in its input. */
  readonly firstLine: number;
  /** Bytes consumed from the input so far (decompressed bytes for gzip). */
  readonly bytes: number;
}

/** Something noteworthy but not fatal while reading (over-long line, rotation). */
export type InputNotice = (message: string) => void;

/** Reads `reader` to its end in chunks of `size` bytes (the buffer is reused). */
export async function* readChunks(
  reader: Reader,
  size: number = CHUNK_SIZE,
): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(size);
  while (true) {
    // A pipe returns what it has (live input is not held back to fill the buffer).
    const n = await reader.read(buffer);
    if (n === null || n === 0) return;
    yield buffer.subarray(0, n);
  }
}

/**
 * Reads live input (a pipe: auditd's dispatcher, `tail -F`, a slow writer)
 * in chunks, and calls `onIdle` whenever everything that was waiting has
 * been read, before the next read that may block. So output is batched only
 * while more input is already waiting, and written before the program waits
 * for more.
 *
 * With `waiting` (whether a read would return at once, see
 * {@linkcode stdinWaiting}) input that is already there is read
 * synchronously, and `onIdle` runs exactly when the input would block;
 * without it, a read that returned less than the buffer counts as the pipe
 * being empty.
 */
export async function* readLive(
  reader: Reader & { readSync?(p: Uint8Array): number | null },
  onIdle: () => Promise<void> | void,
  size: number = CHUNK_SIZE,
  waiting?: () => boolean,
): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(size);
  let last = size;
  while (true) {
    let n: number | null;
    if (waiting !== undefined && reader.readSync !== undefined) {
      if (waiting()) n = reader.readSync(buffer);
      else {
        await onIdle();
        n = await reader.read(buffer);
      }
    } else {
      // The consumer has handled the last chunk (and every line batch from it).
      if (last < size) await onIdle();
      n = await reader.read(buffer);
    }
    if (n === null || n === 0) return;
    last = n;
    yield buffer.subarray(0, n);
  }
}

/**
 * Whether standard input has data waiting (or ended), through `poll` (needs
 * `--allow-ffi`); `undefined` when that cannot be asked, and then
 * {@linkcode readLive} judges by the size of what a read returned.
 */
export function stdinWaiting(): (() => boolean) | undefined {
  try {
    inputWaiting(0);
  } catch {
    return undefined;
  }
  return () => {
    try {
      return inputWaiting(0);
    } catch {
      return false;
    }
  };
}

/** Whether standard input is a regular file (rather than a pipe, socket or terminal). */
export function stdinIsFile(): boolean {
  try {
    return Deno.statSync("/dev/stdin").isFile;
  } catch {
    return false;
  }
}

/** Whether `chunk` starts with the gzip magic bytes. */
function isGzip(chunk: Uint8Array): boolean {
  return chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

/**
 * Yields the chunks of `chunks`, transparently gunzipping when the first chunk
 * starts with the gzip magic bytes (so `.gz` files and gzipped stdin work).
 */
export async function* maybeGunzip(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  if (!isGzip(first.value)) {
    yield first.value;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  let sentFirst = false;
  const compressed = new ReadableStream<BufferSource>({
    async pull(controller): Promise<void> {
      if (!sentFirst) {
        sentFirst = true;
        controller.enqueue(first.value.slice());
        return;
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value.slice());
    },
  }, { highWaterMark: 0 });
  const plain = compressed.pipeThrough(new DecompressionStream("gzip"));
  for await (const chunk of plain) yield chunk;
}

/**
 * Splits byte chunks into line batches, synchronously: {@linkcode LineSplitter.push}
 * each chunk, {@linkcode LineSplitter.end} at the end of input (a final line
 * without `\n`). Lines longer than `maxLineBytes` are skipped, with `notice`
 * told their line number. {@linkcode splitLines} is the same over an async
 * iterable; this form saves a hop per chunk in a live loop.
 */
export class LineSplitter {
  readonly #decoder = new TextDecoder();
  readonly #notice: InputNotice;
  readonly #maxLineBytes: number;
  /**
   * The bytes of an unfinished line at the end of the last chunk: the start
   * of {@linkcode LineSplitter.#carryBuffer}, or undefined when there are none.
   */
  #carry: Uint8Array | undefined;
  /** Where the carry is kept, reused (grown as needed). */
  #carryBuffer = new Uint8Array(1 << 10);
  /**
   * Where a carry and the next chunk are joined, reused: a new array per
   * chunk was 64 KiB of C heap each, freed only once the garbage collector
   * found its `ArrayBuffer` (the C heap held 15-17 MiB at the peak of a
   * 933 MiB parse).
   */
  #joined = new Uint8Array(0);
  /** Inside an over-long line, dropping bytes until its \n. */
  #skipping = false;
  #lineNo = 1;
  #bytes = 0;

  /** A splitter; see the class doc. */
  constructor(notice: InputNotice = () => {}, maxLineBytes: number = MAX_LINE_BYTES) {
    this.#notice = notice;
    this.#maxLineBytes = maxLineBytes;
  }

  /**
   * Starts again as a new splitter would (line 1, nothing carried), keeping
   * its buffers: for one input after another on the same thread (the
   * ranges of parallel `parse`), without new buffers each time.
   */
  reset(): void {
    this.#carry = undefined;
    this.#skipping = false;
    this.#lineNo = 1;
    this.#bytes = 0;
  }

  /** The complete lines `chunk` ends (the chunk may be reused after the call). */
  push(chunk: Uint8Array): LineBatch[] {
    const batches: LineBatch[] = [];
    this.#bytes += chunk.length;
    let data = chunk;
    if (this.#skipping) {
      const nl = data.indexOf(0x0a);
      if (nl === -1) return batches;
      this.#skipping = false;
      this.#lineNo++;
      data = data.subarray(nl + 1);
    }
    const carry = this.#carry;
    if (carry !== undefined) {
      const length = carry.length + data.length;
      this.#joined = fitted(this.#joined, length);
      const joined = this.#joined.subarray(0, length);
      joined.set(carry);
      joined.set(data, carry.length);
      data = joined;
      this.#carry = undefined;
    }
    const last = data.lastIndexOf(0x0a);
    if (last === -1) {
      if (data.length > this.#maxLineBytes) {
        this.#notice(`line ${this.#lineNo}: longer than ${this.#maxLineBytes} bytes, skipped`);
        this.#skipping = true;
      } else {
        this.#keepCarry(data);
      }
      return batches;
    }
    if (last + 1 < data.length) this.#keepCarry(data.subarray(last + 1));
    for (let start = 0; start <= last;) {
      const limit = start + BATCH_BYTES;
      let lines: string[] | undefined;
      do {
        let end = start + DECODE_BYTES >= last ? last : data.indexOf(0x0a, start + DECODE_BYTES);
        if (end === -1 || end > last) end = last;
        const piece = this.#decoder.decode(data.subarray(start, end)).split("\n");
        if (lines === undefined) lines = piece;
        else for (let i = 0; i < piece.length; i++) lines.push(piece[i]!);
        start = end + 1;
      } while (start <= last && start < limit);
      stripCarriageReturns(lines);
      batches.push({ lines, firstLine: this.#lineNo, bytes: this.#bytes });
      this.#lineNo += lines.length;
    }
    return batches;
  }

  /** Keeps `bytes` (which may be in {@linkcode LineSplitter.#joined}) as the carry. */
  #keepCarry(bytes: Uint8Array): void {
    this.#carryBuffer = fitted(this.#carryBuffer, bytes.length);
    this.#carryBuffer.set(bytes);
    this.#carry = this.#carryBuffer.subarray(0, bytes.length);
  }

  /** At the end of input: the final line without `\n`, if any. */
  end(): LineBatch[] {
    const carry = this.#carry;
    this.#carry = undefined;
    if (carry === undefined || carry.length === 0) return [];
    const lines = [this.#decoder.decode(carry)];
    stripCarriageReturns(lines);
    return [{ lines, firstLine: this.#lineNo, bytes: this.#bytes }];
  }
}

/**
 * Splits byte chunks into line batches. A final line without `\n` is yielded
 * at the end of input. Lines longer than `maxLineBytes` are skipped, with
 * `notice` told their line number.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  notice: InputNotice = () => {},
  maxLineBytes: number = MAX_LINE_BYTES,
): AsyncGenerator<LineBatch> {
  const splitter = new LineSplitter(notice, maxLineBytes);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/**
 * `buffer`, or a new one for `length` bytes when it is too small, or large
 * for nothing (over 1 MiB and four times `length`: a long line is not kept
 * in memory after it).
 */
function fitted(buffer: Uint8Array<ArrayBuffer>, length: number): Uint8Array<ArrayBuffer> {
  if (buffer.length >= length && (buffer.length <= 1 << 20 || buffer.length <= 4 * length)) {
    return buffer;
  }
  return new Uint8Array(Math.max(length + (length >> 1), 1 << 10));
}

function stripCarriageReturns(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
}

/** Options for {@linkcode followFile}. */
export interface FollowOptions {
  /** How often to look for new data, in ms. */
  readonly intervalMs?: number;
  /** Stops following when aborted. */
  readonly signal?: AbortSignal;
  /** Told about rotation and truncation. */
  readonly notice?: InputNotice;
  /** Called when the file has no new data (before sleeping), e.g. to flush output. */
  readonly onIdle?: () => Promise<void> | void;
}

/**
 * Reads `path` from the start and then keeps reading as it grows, like
 * `tail -F`: when the file is replaced (rotation: another inode at `path`)
 * the rest of the old file is read and reading goes on from the start of the
 * new one; when it is truncated, reading restarts at its beginning.
 */
export async function* followFile(
  path: string,
  options: FollowOptions = {},
): AsyncGenerator<Uint8Array> {
  const interval = options.intervalMs ?? 250;
  const notice = options.notice ?? (() => {});
  const buffer = new Uint8Array(CHUNK_SIZE);
  let file = await Deno.open(path, { read: true });
  let ino = (await file.stat()).ino;
  let offset = 0;
  try {
    while (!options.signal?.aborted) {
      const n = await file.read(buffer);
      if (n !== null && n > 0) {
        offset += n;
        yield buffer.subarray(0, n);
        continue;
      }
      // At the end of what is there: rotated, truncated, or just idle?
      const current = await statOrUndefined(path);
      if (current !== undefined && current.ino !== ino) {
        // Whatever the writer appended to the old file before switching.
        for (let m = await file.read(buffer); m !== null && m > 0; m = await file.read(buffer)) {
          yield buffer.subarray(0, m);
        }
        notice(`${path}: rotated, reading the new file`);
        file.close();
        file = await Deno.open(path, { read: true });
        ino = (await file.stat()).ino;
        offset = 0;
        continue;
      }
      if (current !== undefined && current.size < offset) {
        notice(`${path}: truncated, reading from the start`);
        await file.seek(0, Deno.SeekMode.Start);
        offset = 0;
        continue;
      }
      await options.onIdle?.();
      await sleep(interval, options.signal);
    }
  } finally {
    file.close();
  }
}

async function statOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
