/**
 * Parallel `libaudit report` over one log file: the main thread reads the
 * first half, a worker (`report_worker.ts`) the second, each owning the
 * events that start in its half (see interpret/report/shard.ts). The worker
 * first re-reads a window before its half to rebuild aureport's open events;
 * the main thread reads past its half until its own events are out. When the
 * two states at the boundary differ, the caller reads sequentially.
 *
 * @module
 */
import { interfaceNames } from "../host/interfaces.ts";
import type { ReportConfig } from "../../interpret/report/engine.ts";
import { type ShardResult, ShardRun } from "../../interpret/report/shard.ts";

/** What the worker is asked to do. */
export interface ShardTask {
  readonly path: string;
  readonly config: ReportConfig;
  readonly eoeTimeout: number;
  /** Where its window starts (a line start). */
  readonly from: number;
  /** The boundary (a line start). */
  readonly boundary: number;
}

/** A worker's answer. */
export interface ShardAnswer {
  readonly result?: ShardResult;
  /** Lines in the window before the boundary. */
  readonly windowLines?: number;
  /** When the worker finished reading (ms since the epoch). */
  readonly finishedAt?: number;
  readonly error?: string;
}

/** Smallest file split at all (when two threads are asked for: `report.ts` decides). */
export const MIN_PARALLEL_BYTES = 4 << 20;
/** Bytes read at a time. */
const READ_BYTES = 256 << 10;
/** The least the worker re-reads before the boundary to rebuild the open events. */
const WINDOW_BYTES = 2 << 20;
/** How far back from the boundary the window's start is moved at a time, looking for an old enough line. */
const WINDOW_STEP = 1 << 20;
/** Seconds of log, beyond the end of event timeout, that the window covers before the boundary. */
const WINDOW_MARGIN = 2;

/** getpwuid over /etc/passwd: the first entry of each uid. */
export function passwdLookup(path = "/etc/passwd"): (uid: number) => string | undefined {
  let table: Map<number, string> | undefined;
  return (uid) => {
    if (table === undefined) {
      table = new Map();
      let text = "";
      try {
        text = Deno.readTextFileSync(path);
      } catch {
        // no user database: numbers stay numbers
      }
      for (const line of text.split("\n")) {
        const f = line.split(":");
        if (f.length < 3) continue;
        const id = Number(f[2]);
        if (Number.isInteger(id) && !table.has(id >>> 0)) table.set(id >>> 0, f[0]!);
      }
    }
    return table.get(uid >>> 0);
  };
}

/**
 * Reads `file` from byte `from` (a line start) to `to` (a line start, or
 * the end) as runs of whole lines (the last of the file may lack its
 * newline), decoded; stops early when `onText` returns true. Returns whether
 * it reached the end of the file.
 */
export function readRange(
  file: Deno.FsFile,
  from: number,
  to: number,
  onText: (text: string) => boolean | void,
): boolean {
  file.seekSync(from, Deno.SeekMode.Start);
  let buf = new Uint8Array(READ_BYTES);
  const decoder = new TextDecoder();
  let pos = from;
  let carry = 0;
  for (;;) {
    const want = Math.min(buf.length - carry, to - pos);
    if (want <= 0) break;
    const n = file.readSync(buf.subarray(carry, carry + want));
    if (n === null || n === 0) {
      if (carry > 0) onText(decoder.decode(buf.subarray(0, carry)));
      return true;
    }
    pos += n;
    const filled = carry + n;
    const last = buf.lastIndexOf(10, filled - 1);
    if (last === -1) {
      carry = filled;
      if (filled === buf.length) {
        // A line longer than the buffer.
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      continue;
    }
    if (onText(decoder.decode(buf.subarray(0, last + 1))) === true) return false;
    buf.copyWithin(0, last + 1, filled);
    carry = filled - last - 1;
  }
  if (carry > 0) onText(decoder.decode(buf.subarray(0, carry)));
  return false;
}

/** The first line start at or after byte `at`. */
function lineStart(file: Deno.FsFile, at: number): number {
  if (at <= 0) return 0;
  file.seekSync(at - 1, Deno.SeekMode.Start);
  const buf = new Uint8Array(64 << 10);
  let pos = at - 1;
  for (;;) {
    const n = file.readSync(buf);
    if (n === null || n === 0) return pos;
    const i = buf.subarray(0, n).indexOf(10);
    if (i !== -1) return pos + i + 1;
    pos += n;
  }
}

/**
 * The seconds of the time stamp of the line at `at` (a line start), read
 * from its first 512 bytes; undefined when there is none.
 */
function lineSeconds(file: Deno.FsFile, at: number): number | undefined {
  file.seekSync(at, Deno.SeekMode.Start);
  const buf = new Uint8Array(512);
  const n = file.readSync(buf) ?? 0;
  const head = new TextDecoder().decode(buf.subarray(0, n));
  const m = /^[^\n]*?msg=audit\((\d{1,15})\./.exec(head);
  return m === null ? undefined : Number(m[1]);
}

/**
 * Where the worker's window starts: a line start at least
 * {@linkcode WINDOW_BYTES} before `boundary` whose time stamp is more than
 * `eoeTimeout` + {@linkcode WINDOW_MARGIN} seconds older than the
 * boundary's (events still open or waiting at the boundary began after
 * it, in a log in time order); never before `limit`. A log out of order is
 * caught by the boundary check ({@linkcode shardsAgree}).
 */
function windowStart(
  file: Deno.FsFile,
  boundary: number,
  eoeTimeout: number,
  limit: number,
): number {
  const at = lineSeconds(file, boundary);
  let from = lineStart(file, Math.max(limit, boundary - WINDOW_BYTES));
  if (at === undefined) return from;
  for (;;) {
    const sec = lineSeconds(file, from);
    if (sec !== undefined && sec + eoeTimeout + WINDOW_MARGIN < at) return from;
    const earlier = lineStart(file, Math.max(limit, from - WINDOW_STEP));
    if (earlier >= from) return from;
    from = earlier;
  }
}

/** The two halves' results, merged by the caller; `undefined` when the file is too small. */
export interface ShardedRun {
  readonly first: ShardResult;
  readonly second: ShardResult;
  /** Lines before the second half's window (to number its warnings). */
  readonly secondLineBase: number;
  /** How much later (ms) the worker finished its half than this thread (negative: earlier). */
  readonly secondLag: number;
}

/** Runs the two halves of `path`; `undefined` when the file is too small to split. */
export async function runShards(
  path: string,
  config: ReportConfig,
  eoeTimeout: number,
): Promise<ShardedRun | undefined> {
  const file = Deno.openSync(path);
  try {
    const size = file.statSync().size;
    if (size < MIN_PARALLEL_BYTES) return undefined;
    const boundary = lineStart(file, Math.floor(size / 2));
    // A window of at most half the first half (beyond, the halves are compared and may differ).
    const from = windowStart(file, boundary, eoeTimeout, Math.floor(boundary / 2));
    if (boundary >= size || from >= boundary) return undefined;
    const worker = new Worker(new URL("./report_worker.ts", import.meta.url), { type: "module" });
    const answer = new Promise<ShardAnswer>((resolve) => {
      worker.onmessage = (e: MessageEvent<ShardAnswer>) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve({ error: e.message });
      };
    });
    const task: ShardTask = { path, config, eoeTimeout, from, boundary };
    worker.postMessage(task);
    const shard = new ShardRun(config, passwdLookup(), eoeTimeout, 0, interfaceNames());
    readRange(file, 0, boundary, (text) => shard.text(text));
    const headLines = shard.lines;
    shard.boundary();
    const eof = readRange(file, boundary, Infinity, (text) => shard.text(text, true));
    const first = shard.finish(eof);
    const firstAt = performance.timeOrigin + performance.now();
    const got = await answer;
    worker.terminate();
    if (got.result === undefined || got.windowLines === undefined) {
      throw new Error(`report worker failed: ${got.error ?? "no answer"}`);
    }
    return {
      first,
      second: got.result,
      secondLineBase: headLines - got.windowLines,
      secondLag: (got.finishedAt ?? firstAt) - firstAt,
    };
  } finally {
    file.close();
  }
}
