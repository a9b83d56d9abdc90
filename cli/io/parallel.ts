/**
 * Parallel `libaudit parse` for large inputs, byte for byte the same output
 * and warnings as one thread.
 *
 * The main thread reads the lines as the one-thread path does (`splitLines`),
 * parses each record's header and reassembles the events with one
 * {@linkcode Reassembler} configured like the {@linkcode Printer}'s: which
 * records form an event, in which order events complete, which serials are
 * missing, all come from the same state in the same order as with one
 * thread, whatever the input. The costly part, parsing the fields and
 * rendering (interpreting, JSON, YAML), runs on whole events in
 * `segment_run.ts`: batches of events go to the workers (`parse_worker.ts`)
 * and to the main thread in turn, and the main thread writes the results in
 * order. Warnings are put back in their one-thread order: a bad line or a
 * reassembly warning before the events that completed after it, an
 * interpretation failure with its event. At most a few batches are in
 * flight, so memory stays bounded whatever the input length.
 *
 * @module
 */
import {
  type AuditMessage,
  type EventInfo,
  parseLogLine,
  Reassembler,
  type SequencedMessage,
} from "../../parse/mod.ts";
import type { FilterValues } from "./filter_options.ts";
import { buildFilter } from "./filters.ts";
import { filterContext } from "./filter_context.ts";
import { type InputNotice, splitLines } from "./input.ts";
import type { BatchWriter, Format } from "./output.ts";
import { lineError } from "./pipeline.ts";
import { BATCH_REASSEMBLY, type Mode } from "./printer.ts";
import { reassemblySummary, splitWarning, untrackedWarning } from "./reassembly_warnings.ts";
import { createSegmentRunner } from "./segment_run.ts";
import { envVar } from "../host/system.ts";

/** Sent once to each worker. */
export interface WorkerSetup {
  /** What is printed. */
  readonly mode: Mode;
  /** Output format. */
  readonly format: Format;
  /** Filter flag values (the worker builds the filter). */
  readonly filters: FilterValues;
  /** Resolve ids to names (interpret mode). */
  readonly resolveIds: boolean;
}

/** Sent once to each worker after its setup. */
export interface WorkerStart {
  /** Tasks done per worker: the worker adds 1 at `index` after posting each result. */
  readonly done: Int32Array;
  /** The worker's index in `done`. */
  readonly index: number;
}

/** A batch of reassembled events to render. */
export interface SegmentTask {
  /** Sequence number of the task. */
  readonly id: number;
  /** The events' log lines, joined with `\n`, events one after the other. */
  readonly text: string;
  /** How many lines (records) each event has. */
  readonly sizes: Int32Array;
  /** Each event's piece number when its serial was split (`EventInfo.part`), else 0. */
  readonly parts: Int32Array;
}

/** What rendering a {@linkcode SegmentTask} gives. */
export interface SegmentResult {
  /** The task's id. */
  readonly id: number;
  /** Rendered output, UTF-8, in pieces. */
  readonly output: Uint8Array[];
  /** Events (or records) printed. */
  readonly printed: number;
  /** Warnings (interpretation failures), each with the index of its event in the task. */
  readonly warnings: { readonly event: number; readonly message: string }[];
}

/** Callbacks for results, in input order. */
export interface ParallelSink {
  /** A line that did not parse (1-based line number in its input). */
  badLine(line: number, reason: string): void;
  /** Another warning. */
  warn(message: string): void;
  /** Something noteworthy while reading (an over-long line); default: `warn`. */
  notice?(message: string): void;
  /** Progress after each batch. */
  progress(bytes: number, printed: number): void;
}

/**
 * Text per batch: large enough to amortize messaging, small enough to bound
 * memory. `LIBAUDIT_TASK_CHARS` overrides it (the fuzz test uses small
 * batches to cross many batch boundaries in a small input).
 */
const TASK_CHARS = taskChars();

function taskChars(): number {
  const chars = Number(envVar("LIBAUDIT_TASK_CHARS"));
  return Number.isInteger(chars) && chars > 0 ? chars : 512 << 10;
}

/** A record as the main thread keeps it until its event is handed out: header and line. */
interface Held extends SequencedMessage {
  readonly line: string;
  /** The parsed record (fields parsed lazily), rendered as is when the main thread renders. */
  readonly message: AuditMessage;
}

/** A batch the main thread renders itself: its records as parsed, no text round trip. */
export interface LocalBatch {
  /** The events' records, events one after the other. */
  readonly messages: AuditMessage[];
  /** Their lines. */
  readonly lines: string[];
}

/** A warning of the main thread, placed before the `at`-th event of its batch. */
interface Mark {
  readonly at: number;
  readonly line: number;
  readonly text: string;
}

/** The batch being filled. */
interface Pending {
  lines: string[];
  messages: AuditMessage[];
  sizes: number[];
  parts: number[];
  chars: number;
  marks: Mark[];
}

/** A batch handed out: its result to come and the main thread's warnings for it. */
interface InFlight {
  readonly result: Promise<SegmentResult>;
  /** The worker that renders it (-1: the main thread, already rendered). */
  readonly worker: number;
  /** Its number among the tasks sent to that worker (1-based). */
  readonly ticket: number;
  readonly marks: Mark[];
  readonly events: number;
  readonly bytes: number;
}

const emptyPending = (): Pending => ({
  lines: [],
  messages: [],
  sizes: [],
  parts: [],
  chars: 0,
  marks: [],
});

/** Tasks a worker may have queued before the main thread renders one itself. */
const WORKER_DEPTH = 2;
/** Batches rendered but not yet written, at most: bounds memory. */
const MAX_IN_FLIGHT = 6;

/** A pool of render workers with the main thread's reassembly in front. */
export class ParsePool {
  readonly #workers: Worker[];
  readonly #waiting = new Map<number, (r: SegmentResult) => void>();
  #failed: unknown = undefined;
  #nextId = 0;
  readonly #local: (task: SegmentTask, local?: LocalBatch) => SegmentResult;
  /** Tasks done per worker, counted by the workers (shared memory). */
  readonly #done: Int32Array;
  /** Tasks sent per worker. */
  readonly #sent: number[];
  /** Undefined in raw mode without filters: records print one by one, as with one thread. */
  readonly #reassembler: Reassembler<Held> | undefined;
  #pending = emptyPending();
  readonly #inFlight: InFlight[] = [];
  #bytes = 0;
  /** Events (or records) printed so far. */
  printed = 0;

  private constructor(
    workers: Worker[],
    done: Int32Array,
    local: (task: SegmentTask, local?: LocalBatch) => SegmentResult,
    setup: WorkerSetup,
  ) {
    this.#workers = workers;
    this.#done = done;
    this.#sent = workers.map(() => 0);
    this.#local = local;
    for (const w of workers) {
      w.onmessage = (e: MessageEvent<SegmentResult>) => {
        const resolve = this.#waiting.get(e.data.id);
        this.#waiting.delete(e.data.id);
        resolve?.(e.data);
      };
      w.onerror = (e) => {
        e.preventDefault();
        this.#failed = new Error(`parse worker failed: ${e.message}`);
        for (const resolve of this.#waiting.values()) resolve(undefined as never);
        this.#waiting.clear();
      };
    }
    const filtered = buildFilter(setup.filters, filterContext()) !== undefined;
    this.#reassembler = setup.mode !== "raw" || filtered
      ? new Reassembler<Held>({
        ...BATCH_REASSEMBLY,
        onEvent: (records, info) => this.#event(records, info),
        onUntracked: (u) => {
          if (u.untracked === 1) this.#mark(0, untrackedWarning(u));
        },
      })
      : undefined;
  }

  /** Sequence numbers found missing (net of late arrivals), as one thread counts them. */
  get lost(): number {
    return this.#reassembler?.stats.lost ?? 0;
  }

  /**
   * Sets up `count` threads: `count - 1` workers render the batches, and the
   * main thread, which reads and reassembles, renders one itself only when
   * every worker has {@linkcode WORKER_DEPTH} batches queued (so no thread
   * waits for another while there is work, and one isolate fewer than a
   * worker per thread, so less memory). Returns undefined when workers cannot run here
   * (e.g. a bundle without the worker module): the caller then parses on the
   * main thread alone.
   */
  static async start(count: number, setup: WorkerSetup): Promise<ParsePool | undefined> {
    const workers: Worker[] = [];
    // A bundle (one .js file) has no worker module beside it.
    if (!import.meta.url.endsWith("/parallel.ts")) return undefined;
    try {
      const url = new URL("./parse_worker.ts", import.meta.url);
      for (let i = 1; i < count; i++) workers.push(new Worker(url, { type: "module" }));
      const done = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, workers.length)));
      const ready = await Promise.all(workers.map((w) =>
        new Promise<boolean>((resolve) => {
          w.onmessage = (e: MessageEvent<{ ready: boolean }>) => resolve(e.data.ready);
          w.onerror = (e) => {
            e.preventDefault();
            resolve(false);
          };
          w.postMessage({ setup });
        })
      ));
      if (ready.every(Boolean)) {
        workers.forEach((w, index) => w.postMessage({ done, index } satisfies WorkerStart));
        return new ParsePool(workers, done, createSegmentRunner(setup), setup);
      }
    } catch {
      // fall through
    }
    for (const w of workers) w.terminate();
    return undefined;
  }

  /**
   * Parses all of `chunks` (one input), writing output in order to `out`.
   * Events still open at its end stay open for the next input, as with one
   * thread; {@linkcode ParsePool.finish} ends them.
   */
  async run(
    chunks: AsyncIterable<Uint8Array>,
    out: BatchWriter,
    sink: ParallelSink,
  ): Promise<void> {
    const notice: InputNotice = (m) => this.#mark(-1, m);
    for await (const batch of splitLines(chunks, notice)) {
      const lines = batch.lines;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.length === 0) continue;
        let m: AuditMessage;
        try {
          m = parseLogLine(line);
        } catch (error) {
          this.#mark(batch.firstLine + i, lineError(error));
          continue;
        }
        const held: Held = {
          recordType: m.recordType,
          sequence: m.sequence,
          timestamp: m.timestamp,
          node: m.node,
          line,
          message: m,
        };
        if (this.#reassembler === undefined) this.#add([held], 0);
        else this.#reassembler.push(held);
      }
      this.#bytes = batch.bytes;
      await this.#settleReady(out, sink);
    }
    this.#dispatch();
    while (this.#inFlight.length > 0) await this.#settle(out, sink);
  }

  /** Ends the events still open after the last input and writes them, with the final warnings. */
  async finish(out: BatchWriter, sink: ParallelSink): Promise<void> {
    if (this.#reassembler === undefined) return;
    this.#reassembler.flush();
    for (const text of reassemblySummary(this.#reassembler.stats)) this.#mark(0, text);
    this.#dispatch();
    while (this.#inFlight.length > 0) await this.#settle(out, sink);
  }

  /** Stops the workers. */
  close(): void {
    for (const w of this.#workers) w.terminate();
  }

  #event(records: Held[], info: EventInfo): void {
    if (info.part === 1) this.#mark(0, splitWarning(records[0]!, this.#reassembler!.maxRecords));
    this.#add(records, info.part);
  }

  /**
   * A warning of the main thread at the current place in the output: `line`
   * > 0 is a bad line's number, 0 a warning, -1 a reading notice.
   */
  #mark(line: number, text: string): void {
    this.#pending.marks.push({ at: this.#pending.sizes.length, line, text });
  }

  #add(records: Held[], part: number): void {
    const p = this.#pending;
    for (const r of records) {
      p.lines.push(r.line);
      p.messages.push(r.message);
      p.chars += r.line.length + 1;
    }
    p.sizes.push(records.length);
    p.parts.push(part);
    if (p.chars >= TASK_CHARS) this.#dispatch();
  }

  #dispatch(): void {
    const p = this.#pending;
    if (p.sizes.length === 0 && p.marks.length === 0) return;
    this.#pending = emptyPending();
    const id = this.#nextId++;
    let result: Promise<SegmentResult>;
    let worker = -1;
    let ticket = 0;
    if (p.sizes.length === 0) {
      result = Promise.resolve({ id, output: [], printed: 0, warnings: [] });
    } else {
      worker = this.#idlest();
      const task: SegmentTask = {
        id,
        text: worker < 0 ? "" : p.lines.join("\n"),
        sizes: Int32Array.from(p.sizes),
        parts: Int32Array.from(p.parts),
      };
      if (worker < 0) {
        result = Promise.resolve(this.#local(task, { messages: p.messages, lines: p.lines }));
      } else {
        ticket = ++this.#sent[worker]!;
        result = new Promise((resolve) => this.#waiting.set(id, resolve));
        this.#workers[worker]!.postMessage(task, [
          task.sizes.buffer as ArrayBuffer,
          task.parts.buffer as ArrayBuffer,
        ]);
      }
    }
    this.#inFlight.push({
      result,
      worker,
      ticket,
      marks: p.marks,
      events: p.sizes.length,
      bytes: this.#bytes,
    });
  }

  /** The worker with the fewest queued batches, or -1 when all have `WORKER_DEPTH`. */
  #idlest(): number {
    let best = -1;
    let least = WORKER_DEPTH;
    for (let i = 0; i < this.#workers.length; i++) {
      const queued = this.#sent[i]! - Atomics.load(this.#done, i);
      if (queued < least) {
        best = i;
        least = queued;
      }
    }
    return best;
  }

  /** Whether the oldest batch in flight is rendered. */
  #headReady(): boolean {
    const head = this.#inFlight[0];
    if (head === undefined) return false;
    return head.worker < 0 || Atomics.load(this.#done, head.worker) >= head.ticket;
  }

  /** Writes the batches rendered so far, in order; waits only while too many are in flight. */
  async #settleReady(out: BatchWriter, sink: ParallelSink): Promise<void> {
    while (this.#headReady() || this.#inFlight.length > MAX_IN_FLIGHT) {
      await this.#settle(out, sink);
    }
  }

  async #settle(out: BatchWriter, sink: ParallelSink): Promise<void> {
    const batch = this.#inFlight.shift()!;
    const result = await batch.result;
    if (this.#failed !== undefined) throw this.#failed;
    // One thread's order: a mark before the events that completed after it,
    // an interpretation warning as its event is printed.
    const marks = batch.marks;
    let m = 0;
    let w = 0;
    for (let event = 0; event <= batch.events; event++) {
      for (; m < marks.length && marks[m]!.at <= event; m++) this.#report(marks[m]!, sink);
      for (; w < result.warnings.length && result.warnings[w]!.event <= event; w++) {
        sink.warn(result.warnings[w]!.message);
      }
    }
    this.printed += result.printed;
    for (const piece of result.output) out.writeBytes(piece);
    await out.drain();
    sink.progress(batch.bytes, this.printed);
  }

  #report(mark: Mark, sink: ParallelSink): void {
    if (mark.line > 0) sink.badLine(mark.line, mark.text);
    else if (mark.line < 0 && sink.notice !== undefined) sink.notice(mark.text);
    else sink.warn(mark.text);
  }
}
