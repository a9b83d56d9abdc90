/**
 * Parallel `libaudit parse` of regular files, byte for byte the output and
 * warnings of one thread.
 *
 * The files are cut into byte ranges at line starts (`chunk_plan.ts`).
 * Each range is run whole by one thread (`range_run.ts`: read, split,
 * parse, reassemble, render) — by the other threads and by the main thread
 * in turn — and the main thread writes the results in order
 * (`ordered_merge.ts`), with a bounded number of ranges in flight. Each
 * other thread is a worker that hands its ranges to a child process
 * (`range_proxy.ts`, `range_child.ts`), or runs them itself
 * (`parse_worker.ts`) where no child can run (`range_backend.ts`).
 *
 * Exactness at a cut: a range rebuilds the reassembler state at its start
 * from a warm-up window before it, and reports that state and the one at
 * its end. A range is written only when its start state equals the end
 * state of the range before (so, by induction from the first range, which
 * starts empty, every written range ran from the one-thread state); when
 * they differ (an event open since before the window) the range is run
 * again on the main thread from the exact state: slower, never different.
 * Loss tracking runs here, once, over the serials every range logged, in
 * order; its warnings take their one-thread places among the ranges'.
 *
 * @module
 */
import { Reassembler } from "../../parse/mod.ts";
import { type Chunk, planChunks, type RangeWindow } from "./chunk_plan.ts";
import { OrderedResults } from "./ordered_merge.ts";
import type { BatchWriter } from "../io/output.ts";
import { BATCH_REASSEMBLY } from "../io/printer.ts";
import {
  BAD_LINE,
  createRangeRunner,
  NOTICE,
  type RangeResult,
  type RangeSetup,
  type RangeTask,
} from "./range_run.ts";
import { continueState, EMPTY_STATE, type RangeState } from "./range_state.ts";
import { reassemblySummary, untrackedWarning } from "../io/reassembly_warnings.ts";
import { buildFilter } from "../io/filters.ts";
import { filterContext } from "../io/filter_context.ts";
import { envVar } from "../host/system.ts";
import { BufferPool } from "./_collector.ts";
import { childStart } from "./range_backend.ts";
import { EventTurn } from "./_event_turn.ts";
import type { ProxyClosed } from "./range_proxy.ts";
import { formatThreadCpu, threadCpu } from "./_range_cpu.ts";
import { MemoryRelease } from "../host/memory_release.ts";
import { SerialReplay } from "./_serial_replay.ts";

/**
 * A worker's message: a result, or why it failed; a range proxy whose child
 * could not start asks for a range worker instead (`fallback`).
 */
export type WorkerAnswer =
  | { readonly result: RangeResult }
  | { readonly error: string }
  | { readonly fallback: string };

/** What a worker runs: the ranges it takes from the shared counter. */
export interface WorkerPlan extends RangeWindow {
  /**
   * Shared: `[0]` the warm-up bytes of the next range taken (see
   * {@linkcode RangeTask}; the first range of a file has none). The main
   * thread doubles it after a cut mismatch.
   */
  readonly warmup: Int32Array;
}

/** Callbacks for results, in input order. */
export interface ParallelSink {
  /** A line of input `file` that did not parse (1-based line number). */
  badLine(file: number, line: number, reason: string): void;
  /** Something noteworthy while reading input `file` (an over-long line). */
  notice(file: number, message: string): void;
  /** Another warning. */
  warn(message: string): void;
  /** Progress after each range: bytes of input `file` read, events printed so far. */
  progress(file: number, bytes: number, printed: number): void;
}

/** An input file of a parallel run. */
export interface RangeInput {
  /** Its path. */
  readonly path: string;
  /** Its size. */
  readonly size: number;
}

/**
 * Ranges run or running but not yet written, per thread, at most: room for
 * a thread to run ahead while another is slower (a worker starting up),
 * within a bounded memory (about 0.8 MiB of `-i -f json` output per range;
 * 4 per thread peaked at 172 MiB on a 299 MB log, 2 at 161 MiB).
 */
const AHEAD_PER_THREAD = 2;

/**
 * Bytes replayed before a cut to rebuild the reassembler's state: about 25
 * events, more than the events in progress at a cut span in practice (old
 * events left open are handled by `continueState`; 8 KiB gave no range to
 * run again on either 40 s corpus). Each range run again after a mismatch
 * doubles it, up to {@linkcode MAX_WARMUP_BYTES}: a log whose events
 * interleave more pays a few reruns, not one per range. The warm-up was 2.5%
 * of a thread's CPU at 32 KiB per 512 KiB range (`-i -f json`, RAW corpus).
 * `LIBAUDIT_WARMUP_BYTES` fixes it (tests).
 */
const WARMUP_BYTES = 16 << 10;

/** The most the warm-up grows to after mismatches. */
const MAX_WARMUP_BYTES = 256 << 10;

/** How long {@linkcode RangePool.close} waits for the range children to exit. */
const CLOSE_WAIT_MS = 2000;

/** `LIBAUDIT_WARMUP_BYTES` when set to a non-negative integer. */
function fixedWarmup(): number | undefined {
  const bytes = Number(envVar("LIBAUDIT_WARMUP_BYTES"));
  return Number.isInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

/** A pool of workers running ranges of the input, with the main thread running some too. */
export class RangePool {
  readonly #workers: Worker[];
  /** Which workers are range proxies (with a child process). */
  readonly #proxy: boolean[];
  /** Which worker ran a range whose result has not been written yet. */
  readonly #owner = new Map<number, number>();
  readonly #local: (task: RangeTask) => RangeResult;
  readonly #setup: RangeSetup;
  /** The main thread's output buffers. */
  readonly #pool = new BufferPool();
  #results = new OrderedResults<RangeResult | undefined>();
  #failed: Error | undefined;
  #plan: WorkerPlan | undefined;
  /** Loss tracking of the whole input (replayed serials). */
  readonly #tracker: Reassembler;
  #splitSerials = 0;
  #splitEvents = 0;
  /** Ranges whose warm-up did not rebuild the state at their start (run again). */
  mismatches = 0;
  /** Each range child's CPU time and peak memory, once closed (`process_usage.ts`). */
  readonly childUsage: string[] = [];
  /** Events (or records) printed so far. */
  printed = 0;
  /** With `LIBAUDIT_PARALLEL_DEBUG=1`, this process's CPU time by thread once run. */
  threadUsage: string | undefined;
  /** Ranges the main thread ran (first runs; reruns after a mismatch are counted in `mismatches`). */
  localRanges = 0;
  /** Ranges in all. */
  ranges = 0;
  /** Milliseconds the main thread waited for another thread's range. */
  waitedMs = 0;
  /** Milliseconds from the start of the run to the first range of another thread. */
  firstOtherMs: number | undefined;
  #startedAt = 0;

  private constructor(
    workers: Worker[],
    proxy: boolean[],
    setup: RangeSetup,
    sink: { warn(m: string): void },
  ) {
    this.#workers = workers;
    this.#proxy = proxy;
    this.#setup = setup;
    this.#local = createRangeRunner(setup, this.#pool);
    this.#tracker = new Reassembler({
      ...BATCH_REASSEMBLY,
      onEvent: () => {},
      onUntracked: (u) => {
        if (u.untracked === 1) sink.warn(untrackedWarning(u));
      },
    });
    workers.forEach((w, i) => this.#listen(w, i));
  }

  #listen(w: Worker, i: number): void {
    w.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      if ("error" in e.data) this.#fail(new Error(`parse worker failed: ${e.data.error}`));
      else if ("fallback" in e.data) {
        // The child could not start (it took no range): a range worker instead.
        w.terminate();
        const worker = rangeWorker(this.#setup);
        this.#workers[i] = worker;
        this.#proxy[i] = false;
        this.#listen(worker, i);
        if (this.#plan !== undefined) worker.postMessage(this.#plan);
      } else {
        this.firstOtherMs ??= performance.now() - this.#startedAt;
        this.#owner.set(e.data.result.index, i);
        this.#results.put(e.data.result.index, e.data.result);
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.#fail(new Error(`parse worker failed: ${e.message}`));
    };
  }

  /**
   * How the ranges were shared, for `LIBAUDIT_PARALLEL_DEBUG=1`: how many
   * the main thread ran, how long it waited for the other threads' ranges,
   * and when the first of those came.
   */
  describeSharing(): string {
    const first = this.firstOtherMs === undefined ? "none" : `${this.firstOtherMs.toFixed(0)} ms`;
    return `main thread ran ${this.localRanges} of ${this.ranges} ranges, waited ` +
      `${this.waitedMs.toFixed(0)} ms for others; first other range after ${first}`;
  }

  /** Sequence numbers found missing (net of late arrivals), as one thread counts them. */
  get lost(): number {
    return this.#tracker.stats.lost;
  }

  /**
   * Starts `count - 1` workers (the main thread is the last thread). Returns
   * undefined when workers cannot run here (e.g. a bundle without the
   * worker module): the caller then parses on one thread. `sink.warn`
   * receives the loss tracking's warnings.
   */
  static start(
    count: number,
    setup: RangeSetup,
    sink: { warn(m: string): void },
  ): RangePool | undefined {
    // A bundle (one .js file) has no worker module beside it.
    if (!import.meta.url.endsWith("/parallel.ts")) return undefined;
    const workers: Worker[] = [];
    try {
      const child = childStart(setup);
      for (let i = 1; i < count; i++) {
        if (child === undefined) workers.push(rangeWorker(setup));
        else {
          const w = new Worker(new URL("./range_proxy.ts", import.meta.url), { type: "module" });
          workers.push(w);
          w.postMessage(child);
        }
      }
      return new RangePool(workers, workers.map(() => child !== undefined), setup, sink);
    } catch {
      for (const w of workers) w.terminate();
      return undefined;
    }
  }

  /** Parses `files` in order, writing output to `out` and warnings to `sink`; ends open events. */
  async run(files: readonly RangeInput[], out: BatchWriter, sink: ParallelSink): Promise<void> {
    try {
      await this.#run(files, out, sink);
    } finally {
      // While the workers still run (see `_range_cpu.ts`).
      if (envVar("LIBAUDIT_PARALLEL_DEBUG") === "1") {
        this.threadUsage = formatThreadCpu(threadCpu());
      }
    }
  }

  async #run(files: readonly RangeInput[], out: BatchWriter, sink: ParallelSink): Promise<void> {
    this.#startedAt = performance.now();
    const chunks = planChunks(files);
    this.ranges = chunks.length;
    const reassemble = this.#setup.mode !== "raw" || hasFilter(this.#setup);
    const fixed = fixedWarmup();
    const warmup = new Int32Array(new SharedArrayBuffer(4));
    warmup[0] = fixed ?? WARMUP_BYTES;
    const task = (chunk: Chunk, seed?: RangeState): RangeTask => ({
      chunk,
      warmup: chunk.first ? 0 : Atomics.load(warmup, 0),
      seed,
    });
    const ahead = AHEAD_PER_THREAD * (this.#workers.length + 1);
    // Every thread takes the next range from `control[0]`; `control[1]`
    // counts the ranges written (the window).
    const control = new Int32Array(new SharedArrayBuffer(8));
    const plan: WorkerPlan = { chunks, control, ahead, warmup };
    this.#plan = plan;
    for (const w of this.#workers) w.postMessage(plan);
    let exact = EMPTY_STATE;
    const lineOffset = files.map(() => 0);
    // Turns of the event loop between ranges (worker messages come in).
    const turn = new EventTurn();
    // Freed C heap memory (every thread's compile arenas) back to the system now and then.
    const memory = new MemoryRelease();
    try {
      while (this.#results.turn < chunks.length) {
        if (!this.#results.headReady && Atomics.load(control, 0) < this.#results.turn + ahead) {
          // The main thread runs a range itself, then lets the workers' answers in.
          const index = Atomics.add(control, 0, 1);
          if (index < chunks.length) {
            this.localRanges++;
            this.#results.put(index, this.#local(task(chunks[index]!)));
            await turn.next();
            continue;
          }
        }
        const waitFrom = this.#results.headReady ? undefined : performance.now();
        let result = await this.#results.next();
        if (waitFrom !== undefined) this.waitedMs += performance.now() - waitFrom;
        if (this.#failed !== undefined || result === undefined) {
          throw this.#failed ?? new Error("parse worker failed");
        }
        const chunk = chunks[result.index]!;
        const w = this.#owner.get(result.index) ?? -1;
        this.#owner.delete(result.index);
        let end = continueState(exact, result, BATCH_REASSEMBLY.maxInFlight);
        if (end === undefined) {
          this.mismatches++;
          if (fixed === undefined) {
            Atomics.store(warmup, 0, Math.min(MAX_WARMUP_BYTES, 2 * Atomics.load(warmup, 0)));
          }
          result = this.#local(task(chunk, exact));
          end = result.endState;
        }
        exact = end;
        await this.#write(result, lineOffset[chunk.file]!, chunk.file, out, sink);
        // The written buffers go back to the thread that filled them.
        if (w >= 0 && result.output.length > 0) {
          this.#workers[w]!.postMessage(
            { recycle: result.output },
            result.output.map((p) => p.buffer as ArrayBuffer),
          );
        } else this.#pool.give(result.output);
        lineOffset[chunk.file]! += result.lines;
        sink.progress(chunk.file, result.end, this.printed);
        Atomics.store(control, 1, this.#results.turn);
        Atomics.notify(control, 1);
        memory.tick();
      }
    } finally {
      turn.close();
    }
    if (!reassemble) return;
    // The events still open at the end, oldest first, as one thread flushes them.
    const last = chunks[chunks.length - 1]!;
    await this.#write(
      this.#local({ chunk: last, warmup: 0, seed: exact, flush: true }),
      0,
      last.file,
      out,
      sink,
    );
    this.#tracker.flush();
    const stats = {
      ...this.#tracker.stats,
      splitSerials: this.#splitSerials,
      splitEvents: this.#splitEvents,
    };
    for (const text of reassemblySummary(stats)) sink.warn(text);
  }

  /**
   * Stops the workers, once the range children have exited (their input
   * closed) or after {@linkcode CLOSE_WAIT_MS}: none outlives the command.
   */
  async close(): Promise<void> {
    const closing = this.#workers.filter((_, i) => this.#proxy[i]).map((w) =>
      new Promise<void>((resolve) => {
        w.onmessage = (e: MessageEvent<Partial<ProxyClosed>>) => {
          if (!e.data.closed) return;
          if (e.data.usage !== undefined) this.childUsage.push(e.data.usage);
          resolve();
        };
        w.onerror = (e) => {
          e.preventDefault();
          resolve();
        };
        w.postMessage({ close: true });
      })
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(closing),
      new Promise((resolve) => timer = setTimeout(resolve, CLOSE_WAIT_MS)),
    ]);
    clearTimeout(timer);
    for (const w of this.#workers) w.terminate();
  }

  /**
   * A range's warnings, with the loss tracking of its serials in between,
   * in one-thread order, and its output.
   */
  async #write(
    result: RangeResult,
    offset: number,
    file: number,
    out: BatchWriter,
    sink: ParallelSink,
  ): Promise<void> {
    this.#splitSerials += result.splitSerials;
    this.#splitEvents += result.splitEvents;
    const replay = new SerialReplay(this.#tracker, result.tracked);
    for (const w of result.warnings) {
      replay.to(w.at);
      if (w.kind === BAD_LINE) sink.badLine(file, offset + w.line, w.text);
      else if (w.kind === NOTICE) {
        sink.notice(file, w.text.replace(/^line \d+:/, `line ${offset + w.line}:`));
      } else sink.warn(w.text);
    }
    replay.to(result.tracked.count);
    this.printed += result.printed;
    for (const piece of result.output) out.writeBytes(piece);
    await out.drain();
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    this.#results.abort(undefined);
  }
}

/** A worker that runs ranges in its own isolate, set up. */
function rangeWorker(setup: RangeSetup): Worker {
  const w = new Worker(new URL("./parse_worker.ts", import.meta.url), { type: "module" });
  w.postMessage({ setup });
  return w;
}

function hasFilter(setup: RangeSetup): boolean {
  return buildFilter(setup.filters, filterContext()) !== undefined;
}
