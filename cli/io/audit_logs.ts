/**
 * The input of `libaudit search` and `libaudit report`, chosen as ausearch
 * and aureport 3.0.9 choose it:
 *
 * - `-if FILE`: that file; `-if DIR`: `DIR/audit.log` and its rotations;
 * - `--input-logs`: auditd.conf's `log_file` and its rotations, even when
 *   stdin is a pipe;
 * - otherwise stdin when it is a pipe (a FIFO, not a redirected file), else
 *   auditd.conf's `log_file` and its rotations.
 *
 * Rotations are `log_file.1`, `log_file.2`, … as long as they are readable,
 * read oldest first (`.N` down to `log_file`). {@linkcode readLogLines}
 * reads one input as line batches with line numbers (for `file:line`
 * warnings) and byte offsets (for checkpoints).
 *
 * @example Choose and read the input
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLogLines, selectAuditLogs } from "./audit_logs.ts";
 *
 * const dir = Deno.makeTempDirSync(); // e.g. /var/log/audit
 * Deno.writeTextFileSync(`${dir}/audit.log`, "type=CWD msg=audit(1.000:1): cwd=\"/\"\n");
 * const selection = await selectAuditLogs({ inputFile: dir });
 * const seen: string[] = [];
 * for (const input of selection.inputs) {
 *   for await (const batch of readLogLines(input)) {
 *     batch.lines.forEach((line, i) => seen.push(`${input.name}:${batch.firstLine + i} ${line}`));
 *   }
 * }
 * assert.deepEqual(seen, [`${dir}/audit.log:1 type=CWD msg=audit(1.000:1): cwd="/"`]);
 * ```
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

/** Where auditd's configuration is. */
export const AUDITD_CONF = "/etc/audit/auditd.conf";
/** auditd's built-in `log_file`. */
export const DEFAULT_LOG_FILE = "/var/log/audit/audit.log";
/** auditd's built-in `end_of_event_timeout`, in seconds. */
export const DEFAULT_EOE_TIMEOUT = 2;

/** The settings of auditd.conf that searching needs. */
export interface AuditdLogConfig {
  /** `log_file`. */
  readonly logFile: string;
  /** `end_of_event_timeout`, seconds. */
  readonly eoeTimeout: number;
  /** Whether the file was read (false: built-in defaults). */
  readonly loaded: boolean;
}

/**
 * Reads `log_file` and `end_of_event_timeout` from auditd.conf text
 * (`key = value` lines, `#` comments); absent keys keep auditd's defaults.
 *
 * @param text The file's text.
 * @returns The settings.
 */
export function parseAuditdConf(text: string): AuditdLogConfig {
  let logFile = DEFAULT_LOG_FILE;
  let eoeTimeout = DEFAULT_EOE_TIMEOUT;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === "log_file" && value !== "") logFile = value;
    else if (key === "end_of_event_timeout" && /^\d+$/.test(value) && Number(value) > 0) {
      eoeTimeout = Number(value);
    }
  }
  return { logFile, eoeTimeout, loaded: true };
}

/**
 * Loads auditd.conf; when it cannot be read, auditd's built-in defaults
 * (`loaded: false`, and ausearch says "NOTE - using built-in logs").
 *
 * @param path The configuration file.
 * @returns The settings.
 */
export async function loadAuditdConf(path: string = AUDITD_CONF): Promise<AuditdLogConfig> {
  try {
    return parseAuditdConf(await Deno.readTextFile(path));
  } catch {
    return { logFile: DEFAULT_LOG_FILE, eoeTimeout: DEFAULT_EOE_TIMEOUT, loaded: false };
  }
}

/** One input to read. */
export interface LogInput {
  /** The path, or `"stdin"`. */
  readonly name: string;
  /** The file to read; absent for stdin. */
  readonly path?: string;
  /**
   * Whether it is the last input (ausearch closes the events still open
   * only at the end of the last one).
   */
  readonly last: boolean;
}

/** How the input was asked for (ausearch's `-if` and `--input-logs`). */
export interface AuditLogsOptions {
  /** `-if FILE|DIR`. */
  readonly inputFile?: string | undefined;
  /** `--input-logs`: the logs even when stdin is a pipe. */
  readonly inputLogs?: boolean | undefined;
  /** auditd.conf's path (tests). */
  readonly configPath?: string | undefined;
  /** Whether stdin is a pipe; default: looked up. */
  readonly stdinIsPipe?: boolean | undefined;
}

/** The chosen input. */
export interface AuditLogSelection {
  /** The inputs, oldest first. */
  readonly inputs: LogInput[];
  /** Whether the input is stdin. */
  readonly stdin: boolean;
  /** Whether the input is a log and its rotations (not a single file or stdin). */
  readonly rotated: boolean;
  /** ausearch's notes for stderr (e.g. "NOTE - using logs in DIR/audit.log"). */
  readonly notes: string[];
  /** `end_of_event_timeout` from auditd.conf. */
  readonly eoeTimeout: number;
  /** The base log file when {@linkcode rotated}. */
  readonly logFile?: string;
}

/** An input that cannot be used (ausearch's `stat` or open error), exit status 1. */
export class AuditLogsError extends Error {
  /** The path. */
  readonly path: string;
  /**
   * Makes the error.
   *
   * @param message What went wrong.
   * @param path The path.
   */
  constructor(message: string, path: string) {
    super(message);
    this.name = "AuditLogsError";
    this.path = path;
  }
}

/** Whether stdin is a FIFO (ausearch reads stdin only then). */
export function stdinIsPipe(): boolean {
  try {
    return Deno.statSync("/dev/stdin").isFifo === true;
  } catch {
    return false;
  }
}

function readable(path: string): boolean {
  try {
    Deno.openSync(path, { read: true }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * `logFile` and its readable rotations, oldest first: `logFile.N` … `logFile.1`,
 * `logFile` (the existing files only; `logFile` itself even when missing, so
 * that opening it reports the error as ausearch does).
 *
 * @param logFile The base log file.
 * @returns The paths, oldest first.
 */
export function rotatedLogs(logFile: string): string[] {
  if (!readable(logFile)) return [logFile];
  const paths = [logFile];
  for (let n = 1; readable(`${logFile}.${n}`); n++) paths.push(`${logFile}.${n}`);
  return paths.reverse();
}

/**
 * Chooses the input as ausearch does (see the module docs).
 *
 * @param options `-if`, `--input-logs`, and facts for tests.
 * @returns The inputs, oldest first, and notes for stderr.
 * @throws {AuditLogsError} When `-if` names nothing that exists.
 */
export async function selectAuditLogs(options: AuditLogsOptions = {}): Promise<AuditLogSelection> {
  const config = await loadAuditdConf(options.configPath);
  const notes: string[] = [];
  if (!config.loaded) notes.push(`NOTE - using built-in logs: ${config.logFile}`);
  const logs = (logFile: string): AuditLogSelection => {
    const paths = rotatedLogs(logFile);
    return {
      inputs: paths.map((path, i) => ({ name: path, path, last: i === paths.length - 1 })),
      stdin: false,
      rotated: true,
      notes,
      eoeTimeout: config.eoeTimeout,
      logFile,
    };
  };
  if (options.inputFile !== undefined) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(options.inputFile);
    } catch (error) {
      throw new AuditLogsError(`stat: ${describe(error)}`, options.inputFile);
    }
    if (info.isDirectory) {
      const logFile = `${options.inputFile.replace(/\/?$/, "/")}audit.log`;
      notes.push(`NOTE - using logs in ${logFile}`);
      return logs(logFile);
    }
    const path = options.inputFile;
    return {
      inputs: [{ name: path, path, last: true }],
      stdin: false,
      rotated: false,
      notes,
      eoeTimeout: config.eoeTimeout,
    };
  }
  if (!options.inputLogs && (options.stdinIsPipe ?? stdinIsPipe())) {
    return {
      inputs: [{ name: "stdin", last: true }],
      stdin: true,
      rotated: false,
      notes,
      eoeTimeout: config.eoeTimeout,
    };
  }
  return logs(config.logFile);
}

function describe(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "No such file or directory";
  if (error instanceof Deno.errors.PermissionDenied) return "Permission denied";
  return error instanceof Error ? error.message : String(error);
}

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
    try {
      file = Deno.openSync(input.path, { read: true });
    } catch (error) {
      throw new AuditLogsError(`Error opening ${input.path} (${describe(error)})`, input.path);
    }
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
  /**
   * For {@linkcode readLogBytes}: whether the caller holds nothing of the
   * runs it was given from this buffer, so it may be written again. Default:
   * buffers are never written again (each run stays as it was).
   */
  readonly reusable?: (buffer: ArrayBufferLike) => boolean;
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
    try {
      file = Deno.openSync(input.path, { read: true });
    } catch (error) {
      throw new AuditLogsError(`Error opening ${input.path} (${describe(error)})`, input.path);
    }
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
  let buffer = new Uint8Array(16 * size);
  let used = 0;
  let filled = 0;
  let offset = options.offset ?? 0;
  try {
    for (;;) {
      if (buffer.length - filled < size) {
        const want = Math.max(16 * size, 2 * (filled - used) + size);
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
      const room = buffer.subarray(filled, filled + size);
      const n = file !== undefined ? file.readSync(room) : await Deno.stdin.read(room);
      if (n === null || n === 0) break;
      filled += n;
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
