/**
 * A whole aureport run over one or more log files: event assembly across
 * the files, the report's per-event work, per-file time ranges, and the
 * final text — written through a callback as aureport writes it.
 *
 * @module
 */
import { compactEvents, type ReportConfig, ReportEngine, textReader } from "./engine.ts";
import { EventGrouper } from "./grouper.ts";
import type { IfName, UidName } from "./lookup.ts";
import type { DetailRow } from "./rows.ts";
import {
  DetailPrinter,
  type FormatTime,
  type RunRange,
  timeRangeLine,
  title,
  wrapUp,
} from "./text.ts";
import type { ReportEvent } from "./types.ts";

/** The facts a run needs from its host. */
export interface RunEnvironment {
  /** uid → user name (the user database). */
  readonly uidName: UidName;
  /** `if_indextoname` (link-local IPv6 scopes print as numbers without it). */
  readonly ifName?: IfName;
  /** `strftime("%x %T")` in the reader's zone and locale. */
  readonly formatTime: FormatTime;
  /** End of event timeout in seconds. */
  readonly eoeTimeout: number;
  /** Receives the report text, in order. */
  readonly write: (text: string) => void;
  /** Warnings (bad lines, malformed events), with `file:line`. */
  readonly warn?: (message: string) => void;
  /** Receives each selected event's detailed rows (for JSON and pictures). */
  readonly onRows?: (rows: readonly DetailRow[]) => void;
  /** Receives every assembled event in the time range (for pictures). */
  readonly onEvent?: (event: ReportEvent) => void;
}

/** One aureport run. */
export class AureportRun {
  /** The per-event work and totals. */
  readonly engine: ReportEngine;
  readonly #env: RunEnvironment;
  readonly #grouper: EventGrouper;
  readonly #printer: DetailPrinter;
  #first: { sec: number; milli: number } | undefined;
  #last: { sec: number; milli: number } | undefined;
  #veryLast = { sec: 0, milli: 0 };
  /** Each file's first and last event (for `-t`), as formatted times. */
  readonly files: { file: string; first?: string; last?: string }[] = [];
  /** Lines skipped for having no time stamp. */
  badLines = 0;
  /** The title said the report is unimplemented (aureport exits 1). */
  readonly unimplemented: boolean;

  /** Starts a run: writes the title. */
  constructor(config: ReportConfig, env: RunEnvironment) {
    this.#env = env;
    this.engine = new ReportEngine(config, env.uidName, env.ifName);
    this.engine.onMalformed = (where, code) =>
      env.warn?.(`${where}: malformed event skipped as aureport does (parser code ${code})`);
    this.#printer = new DetailPrinter(config.escape, env.formatTime);
    this.#grouper = new EventGrouper({
      eoeTimeout: env.eoeTimeout,
      startTime: config.startTime,
      endTime: config.endTime,
      onEvent: (ev) => this.#event(ev),
      onBadLine: (file, line, reason) => {
        this.badLines++;
        env.warn?.(`${file}:${line}: line skipped: ${reason}`);
      },
      keepText: env.onEvent === undefined ? textReader(this.engine) : undefined,
      // Pictures keep events.
      compact: env.onEvent === undefined && compactEvents(this.engine),
    });
    const t = title(config);
    this.unimplemented = t.unimplemented;
    env.write(t.text);
  }

  #event(ev: ReportEvent): void {
    const kind = this.engine.config.kind;
    if (kind === "time" || kind === "summary") {
      // The event object may be reused: copy.
      this.#first ??= { sec: ev.e.sec, milli: ev.e.milli };
      const last = this.#last ??= { sec: 0, milli: 0 };
      last.sec = ev.e.sec;
      last.milli = ev.e.milli;
    }
    this.#env.onEvent?.(ev);
    const rows = this.engine.process(ev);
    if (rows.length === 0) return;
    this.#env.onRows?.(rows);
    let text = "";
    for (const row of rows) text += this.#printer.format(row);
    this.#env.write(text);
  }

  /** Starts reading a file (or stdin). */
  beginFile(): void {
    this.#first = undefined;
    this.#last = undefined;
  }

  /** Feeds one line (without its newline), line number `line` of `file`. */
  line(text: string, file: string, line: number): void {
    this.#grouper.addLine(text, file, line);
  }

  /**
   * Feeds a run of whole lines of `file` (the last one may lack its
   * newline), the first being line `firstLine`; returns the next line's
   * number. `bytes`: the run as read, when the caller has it (read faster
   * than the text when it is ASCII; not kept).
   */
  lines(text: string, file: string, firstLine: number, bytes?: Uint8Array): number {
    const g = this.#grouper;
    g.beginText(text, bytes);
    let no = firstLine;
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf("\n", start);
      if (nl === -1) nl = text.length;
      g.addFrom(start, nl, file, no++);
      start = nl + 1;
    }
    return no;
  }

  /** Ends a file; `last` completes every open event. Writes the `-t` line for it. */
  endFile(name: string, last: boolean): void {
    if (last) this.#grouper.terminate();
    this.#veryLast = this.#last ?? { sec: 0, milli: 0 };
    const ms = (m: number): string => String(m).padStart(3, "0");
    const f = this.#env.formatTime;
    this.files.push(
      this.#first === undefined || this.#last === undefined ? { file: name } : {
        file: name,
        first: `${f(this.#first.sec)}.${ms(this.#first.milli)}`,
        last: `${f(this.#last.sec)}.${ms(this.#last.milli)}`,
      },
    );
    if (this.engine.config.kind === "time" && !this.engine.config.summary) {
      this.#env.write(timeRangeLine(name, this.#first, this.#last, this.#env.formatTime));
    }
  }

  /** The range of events the run saw (`very_first_event`, `very_last_event`). */
  get range(): RunRange {
    return { first: this.#grouper.veryFirst, last: this.#veryLast };
  }

  /** Writes the end of the report and returns aureport's exit status. */
  finish(): number {
    const c = this.engine.config;
    if (!this.engine.found && !c.summary && c.kind !== "time") {
      this.#env.write("<no events of interest were found>\n\n");
      return 1;
    }
    this.#env.write(
      wrapUp(
        this.engine,
        { first: this.#grouper.veryFirst, last: this.#veryLast },
        this.#env.formatTime,
      ),
    );
    return 0;
  }
}
