/**
 * The reports aureport knows, the fields each asks its parser for, and
 * their titles.
 *
 * @module
 */
import { NOTHING_WANTED } from "../_parse_items.ts";
import type { Wanted } from "./types.ts";

/** A report (aureport's `report_type`). */
export type ReportKind =
  | "time"
  | "summary"
  | "avc"
  | "mac"
  | "config"
  | "event"
  | "file"
  | "host"
  | "login"
  | "acct"
  | "pid"
  | "syscall"
  | "term"
  | "user"
  | "exe"
  | "anomaly"
  | "response"
  | "crypto"
  | "auth"
  | "key"
  | "tty"
  | "comm"
  | "virt"
  | "integrity";

type Field =
  | "uid"
  | "loginuid"
  | "session"
  | "terminal"
  | "comm"
  | "exe"
  | "subject"
  | "object"
  | "key"
  | "filename"
  | "hostname";

/** Fields each report asks the parser for (aureport-options.c). */
const FIELDS: Readonly<Record<ReportKind, readonly Field[]>> = {
  time: [],
  summary: ["filename", "hostname", "terminal", "exe", "comm", "key", "loginuid"],
  avc: ["comm", "subject", "object"],
  auth: ["exe", "hostname", "terminal", "uid"],
  mac: ["loginuid"],
  integrity: ["loginuid"],
  virt: [],
  config: ["loginuid"],
  crypto: ["loginuid"],
  login: ["exe", "hostname", "terminal", "loginuid"],
  acct: ["exe", "hostname", "terminal", "loginuid"],
  event: ["loginuid"],
  file: ["filename", "exe", "loginuid"],
  host: ["hostname", "loginuid"],
  pid: ["exe", "loginuid"],
  syscall: ["comm", "loginuid"],
  term: ["terminal", "hostname", "exe", "loginuid"],
  user: ["terminal", "hostname", "exe", "uid", "loginuid"],
  exe: ["terminal", "hostname", "exe", "loginuid"],
  comm: ["terminal", "hostname", "comm", "loginuid"],
  anomaly: ["terminal", "hostname", "exe", "comm", "loginuid"],
  response: [],
  key: ["exe", "key", "loginuid"],
  tty: ["session", "loginuid", "terminal", "comm"],
};

/**
 * The parser switches for a report: aureport always reads pid and success
 * (`event_pid = 0`, `event_success = S_SUCCESS`), `arch=` with `-i`, and
 * sets `event_uid` itself (so `parse_daemon1` reads a uid number too).
 */
export function wantedFor(kind: ReportKind, interpret: boolean): Wanted {
  const w = { ...NOTHING_WANTED, pid: true, success: true, arch: interpret };
  for (const f of FIELDS[kind]) w[f] = true;
  return { ...w, uidNumber: w.uid };
}

/** `[title, rule, column header]` of each summary (`--summary`) report; `undefined` for none. */
export const SUMMARY_TITLES: Readonly<
  Partial<Record<ReportKind, readonly [string, number, string?]>>
> = {
  summary: ["Summary Report", 22],
  avc: ["Avc Object Summary Report", 33, "total  obj"],
  mac: ["MAC Summary Report", 18, "total  type"],
  integrity: ["Integrity Summary Report", 24, "total  type"],
  virt: ["Virtualization Summary Report", 29, "total  type"],
  config: ["Config Change Summary Report", 28, "total  type"],
  auth: ["Authentication Summary Report", 29, "total  acct"],
  login: ["Login Summary Report", 28, "total  auid"],
  acct: ["Acct Modification Summary Report", 32, "total  type"],
  event: ["Event Summary Report", 22, "total  type"],
  file: ["File Summary Report", 27, "total  file"],
  host: ["Host Summary Report", 27, "total  host"],
  pid: ["Pid Summary Report", 26, "total  pid"],
  syscall: ["Syscall Summary Report", 26, "total  syscall"],
  term: ["Terminal Summary Report", 31, "total  terminal"],
  user: ["User Summary Report", 27, "total  auid"],
  exe: ["Executable Summary Report", 33, "total  file"],
  comm: ["Command Summary Report", 33, "total  command"],
  anomaly: ["Anomaly Summary Report", 22, "total  type"],
  response: ["Anomaly Response Summary Report", 31, "total  type"],
  crypto: ["Crypto Summary Report", 21, "total  type"],
  key: ["Key Summary Report", 27, "total  key"],
};

/** `[title, rule, column header, second rule]` of each detailed report. */
export const DETAILED_TITLES: Readonly<
  Partial<Record<ReportKind, readonly [string, number, string?, number?]>>
> = {
  avc: ["AVC Report", 63, "# date time comm subj syscall class permission obj result event"],
  config: ["Config Change Report", 35, "# date time type auid success event"],
  auth: ["Authentication Report", 44, "# date time acct host term exe success event"],
  login: ["Login Report", 44, "# date time auid host term exe success event"],
  acct: ["Account Modifications Report", 49, "# date time auid addr term exe acct success event"],
  time: ["Log Time Range Report", 21],
  event: ["Event Report", 35, "# date time event type auid success"],
  file: ["File Report", 47, "# date time file syscall success exe auid event"],
  host: ["Host Report", 35, "# date time host syscall auid event"],
  pid: ["Process ID Report", 38, "# date time pid exe syscall auid event"],
  syscall: ["Syscall Report", 39, "# date time syscall pid comm auid event"],
  term: ["Terminal Report", 36, "# date time term host exe auid event"],
  user: ["User ID Report", 36, "# date time auid term host exe event"],
  exe: ["Executable Report", 36, "# date time exe term host auid event"],
  comm: ["Command Report", 36, "# date time comm term host auid event", 37],
  anomaly: ["Anomaly Report", 41, "# date time type exe term host auid event"],
  response: ["Response to Anomaly Report", 30, "# date time type success event"],
  mac: ["MAC Report", 35, "# date time auid type success event"],
  integrity: ["Integrity Report", 30, "# date time type success event"],
  virt: ["Virtualization Report", 30, "# date time type success event"],
  crypto: ["Crypto Report", 35, "# date time auid type success event"],
  key: ["Key Report", 47, "# date time key success exe auid event"],
  tty: ["TTY Report", 47, "# date time event auid term sess comm data"],
};
