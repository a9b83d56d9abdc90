/**
 * aureport's text output (aureport-output.c): titles, detailed lines with
 * their numbers, and the summaries printed at the end.
 *
 * @module
 */
import type { ReportConfig, ReportEngine } from "./engine.ts";
import { type EscapeMode, safeString } from "./escape.ts";
import { DETAILED_TITLES, SUMMARY_TITLES } from "./kinds.ts";
import { lookupUid } from "./lookup.ts";
import { auditMsgTypeToName } from "./msg_types.ts";
import type { DetailRow } from "./rows.ts";

/** Formats seconds since the epoch as `strftime("%x %T")` in the reader's zone and locale. */
export type FormatTime = (sec: number) => string;

const NO_EVENTS = "<no events of interest were found>\n\n";

/**
 * The title aureport prints first. `undefined` marks the reports aureport
 * leaves unimplemented (`-t --summary`, `--tty --summary`): it prints the
 * returned `text` and stops with status 1.
 */
export function title(c: ReportConfig): { text: string; unimplemented: boolean } {
  if (!c.summary) {
    const t = DETAILED_TITLES[c.kind];
    if (t === undefined) return { text: "\n", unimplemented: false };
    const [name, rule, header, rule2] = t;
    let text = `\n${name}\n${"=".repeat(rule)}\n`;
    if (header !== undefined) text += `${header}\n${"=".repeat(rule2 ?? rule)}\n`;
    return { text, unimplemented: false };
  }
  let text = "\n";
  if (c.outcome === "failed") text += "Failed ";
  if (c.outcome === "success") text += "Success ";
  const t = SUMMARY_TITLES[c.kind];
  if (t === undefined) return { text, unimplemented: true };
  const [name, rule, header] = t;
  text += `${name}\n${"=".repeat(rule)}\n`;
  if (header !== undefined) text += `${header}\n${"=".repeat(rule)}\n`;
  return { text, unimplemented: false };
}

/** Numbers and prints detailed rows (the number counts every line). */
export class DetailPrinter {
  #line = 0;
  readonly #escape: EscapeMode;
  readonly #time: FormatTime;

  /** Creates a printer for `--escape` mode `escape` and time format `time`. */
  constructor(escape: EscapeMode, time: FormatTime) {
    this.#escape = escape;
    this.#time = time;
  }

  /** The text of one row, with its line number. */
  format(row: DetailRow): string {
    const n = ++this.#line;
    const head = `${n}. ${this.#time(row.sec)} `;
    if (row.truncated) return head;
    let out = head;
    for (let i = 0; i < row.cells.length; i++) {
      const c = row.cells[i]!;
      if (i > 0) out += " ";
      out += c.escape ? safeString(c.v, this.#escape, false) : c.v;
    }
    return out + "\n";
  }
}

/** The per-file line of the log time range report (`-t`). */
export function timeRangeLine(
  file: string,
  first: { sec: number; milli: number } | undefined,
  last: { sec: number; milli: number } | undefined,
  time: FormatTime,
): string {
  if (first === undefined || last === undefined) return `${file}: no records\n`;
  const ms = (m: number): string => String(m).padStart(3, "0");
  return `${file}: ${time(first.sec)}.${ms(first.milli)} - ${time(last.sec)}.${ms(last.milli)}\n`;
}

/** The range of events a run saw (`very_first_event`, `very_last_event`). */
export interface RunRange {
  /** The first record read. */
  readonly first: { sec: number; milli: number };
  /** The last event of the last file. */
  readonly last: { sec: number; milli: number };
}

/** What aureport prints after the last event (`print_wrap_up`), for summary runs. */
export function wrapUp(engine: ReportEngine, range: RunRange, time: FormatTime): string {
  const c = engine.config;
  if (!c.summary) return "";
  const t = engine.tallies;
  const esc = (s: string): string => safeString(s, c.escape, true);
  const strings = (list: [string, number][], escaped: boolean): string => {
    if (list.length === 0) return NO_EVENTS;
    return list.map(([s, n]) => `${n}  ${escaped ? esc(s) : s + "\n"}`).join("");
  };
  const users = (list: [string, number][]): string => {
    if (list.length === 0) return NO_EVENTS;
    return list.map(([s, n]) => {
      const name = /^[-0-9]/.test(s)
        ? lookupUid(engine.lookup, parseInt(s, 10) || 0, undefined)
        : s;
      return `${n}  ${esc(name)}`;
    }).join("");
  };
  const types = (list: [number, number][]): string => {
    if (list.length === 0) return NO_EVENTS;
    return list.map(([num, n]) => `${n}  ${c.interpret ? auditMsgTypeToName(num) : num}\n`).join(
      "",
    );
  };
  switch (c.kind) {
    case "summary":
      return summaryText(engine, range, time);
    case "avc":
      return strings(t.avcObjs.sorted(), false);
    case "host":
      return strings(t.hosts.sorted(), false);
    case "term":
      return strings(t.terms.sorted(), false);
    case "file":
      return strings(t.files.sorted(), true);
    case "exe":
      return strings(t.exes.sorted(), true);
    case "comm":
      return strings(t.comms.sorted(), true);
    case "key":
      return strings(t.keys.sorted(), true);
    case "syscall":
      return strings(t.syscalls.sorted(), true);
    case "auth":
    case "login":
    case "user":
      return users(t.users.sorted());
    case "pid": {
      const list = t.pids.sorted();
      if (list.length === 0) return NO_EVENTS;
      return list.map(([num, n]) => `${n}  ${num}\n`).join("");
    }
    default:
      return types(t.types.sorted());
  }
}

function summaryText(engine: ReportEngine, range: RunRange, time: FormatTime): string {
  const { sd, tallies: t, config: c } = engine;
  const ms = (m: number): string => String(m).padStart(3, "0");
  const first = range.first;
  const last = range.last;
  const start = c.startTime !== 0 ? time(c.startTime) : time(first.sec);
  const end = c.endTime !== 0 ? time(c.endTime) : `${time(last.sec)}.${ms(last.milli)}`;
  return [
    `Range of time in logs: ${time(first.sec)}.${ms(first.milli)} - ${time(last.sec)}.${
      ms(last.milli)
    }`,
    `Selected time for report: ${start} - ${end}`,
    `Number of changes in configuration: ${sd.changes}`,
    `Number of changes to accounts, groups, or roles: ${sd.acctChanges}`,
    `Number of logins: ${sd.goodLogins}`,
    `Number of failed logins: ${sd.badLogins}`,
    `Number of authentications: ${sd.goodAuth}`,
    `Number of failed authentications: ${sd.badAuth}`,
    `Number of users: ${t.users.size}`,
    `Number of terminals: ${t.terms.size}`,
    `Number of host names: ${t.hosts.size}`,
    `Number of executables: ${t.exes.size}`,
    `Number of commands: ${t.comms.size}`,
    `Number of files: ${t.files.size}`,
    `Number of AVC's: ${sd.avcs}`,
    `Number of MAC events: ${sd.mac}`,
    `Number of failed syscalls: ${sd.failedSyscalls}`,
    `Number of anomaly events: ${sd.anomalies}`,
    `Number of responses to anomaly events: ${sd.responses}`,
    `Number of crypto events: ${sd.crypto}`,
    `Number of integrity events: ${sd.integrity}`,
    `Number of virt events: ${sd.virt}`,
    `Number of keys: ${t.keys.size}`,
    `Number of process IDs: ${t.pids.size}`,
    `Number of events: ${sd.events}`,
    "",
    "",
  ].join("\n");
}
