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
 * read oldest first (`.N` down to `log_file`). `audit_log_read.ts` reads
 * one input as line batches with line numbers (for `file:line` warnings) and
 * byte offsets (for checkpoints).
 *
 * @example Choose and read the input
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectAuditLogs } from "./audit_logs.ts";
 * import { readLogLines } from "./audit_log_read.ts";
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
      throw new AuditLogsError(`stat: ${describeOpenError(error)}`, options.inputFile);
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

/**
 * ausearch's words for why a file could not be opened or read.
 *
 * @param error What the open or stat threw.
 * @returns "No such file or directory", "Permission denied" or the message.
 */
export function describeOpenError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "No such file or directory";
  if (error instanceof Deno.errors.PermissionDenied) return "Permission denied";
  // Other errors: the OS's strerror text, without Deno's " (os error N): stat '…'".
  return error instanceof Error
    ? error.message.replace(/ \(os error \d+\)[^]*$/, "")
    : String(error);
}
