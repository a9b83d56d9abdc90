/**
 * `libaudit search --checkpoint FILE`: exact, O(1) resumption.
 *
 * The checkpoint holds the device, inode, byte offset and line number where
 * reading stopped in the newest log, the last event handed out (time and
 * serial) and the raw lines of the events still open then. The next run
 * finds that file among the log and its rotations by device and inode
 * (wherever rotation moved it), puts the open events back, and reads on from
 * the offset, then the newer files from their start: no rescanning, and over
 * any number of runs the events printed add up to one run over everything,
 * none twice and none lost (ausearch drops the last event after a checkpoint,
 * audit-userspace #343, and rescans from the oldest file every time).
 *
 * The file is JSON, written to a temporary file and renamed over the old one.
 *
 * @module
 */
import type { LogInput } from "./audit_logs.ts";

/** Where a run stopped. */
export interface CheckpointData {
  /** Format version. */
  readonly version: 1;
  /** The file read last (its path then). */
  readonly path: string;
  /** Its device. */
  readonly dev: number;
  /** Its inode. */
  readonly ino: number;
  /** Bytes of it read (whole lines). */
  readonly offset: number;
  /** Number of the next line. */
  readonly line: number;
  /** The last event handed out, matching or not. */
  readonly last?: { sec: number; milli: number; serial: number; node?: string };
  /** Lines of the events still open, in order. */
  readonly open: string[];
}

/** A checkpoint that cannot be used: ausearch's exit statuses 10–12. */
export class CheckpointError extends Error {
  /** 10: invalid checkpoint data; 11: cannot save; 12: its file is gone. */
  readonly status: number;
  /**
   * Makes the error.
   *
   * @param message What is wrong.
   * @param status The exit status.
   */
  constructor(message: string, status: number) {
    super(message);
    this.name = "CheckpointError";
    this.status = status;
  }
}

function isData(v: unknown): v is CheckpointData {
  if (typeof v !== "object" || v === null) return false;
  const d = v as Record<string, unknown>;
  return d.version === 1 && typeof d.path === "string" && Number.isSafeInteger(d.dev) &&
    Number.isSafeInteger(d.ino) && Number.isSafeInteger(d.offset) &&
    Number.isSafeInteger(d.line) && Array.isArray(d.open) &&
    d.open.every((l) => typeof l === "string");
}

/**
 * Reads a checkpoint; `undefined` when the file does not exist (first run).
 *
 * @param path The checkpoint file.
 * @returns The data, or `undefined`.
 * @throws {CheckpointError} Status 10 when it cannot be read or is malformed.
 */
export async function loadCheckpoint(path: string): Promise<CheckpointData | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new CheckpointError(`Cannot open checkpoint file - ${path}: ${String(error)}`, 10);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!isData(data)) throw new CheckpointError(`Malformed checkpoint file - ${path}`, 10);
  return data;
}

/** Where to read from after a checkpoint. */
export interface ResumePlan {
  /** The inputs still to read (the checkpointed file and the newer ones). */
  readonly inputs: LogInput[];
  /** Offset and line to start the first of them at. */
  readonly start: { offset: number; line: number };
  /** A note for stderr (e.g. the file shrank and is read from its start). */
  readonly note?: string;
}

/**
 * Finds the checkpointed file among `inputs` (oldest first) by device and
 * inode, however rotation renamed it.
 *
 * @param data The checkpoint.
 * @param inputs The inputs, oldest first.
 * @param stat Device, inode and size of a path (`undefined` when missing).
 * @returns Where to go on.
 * @throws {CheckpointError} Status 12 when the file is not among them.
 */
export function planResume(
  data: CheckpointData,
  inputs: LogInput[],
  stat: (path: string) => { dev: number; ino: number; size: number } | undefined,
): ResumePlan {
  for (let i = inputs.length - 1; i >= 0; i--) {
    const path = inputs[i]!.path;
    const info = path === undefined ? undefined : stat(path);
    if (info === undefined || info.dev !== data.dev || info.ino !== data.ino) continue;
    if (info.size < data.offset) {
      return {
        inputs: inputs.slice(i),
        start: { offset: 0, line: 1 },
        note: `${path}: shorter than the checkpoint's offset; reading it from its start`,
      };
    }
    return { inputs: inputs.slice(i), start: { offset: data.offset, line: data.line } };
  }
  throw new CheckpointError(
    `Checkpoint file ${data.path} (dev ${data.dev}, inode ${data.ino}) is not among the logs`,
    12,
  );
}

/**
 * Writes a checkpoint atomically (temporary file, then rename).
 *
 * @param path The checkpoint file.
 * @param data What to save.
 * @throws {CheckpointError} Status 11 when it cannot be written.
 */
export async function saveCheckpoint(path: string, data: CheckpointData): Promise<void> {
  const temp = `${path}.tmp-${Deno.pid}`;
  try {
    await Deno.writeTextFile(temp, JSON.stringify(data) + "\n", { mode: 0o600 });
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw new CheckpointError(`Cannot save checkpoint file - ${path}: ${String(error)}`, 11);
  }
}
