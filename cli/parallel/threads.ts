/**
 * How many threads `libaudit parse` uses by default (and with `--threads
 * auto`): two for regular files large enough for a second thread to pay, when the
 * caller's core count (`coresForThreads`: 1 on a busy machine) allows.
 *
 * @module
 */
import { envVar } from "../host/system.ts";

/**
 * Input size from which `libaudit parse` uses two threads by default: below
 * it the second thread's start (a `deno` child process or a worker
 * isolate: loading the modules, warming up the JIT) and the extra CPU of
 * two heaps cost about what it saves. On two idle cores (2026-12-03, 3-4
 * alternating rounds of `parse --threads 1|2 -i --format json`, medians):
 * two threads lose at 70 MiB (about 1.04 against 1.2-1.46 s), gain 1.25x
 * at 124 MiB (2.10 against 1.68 s) and 1.43x at 186 MiB, for 1.2-1.4x the
 * CPU. `LIBAUDIT_PARALLEL_MIN_BYTES` overrides it (tests).
 */
export const PARALLEL_MIN_BYTES = 96 << 20;

/** What {@linkcode defaultThreads} needs to know of one input. */
export interface InputKind {
  /** A regular file (not a pipe, terminal or device). */
  readonly isFile: boolean;
  /** Its size in bytes. */
  readonly size: number;
  /** Gzipped (read as a stream, on one thread). */
  readonly compressed?: boolean;
}

/**
 * The number of threads `libaudit parse` uses without `--threads`: 2 when
 * every input is a regular, uncompressed file, together at least
 * `minBytes` long, and there are at least 2 cores; else 1 (a pipe is read
 * as it comes, on one thread).
 *
 * @param inputs Each input's kind, or undefined when it cannot be known.
 * @param cores Cores available.
 * @param minBytes Size from which two threads pay.
 * @returns 1 or 2.
 */
export function defaultThreads(
  inputs: readonly (InputKind | undefined)[],
  cores: number,
  minBytes: number = minParallelBytes(),
): number {
  if (cores < 2 || inputs.length === 0) return 1;
  let total = 0;
  for (const input of inputs) {
    if (!parallelInput(input)) return 1;
    total += input.size;
  }
  return total >= minBytes ? 2 : 1;
}

/** Whether an input can be read in parallel byte ranges: a regular, uncompressed file. */
export function parallelInput(input: InputKind | undefined): input is InputKind {
  return input !== undefined && input.isFile && input.compressed !== true;
}

/**
 * What {@linkcode defaultThreads} needs of the input `name` (`-`: stdin),
 * undefined when it cannot be known.
 */
export function inputKind(name: string): InputKind | undefined {
  try {
    const info = Deno.statSync(name === "-" ? "/dev/stdin" : name);
    if (!info.isFile || name === "-") return { isFile: info.isFile, size: info.size };
    return { isFile: true, size: info.size, compressed: isGzipFile(name) };
  } catch {
    return undefined;
  }
}

function isGzipFile(path: string): boolean {
  const file = Deno.openSync(path, { read: true });
  try {
    const magic = new Uint8Array(2);
    const n = file.readSync(magic);
    return n === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    file.close();
  }
}

function minParallelBytes(): number {
  const bytes = Number(envVar("LIBAUDIT_PARALLEL_MIN_BYTES"));
  return Number.isInteger(bytes) && bytes > 0 ? bytes : PARALLEL_MIN_BYTES;
}
