/**
 * Parallel `libaudit parse` for large inputs: the main thread reads and cuts
 * the input into segments (`segments.ts`); workers (`parse_worker.ts`) and
 * the main thread itself parse, reassemble, filter, interpret and render
 * them (`segment_run.ts`), and the main thread writes the output in input
 * order. At most a few segments are in flight, so
 * memory stays bounded whatever the input length.
 *
 * @module
 */
import type { FilterValues } from "./filters.ts";
import type { BatchWriter, Format } from "./output.ts";
import type { Mode } from "./printer.ts";
import { createSegmentRunner } from "./segment_run.ts";
import { type Segment, segments } from "./segments.ts";

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

/** One segment for a worker, with its neighbours' boundary windows. */
export interface SegmentTask extends Segment {
  /** Sequence number of the task. */
  readonly id: number;
  /** The previous segment's tail window (empty for the first). */
  readonly prevTail: Uint8Array;
  /** The next segment's head window (empty for the last). */
  readonly nextHead: Uint8Array;
}

/** What a worker returns for a segment. */
export interface SegmentResult {
  /** The task's id. */
  readonly id: number;
  /** Rendered output, UTF-8, in pieces. */
  readonly output: Uint8Array[];
  /** Lines in the segment. */
  readonly lines: number;
  /** Events (or records) printed. */
  readonly printed: number;
  /** Sequence numbers found missing inside the segment. */
  readonly lost: number;
  /** Lines that did not parse: 0-based index in the segment and why. */
  readonly badLines: { line: number; reason: string }[];
  /** Other warnings (interpretation failures). */
  readonly warnings: string[];
}

/** Callbacks for results, in input order. */
export interface ParallelSink {
  /** A line that did not parse (1-based line number in its input). */
  badLine(line: number, reason: string): void;
  /** Another warning. */
  warn(message: string): void;
  /** Progress after each segment. */
  progress(bytes: number, printed: number): void;
}

/** Segment size: large enough to amortize messaging, small enough to bound memory. */
const SEGMENT_BYTES = 512 << 10;

/** A pool of parse workers. */
export class ParsePool {
  readonly #workers: Worker[];
  readonly #waiting = new Map<number, (r: SegmentResult) => void>();
  #failed: unknown = undefined;
  #nextId = 0;
  /** Events printed so far. */
  printed = 0;
  /** Sequence numbers missing inside segments. */
  lost = 0;

  readonly #local: (task: SegmentTask) => SegmentResult;

  private constructor(workers: Worker[], local: (task: SegmentTask) => SegmentResult) {
    this.#workers = workers;
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
  }

  /**
   * Sets up `count` threads: the main thread takes every `count`-th segment
   * and `count - 1` workers the others (one isolate fewer than a worker per
   * thread, so less memory). Returns undefined when workers cannot run here
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
      if (ready.every(Boolean)) return new ParsePool(workers, createSegmentRunner(setup));
    } catch {
      // fall through
    }
    for (const w of workers) w.terminate();
    return undefined;
  }

  /** Parses all of `chunks` (one input), writing output in order to `out`. */
  async run(
    chunks: AsyncIterable<Uint8Array>,
    out: BatchWriter,
    sink: ParallelSink,
  ): Promise<void> {
    const inFlight: Promise<SegmentResult>[] = [];
    const slots = this.#workers.length + 1;
    const maxInFlight = slots * 2;
    let lineBase = 0;
    let bytes = 0;
    const settle = async (): Promise<void> => {
      const result = await inFlight.shift()!;
      if (this.#failed !== undefined) throw this.#failed;
      for (const bad of result.badLines) sink.badLine(lineBase + bad.line + 1, bad.reason);
      for (const w of result.warnings) sink.warn(w);
      lineBase += result.lines;
      this.printed += result.printed;
      this.lost += result.lost;
      for (const piece of result.output) out.writeBytes(piece);
      await out.drain();
      sink.progress(bytes, this.printed);
    };
    let previous: Segment | undefined;
    let prevTail = new Uint8Array(0);
    const dispatch = (segment: Segment, nextHead: Uint8Array): void => {
      const id = this.#nextId++;
      const task: SegmentTask = { ...segment, id, prevTail, nextHead };
      prevTail = segment.body.slice(segment.tailStart);
      const slot = id % slots;
      if (slot === 0) {
        inFlight.push(Promise.resolve(this.#local(task)));
        return;
      }
      inFlight.push(new Promise((resolve) => this.#waiting.set(id, resolve)));
      this.#workers[slot - 1]!.postMessage(task, [segment.body.buffer as ArrayBuffer]);
    };
    for await (const segment of segments(chunks, SEGMENT_BYTES)) {
      bytes += segment.body.length;
      if (previous !== undefined) {
        dispatch(previous, segment.body.slice(0, segment.headEnd));
        if (inFlight.length >= maxInFlight) await settle();
      }
      previous = segment;
    }
    if (previous !== undefined) dispatch(previous, new Uint8Array(0));
    while (inFlight.length > 0) await settle();
  }

  /** Stops the workers. */
  close(): void {
    for (const w of this.#workers) w.terminate();
  }
}
