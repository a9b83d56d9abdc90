/**
 * One byte range of a log for parallel `libaudit parse` (see `parallel.ts`):
 * reads its bytes, splits, parses and reassembles them, and renders the
 * events that complete inside the range, as one thread would.
 *
 * The reassembler's state at the range's start is rebuilt by replaying a
 * warm-up window of the bytes before it (headers and reassembly only,
 * nothing rendered), or taken from a seed (the exact state a previous range
 * ended with). The result carries the state after the warm-up and the state
 * at the range's end, as canonical strings: the main thread accepts the
 * range only when its start state equals the previous range's end state,
 * and else runs it again from the seed. Events open at the end stay open
 * (the next range renders them), unless the range is the input's last.
 *
 * Loss tracking is not done here: the serials the reassembler would track
 * are logged in order (`serials`) for the main thread to replay through one
 * tracker, and every warning records how many of them came before it.
 *
 * @module
 */
import { type AuditMessage, parseLogLine, Reassembler } from "../../parse/mod.ts";
import { type Chunk, lineStartAt } from "./chunk_plan.ts";
import type { FilterValues } from "../io/filter_options.ts";
import { buildFilter } from "../io/filters.ts";
import { filterContext } from "../io/filter_context.ts";
import { CHUNK_SIZE, LineSplitter } from "../io/input.ts";
import { createInterpreter } from "../io/interpretation.ts";
import { EventJsonCache } from "../../interpret/event_json_cache.ts";
import type { Format } from "../io/output.ts";
import { lineError } from "../io/pipeline.ts";
import { BATCH_REASSEMBLY, type Mode, Printer } from "../io/printer.ts";
import { splitWarning } from "../io/reassembly_warnings.ts";
import { BufferPool, Collector } from "./_collector.ts";
import {
  decodeState,
  EMPTY_STATE,
  encodeState,
  lineOf,
  type RangeOutcome,
  type RangeState,
} from "./range_state.ts";

/** How every range is rendered (the same for all threads). */
export interface RangeSetup {
  /** What is printed. */
  readonly mode: Mode;
  /** Output format. */
  readonly format: Format;
  /** Filter flag values (each thread builds the filter). */
  readonly filters: FilterValues;
  /** Resolve ids to names (interpret mode). */
  readonly resolveIds: boolean;
}

/** One range to run. */
export interface RangeTask {
  /** The range. */
  readonly chunk: Chunk;
  /** Bytes before the range replayed to rebuild the state at its start (0: none). */
  readonly warmup: number;
  /** The exact state at the range's start (a previous range's `endState`), instead of a warm-up. */
  readonly seed?: RangeState | undefined;
  /** No bytes: only emit the events open in `seed` (the end of the input). */
  readonly flush?: boolean;
}

/** Kinds of {@linkcode RangeWarning}. */
export const BAD_LINE = 0, NOTICE = 1, WARNING = 2;

/** A warning of a range, in its one-thread order. */
export interface RangeWarning {
  /** {@linkcode BAD_LINE} (`line`: its number), {@linkcode NOTICE} (reading) or {@linkcode WARNING}. */
  readonly kind: number;
  /** 1-based line number within the range (bad lines and notices), else 0. */
  readonly line: number;
  /** The text (a bad line's reason; a notice names its range-relative line). */
  readonly text: string;
  /** How many logged serials came before it. */
  readonly at: number;
}

/**
 * The serials a range's reassembler would have tracked for loss, in order,
 * as runs: a few numbers per range where one per event made arrays that
 * lived as long as the range, reached V8's old generation and were a third
 * of what a range left there for full collections.
 */
export interface SerialLog {
  /**
   * Triples `code, first, count`. An even `code` is `2 * node index` and the
   * run is the `count` serials `first, first + 1, …` of that node; an odd
   * code (`2 * node index + 1`) is an auditd restart of the node (first 0,
   * count 1).
   */
  readonly runs: number[];
  /** The nodes by index. */
  readonly nodes: (string | undefined)[];
  /** Serials and restarts in all (the sum of the counts). */
  readonly count: number;
}

/** What running a {@linkcode RangeTask} gives. */
export interface RangeResult extends RangeOutcome {
  /** The chunk's index. */
  readonly index: number;
  /** Rendered output, UTF-8. */
  readonly output: Uint8Array[];
  /** Events (or records) printed. */
  readonly printed: number;
  /** Lines in the range (for the line numbers of later ranges of the file). */
  readonly lines: number;
  /** Byte offset where the range ended. */
  readonly end: number;
  /** Warnings, in order. */
  readonly warnings: RangeWarning[];
  /** Serials for loss tracking. */
  readonly tracked: SerialLog;
  /** Serials split in the range (reassembly stats). */
  readonly splitSerials: number;
  /** Pieces of split serials emitted in the range. */
  readonly splitEvents: number;
}

/** Reads `[from, to)` of `file` (`to` undefined: to its end) into `buffer`, grown as needed. */
function readRange(
  file: Deno.FsFile,
  from: number,
  to: number | undefined,
  buffer: Uint8Array,
): Uint8Array {
  file.seekSync(from, Deno.SeekMode.Start);
  if (to !== undefined && buffer.length < to - from) buffer = new Uint8Array(to - from);
  let fill = 0;
  while (to === undefined || fill < to - from) {
    if (fill === buffer.length) {
      const grown = new Uint8Array(Math.max(1 << 20, buffer.length * 2));
      grown.set(buffer);
      buffer = grown;
    }
    const want = to === undefined ? buffer.length : to - from;
    const n = file.readSync(buffer.subarray(fill, want));
    if (n === null || n === 0) break;
    fill += n;
  }
  return buffer.subarray(0, fill);
}

/** The lines of an event for a printer that does not use them (`usesLines`). */
const NO_LINES: string[] = [];

/** Creates the function that runs one range (in a worker or on the main thread). */
export function createRangeRunner(
  s: RangeSetup,
  pool: BufferPool = new BufferPool(),
): (task: RangeTask) => RangeResult {
  const runner = new RangeRunner(s, pool);
  return (task) => runner.run(task);
}

/**
 * Runs the ranges of one thread. Its methods and callbacks are made once,
 * not as closures per range: V8 optimizes each closure of a function made
 * anew (the line loop was optimized again 17 times in 580 ranges) and every
 * range paid for it until then. What belongs to one range is reset by
 * {@linkcode RangeRunner.run}.
 */
class RangeRunner {
  readonly #filter: ReturnType<typeof buildFilter>;
  readonly #interpreter: ReturnType<typeof createInterpreter> | undefined;
  readonly #reassemble: boolean;
  /** One for all ranges of this thread (the printer takes it in interpreted JSON only). */
  readonly #eventJsonCache = new EventJsonCache({ now: Date.now });
  /** The input buffer, reused from range to range. */
  #input = new Uint8Array(0);

  /** The output of the range being run (taken at its end). */
  readonly #out: Collector;
  /** Prints the events of every range of this thread into {@linkcode RangeRunner.#out}. */
  readonly #printer: Printer;

  // The range being run.
  #reassembler: Reassembler<AuditMessage> | undefined;
  #warnings: RangeWarning[] = [];
  /** The serial log's runs (see {@linkcode SerialLog}). */
  #runs: number[] = [];
  /** Serials and restarts logged so far in the range. */
  #logged = 0;
  #nodes: (string | undefined)[] = [];
  #nodeIndex = new Map<string | undefined, number>();
  /** The node {@linkcode RangeRunner.#code} was last asked for (null: none yet) and its code. */
  #lastNode: string | undefined | null = null;
  #lastCode = 0;
  /** Past the warm-up: events are printed and serials logged. */
  #rendering = false;
  #peakOpen = 0;
  /** The serials of the range's records as runs [from, to] of consecutive serials. */
  #serials: number[] = [];
  #runTo = -2;
  #lines = 0;
  #skipped = 0;

  constructor(s: RangeSetup, pool: BufferPool) {
    this.#filter = buildFilter(s.filters, filterContext());
    this.#interpreter = s.mode === "interpret"
      ? createInterpreter({ resolveIds: s.resolveIds })
      : undefined;
    this.#reassemble = s.mode !== "raw" || this.#filter !== undefined;
    this.#out = new Collector(pool);
    this.#printer = new Printer({
      mode: s.mode,
      format: s.format,
      out: this.#out,
      filter: this.#filter,
      interpreter: this.#interpreter,
      eventJsonCache: this.#eventJsonCache,
      warn: this.#warning,
      onLost: () => {},
    });
  }

  #warn(kind: number, line: number, text: string): void {
    this.#warnings.push({ kind, line, text, at: this.#logged });
  }

  readonly #warning = (m: string): void => this.#warn(WARNING, 0, m);

  readonly #notice = (m: string): void => {
    this.#skipped++;
    this.#warn(NOTICE, this.#lines + this.#skipped, m);
  };

  /**
   * The splitters of the warm-up and of the range itself, reset for each
   * range: new ones grew new join buffers (64 KiB and more) every range, and
   * those external bytes doubled the full collections of the range path.
   */
  readonly #warmUpSplitter = new LineSplitter();
  readonly #splitter = new LineSplitter(this.#notice);

  #code(node: string | undefined): number {
    // Most logs have one node: no map lookup per event for it.
    if (node === this.#lastNode) return this.#lastCode;
    let i = this.#nodeIndex.get(node);
    if (i === undefined) {
      i = this.#nodes.push(node) - 1;
      this.#nodeIndex.set(node, i);
    }
    this.#lastNode = node;
    return this.#lastCode = 2 * i;
  }

  readonly #onEvent = (records: AuditMessage[], info: { part: number }): void => {
    if (!this.#rendering) return;
    const printer = this.#printer;
    if (info.part === 1) {
      this.#warn(WARNING, 0, splitWarning(records[0]!, this.#reassembler!.maxRecords));
    }
    printer.printEvent(records, printer.usesLines ? records.map(lineOf) : NO_LINES, info.part);
  };

  readonly #logSerials = {
    see: (node: string | undefined, seq: number): void => {
      if (!this.#rendering) return;
      const code = this.#code(node);
      const runs = this.#runs;
      const n = runs.length;
      // The next serial of the last run's node: the run grows.
      if (n > 0 && runs[n - 3] === code && runs[n - 2]! + runs[n - 1]! === seq) runs[n - 1]!++;
      else runs.push(code, seq, 1);
      this.#logged++;
    },
    restart: (node: string | undefined): void => {
      if (!this.#rendering) return;
      this.#runs.push(this.#code(node) + 1, 0, 1);
      this.#logged++;
    },
  };

  /** Runs `task`. */
  run(task: RangeTask): RangeResult {
    const { chunk } = task;
    let bytes: Uint8Array = new Uint8Array(0), start = 0, own = 0;
    if (!task.flush) {
      const file = Deno.openSync(chunk.path, { read: true });
      try {
        start = lineStartAt(file, chunk.from, chunk.size);
        const end = chunk.last ? undefined : lineStartAt(file, chunk.to, chunk.size);
        const warm = this.#reassemble && task.seed === undefined && task.warmup > 0 && start > 0
          ? lineStartAt(file, start - task.warmup, chunk.size)
          : start;
        bytes = readRange(file, warm, end, this.#input);
        this.#input = new Uint8Array(bytes.buffer as ArrayBuffer);
        own = start - warm;
      } finally {
        file.close();
      }
    }

    const printer = this.#printer;
    const printedBefore = printer.stats.printed;
    this.#warnings = [];
    this.#runs = [];
    this.#logged = 0;
    this.#nodes = [];
    this.#nodeIndex = new Map();
    this.#lastNode = null;
    this.#rendering = false;
    this.#peakOpen = 0;
    this.#serials = [];
    this.#runTo = -2;
    this.#lines = 0;
    this.#skipped = 0;
    const reassembler = this.#reassembler = this.#reassemble
      ? new Reassembler<AuditMessage>({
        ...BATCH_REASSEMBLY,
        onEvent: this.#onEvent,
        serials: this.#logSerials,
      })
      : undefined;

    // The warm-up: headers and reassembly only.
    if (reassembler !== undefined && task.seed !== undefined) {
      reassembler.restore(decodeState(task.seed));
    } else if (reassembler !== undefined && own > 0) {
      const splitter = this.#warmUpSplitter;
      splitter.reset();
      for (let at = 0; at < own; at += CHUNK_SIZE) {
        this.#warmUp(splitter.push(bytes.subarray(at, Math.min(own, at + CHUNK_SIZE))));
      }
      this.#warmUp(splitter.end());
    }
    const startState = reassembler === undefined
      ? EMPTY_STATE
      : encodeState(reassembler.snapshot());
    const splitBefore = reassembler?.stats.splitSerials ?? 0;
    const piecesBefore = reassembler?.stats.splitEvents ?? 0;
    const overflowsBefore = reassembler?.stats.completed.overflow ?? 0;

    // The range itself, in the pieces one thread reads (64 KiB at absolute
    // offsets), so that over-long lines are cut where one thread cuts them.
    this.#rendering = true;
    const splitter = this.#splitter;
    splitter.reset();
    const base = start - own; // the file offset of bytes[0]
    for (let at = own; at < bytes.length;) {
      const next = Math.min(
        bytes.length,
        (Math.floor((base + at) / CHUNK_SIZE) + 1) * CHUNK_SIZE - base,
      );
      this.#handle(splitter.push(bytes.subarray(at, next)));
      at = next;
    }
    this.#handle(splitter.end());
    if (task.flush) reassembler?.flush();
    this.#reassembler = undefined;
    return {
      index: chunk.index,
      output: this.#out.take(),
      printed: printer.stats.printed - printedBefore,
      lines: this.#lines + this.#skipped,
      end: start + bytes.length - own,
      warnings: this.#warnings,
      // Plain arrays: typed ones sent to the main thread were garbage outside its heap.
      tracked: { runs: this.#runs, nodes: this.#nodes, count: this.#logged },
      startState,
      endState: reassembler === undefined ? EMPTY_STATE : encodeState(reassembler.snapshot()),
      peakOpen: this.#peakOpen,
      overflows: (reassembler?.stats.completed.overflow ?? 0) - overflowsBefore,
      serials: this.#serials,
      splitSerials: (reassembler?.stats.splitSerials ?? 0) - splitBefore,
      splitEvents: (reassembler?.stats.splitEvents ?? 0) - piecesBefore,
    };
  }

  /** Warm-up lines: parsed headers into the reassembler, nothing printed. */
  #warmUp(batches: { lines: string[] }[]): void {
    const reassembler = this.#reassembler!;
    for (const { lines } of batches) {
      for (const line of lines) {
        if (line.length === 0) continue;
        let m: AuditMessage;
        try {
          m = parseLogLine(line);
        } catch {
          continue;
        }
        reassembler.push(m);
      }
    }
  }

  /** The range's lines: parsed, reassembled (or printed as they come), serials logged. */
  #handle(batches: { lines: string[]; firstLine: number }[]): void {
    const reassembler = this.#reassembler;
    for (const batch of batches) {
      const batchLines = batch.lines;
      this.#lines += batchLines.length;
      for (let i = 0; i < batchLines.length; i++) {
        const line = batchLines[i]!;
        if (line.length === 0) continue;
        let m: AuditMessage;
        try {
          m = parseLogLine(line);
        } catch (error) {
          this.#warn(BAD_LINE, batch.firstLine + i, lineError(error));
          continue;
        }
        if (reassembler === undefined) this.#printer.add(m, line);
        else {
          reassembler.push(m);
          const seq = m.sequence;
          const runTo = this.#runTo;
          if (seq === runTo + 1) this.#serials[this.#serials.length - 1] = this.#runTo = seq;
          else if (seq !== runTo) this.#serials.push(seq, this.#runTo = seq);
          const open = reassembler.stats.open;
          if (open > this.#peakOpen) this.#peakOpen = open;
        }
      }
    }
  }
}
