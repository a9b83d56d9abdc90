/**
 * aureport 3.0.9's reports as pure functions: events are assembled from log
 * lines as aureport assembles them ({@linkcode EventGrouper}), fields are
 * extracted as its parser extracts them ({@linkcode extractSearchItems}),
 * and {@linkcode AureportRun} writes the same text aureport prints for every
 * report, plain and `--summary`, with `-i`, `--failed` and `--success`.
 * {@linkcode parseReportArgs} reads aureport's command line. Host facts (the
 * user database, the time zone) are injected.
 *
 * @example The summary report of a log
 * ```ts
 * import assert from "node:assert/strict";
 * import { AureportRun, parseReportArgs } from "./mod.ts";
 *
 * const parsed = parseReportArgs(["-x", "--summary"], () => ({ used: 1 }));
 * if (parsed.kind !== "run") throw new Error(parsed.kind);
 * let text = "";
 * const run = new AureportRun(parsed.args.config, {
 *   uidName: (uid) => (uid === 0 ? "root" : undefined),
 *   formatTime: (sec) => new Date(sec * 1000).toISOString(),
 *   eoeTimeout: 2,
 *   write: (s) => text += s,
 * });
 * run.beginFile();
 * run.line(
 *   'type=SYSCALL msg=audit(1764034503.890:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="ls" exe="/usr/bin/ls" key=(null)',
 *   "audit.log",
 *   1,
 * );
 * run.endFile("audit.log", true);
 * assert.equal(run.finish(), 0);
 * assert.ok(text.includes("1  /usr/bin/ls"));
 * ```
 *
 * @module
 */
export { AureportRun, type RunEnvironment } from "./run.ts";
export { type ReportConfig, ReportEngine, type ScannedEvent } from "./engine.ts";
export type { RunCounts, SummaryCounts, Tallies } from "./totals.ts";
export { NumberTally, StringTally } from "./_tally.ts";
export type { IfName, LookupContext, UidName } from "./lookup.ts";
export { EventGrouper, type GrouperOptions } from "./grouper.ts";
export { type Extracted, extractSearchItems } from "./extract.ts";
export {
  AUREPORT_USAGE,
  type ParsedArgs,
  parseReportArgs,
  REPORT_HELP,
  type ReportArgs,
  type TimeReader,
} from "./options.ts";
export { type ReportKind, wantedFor } from "./kinds.ts";
export { type Cell, type DetailRow, detailRows } from "./rows.ts";
export { type EscapeMode, safeString } from "./escape.ts";
export { auditMsgTypeToName, auditNameToMsgType } from "./msg_types.ts";
export { DetailPrinter, type FormatTime, type RunRange, title, wrapUp } from "./text.ts";
export type {
  AvcNode,
  EventStamp,
  FileName,
  ReportEvent,
  ReportRecord,
  SearchItems,
  Success,
  Wanted,
} from "./types.ts";
