/**
 * Byte ranges of regular files for parallel readers: a plan of nominal
 * offsets, resolved to line starts by whoever reads the bytes, so that the
 * thread that plans never reads the file and two readers of neighbouring
 * ranges agree on their common cut without talking to each other.
 *
 * @module
 */
import { envVar } from "../host/system.ts";

/** One range of one input file, by nominal offsets (see {@linkcode lineStartAt}). */
export interface Chunk {
  /** Position in the plan (0, 1, …), the order in which results are written. */
  readonly index: number;
  /** Which input (index in the list of files). */
  readonly file: number;
  /** The file's path. */
  readonly path: string;
  /** Nominal start: the range begins at the first line start at or after it. */
  readonly from: number;
  /** Nominal end: the range ends at the first line start at or after it (or the file's end). */
  readonly to: number;
  /** The file's size when planned. */
  readonly size: number;
  /** The first chunk of its file. */
  readonly first: boolean;
  /** The last chunk of its file. */
  readonly last: boolean;
}

/** What the main thread shares with a range worker. */
export interface RangeWindow {
  /** Every range, in order. */
  readonly chunks: readonly Chunk[];
  /**
   * Shared: `[0]` the next range to take (`Atomics.add`), `[1]` the ranges
   * written so far (notified on change).
   */
  readonly control: Int32Array;
  /** A range is taken only while it is less than `ahead` past the ranges written. */
  readonly ahead: number;
}

/**
 * Default range size: large enough that per-range costs (messages, the
 * warm-up before a cut) stay small, small enough that what a range holds
 * while it runs (its output, its serials) stays small: peak memory grew by
 * about 10 MiB from 256 KiB to 1 MiB ranges and by 10 more to 4 MiB. `LIBAUDIT_CHUNK_BYTES` overrides it
 * (tests use small ranges to cross many cuts in a small input).
 */
export const CHUNK_BYTES: number = 512 << 10;

/**
 * `fallback` ({@linkcode CHUNK_BYTES}), or `LIBAUDIT_CHUNK_BYTES` when set to
 * a positive integer.
 */
export function chunkBytes(fallback: number = CHUNK_BYTES): number {
  const bytes = Number(envVar("LIBAUDIT_CHUNK_BYTES"));
  return Number.isInteger(bytes) && bytes > 0 ? bytes : fallback;
}

/** Splits `files` (paths and sizes) into chunks of about `size` bytes, in input order. */
export function planChunks(
  files: readonly { readonly path: string; readonly size: number }[],
  size: number = chunkBytes(),
): Chunk[] {
  const chunks: Chunk[] = [];
  files.forEach(({ path, size: total }, file) => {
    const count = Math.max(1, Math.ceil(total / size));
    for (let k = 0; k < count; k++) {
      chunks.push({
        index: chunks.length,
        file,
        path,
        from: k * size,
        to: k === count - 1 ? total : (k + 1) * size,
        size: total,
        first: k === 0,
        last: k === count - 1,
      });
    }
  });
  return chunks;
}

/** Read buffer of {@linkcode lineStartAt}, reused (a new one per call was garbage outside the heap). */
const SCRATCH = new Uint8Array(8 << 10);

/**
 * The first line start at or after `offset` in `file` (0 for 0; `size` when
 * no line starts there): the byte after the first `\n` at or after
 * `offset - 1`.
 */
export function lineStartAt(file: Deno.FsFile, offset: number, size: number): number {
  if (offset <= 0) return 0;
  if (offset >= size) return size;
  const buffer = SCRATCH;
  let at = offset - 1;
  file.seekSync(at, Deno.SeekMode.Start);
  while (at < size) {
    const n = file.readSync(buffer);
    if (n === null || n === 0) return size;
    const nl = buffer.subarray(0, n).indexOf(0x0a);
    if (nl !== -1) return at + nl + 1;
    at += n;
  }
  return size;
}
