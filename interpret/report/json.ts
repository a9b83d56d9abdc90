/**
 * `--format json`: each report as one JSON document whose rows are objects,
 * named by the columns aureport prints.
 *
 * @module
 */
import type { ReportEngine } from "./engine.ts";
import { DETAILED_TITLES, SUMMARY_TITLES } from "./kinds.ts";
import { lookupUid } from "./lookup.ts";
import { auditMsgTypeToName } from "./msg_types.ts";
import type { DetailRow } from "./rows.ts";
import type { FormatTime, RunRange } from "./text.ts";

/** A JSON report document. */
export interface JsonReport {
  /** The report (`exe`, `file`, `summary`, …). */
  readonly report: string;
  /** Whether it is the `--summary` form. */
  readonly summary: boolean;
  /** The rows. */
  readonly rows: Record<string, string | number>[];
  /** For the summary report: the time range. */
  readonly range?: { readonly first: string; readonly last: string };
}

/** The column names of a detailed report (its header without `#`). */
export function detailColumns(kind: string): string[] {
  const t = DETAILED_TITLES[kind as keyof typeof DETAILED_TITLES];
  const header = t?.[2];
  return header === undefined ? [] : header.replace(/^# /, "").split(" ");
}

/** Detailed rows as objects (`line`, `date`, `time` and the report's columns, unescaped). */
export function detailObjects(
  kind: string,
  rows: readonly DetailRow[],
  time: FormatTime,
): Record<string, string | number>[] {
  const cols = detailColumns(kind);
  return rows.map((row, i) => {
    const [date, clock] = time(row.sec).split(" ");
    const o: Record<string, string | number> = {
      line: i + 1,
      date: date ?? "",
      time: clock ?? "",
      sec: row.sec,
    };
    row.cells.forEach((c, k) => {
      const name = cols[k + 2] ?? `column${k + 3}`;
      o[name] = name === "event" && /^\d+$/.test(c.v) ? Number(c.v) : c.v;
    });
    return o;
  });
}

/** The JSON document of a run: detailed rows, or the summary's totals. */
export function jsonReport(
  engine: ReportEngine,
  rows: readonly DetailRow[],
  range: RunRange,
  time: FormatTime,
  files: readonly { file: string; first?: string; last?: string }[] = [],
): JsonReport {
  const c = engine.config;
  if (!c.summary) {
    if (c.kind === "time") {
      return { report: "time", summary: false, rows: files.map((f) => ({ ...f })) };
    }
    return { report: c.kind, summary: false, rows: detailObjects(c.kind, rows, time) };
  }
  const t = engine.tallies;
  const ms = (m: number): string => String(m).padStart(3, "0");
  if (c.kind === "summary") {
    const sd = engine.sd;
    const items: [string, number][] = [
      ["changes in configuration", sd.changes],
      ["changes to accounts, groups, or roles", sd.acctChanges],
      ["logins", sd.goodLogins],
      ["failed logins", sd.badLogins],
      ["authentications", sd.goodAuth],
      ["failed authentications", sd.badAuth],
      ["users", t.users.size],
      ["terminals", t.terms.size],
      ["host names", t.hosts.size],
      ["executables", t.exes.size],
      ["commands", t.comms.size],
      ["files", t.files.size],
      ["AVC's", sd.avcs],
      ["MAC events", sd.mac],
      ["failed syscalls", sd.failedSyscalls],
      ["anomaly events", sd.anomalies],
      ["responses to anomaly events", sd.responses],
      ["crypto events", sd.crypto],
      ["integrity events", sd.integrity],
      ["virt events", sd.virt],
      ["keys", t.keys.size],
      ["process IDs", t.pids.size],
      ["events", sd.events],
    ];
    return {
      report: "summary",
      summary: true,
      range: {
        first: `${time(range.first.sec)}.${ms(range.first.milli)}`,
        last: `${time(range.last.sec)}.${ms(range.last.milli)}`,
      },
      rows: items.map(([item, count]) => ({ item, count })),
    };
  }
  const header = SUMMARY_TITLES[c.kind]?.[2] ?? "total  item";
  const column = header.split(/\s+/)[1] ?? "item";
  const strings = (list: [string, number][]): Record<string, string | number>[] =>
    list.map(([s, n]) => ({ total: n, [column]: s }));
  let list: Record<string, string | number>[];
  switch (c.kind) {
    case "avc":
      list = strings(t.avcObjs.sorted());
      break;
    case "host":
      list = strings(t.hosts.sorted());
      break;
    case "term":
      list = strings(t.terms.sorted());
      break;
    case "file":
      list = strings(t.files.sorted());
      break;
    case "exe":
      list = strings(t.exes.sorted());
      break;
    case "comm":
      list = strings(t.comms.sorted());
      break;
    case "key":
      list = strings(t.keys.sorted());
      break;
    case "syscall":
      list = strings(t.syscalls.sorted());
      break;
    case "auth":
    case "login":
    case "user":
      list = t.users.sorted().map(([s, n]) => ({
        total: n,
        [column]: /^[-0-9]/.test(s) ? lookupUid(engine.lookup, parseInt(s, 10) || 0, undefined) : s,
      }));
      break;
    case "pid":
      list = t.pids.sorted().map(([p, n]) => ({ total: n, pid: p }));
      break;
    default:
      list = t.types.sorted().map(([num, n]) => ({
        total: n,
        [column]: c.interpret ? auditMsgTypeToName(num) : num,
      }));
  }
  return { report: c.kind, summary: true, rows: list };
}
