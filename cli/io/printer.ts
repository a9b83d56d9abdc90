/**
 * The output side shared by `libaudit parse` and `libaudit stream`: takes
 * parsed records one by one and prints them as records, reassembled events or
 * interpreted events, filtered, in text, JSON Lines or YAML.
 *
 * @module
 */
import {
  AUDIT_DAEMON_START,
  type AuditMessage,
  hasKernelSerial,
  Reassembler,
  SequenceTracker,
} from "../../parse/mod.ts";
import { storedJsonLine } from "../../parse/message.ts";
import type { AuditEvent } from "../../interpret/event.ts";
import type { ByteLineTarget, EventJsonCache } from "../../interpret/event_json_cache.ts";
import { reassemblySummary, splitWarning, untrackedWarning } from "./reassembly_warnings.ts";
import type { EventFilter } from "./filters.ts";
import { escapeControl, type Format, toJsonLine, toYamlDocument } from "./output.ts";

/** Where a {@linkcode Printer} writes (a `BatchWriter`, or a collector in a worker). */
export interface TextOut {
  /** Queues `text` for output. */
  write(text: string): void;
  /** Queues `text` and a line break (`write(text + "\n")`), if the output has a faster way. */
  writeLine?(text: string): void;
  /** With {@linkcode TextOut.lineBuffer} and {@linkcode TextOut.lineWritten}: lines written as bytes (see `ByteLineTarget`). */
  lineRoom?(bytes: number): number;
  /** See {@linkcode TextOut.lineRoom}. */
  readonly lineBuffer?: Uint8Array;
  /** See {@linkcode TextOut.lineRoom}. */
  lineWritten?(end: number): void;
}

/** What is printed: each record, each reassembled event, or each interpreted event. */
export type Mode = "raw" | "events" | "interpret";

/** Turns one event's records into an interpreted event (see `cli/interpretation.ts`). */
export interface Interpreter {
  /** The event as a plain object for JSON/YAML. */
  toObject(records: AuditMessage[]): unknown;
  /** The event as one summary line for text output (unescaped). */
  toText(records: AuditMessage[]): string;
  /** Sees an event that is not printed (filtered out), e.g. to keep a process table current. */
  observe?(records: AuditMessage[]): void;
}

/**
 * How a batch input (a file) is reassembled: events complete by their
 * content only, never by the clock. The parallel path (`cli/parallel/parallel.ts`) uses
 * the same, so that it groups events exactly as one thread does.
 */
export const BATCH_REASSEMBLY: {
  readonly maxInFlight: number;
  readonly timeout: number;
  readonly now: () => number;
} = { maxInFlight: 64, timeout: Number.POSITIVE_INFINITY, now: () => 0 };

/** Options of a {@linkcode Printer}. */
export interface PrinterOptions {
  /** What is printed. */
  readonly mode: Mode;
  /** The output format. */
  readonly format: Format;
  /** Where output goes. */
  readonly out: TextOut;
  /** Only events this accepts are printed (needs reassembly even in raw mode). */
  readonly filter?: EventFilter | undefined;
  /** Needed in `interpret` mode. */
  readonly interpreter?: Interpreter | undefined;
  /** Warnings (interpretation failures, lost events) go here. */
  readonly warn: (message: string) => void;
  /** Live input: events complete after `timeout` ms by the clock (files: only by content). */
  readonly live?: boolean;
  /**
   * Events also complete after being open 2 s by the clock (a pipe), while
   * losses are counted as for files (`live` implies it).
   */
  readonly timeouts?: boolean;
  /** Most events open at once in the reassembler. */
  readonly maxInFlight?: number;
  /**
   * Called when serials are found missing, and with a negative `count` when
   * serials already reported arrive late after all (a correction). Default:
   * a warning, and a `{"type":"lost",...}` record in JSON output.
   */
  readonly onLost?: (count: number, from: number, node: string | undefined) => void;
  /**
   * Receives the raw log lines of the events the filter left out (laurel's
   * filterlog), so that nothing vanishes unseen.
   */
  readonly rejected?: TextOut | undefined;
  /**
   * Count serial gaps in raw mode too (records printed one by one, without
   * reassembly), as the other modes do.
   */
  readonly rawGaps?: boolean;
  /**
   * Interpreted JSON output: reuses the JSON of an event whose records repeat
   * those of an earlier one but for their headers and SYSCALL arguments and
   * pids (see {@linkcode EventJsonCache}). Only when the interpreter's result
   * depends on the records alone (and the user database), not on process
   * context. One cache may serve several printers in turn.
   */
  readonly eventJsonCache?: EventJsonCache | undefined;
  /**
   * Text output keeps the `\x1d` that separates an ENRICHED line's
   * interpretations (auditd's log format) instead of escaping it.
   */
  readonly enrichedSeparator?: boolean;
}

/** Counters of a {@linkcode Printer}. */
export interface PrinterStats {
  /** Records received. */
  records: number;
  /** Events (or records in raw mode) printed. */
  printed: number;
  /** Events that failed to interpret (printed raw instead). */
  failed: number;
  /** Sequences the reassembler found missing (net of those that arrived late after all). */
  lost: number;
  /** Events the filter left out. */
  filtered: number;
}

/**
 * Prints records, reassembled events or interpreted events. Call
 * {@linkcode Printer.add} per record and {@linkcode Printer.finish} at the
 * end (or on a signal) to emit the events still open.
 */
export class Printer {
  readonly #options: PrinterOptions;
  readonly #reassembler: Reassembler<Entry | AuditMessage> | undefined;
  /** Whether records carry their log line (text output needs it; JSON/YAML do not). */
  readonly #keepLine: boolean;
  /** Raw mode's serial trackers by node (`rawGaps`). */
  readonly #trackers: Map<string | undefined, SequenceTracker> | undefined;
  /** Interpreted events' JSON by their records' text (`eventJsonCache`). */
  readonly #jsonCache: EventJsonCache | undefined;
  /** The output, when kept events' JSON lines can be written into it as bytes. */
  readonly #byteOut: ByteLineTarget | undefined;
  readonly stats: PrinterStats = { records: 0, printed: 0, failed: 0, lost: 0, filtered: 0 };

  /** Creates a printer. */
  constructor(options: PrinterOptions) {
    this.#options = options;
    this.#keepLine = options.format === "text" || options.rejected !== undefined;
    const needEvents = options.mode !== "raw" || options.filter !== undefined;
    if (options.mode === "interpret" && options.interpreter === undefined) {
      throw new TypeError("interpret mode needs an interpreter");
    }
    this.#reassembler = needEvents
      ? new Reassembler<Entry | AuditMessage>({
        onEvent: (records, info) => {
          if (info.part === 1) {
            options.warn(splitWarning(records[0]!, this.#reassembler!.maxRecords));
          }
          this.#event(records, info.part);
        },
        onUntracked: (u) => {
          if (u.untracked === 1) options.warn(untrackedWarning(u));
        },
        onLost: (lost) => {
          this.stats.lost += lost.count;
          (options.onLost ?? this.#lost.bind(this))(lost.count, lost.from, lost.node);
        },
        onRecovered: (late) => {
          this.stats.lost -= late.count;
          (options.onLost ?? this.#lost.bind(this))(-late.count, late.from, late.node);
        },
        maxInFlight: options.maxInFlight ?? BATCH_REASSEMBLY.maxInFlight,
        ...(options.live
          ? LIVE_LOSS
          : options.timeouts
          ? {}
          : { timeout: BATCH_REASSEMBLY.timeout, now: BATCH_REASSEMBLY.now }),
      })
      : undefined;
    this.#trackers = this.#reassembler === undefined && options.rawGaps ? new Map() : undefined;
    this.#jsonCache = options.mode === "interpret" && options.format === "json"
      ? options.eventJsonCache
      : undefined;
    const out = options.out;
    this.#byteOut = out.lineRoom !== undefined && out.lineWritten !== undefined
      ? out as ByteLineTarget
      : undefined;
  }

  /**
   * Whether {@linkcode add} prints or keeps the `line` it is given (text
   * output, or the rejected events' lines); otherwise any string will do.
   */
  get usesLines(): boolean {
    return this.#keepLine;
  }

  /** Raw mode: tracks `message`'s serial (see `rawGaps`). */
  #track(message: AuditMessage): void {
    const type = message.recordType;
    const node = message.node;
    let tracker = this.#trackers!.get(node);
    if (type === AUDIT_DAEMON_START) tracker?.restart();
    if (!hasKernelSerial(type)) return;
    if (tracker === undefined) {
      const live = this.#options.live;
      const report = this.#options.onLost ?? this.#lost.bind(this);
      tracker = new SequenceTracker(live ? LIVE_LOSS.lossPatience : 64, {
        delay: live ? LIVE_LOSS.lossDelay : 0,
        maxGaps: live ? LIVE_LOSS.maxGaps : 4096,
        onLost: (count, from) => {
          this.stats.lost += count;
          report(count, from, node);
        },
        onRecovered: (count, from) => {
          this.stats.lost -= count;
          report(-count, from, node);
        },
      });
      this.#trackers!.set(node, tracker);
    }
    tracker.see(message.sequence, this.#options.live ? Date.now() : 0);
  }

  /** Adds one record; `line` is its auditd log line (printed in raw text output). */
  add(message: AuditMessage, line: string): void {
    this.stats.records++;
    if (this.#reassembler === undefined) {
      if (this.#trackers !== undefined) this.#track(message);
      this.stats.printed++;
      this.#options.out.write(this.#renderRecord(message, line));
      return;
    }
    this.#reassembler.push(
      this.#keepLine
        ? {
          recordType: message.recordType,
          sequence: message.sequence,
          timestamp: message.timestamp,
          node: message.node,
          message,
          line,
        }
        : message,
    );
  }

  /**
   * Prints one event reassembled elsewhere (the parallel path reassembles
   * on the main thread): `lines` are its records' log lines.
   */
  printEvent(records: AuditMessage[], lines: string[], part = 0): void {
    this.stats.records += records.length;
    if (!this.#keepLine) {
      this.#event(records, part);
      return;
    }
    this.#event(
      records.map((message, i) => ({
        recordType: message.recordType,
        sequence: message.sequence,
        timestamp: message.timestamp,
        node: message.node,
        message,
        line: lines[i]!,
      })),
      part,
    );
  }

  /** Completes events that have been open too long (live input; call from a timer). */
  tick(): void {
    this.#reassembler?.tick();
    if (this.#trackers !== undefined) {
      const now = Date.now();
      for (const tracker of this.#trackers.values()) if (tracker.openGaps > 0) tracker.expire(now);
    }
  }

  /** Emits every open event and reports remaining gaps (and what reassembly could not do). */
  finish(): void {
    if (this.#trackers !== undefined) {
      for (const tracker of this.#trackers.values()) tracker.settle();
    }
    if (this.#reassembler === undefined) return;
    this.#reassembler.flush();
    for (const line of reassemblySummary(this.#reassembler.stats)) this.#options.warn(line);
  }

  #renderRecord(message: AuditMessage, line: string): string {
    switch (this.#options.format) {
      case "text": {
        const sep = this.#options.enrichedSeparator ? line.indexOf("\x1d") : -1;
        if (sep === -1) return escapeControl(line) + "\n";
        return escapeControl(line.slice(0, sep)) + "\x1d" + escapeControl(line.slice(sep + 1)) +
          "\n";
      }
      case "json":
        return storedJsonLine(message);
      case "yaml":
        return toYamlDocument(message.toJSON());
    }
  }

  /** `part`: the piece number of a split serial (0: a whole event), see `EventInfo.part`. */
  #event(items: (Entry | AuditMessage)[], part = 0): void {
    const { filter, mode, out, format } = this.#options;
    // Text output keeps each record's line; otherwise the items are the messages.
    const lines = this.#keepLine ? (items as Entry[]).map((e) => e.line) : undefined;
    const records = this.#keepLine
      ? (items as Entry[]).map((e) => e.message)
      : items as AuditMessage[];
    if (filter !== undefined && !filter(records)) {
      this.stats.filtered++;
      if (mode === "interpret") this.#options.interpreter?.observe?.(records);
      const rejected = this.#options.rejected;
      if (rejected !== undefined) { for (const l of lines!) rejected.write(l + "\n"); }
      return;
    }
    this.stats.printed++;
    if (mode === "raw") {
      for (let i = 0; i < records.length; i++) {
        out.write(this.#renderRecord(records[i]!, lines?.[i] ?? ""));
      }
      return;
    }
    if (mode === "events") {
      out.write(this.#renderEvent(records, lines, part));
      return;
    }
    const interpreter = this.#options.interpreter!;
    try {
      if (format === "text") out.write(escapeControl(interpreter.toText(records)) + "\n");
      else if (format === "json") {
        const cache = this.#jsonCache;
        let json: string | undefined;
        if (cache !== undefined && cache.find(records)) {
          const bytes = this.#byteOut;
          if (bytes !== undefined && cache.writeFound(bytes)) return;
          json = cache.foundJson();
        } else {
          const event = interpreter.toObject(records);
          json = JSON.stringify(event);
          cache?.offer(records, event as AuditEvent, json);
        }
        if (out.writeLine !== undefined) out.writeLine(json);
        else out.write(json + "\n");
      } else out.write(toYamlDocument(interpreter.toObject(records)));
    } catch (error) {
      this.stats.failed++;
      const first = records[0]!;
      this.#options.warn(
        `event ${first.sequence}: cannot interpret (${
          error instanceof Error ? error.message : String(error)
        }); printed as records`,
      );
      out.write(this.#renderEvent(records, lines, part));
    }
  }

  #renderEvent(records: AuditMessage[], lines: string[] | undefined, part: number): string {
    switch (this.#options.format) {
      case "text":
        return "----\n" + (lines ?? []).map((l) => escapeControl(l) + "\n").join("");
      case "json":
        return toJsonLine(eventObject(records, part));
      case "yaml":
        return toYamlDocument(eventObject(records, part));
    }
  }

  #lost(count: number, from: number, node: string | undefined): void {
    const where = node === undefined ? "" : ` from node ${node}`;
    this.#options.warn(
      count < 0
        ? `${-count} event(s)${where} reported lost arrived late (sequence ${from}): not lost`
        : `lost ${count} event(s)${where} starting at sequence ${from}`,
    );
    if (this.#options.format === "json") {
      this.#options.out.write(
        toJsonLine({ type: "lost", count, from, ...(node === undefined ? {} : { node }) }),
      );
    }
  }
}

/**
 * Loss accounting for live input. Under load the kernel resends records it
 * could not deliver from a retry queue, after up to a backlog's worth
 * (thousands) of newer ones, so a missing serial only counts as lost once
 * 16384 newer serials have arrived and 10 s have passed (or at the end);
 * one arriving later still is reported as a correction (negative count).
 * Real losses are also reported at once by the kernel's lost counter and
 * the client's drop counters.
 */
const LIVE_LOSS = { lossPatience: 16384, lossDelay: 10_000, maxGaps: 16384 } as const;

/** A record, its log line, and what the reassembler needs (text output). */
interface Entry {
  readonly recordType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly node: string | undefined;
  readonly message: AuditMessage;
  readonly line: string;
}

/** A reassembled event: its time, serial, node, piece number if split, and records in the stored shape. */
function eventObject(records: readonly AuditMessage[], part: number): unknown {
  const first = records[0]!;
  return {
    "@timestamp": new Date(first.timestamp).toISOString(),
    sequence: first.sequence,
    ...(first.node === undefined ? {} : { node: first.node }),
    // A piece of a serial with too many records for one event (1, 2, …).
    ...(part === 0 ? {} : { part }),
    records: records.map((r) => r.toJSON()),
  };
}
