/**
 * `libaudit report`: aureport's reports, with aureport's options and text,
 * plus JSON, a terminal chart and a self-contained HTML page.
 *
 * @module
 */
import { AUREPORT_USAGE, parseReportArgs, REPORT_HELP } from "../../interpret/report/options.ts";
import { AureportRun } from "../../interpret/report/run.ts";
import type { DetailRow } from "../../interpret/report/rows.ts";
import { escapeControl } from "../io/output.ts";
import { type AuditLogSelection, AuditLogsError, selectAuditLogs } from "../io/audit_logs.ts";
import { readLogBytes } from "../io/audit_log_read.ts";
import { timeOption } from "../../interpret/search/time.ts";
import { DetailPrinter, title, wrapUp } from "../../interpret/report/text.ts";
import { ReportEngine } from "../../interpret/report/engine.ts";
import { absorbShard, shardsAgree } from "../../interpret/report/shard.ts";
import { passwdLookup, runShards, type ShardedRun } from "../parallel/report_shards.ts";
import { interfaceNames } from "../host/interfaces.ts";
import type { ReportArgs } from "../../interpret/report/options.ts";
import { InsightCollector } from "../../interpret/report/insights.ts";
import { type ChartOptions, renderChart } from "../../interpret/report/chart.ts";
import { renderHtml } from "../../interpret/report/html.ts";
import { jsonReport } from "../../interpret/report/json.ts";
import type { ReportEvent } from "../../interpret/report/types.ts";
import { envVar, readTextFileOrUndefined } from "../host/system.ts";
import { LocalClock } from "../../interpret/auparse/time.ts";

const AUREPORT_VERSION = "3.0.9";

/** The process's zone (TZ), as glibc's `localtime` reads it. */
const CLOCK = new LocalClock();

/**
 * `strftime("%x %T")` in the C locale, in the process's zone (TZ); "?" where
 * glibc's localtime fails (the year does not fit an int), as aureport prints
 * (see {@linkcode LocalClock.ausearchTime}: far times and glibc's last rule year).
 */
export function formatTimeC(sec: number): string {
  return CLOCK.ausearchTime(sec);
}

/**
 * Whether to read `path` with two threads: only when `LIBAUDIT_REPORT_THREADS=2`.
 * The measurements that made one thread the default (0.60 against 0.93 s on
 * the 62 MiB RAW corpus, twice the CPU) ran with a worker window too short
 * for that log (2 MiB, under 2 s of its events): the halves never agreed and
 * the file was read again. With the window chosen by time (cli/parallel/report_shards.ts),
 * the halves agree, and two threads still cost more than they save on a busy
 * machine (load 7–8, 7 pairs: 2.99 against 2.26 s wall, 1.31 against 0.92 s
 * CPU: the second isolate compiles the same code again).
 */
function twoThreads(): boolean {
  return envVar("LIBAUDIT_REPORT_THREADS") === "2";
}

/**
 * Bytes read (and decoded into one string) at a time. Each decoded run is a
 * large object with fresh pages; 1 MiB runs cost less than 256 KiB ones
 * (corpus40 RAW `report`, 9 and 5 alternating runs: main thread 0.43 -> 0.40
 * s CPU, process 0.67 -> 0.61 s) for about 11 MiB more peak memory.
 */
const READ_SIZE = 1 << 20;

/** Seconds since boot, for `-ts boot`. */
function uptime(): number | undefined {
  const text = readTextFileOrUndefined("/proc/uptime");
  const v = text === undefined ? NaN : parseFloat(text);
  return Number.isFinite(v) ? v : undefined;
}

/** `[label, value]` pairs of the summary report's "Label: value" lines. */
function summaryLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split("\n")) {
    const i = line.lastIndexOf(": ");
    if (i > 0) out.push([line.slice(0, i).replace(/^Number of /, ""), line.slice(i + 2)]);
  }
  return out;
}

/** The chart's width and colors: the terminal's, plain text when not a terminal or NO_COLOR. */
function chartOptions(): ChartOptions {
  const tty = Deno.stdout.isTerminal();
  let width = 80;
  if (tty) {
    try {
      width = Deno.consoleSize().columns;
    } catch {
      width = 80;
    }
  }
  const noColor = (envVar("NO_COLOR") ?? "") !== "";
  return { width, color: tty && !noColor, formatTime: formatTimeC };
}

/** Prints the merged result of a parallel run; returns the exit status. */
function printSharded(
  a: ReportArgs,
  run: ShardedRun,
  path: string,
  out: (s: string) => void,
  warn: (m: string) => void,
): number {
  const engine = new ReportEngine(a.config, passwdLookup(), interfaceNames());
  absorbShard(engine, run.first);
  absorbShard(engine, run.second);
  for (const w of run.first.warnings) warn(`${path}:${w.line}: ${w.message}`);
  for (const w of run.second.warnings) warn(`${path}:${run.secondLineBase + w.line}: ${w.message}`);
  const rows = run.first.rows.concat(run.second.rows);
  const range = {
    first: run.first.veryFirst,
    last: run.second.lastEmitted ?? run.first.lastEmitted ?? { sec: 0, milli: 0 },
  };
  const noEvents = !engine.found && !a.config.summary;
  if (a.format === "json") {
    out(JSON.stringify(jsonReport(engine, rows, range, formatTimeC), null, 2) + "\n");
  } else {
    let text = title(a.config).text;
    const printer = new DetailPrinter(a.config.escape, formatTimeC);
    for (const row of rows) {
      text += printer.format(row);
      if (text.length > 1 << 16) {
        out(text);
        text = "";
      }
    }
    text += noEvents
      ? "<no events of interest were found>\n\n"
      : wrapUp(engine, range, formatTimeC);
    out(text);
  }
  const badLines = run.first.badLines + run.second.badLines;
  if (badLines > 0) {
    warn(`${badLines} line(s) without a time stamp were skipped (as aureport does)`);
  }
  if (engine.counts.malformed > 0) {
    warn(
      `${engine.counts.malformed} malformed event(s) were left out of the report (as aureport does)`,
    );
  }
  return noEvents ? 1 : 0;
}

/** Runs `libaudit report`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const parsed = parseReportArgs(argv, (edge, args, index) => {
    if (edge === "start" && args[index + 1] === "checkpoint") {
      throw new Error(`Invalid start date (checkpoint). Month, Day, and Year are required.`);
    }
    return timeOption(edge, args, index, { now, uptime: uptime() });
  });
  const enc = new TextEncoder();
  const out = (s: string): void => {
    Deno.stdout.writeSync(enc.encode(s));
  };
  switch (parsed.kind) {
    case "help":
      out(REPORT_HELP);
      return 0;
    case "version":
      out(`aureport version ${AUREPORT_VERSION} (libaudit report)\n`);
      return 0;
    case "unimplemented":
      console.error("Unimplemented option");
      return 1;
    case "error":
      Deno.stderr.writeSync(enc.encode(parsed.message));
      out(AUREPORT_USAGE);
      return 1;
  }
  const a = parsed.args;
  const warn = (m: string): void => console.error(`libaudit report: warning: ${escapeControl(m)}`);
  const heading = title(a.config);
  if (heading.unimplemented && !a.chart && a.format !== "html") {
    // aureport stops in print_title, before it looks for its input. Its
    // stdout, unless a terminal, is flushed at exit: after stderr's line.
    // JSON has no document for a report aureport does not have: only the
    // error and the status.
    const text = a.format === "text";
    const tty = text && Deno.stdout.isTerminal();
    if (tty) out(heading.text);
    console.error("Unimplemented option");
    if (text && !tty) out(heading.text);
    return 1;
  }
  let selection: AuditLogSelection;
  try {
    selection = await selectAuditLogs({ inputFile: a.inputFile, inputLogs: a.inputLogs });
  } catch (e) {
    if (!(e instanceof AuditLogsError)) throw e;
    out(title(a.config).text);
    console.error(e.message);
    return 1;
  }
  for (const note of selection.notes) console.error(note);
  const only = selection.inputs.length === 1 ? selection.inputs[0] : undefined;
  if (
    only?.path !== undefined && !a.chart && a.format !== "html" && a.config.kind !== "time" &&
    !heading.unimplemented && twoThreads()
  ) {
    const sharded = await runShards(only.path, a.config, a.eoeTimeout ?? selection.eoeTimeout);
    const agree = sharded !== undefined && shardsAgree(sharded.first, sharded.second);
    if (sharded !== undefined && envVar("LIBAUDIT_REPORT_DEBUG") === "1") {
      console.error(
        `libaudit report: two halves ${agree ? "agree" : "differ: reading sequentially"}` +
          ` (the second finished ${sharded.secondLag.toFixed(0)} ms after the first)`,
      );
    }
    if (sharded !== undefined && agree) {
      return printSharded(a, sharded, only.path, out, warn);
    }
  }
  let pending = "";
  const text = a.format === "text" && !a.chart;
  const write = (s: string): void => {
    if (!text) return;
    pending += s;
    if (pending.length > 1 << 16) {
      out(pending);
      pending = "";
    }
  };
  const rows: DetailRow[] = [];
  const uidName = passwdLookup();
  const ifName = interfaceNames();
  const pictures = a.chart || a.format === "html" ? new InsightCollector(uidName) : undefined;
  let summaryText = "";
  const summaryRun = a.format === "html"
    ? new AureportRun({ ...a.config, kind: "summary", summary: true, outcome: "both" }, {
      uidName,
      ifName,
      formatTime: formatTimeC,
      eoeTimeout: a.eoeTimeout ?? selection.eoeTimeout,
      write: (s) => summaryText += s,
    })
    : undefined;
  const report = new AureportRun(a.config, {
    uidName,
    ifName,
    formatTime: formatTimeC,
    eoeTimeout: a.eoeTimeout ?? selection.eoeTimeout,
    write,
    warn,
    ...(a.format === "json" ? { onRows: (r: readonly DetailRow[]) => rows.push(...r) } : {}),
    ...(pictures === undefined ? {} : { onEvent: (ev: ReportEvent) => pictures.add(ev) }),
  });
  for (const input of selection.inputs) {
    report.beginFile();
    try {
      // Runs of whole lines, each decoded before the next is read (the run counts the lines).
      const decoder = new TextDecoder();
      let line = 1;
      for await (
        const chunk of readLogBytes(input, {
          reusable: () => true,
          chunkSize: READ_SIZE,
          bufferChunks: 2,
        })
      ) {
        const text = decoder.decode(chunk.bytes);
        summaryRun?.lines(text, input.name, line, chunk.bytes);
        line = report.lines(text, input.name, line, chunk.bytes);
      }
    } catch (e) {
      if (!(e instanceof AuditLogsError)) throw e;
      out(pending);
      console.error(e.message);
      return 1;
    }
    report.endFile(input.name, input.last);
    summaryRun?.endFile(input.name, input.last);
  }
  const status = report.finish();
  summaryRun?.finish();
  out(pending);
  if (!text) {
    const doc = a.format === "json"
      ? JSON.stringify(
        jsonReport(report.engine, rows, report.range, formatTimeC, report.files),
        null,
        2,
      ) + "\n"
      : a.format === "html"
      ? renderHtml(pictures!.result(a.top), {
        title: "Audit report",
        summary: summaryLines(summaryText),
        formatTime: formatTimeC,
        generated: new Date().toISOString(),
      })
      : renderChart(pictures!.result(a.top), chartOptions());
    if (a.output !== undefined) Deno.writeTextFileSync(a.output, doc);
    else out(doc);
  }
  const skipped = report.engine.counts.malformed;
  if (report.badLines > 0) {
    warn(`${report.badLines} line(s) without a time stamp were skipped (as aureport does)`);
  }
  if (skipped > 0) {
    warn(`${skipped} malformed event(s) were left out of the report (as aureport does)`);
  }
  return status;
}
