/**
 * One byte range of parallel `libaudit search` (see `search_threads.ts`),
 * run whole by one thread: group its lines, test and write the events they
 * complete, and tell the grouper's open events at its start and end.
 *
 * An event is written by the range holding the line that completed it (the
 * line that opened a later event, or the input's end for the last range),
 * so the ranges' outputs, in order, are one thread's output when each range
 * starts from the state one thread has there. A range rebuilds that state
 * from a warm-up window before it (events open at a cut began at most the
 * end-of-event timeout before it) and reports it; the caller compares it with
 * the previous range's end state and, when they differ, runs the range again
 * from that exact state (its `seed`: the open events' lines, by offset).
 *
 * @module
 */
import { EventGrouper, TIED } from "../../interpret/search/group.ts";
import type { GroupedEvent } from "../../interpret/search/grouped_event.ts";
import { ByteSink } from "../../interpret/search/format.ts";
import type { SearchOptions } from "../../interpret/search/options.ts";
import { auditNameToMsgType } from "../../interpret/report/msg_types.ts";
import { readLogBytes } from "../io/audit_log_read.ts";
import type { Chunk } from "./chunk_plan.ts";
import { lineStartAt } from "./chunk_plan.ts";
import { eventTest, eventWriter, type IdTables } from "../io/search_emit.ts";
import type { EventFormatter } from "../commands/search_interpret.ts";

/** An open event at a cut: its lines' byte ranges in the file, and whether it was complete. */
export interface OpenEvent {
  /** Whether no later record could join it. */
  readonly complete: boolean;
  /** Start and end offset of each line, in order. */
  readonly lines: readonly number[];
}

/** What a range runs. */
export interface SearchRangeTask {
  /** The range. */
  readonly chunk: Chunk;
  /** Bytes of warm-up window before it (0: none; ignored with a seed). */
  readonly warmup: number;
  /** The exact open events at its start (a rerun). */
  readonly seed?: readonly OpenEvent[];
  /**
   * Start at this line start instead, run to the end of the file and finish
   * every event, with no refusal of ties (the rest, after a tie).
   */
  readonly resumeAt?: number;
}

/** What a range gives back. */
export interface SearchRangeResult {
  /** The range's place in the plan. */
  readonly index: number;
  /** What it wrote, in order. */
  readonly output: Uint8Array[];
  /** Lines without a header: line number within the range (from 1), and why. */
  readonly bad: [number, string][];
  /** Lines in the range. */
  readonly lines: number;
  /** Whether any event matched. */
  readonly found: boolean;
  /** Its start state ({@linkcode stateKey} of the open events). */
  readonly start: string;
  /** The open events at its end (none after the last range). */
  readonly end: OpenEvent[];
  /**
   * Where the range stopped, at a line that would have opened an event while
   * another with the same time and serial was open (see
   * `EventGrouper.stopOnTie`): its output and lines are those before it.
   */
  readonly tiedAt: number | undefined;
}

/** How a run is set up (the same on every thread). */
export interface SearchRangeSetup {
  /** The file. */
  readonly path: string;
  /** The search. */
  readonly options: SearchOptions;
  /** The end-of-event timeout. */
  readonly eoeTimeout: number;
  /** Escape raw records' control characters (stdout is a terminal). */
  readonly rawToTerminal: boolean;
}

/** Comparable text of a state. */
export function stateKey(state: readonly OpenEvent[]): string {
  return JSON.stringify(state);
}

const OUT_BYTES = 1 << 18;

/** Runs ranges of one search (one per call). */
export class SearchRangeRunner {
  readonly #setup: SearchRangeSetup;
  readonly #matches: (event: GroupedEvent) => boolean;
  readonly #format: EventFormatter | undefined;

  /**
   * @param setup The search.
   * @param ids User and group tables.
   * @param format The text formatter (`-i`), if any.
   */
  constructor(setup: SearchRangeSetup, ids: IdTables, format: EventFormatter | undefined) {
    this.#setup = setup;
    this.#matches = eventTest(setup.options, ids);
    this.#format = format;
  }

  /**
   * Runs one range; its output goes to `into` when given (the range whose
   * turn it is, with its exact start state), else into the result.
   */
  async run(task: SearchRangeTask, into?: ByteSink): Promise<SearchRangeResult> {
    const { path, options } = this.#setup;
    const chunk = task.chunk;
    const resume = task.resumeAt;
    const last = chunk.last || resume !== undefined;
    let from: number;
    let to: number;
    let warm: number;
    const file = Deno.openSync(path);
    // Where each run of lines starts in the file.
    const bases = new WeakMap<Uint8Array, number>();
    const grouper = new EventGrouper({
      eoeTimeout: this.#setup.eoeTimeout,
      start: options.criteria.start,
      end: options.criteria.end,
      typeNumber: auditNameToMsgType,
      recycle: true,
    });
    let startKey: string;
    try {
      from = resume ?? (chunk.first ? 0 : lineStartAt(file, chunk.from, chunk.size));
      to = last ? Infinity : lineStartAt(file, chunk.to, chunk.size);
      warm = from;
      if (task.seed !== undefined) {
        seedGrouper(file, grouper, task.seed, bases);
        startKey = stateKey(task.seed);
      } else {
        if (task.warmup > 0 && from > 0) {
          warm = lineStartAt(file, Math.max(0, from - task.warmup), chunk.size);
        }
        startKey = "";
      }
    } finally {
      file.close();
    }
    const input = { name: path, path, last: true };
    const reusable = (buffer: ArrayBufferLike): boolean => !grouper.holds(buffer);
    const checkControls = options.format === "default";
    // The warm-up: events it completes belong to the ranges before.
    if (warm < from) {
      const skip = (): void => {};
      for await (const run of readLogBytes(input, { offset: warm, end: from, reusable })) {
        const buf = run.bytes;
        bases.set(buf, run.offset - buf.length);
        grouper.addRun(buf, skip, checkControls);
      }
    }
    if (task.seed === undefined) startKey = stateKey(openState(grouper, bases));
    grouper.stopOnTie = resume === undefined;
    const output: Uint8Array[] = [];
    const sink = into ?? new ByteSink((b) => output.push(b.slice()), OUT_BYTES);
    const write = eventWriter(options, this.#format, this.#setup.rawToTerminal, sink);
    const matches = this.#matches;
    let found = false;
    const emit = (event: GroupedEvent): void => {
      if (!matches(event)) return;
      found = true;
      write(event);
    };
    const bad: [number, string][] = [];
    let lineNo = 1;
    let tiedAt: number | undefined;
    for await (const run of readLogBytes(input, { offset: from, end: to, reusable })) {
      const buf = run.bytes;
      const base = run.offset - buf.length;
      bases.set(buf, base);
      const first = lineNo;
      lineNo += grouper.addRun(buf, emit, checkControls, (n, at, problem) => {
        if (problem === TIED) {
          tiedAt = base + at;
          return true;
        }
        bad.push([first + n, problem.reason]);
        return false;
      });
      if (tiedAt !== undefined) break;
    }
    const endState = last || tiedAt !== undefined ? [] : openState(grouper, bases);
    if (last && tiedAt === undefined) grouper.finish(emit);
    if (into === undefined) sink.flush();
    return {
      index: chunk.index,
      output,
      bad,
      lines: lineNo - 1,
      found,
      start: startKey,
      end: endState,
      tiedAt,
    };
  }
}

/** The grouper's open events by file offsets. */
function openState(grouper: EventGrouper, bases: WeakMap<Uint8Array, number>): OpenEvent[] {
  return grouper.openEvents().map((e) => {
    const lines: number[] = [];
    for (let i = 0; i < e.count; i++) {
      const base = bases.get(e.bufs[i]!)!;
      lines.push(base + e.offs[3 * i]!, base + e.offs[3 * i + 1]!);
    }
    return { complete: e.complete, lines };
  });
}

/** Opens the events of `seed` in `grouper`, their lines read again from `file`. */
function seedGrouper(
  file: Deno.FsFile,
  grouper: EventGrouper,
  seed: readonly OpenEvent[],
  bases: WeakMap<Uint8Array, number>,
): void {
  if (seed.length === 0) return;
  let lo = Infinity;
  let hi = 0;
  for (const e of seed) {
    for (let i = 0; i < e.lines.length; i += 2) {
      lo = Math.min(lo, e.lines[i]!);
      hi = Math.max(hi, e.lines[i + 1]!);
    }
  }
  // One read of the span that holds them (they are recent: a few MB).
  const buf = new Uint8Array(hi - lo);
  file.seekSync(lo, Deno.SeekMode.Start);
  for (let off = 0; off < buf.length;) {
    const n = file.readSync(buf.subarray(off));
    if (n === null || n === 0) break;
    off += n;
  }
  bases.set(buf, lo);
  for (const e of seed) {
    const lines = [];
    for (let i = 0; i < e.lines.length; i += 2) {
      lines.push({ buf, start: e.lines[i]! - lo, end: e.lines[i + 1]! - lo });
    }
    grouper.adopt(lines, e.complete);
  }
}
