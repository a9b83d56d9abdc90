/**
 * Reading one input of `libaudit search` and `libaudit report` (chosen by
 * `audit_logs.ts`): as line batches with line numbers (for `file:line`
 * warnings) and byte offsets (for checkpoints), as decoded text runs, or as
 * runs of whole lines' bytes.
 *
 * @module
 */
import {
  CHUNK_SIZE,
  type LineBatch,
  readChunks,
  type Reader,
  splitLines,
  syncReader,
} from "./input.ts";
import { AuditLogsError, describeOpenError, type LogInput } from "./audit_logs.ts";

/** Where to start reading an input (from a checkpoint). */
export interface ReadLogOptions {
  /** Byte offset to start at. */
  readonly offset?: number;
  /** Number of the line at {@linkcode offset} (1-based). */
  readonly line?: number;
  /** Told about over-long lines (with their line numbers). */
  readonly notice?: (message: string) => void;
}

/** A batch of lines and where the input stands after it. */
export interface LogLineBatch extends LineBatch {
  /** Bytes of the input read so far, including the start offset. */
  readonly offset: number;
}

/**
 * Reads an input as batches of lines (without line breaks), numbered from
 * `options.line` (1), starting at byte `options.offset` (0).
 *
 * @param input The input.
 * @param options Where to start.
 * @returns The line batches.
 * @throws {AuditLogsError} When the file cannot be opened (ausearch's
 * "Error opening PATH (reason)").
 */
export async function* readLogLines(
  input: LogInput,
  options: ReadLogOptions = {},
): AsyncGenerator<LogLineBatch> {
  let reader: Reader;
  let file: Deno.FsFile | undefined;
  if (input.path === undefined) reader = Deno.stdin;
  else {
    file = openLog(input.path);
    if (options.offset) file.seekSync(options.offset, Deno.SeekMode.Start);
    reader = syncReader(file);
  }
  const start = options.offset ?? 0;
  const lineBase = (options.line ?? 1) - 1;
  try {
    for await (const batch of splitLines(readChunks(reader, CHUNK_SIZE), options.notice)) {
      yield {
        lines: batch.lines,
        firstLine: batch.firstLine + lineBase,
        bytes: batch.bytes,
        offset: start + batch.bytes,
      };
    }
  } finally {
    file?.close();
  }
}

/** A run of whole lines of an input, for scanning in place. */
export interface LogText {
  /** Whole lines, each ending in `\n` (the last one of the input may not). */
  readonly text: string;
  /** 1-based number of the first line of {@linkcode text}. */
  readonly firstLine: number;
  /** Byte offset in the input just after {@linkcode text}. */
  readonly offset: number;
}

/** Options of {@linkcode readLogText}. */
export interface ReadLogTextOptions {
  /** Byte offset to start at. */
  readonly offset?: number;
  /** Number of the line at {@linkcode offset} (1-based). */
  readonly line?: number;
  /** Bytes read at a time (default 256 KiB). */
  readonly chunkSize?: number;
  /**
   * Leave a last line without `\n` unread (a writer may be in the middle of
   * it; checkpoints resume before it). Default: it is read.
   */
  readonly holdPartialLine?: boolean;
  /** Told the opened file's details (device, inode) before reading. */
  readonly onOpen?: (info: Deno.FileInfo) => void;
  /** Byte offset to stop reading at (a line start; default: the end of the input). */
  readonly end?: number;
  /**
   * For {@linkcode readLogBytes}: whether the caller holds nothing of the
   * runs it was given from this buffer, so it may be written again. Default:
   * buffers are never written again (each run stays as it was).
   */
  readonly reusable?: (buffer: ArrayBufferLike) => boolean;
  /**
   * For {@linkcode readLogBytes}: the buffer's size in chunks (default 16).
   * Its pages are fresh the first time they are filled: a small one reused
   * costs fewer page faults.
   */
  readonly bufferChunks?: number;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** A run of whole lines of an input, as bytes. */
export interface LogBytes {
  /**
   * Whole lines, each ending in `\n` (the last one of the input may not);
   * never written again (a caller may keep it).
   */
  readonly bytes: Uint8Array;
  /** Byte offset in the input just after {@linkcode bytes}. */
  readonly offset: number;
}

/**
 * Reads an input as runs of whole lines, undecoded, each run in a buffer of
 * its own.
 *
 * @param input The input.
 * @param options Where to start and how much to read at a time (`line` is
 * not used: the caller counts lines).
 * @returns The runs of lines.
 * @throws {AuditLogsError} When the file cannot be opened.
 */
export async function* readLogBytes(
  input: LogInput,
  options: ReadLogTextOptions = {},
): AsyncGenerator<LogBytes> {
  let file: Deno.FsFile | undefined;
  if (input.path !== undefined) {
    file = openLog(input.path);
    options.onOpen?.(file.statSync());
    if (options.offset) file.seekSync(options.offset, Deno.SeekMode.Start);
  }
  // One large buffer is filled a chunk at a time and handed out in runs of
  // whole lines; a new one takes over (with the partial line) when it is full.
  // Buffers the caller may let go of are kept for use again (a large new
  // buffer each time would make the collector run for its memory).
  const size = options.chunkSize ?? 256 << 10;
  const reusable = options.reusable;
  const spare: Uint8Array<ArrayBuffer>[] = [];
  const chunks = options.bufferChunks ?? 16;
  let buffer = new Uint8Array(chunks * size);
  let used = 0;
  let filled = 0;
  let offset = options.offset ?? 0;
  // Bytes that may still be read before `end`.
  let left = (options.end ?? Infinity) - offset;
  try {
    for (;;) {
      if (buffer.length - filled < size) {
        const want = Math.max(chunks * size, 2 * (filled - used) + size);
        if (reusable !== undefined && reusable(buffer.buffer) && buffer.length >= want) {
          buffer.copyWithin(0, used, filled);
        } else {
          let next: Uint8Array<ArrayBuffer> | undefined;
          if (reusable !== undefined) {
            const k = spare.findIndex((b) => b.length >= want && reusable(b.buffer));
            if (k >= 0) next = spare.splice(k, 1)[0];
            spare.push(buffer);
            if (spare.length > 8) spare.shift();
          }
          next ??= new Uint8Array(want);
          next.set(buffer.subarray(used, filled));
          buffer = next;
        }
        filled -= used;
        used = 0;
      }
      if (left <= 0) break;
      const room = buffer.subarray(filled, filled + Math.min(size, left));
      const n = file !== undefined ? file.readSync(room) : await Deno.stdin.read(room);
      if (n === null || n === 0) break;
      filled += n;
      left -= n;
      const last = buffer.subarray(used, filled).lastIndexOf(0x0a);
      if (last < 0) continue;
      offset += last + 1;
      yield { bytes: buffer.subarray(used, used + last + 1), offset };
      used += last + 1;
    }
    if (filled > used && !options.holdPartialLine) {
      offset += filled - used;
      yield { bytes: buffer.subarray(used, filled), offset };
    }
  } finally {
    file?.close();
  }
}

/**
 * Reads an input as runs of whole lines (decoded once; invalid UTF-8 becomes
 * U+FFFD), so a caller can scan the text in place without a string per line.
 *
 * @param input The input.
 * @param options Where to start and how much to read at a time.
 * @returns The runs of lines.
 * @throws {AuditLogsError} When the file cannot be opened.
 */
export async function* readLogText(
  input: LogInput,
  options: ReadLogTextOptions = {},
): AsyncGenerator<LogText> {
  const decoder = new TextDecoder();
  let line = options.line ?? 1;
  // Each run is decoded before the next is read: its buffer may be reused.
  for await (const chunk of readLogBytes(input, { ...options, reusable: () => true })) {
    const text = decoder.decode(chunk.bytes);
    yield { text, firstLine: line, offset: chunk.offset };
    line += countLines(text);
  }
}

/** Opens a log file for reading, failing with ausearch's words. */
function openLog(path: string): Deno.FsFile {
  try {
    return Deno.openSync(path, { read: true });
  } catch (error) {
    throw new AuditLogsError(`Error opening ${path} (${describeOpenError(error)})`, path);
  }
}
