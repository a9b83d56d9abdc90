/**
 * How many threads `libaudit parse` uses by default (and with `--threads
 * auto`): two for regular files large enough for a second thread to pay
 * (how large depends on what is printed), when the caller's core count
 * (`coresForThreads`: 1 on a busy machine) allows.
 *
 * @module
 */
import { envVar } from "../host/system.ts";
import type { Format } from "../io/output.ts";
import type { Mode } from "../io/printer.ts";

/**
 * Input size from which `libaudit parse` uses two threads by default, by
 * mode (`-i`, `-r`, neither) and format: below it the second thread's cost
 * (a worker isolate that loads the modules and compiles the hot code again,
 * a second heap) eats most of what it saves. Each is where two threads
 * became at least 1.15x faster in wall time than one, on two cores
 * (2026-12-04, 3 alternating pairs per size, RAW corpus 93 MiB and slices
 * or copies of it, ENRICHED 106 MiB; bench/threads.sh), so that the cheaper
 * a mode is per byte the larger the input it needs:
 *
 * - `-i -f json`: RAW 1.04-1.08x at 93 MiB, 1.19x at 140, 1.18x at 186,
 *   1.43x at 373; ENRICHED 1.11x at 106, 1.22x at 212;
 * - `-i` (text): RAW 1.04x at 93, 1.15x at 140, 1.22x at 186, 1.37x at
 *   373; ENRICHED 1.07x at 106;
 * - `-f json`: RAW 1.09x at 93, 1.29x at 140, 1.25x at 186, 1.38x at 373;
 *   ENRICHED 1.20x at 106;
 * - text: RAW 1.03x at 93, 1.35x at 140, 1.29x at 186, 1.35x at 373;
 *   ENRICHED 1.30x at 106;
 * - `-r -f json`: RAW 1.04x at 46, 1.27x at 93, 1.35x at 140; ENRICHED
 *   1.21x at 106;
 * - `-r` (text): RAW 0.95x at 93, 1.02x at 140, 1.07x at 186, 1.13x at
 *   373; ENRICHED 1.09x at 106, 1.16x at 212 (the cheapest to render: the
 *   ranges' warm-up and the merge weigh most);
 * - YAML (any mode): 1.6x at 10 MB already (its rendering is slow).
 *
 * Measured again for `-i -f json` after the range path lost its 41% (the
 * seventh stop, bench/README.md): RAW 1.06x at 93 MiB, ENRICHED 1.03x at
 * 106, 0.99x at 128 and 1.21x at 186 MiB; the threshold stays.
 *
 * Plain text and JSON start at 96 MiB: the ENRICHED corpus (106 MiB) gains
 * 1.20-1.30x, the RAW one (93 MiB) 1.03-1.09x (the lead's quiet run: 1.24x).
 *
 * `LIBAUDIT_PARALLEL_MIN_BYTES` overrides them all (tests).
 */
export const PARALLEL_MIN_BYTES: Readonly<Record<Mode, Readonly<Record<Format, number>>>> = {
  interpret: { json: 128 << 20, text: 144 << 20, yaml: 4 << 20 },
  raw: { json: 96 << 20, text: 96 << 20, yaml: 4 << 20 },
  events: { json: 80 << 20, text: 512 << 20, yaml: 4 << 20 },
};

/** The input size from which two threads pay for `mode` and `format` (see {@linkcode PARALLEL_MIN_BYTES}). */
export function parallelMinBytes(mode: Mode, format: Format): number {
  const bytes = Number(envVar("LIBAUDIT_PARALLEL_MIN_BYTES"));
  return Number.isInteger(bytes) && bytes > 0 ? bytes : PARALLEL_MIN_BYTES[mode][format];
}

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
 * @param minBytes Size from which two threads pay ({@linkcode parallelMinBytes}).
 * @returns 1 or 2.
 */
export function defaultThreads(
  inputs: readonly (InputKind | undefined)[],
  cores: number,
  minBytes: number,
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
