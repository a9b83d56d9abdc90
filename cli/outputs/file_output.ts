/**
 * A file output with size rotation and reopening (logrotate, SIGHUP).
 *
 * - Opened with `openPrivateFile` (sys/open.ts): never through a symbolic
 *   link, new files created with `O_EXCL`, existing files refused unless
 *   they are regular, ours and not group- or other-writable; mode 0600, or
 *   0640 with a group that may read it, set on the descriptor.
 * - Rotation by size keeps `generations` older files: `FILE.1` (newest) …
 *   `FILE.N`; the oldest is replaced. A rotation happens only between two
 *   events, after every byte before it was written, so each event is in
 *   exactly one file, whole. An event larger than the size limit gets a file
 *   of its own.
 * - {@linkcode FileOutput.reopen} opens the path again (after logrotate
 *   renamed it). When an open fails, writing goes on into the file already
 *   open and the error is reported in the stats: nothing is dropped.
 * - Rotation renames in the file's directory and creates the new file: after
 *   a privilege switch (`--user`) the user must own that directory (or be
 *   allowed to write in it), and logrotate must not create the new file as
 *   another user (`create 0600 USER GROUP`, or `nocreate`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FileOutput } from "./file_output.ts";
 *
 * const path = `${Deno.makeTempDirSync()}/events.json`; // e.g. /var/log/libaudit/events.json
 * const out = FileOutput.open({ path, size: 10 << 20 });
 * out.write('{"type":"demo"}\n');
 * await out.close();
 * assert.equal(Deno.readTextFileSync(path), '{"type":"demo"}\n');
 * ```
 *
 * @module
 */
import { openPrivateFile, type PrivateFileOptions } from "../../sys/open.ts";
import { countDrop, emptyStats, type Output, type OutputStats } from "./outputs.ts";

/** Options of {@linkcode FileOutput.open}. */
export interface FileOutputOptions {
  /** The file; created if missing, appended to otherwise. */
  readonly path: string;
  /** Rotate before an event that would take the file past this many bytes; 0 or absent: never. */
  readonly size?: number;
  /** How many rotated files to keep (`FILE.1` … `FILE.N`), at least 1 (default 5). */
  readonly generations?: number;
  /** A group allowed to read the files (mode 0640 instead of 0600). */
  readonly group?: number;
  /**
   * The uid the process switches to later (`--user`): the directory and an
   * existing file may be owned by it (it must own the directory to rotate).
   */
  readonly owner?: number;
  /** Opens a file safely (default `openPrivateFile`; tests inject failures). */
  readonly open?: (path: string, options: PrivateFileOptions) => Deno.FsFile;
  /** Called with each write, rotation or reopen error (they are also in the stats). */
  readonly onError?: (error: Error) => void;
}

/** The default number of rotated files kept. */
export const DEFAULT_GENERATIONS = 5;

/** Bytes queued before they are handed to a background write. */
const BATCH_BYTES = 1 << 16;
/**
 * The size of a queue buffer: room for one more event of up to
 * {@linkcode BATCH_BYTES} after a batch that is almost full.
 */
const BUFFER_BYTES = 2 * BATCH_BYTES;
/** Spare queue buffers kept for reuse. */
const SPARE_BUFFERS = 2;

const encoder = new TextEncoder();

/** One batch of whole events for the background writer. */
interface Batch {
  /** The buffer the bytes are in (back to the spares once written). */
  readonly buffer: Uint8Array;
  readonly length: number;
  readonly events: number;
}

/** A file {@linkcode Output} with size rotation and reopening; see the module doc. */
export class FileOutput implements Output {
  readonly name: string;
  readonly #path: string;
  readonly #size: number;
  readonly #generations: number;
  readonly #fileOptions: PrivateFileOptions;
  readonly #open: (path: string, options: PrivateFileOptions) => Deno.FsFile;
  readonly #onError: ((error: Error) => void) | undefined;
  #file: Deno.FsFile;
  /** Bytes in the current generation, counting what is queued for it. */
  #current: number;
  /** Counts cuts (rotations, reopens) so a reopen knows whether its file is still current. */
  #cuts = 0;
  /** The events queued since the last cut, encoded (UTF-8) into `#buffer`. */
  #buffer: Uint8Array | undefined;
  #length = 0;
  #partEvents = 0;
  readonly #spare: Uint8Array[] = [];
  #chain: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #stats: OutputStats;

  private constructor(options: FileOutputOptions, file: Deno.FsFile, size: number) {
    this.#path = options.path;
    this.name = `file:${options.path}`;
    this.#size = options.size ?? 0;
    this.#generations = options.generations ?? DEFAULT_GENERATIONS;
    this.#fileOptions = fileOptions(options);
    this.#open = options.open ?? openPrivateFile;
    this.#onError = options.onError;
    this.#file = file;
    this.#current = size;
    this.#stats = emptyStats(this.name);
  }

  /**
   * Opens (or creates) the file now, so that an unsafe or unwritable path is
   * an error before anything runs. The directory must not let others rename
   * or replace the files (`openPrivateFile` checks it: owned by us, root or
   * `owner`, not group- or other-writable unless sticky). Throws
   * `UnsafePathError` or the open error.
   */
  static open(options: FileOutputOptions): FileOutput {
    const generations = options.generations ?? DEFAULT_GENERATIONS;
    if (!Number.isSafeInteger(generations) || generations < 1) {
      throw new RangeError(`generations must be a whole number of at least 1, not ${generations}`);
    }
    const size = options.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new RangeError(`size must be a whole number of bytes, not ${size}`);
    }
    const file = (options.open ?? openPrivateFile)(options.path, fileOptions(options));
    return new FileOutput(options, file, file.statSync().size);
  }

  /** Queues one event; rotates first when it would take the file past the size limit. */
  write(text: string): void {
    const stats = this.#stats;
    stats.events++;
    if (this.#closed) {
      countDrop(stats, "closed");
      return;
    }
    // Encoded where it is queued: its byte length comes with it.
    let buffer = this.#buffer ??= this.#take(text.length * 3);
    let start = this.#length;
    let encoded = encoder.encodeInto(text, buffer.subarray(start));
    if (encoded.read < text.length) {
      // No room left: the batch goes, the event starts the next one.
      this.#cut();
      buffer = this.#buffer = this.#take(text.length * 3);
      start = 0;
      encoded = encoder.encodeInto(text, buffer);
    }
    const bytes = encoded.written;
    if (this.#size > 0 && this.#current > 0 && this.#current + bytes > this.#size) {
      // The events before this one go to the file now open, this one to the next.
      const own = buffer.slice(start, start + bytes);
      this.#cut("rotate", () => this.#rotate());
      buffer = this.#buffer = this.#take(bytes);
      buffer.set(own);
      start = 0;
    }
    this.#length = start + bytes;
    this.#partEvents++;
    this.#current += bytes;
    stats.queuedEvents++;
    stats.queuedBytes += bytes;
    if (this.#length >= BATCH_BYTES) this.#cut();
  }

  /** A queue buffer of at least `bytes`: a spare one, or a new one. */
  #take(bytes: number): Uint8Array {
    const spare = this.#spare.pop();
    if (spare !== undefined && spare.length >= bytes) return spare;
    return new Uint8Array(Math.max(BUFFER_BYTES, bytes));
  }

  /** Bytes accepted and not yet written. */
  get queued(): number {
    return this.#stats.queuedBytes;
  }

  /** Waits for the background writes started so far. */
  drain(): Promise<void> {
    return this.#chain;
  }

  /** Writes everything queued. */
  flush(): Promise<void> {
    this.#cut();
    return this.#chain;
  }

  /** Writes everything queued (a local file: no bound needed). */
  settle(): Promise<void> {
    return this.flush();
  }

  /** Writes everything queued, then opens the path again (after logrotate renamed it). */
  reopen(): Promise<void> {
    this.#cut("reopen", () => {
      const replaced = this.#replace(() => this.#open(this.#path, this.#fileOptions), "reopen");
      if (replaced) this.#stats.reopens++;
      return replaced;
    });
    return this.#chain;
  }

  /** Writes everything queued and closes the file; later writes are dropped as `closed`. */
  async close(): Promise<void> {
    if (this.#closed) return await this.#chain;
    await this.flush();
    this.#closed = true;
    this.#file.close();
  }

  /** A snapshot of the counters. */
  stats(): OutputStats {
    return { ...this.#stats, dropped: { ...this.#stats.dropped } };
  }

  /**
   * Hands the queued events to the background writer; then, when given,
   * runs `step` (rotate, reopen), which starts a new file: the events
   * written after it count towards the size of that file.
   */
  #cut(what?: string, step?: () => boolean): void {
    if (this.#partEvents > 0) {
      const batch: Batch = {
        buffer: this.#buffer!,
        length: this.#length,
        events: this.#partEvents,
      };
      // The batch owns its buffer until written; the next event takes another.
      this.#buffer = undefined;
      this.#length = 0;
      this.#partEvents = 0;
      this.#chain = this.#chain.then(() => this.#writeBatch(batch));
    }
    if (step === undefined) return;
    const cut = ++this.#cuts;
    this.#current = 0;
    this.#chain = this.#chain.then(() => {
      let replaced = false;
      try {
        replaced = step();
      } catch (error) {
        this.#fail(error, what ?? "rotate");
      }
      // The file written next (new, or the old one after a failed reopen) may
      // hold data already: it counts unless another cut came since. After a
      // failed rotation the next attempt waits for another `size` bytes.
      if (!replaced && what === "rotate") return;
      try {
        if (cut === this.#cuts) this.#current += this.#file.statSync().size;
      } catch (error) {
        this.#fail(error, "stat");
      }
    });
  }

  #writeBatch(batch: Batch): void {
    const stats = this.#stats;
    const bytes = batch.buffer.subarray(0, batch.length);
    let offset = 0;
    try {
      // Synchronous: a local file does not block for long, and an async write
      // is a hop to a thread pool and back (dup, close, futexes) per batch.
      while (offset < bytes.length) offset += this.#file.writeSync(bytes.subarray(offset));
      stats.written += batch.events;
    } catch (error) {
      countDrop(stats, "write-error", batch.events);
      this.#fail(error, "write");
    } finally {
      stats.bytes += offset;
      stats.queuedEvents -= batch.events;
      stats.queuedBytes -= batch.length;
      if (batch.buffer.length === BUFFER_BYTES && this.#spare.length < SPARE_BUFFERS) {
        this.#spare.push(batch.buffer);
      }
    }
  }

  /** Shifts FILE.i to FILE.i+1, FILE to FILE.1, and starts a new FILE. */
  #rotate(): boolean {
    for (let i = this.#generations - 1; i >= 1; i--) {
      try {
        Deno.renameSync(`${this.#path}.${i}`, `${this.#path}.${i + 1}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    Deno.renameSync(this.#path, `${this.#path}.1`);
    // The open file now is FILE.1: if creating FILE fails, writing goes on there.
    const replaced = this.#replace(() => this.#open(this.#path, this.#fileOptions), "rotate");
    if (replaced) this.#stats.rotations++;
    return replaced;
  }

  /** Opens a file to replace the current one; false (and the old one kept) after an error. */
  #replace(open: () => Deno.FsFile, what: string): boolean {
    let file: Deno.FsFile;
    try {
      file = open();
    } catch (error) {
      this.#fail(error, what);
      return false;
    }
    const old = this.#file;
    this.#file = file;
    old.close();
    return true;
  }

  #fail(error: unknown, what: string): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.#stats.lastError = `${what}: ${e.message}`;
    this.#onError?.(e);
  }
}

function fileOptions(options: FileOutputOptions): PrivateFileOptions {
  return {
    mode: options.group === undefined ? 0o600 : 0o640,
    append: true,
    ...(options.group === undefined ? {} : { group: options.group }),
    ...(options.owner === undefined ? {} : { owner: options.owner }),
  };
}
