/**
 * Parallel `libaudit search` of one regular file, byte for byte the output,
 * warnings and exit status of one thread.
 *
 * The file is cut into byte ranges at line starts (`chunk_plan.ts`). Each
 * range is run whole by one thread (`search_range.ts`) — by a worker
 * (`search_worker.ts`) and by the main thread in turn — and the main thread
 * writes the results in order (`ordered_merge.ts`), with a bounded number of
 * ranges in flight. A range is written only when the open events it rebuilt
 * at its start equal those the range before left (so, by induction from the
 * first range, which starts empty, every written range ran from the
 * one-thread state); when they differ, it is run again on the main thread
 * from that exact state. Events with the same time and serial open at once
 * (several nodes' logs) are ordered by ausearch's array slots, which a range
 * cannot rebuild: then the rest of the file is read on the main thread, from
 * the file's start.
 *
 * @module
 */
import type { ByteSink, SearchOptions } from "../../interpret/search/mod.ts";
import { envVar } from "../host/system.ts";
import { chunkBytes, planChunks, type RangeWindow } from "./chunk_plan.ts";
import { OrderedResults } from "./ordered_merge.ts";
import type { IdTables } from "../io/search_emit.ts";
import type { EventFormatter } from "../commands/search_interpret.ts";
import {
  type OpenEvent,
  type SearchRangeResult,
  SearchRangeRunner,
  type SearchRangeSetup,
  stateKey,
} from "./search_range.ts";
import { type InputKind, parallelInput } from "./threads.ts";
import type { Warnings } from "../io/warnings.ts";

/** What the worker runs: the ranges it takes from the shared counter. */
export interface SearchWorkerPlan extends RangeWindow {
  /** The search. */
  readonly setup: SearchRangeSetup;
  /** Warm-up bytes before a range. */
  readonly warmup: number;
}

/** A worker's message: a result, or why it failed. */
export type SearchWorkerAnswer = { readonly result: SearchRangeResult } | {
  readonly error: string;
};

/**
 * The main thread's head start in the first range: the worker starts its
 * range later and slower (its start, a cold JIT, then its warm-up window:
 * about 0.06 s, some 16 MB of warm work), so the first range is this much
 * longer than half the file on a file of two ranges (per-thread CPU on
 * corpus40 with 4 MiB: main 0.10 s for its range, worker 0.14 s).
 */
const HEAD_START_BYTES = 8 << 20;

/** Largest range by default (what a range holds while it waits to be written). */
const MAX_RANGE_BYTES = 32 << 20;

/** Ranges run but not yet written, at most. */
const AHEAD = 3;

/**
 * Bytes replayed before a cut: events open at a cut began at most the
 * end-of-event timeout (2 s) before its last line, which on a busy host's
 * log (about 1 MB a second of execve records) is a few MB.
 * `LIBAUDIT_SEARCH_WARMUP_BYTES` overrides it (tests).
 */
function warmupBytes(): number {
  const bytes = Number(envVar("LIBAUDIT_SEARCH_WARMUP_BYTES"));
  return Number.isInteger(bytes) && bytes >= 0 ? bytes : 4 << 20;
}

/**
 * How many threads a search of one input reads it with: 2 only when
 * `LIBAUDIT_SEARCH_THREADS=2` asks for them and the input is one regular,
 * uncompressed file that the search can read in ranges (`eligible`); else 1.
 *
 * One by default: on two idle cores (43 MB RAW log, 5 paired runs) two
 * threads were slower (`-k exec` 0.27–0.33 s against 0.20–0.25 s, `-k exec
 * -i` 0.48–0.59 s against 0.41–0.46 s), and on the log repeated four times
 * (180 MB) at most 10 % faster for three times the memory (222–287 MiB
 * against 73–81 MiB): the second isolate's start and JIT warm-up, the warm-up
 * window and the ranges waiting to be written cost more than half the work.
 */
export function searchThreads(input: InputKind | undefined, eligible: boolean): number {
  if (!eligible || !parallelInput(input)) return 1;
  return envVar("LIBAUDIT_SEARCH_THREADS") === "2" ? 2 : 1;
}

/**
 * Whether a search can run in ranges: the default, raw and `-i` formats
 * (csv's header goes before the first event printed), without `--just-one`,
 * `--line-buffered`, checkpoints or debug messages.
 */
export function rangeSearch(options: SearchOptions): boolean {
  return (options.format === "default" || options.format === "raw" ||
    options.format === "interpret") &&
    !options.justOne && !options.lineBuffered &&
    !options.debug && options.checkpoint === undefined;
}

/**
 * Ranges of {@linkcode MAX_RANGE_BYTES}, or two for a smaller file, the first
 * with a head start; `LIBAUDIT_CHUNK_BYTES` overrides.
 */
function rangeBytes(size: number): number {
  const two = Math.min(Math.ceil(size / 2) + HEAD_START_BYTES, Math.ceil(size * 0.75));
  return chunkBytes(size > 2 * MAX_RANGE_BYTES ? MAX_RANGE_BYTES : Math.max(1, two));
}

/** Where the output goes: the search's sink, and a way past it for whole buffers. */
export interface RangeOutput {
  /** The output sink (the main thread's ranges write into it). */
  readonly sink: ByteSink;
  /** Writes bytes after what the sink holds (a worker's output). */
  readonly raw: (bytes: Uint8Array) => void;
}

/**
 * Searches `input` with the main thread and a worker, writing the output to
 * `out` and bad lines to `warnings` as one thread would.
 *
 * @returns Whether any event matched.
 */
export async function searchInRanges(
  setup: SearchRangeSetup,
  input: { readonly name: string; readonly size: number },
  ids: IdTables,
  format: EventFormatter | undefined,
  out: RangeOutput,
  warnings: Warnings,
): Promise<boolean> {
  const chunks = planChunks([{ path: setup.path, size: input.size }], rangeBytes(input.size));
  const warmup = warmupBytes();
  const control = new Int32Array(new SharedArrayBuffer(8));
  const results = new OrderedResults<SearchRangeResult | undefined>();
  let failed: string | undefined;
  let arrived = (): void => {};
  const worker = new Worker(new URL("./search_worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (e: MessageEvent<SearchWorkerAnswer>) => {
    if ("error" in e.data) {
      failed = e.data.error;
      results.abort(undefined);
    } else results.put(e.data.result.index, e.data.result);
    arrived();
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failed = e.message;
    results.abort(undefined);
    arrived();
  };
  worker.postMessage({ setup, chunks, control, ahead: AHEAD, warmup } satisfies SearchWorkerPlan);
  const local = new SearchRangeRunner(setup, ids, format);
  let prevEnd: readonly OpenEvent[] = [];
  let lineBase = 0;
  let found = false;
  // Ranges run again from the exact state; whether slots forced one thread.
  let again = 0;
  let tied = false;
  const deliver = (r: SearchRangeResult): void => {
    for (const [line, reason] of r.bad) {
      warnings.badLine(`${input.name}:${lineBase + line}: ${reason}`);
    }
    lineBase += r.lines;
    for (const bytes of r.output) out.raw(bytes);
    if (r.found) found = true;
  };
  try {
    for (let turn = 0; turn < chunks.length; turn++) {
      // The range whose turn it is runs here, from the exact state and into
      // the output, unless it is done or being run; meanwhile others may.
      let r: SearchRangeResult | undefined;
      while (!results.headReady && failed === undefined) {
        const k = Atomics.load(control, 0);
        if (k >= chunks.length || k >= turn + AHEAD) {
          await new Promise<void>((resolve) => arrived = resolve);
        } else if (Atomics.compareExchange(control, 0, k, k + 1) === k) {
          const chunk = chunks[k]!;
          if (k === turn) {
            results.put(k, await local.run({ chunk, warmup: 0, seed: prevEnd }, out.sink));
          } else results.put(k, await local.run({ chunk, warmup }));
        }
      }
      if (failed !== undefined) throw new Error(`search worker failed: ${failed}`);
      r = (await results.next())!;
      if (r.start !== stateKey(prevEnd)) {
        again++;
        r = await local.run({ chunk: chunks[turn]!, warmup: 0, seed: prevEnd }, out.sink);
      }
      if (r.tiedAt !== undefined) {
        // Slots order these events: one thread from there, its state rebuilt
        // from the file's start.
        tied = true;
        deliver(r);
        const rest = { chunk: chunks[turn]!, warmup: Number.MAX_SAFE_INTEGER, resumeAt: r.tiedAt };
        deliver(await local.run(rest, out.sink));
        break;
      }
      deliver(r);
      prevEnd = r.end;
      Atomics.store(control, 1, turn + 1);
      Atomics.notify(control, 1);
    }
  } finally {
    worker.terminate();
  }
  if (envVar("LIBAUDIT_SEARCH_DEBUG") === "1") {
    const rest = tied ? ", the rest on one thread (same time and serial)" : "";
    console.error(`search: ${chunks.length} ranges, ${again} run again${rest}`);
  }
  return found;
}
