/**
 * auparse's normalizer as `ausearch --format csv` and `--format text`
 * print it (ausearch-report.c `csv_event`, `text_event`): who (subject),
 * did what (action), to what (object), how, with which result.
 *
 * @module
 */

import { AuEvent } from "./_auevent.ts";
import type { Loc } from "./_normalize.ts";
import { normalizeEvent } from "./_normalize_simple.ts";
import { K } from "./_normalize_common.ts";
import { I2S } from "./_lookup.ts";
import { cDate, cTime, LocalClock, yearFitsInt } from "./time.ts";
import type { LocalTime } from "./time.ts";
import { CONSTANTS, NORM_OBJ_KINDS } from "./tables.ts";
import { msgTypeName, msgTypeNumber } from "./field.ts";
import type { EscapeMode, NameResolver } from "./types.ts";
import type { EventStamp } from "./_record_text.ts";

const objKinds = new I2S(NORM_OBJ_KINDS);

/** Options of the normalizer and its formats. */
export interface NormalizeOptions {
  /** Names for ids; `userId` is used to classify `acct=` subjects. */
  resolver?: NameResolver & { userId?(name: string): string | undefined };
  /** `--escape` (default `tty`). */
  escape?: EscapeMode;
  /** The clock for dates and times (default: the runtime's zone). */
  clock?: LocalClock;
  /** The machine without `arch=` (`AUDIT_ARCH_*`, default x86_64). */
  hostArch?: number;
  /** IP protocol names (default /etc/protocols as generated). */
  protocolName?: (proto: number) => string | undefined;
  /**
   * The time stamp ausearch read for the event (auparse reads the same from
   * its first record; default: read here, only when plainly written).
   */
  eventStamp?: EventStamp;
}

/** One normalized event: interpreted texts, `undefined` where auparse has none. */
export interface NormalizedEvent {
  /** Event kind (`user-login`, `audit-rule`, …), `undefined` when unknown. */
  kind: string | undefined;
  /** The session (`ses`) as interpreted. */
  session: string | undefined;
  /** Subject: primary (auid) and secondary (uid) ids, their kind, attributes. */
  subject: {
    primary: string | undefined;
    secondary: string | undefined;
    kind: string | undefined;
    attributes: { name: string; value: string }[];
  };
  /** What was done (`opened-file`, `executed`, …). */
  action: string | undefined;
  /** The result field as interpreted (`yes`, `success`, `denied`…). */
  results: string | undefined;
  /** Object: primary, secondary, second object, its kind and attributes. */
  object: {
    primary: string | undefined;
    secondary: string | undefined;
    primary2: string | undefined;
    kind: string | undefined;
    attributes: { name: string; value: string }[];
  };
  /** How (the executable, `init`, a signal…). */
  how: string | undefined;
  /** The rule key. */
  key: string | undefined;
}

function event(
  lines: readonly string[],
  o: NormalizeOptions,
  s = stamp(lines, o.eventStamp),
): AuEvent {
  return new AuEvent(lines, {
    escape: o.escape ?? "tty",
    resolver: o.resolver,
    hostArch: o.hostArch,
    protocolName: o.protocolName,
    // auparse reads no field of an event stamped at second 0.
    timeZero: s.read && s.seconds === 0,
  });
}

function seek(au: AuEvent, loc: Loc): boolean {
  if (loc === undefined) return false;
  return au.gotoRecordNum(loc.record) === 1 && au.gotoFieldNum(loc.field) === 1;
}

function interpAt(au: AuEvent, loc: Loc): string | undefined {
  return seek(au, loc) ? au.interpretField() : undefined;
}

function objectText(au: AuEvent, action: string | undefined): string | undefined {
  if (au.fieldType() === "ESCAPED_FILE") return au.interpretRealpath();
  if (au.type() === K("AUDIT_CONFIG_CHANGE")) {
    if (action === "set" || action === "seccomp-logging") return au.fieldName();
    return au.interpretField();
  }
  return au.interpretField();
}

function success(au: AuEvent, item: string | undefined): boolean {
  if (item === "yes" || item?.startsWith("suc")) return true;
  return au.fieldType() === "SECCOMP" && item === "allow";
}

/**
 * Normalizes one event (its records in log order, RAW or ENRICHED lines) as
 * auparse does, with every part interpreted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeAuparse } from "@libaudit/libaudit/interpret";
 * const n = normalizeAuparse([
 *   "type=SYSCALL msg=audit(1.000:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=2 ppid=1 pid=2 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"ls\" exe=\"/usr/bin/ls\" key=\"exec\"",
 *   "type=PATH msg=audit(1.000:7): item=0 name=\"/usr/bin/ls\" inode=5 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
 * ]);
 * assert.equal(n.action, "executed");
 * ```
 */
export function normalizeAuparse(
  lines: readonly string[],
  options: NormalizeOptions = {},
): NormalizedEvent {
  const au = event(lines, options);
  const { D } = normalizeEvent(au, false);
  const attrs = (locs: Loc[]) =>
    locs.flatMap((l) =>
      seek(au, l) ? [{ name: au.fieldName()!, value: au.interpretField() ?? "" }] : []
    );
  const primary = seek(au, D.thingPrimary) ? objectText(au, D.action) : undefined;
  const primary2 = seek(au, D.thingTwo)
    ? (au.fieldType() === "ESCAPED_FILE" ? au.interpretRealpath() : au.interpretField())
    : undefined;
  return {
    kind: D.evkind,
    session: interpAt(au, D.session),
    subject: {
      primary: interpAt(au, D.actorPrimary),
      secondary: interpAt(au, D.actorSecondary),
      kind: D.actorWhat,
      attributes: attrs(D.actorAttr),
    },
    action: D.action,
    results: interpAt(au, D.results),
    object: {
      primary,
      secondary: interpAt(au, D.thingSecondary),
      primary2,
      kind: objKinds.get(D.thingWhat),
      attributes: attrs(D.thingAttr),
    },
    how: D.how,
    key: interpAt(au, D.key),
  };
}

/** `--extra-*` columns of {@linkcode formatCsvEvent}. */
export interface CsvOptions extends NormalizeOptions {
  /** `--extra-keys`: a KEY column. */
  extraKeys?: boolean;
  /** `--extra-labels`: SUBJ_LABEL and OBJ_LABEL columns (and attributes collected). */
  extraLabels?: boolean;
  /** `--extra-obj2`: an OBJ2 column. */
  extraObj2?: boolean;
  /** `--extra-time`: YEAR … GMT_OFFSET columns. */
  extraTime?: boolean;
  /** Told ausearch's stderr note for an event the normalizer refuses ("error normalizing TYPE"). */
  onError?: (text: string) => void;
}

/** The CSV header line ausearch prints before the first event (newline included). */
export function csvHeader(o: CsvOptions = {}): string {
  return `NODE,EVENT,DATE,TIME,${
    o.extraTime ? "YEAR,MONTH,DAY,WEEKDAY,HOUR,MILLI,GMT_OFFSET," : ""
  }SERIAL_NUM,EVENT_KIND,SESSION,SUBJ_PRIME,SUBJ_SEC,SUBJ_KIND,${
    o.extraLabels ? "SUBJ_LABEL," : ""
  }ACTION,RESULT,OBJ_PRIME,OBJ_SEC,${o.extraObj2 ? "OBJ2," : ""}${
    o.extraLabels ? "OBJ_LABEL," : ""
  }OBJ_KIND,HOW${o.extraKeys ? ",KEY" : ""}\n`;
}

interface Stamp {
  /** Whether a time stamp was given or read (else `seconds` is 0 by default). */
  read: boolean;
  seconds: number;
  milli: number;
  serial: string;
  node: string | undefined;
}

function stamp(lines: readonly string[], given?: EventStamp): Stamp {
  const first = lines[0] ?? "";
  if (given !== undefined) {
    const node = first.startsWith("node=") ? first.slice(5, first.indexOf(" ")) : undefined;
    return {
      read: true,
      seconds: given.sec,
      milli: given.milli,
      serial: given.serialText ?? String(given.serial),
      node,
    };
  }
  const m = /audit\((\d+)\.(\d+):(\d+)\)/.exec(first);
  const node = first.startsWith("node=") ? first.slice(5, first.indexOf(" ")) : undefined;
  return m
    ? { read: true, seconds: Number(m[1]), milli: Number(m[2]), serial: m[3]!, node }
    : { read: false, seconds: 0, milli: 0, serial: "0", node };
}

let defaultClock: LocalClock | undefined;

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

function extraTime(t: LocalTime, milli: number): string {
  const total = Math.abs(t.gmtoff);
  const hour = Math.floor(total / 3600);
  const min = (total - hour * 3600) % 60; // sic: ausearch prints seconds here
  return `${t.year},${pad2(t.month)},${pad2(t.day)},${t.weekday},${
    String(t.hour).padStart(2, " ")
  },${milli},${t.gmtoff >= 0 ? "+" : "-"}${pad2(hour)}:${pad2(min)},`;
}

function attrNamed(au: AuEvent, locs: Loc[], name: string): string {
  if (locs.length === 0 || !seek(au, locs[0])) return "";
  for (const l of locs) {
    if (!seek(au, l)) break;
    if (au.fieldName() === name) return au.interpretField() ?? "";
  }
  return "";
}

/**
 * One event as a line of `ausearch --format csv` (newline included; print
 * {@linkcode csvHeader} once before the first). `lines` are the event's
 * records in log order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvHeader, formatCsvEvent, LocalClock } from "@libaudit/libaudit/interpret";
 * const clock = new LocalClock("UTC");
 * const row = formatCsvEvent([
 *   "type=DAEMON_START msg=audit(1795570503.890:9251): op=start ver=3.0.9 format=raw kernel=6.1 auid=4294967295 pid=1 uid=0 ses=4294967295 res=success",
 * ], { clock });
 * assert.match(csvHeader(), /^NODE,EVENT,DATE,TIME,/);
 * assert.equal(
 *   row,
 *   ",DAEMON_START,11/25/26,01:35:03,9251,audit-daemon,unset,system,root,auditd,started-audit,success,,,service,init\n",
 * );
 * ```
 */
export function formatCsvEvent(lines: readonly string[], o: CsvOptions = {}): string {
  const s = stamp(lines, o.eventStamp);
  const au = event(lines, o, s);
  const clock = o.clock ?? (defaultClock ??= new LocalClock());
  const t = clock.local(s.seconds);
  let out = "";
  if (s.node !== undefined) out += au.interpretField() ?? "(null)";
  out += ",";
  out += (msgTypeName(au.type()) ?? "") + ",";
  const { D, rc } = normalizeEvent(au, !o.extraLabels);
  // Where glibc's localtime fails (the year past an int), ausearch leaves them empty.
  const fits = yearFitsInt(t.year);
  out += fits ? `${cDate(t)},${cTime(t)},` : ",,";
  if (o.extraTime) out += fits ? extraTime(t, s.milli) : `,,,,,${s.milli},,`;
  out += `${s.serial},`;
  if (rc) {
    o.onError?.(`error normalizing ${msgTypeName(au.type()) ?? "(null)"}`);
    return out + `,,,,,,,,,${o.extraLabels ? ",," : ""}${o.extraKeys ? "," : ""}\n`;
  }
  out += (D.evkind ?? "unknown") + ",";
  if (seek(au, D.session)) out += au.interpretField() ?? "";
  out += ",";
  if (seek(au, D.actorPrimary)) {
    const subj = au.interpretField() ?? "(null)";
    out += subj === "unset" ? "system" : subj;
  }
  out += ",";
  if (seek(au, D.actorSecondary)) out += au.interpretField() ?? "(null)";
  out += ",";
  if (D.actorWhat !== undefined) out += D.actorWhat;
  out += ",";
  if (o.extraLabels) out += attrNamed(au, D.actorAttr, "subj") + ",";
  out += (D.action ?? "did-unknown") + ",";
  if (seek(au, D.results)) out += success(au, au.interpretField()) ? "success" : "failed";
  out += ",";
  if (seek(au, D.thingPrimary)) out += objectText(au, D.action) ?? "(null)";
  out += ",";
  if (seek(au, D.thingSecondary)) out += au.interpretField() ?? "(null)";
  out += ",";
  if (o.extraObj2) {
    if (seek(au, D.thingTwo)) {
      out += (au.fieldType() === "ESCAPED_FILE" ? au.interpretRealpath() : au.interpretField()) ??
        "(null)";
    }
    out += ",";
  }
  if (o.extraLabels) out += attrNamed(au, D.thingAttr, "obj") + ",";
  out += (objKinds.get(D.thingWhat) ?? "(null)") + ",";
  if (D.how !== undefined) out += D.how;
  if (o.extraKeys) {
    out += ",";
    if (seek(au, D.key)) out += au.interpretField() ?? "(null)";
  }
  return out + "\n";
}

/**
 * One event as a line of `ausearch --format text` (newline included):
 * `At 01:35:04 11/25/26 system, acting as root, successfully executed /usr/bin/ls using /usr/bin/ls`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTextEvent, LocalClock } from "@libaudit/libaudit/interpret";
 * const text = formatTextEvent([
 *   "type=DAEMON_START msg=audit(1795570503.890:9251): op=start ver=3.0.9 format=raw kernel=6.1 auid=4294967295 pid=1 uid=0 ses=4294967295 res=success",
 * ], { clock: new LocalClock("UTC") });
 * assert.equal(text, "At 01:35:03 11/25/26 system, acting as root, successfully started-audit using init\n");
 * ```
 */
export function formatTextEvent(lines: readonly string[], o: NormalizeOptions = {}): string {
  const s = stamp(lines, o.eventStamp);
  const au = event(lines, o, s);
  const clock = o.clock ?? (defaultClock ??= new LocalClock());
  const t = clock.local(s.seconds);
  const tmp = yearFitsInt(t.year) ? `${cTime(t)} ${cDate(t)}` : "?";
  const type = au.type();
  const { D } = normalizeEvent(au, true);
  let out = s.node !== undefined
    ? `On ${au.interpretField() ?? "(null)"} at ${tmp} `
    : `At ${tmp} `;
  let id = -2;
  if (seek(au, D.actorPrimary)) {
    const subj = au.interpretField() ?? "(null)";
    id = au.fieldInt();
    out += subj === "unset" ? "system" : subj;
  }
  if (seek(au, D.actorSecondary)) {
    const uid = au.fieldInt();
    if (uid !== id && id !== -2 && uid !== -1) {
      out += `, acting as ${au.interpretField() ?? "(null)"},`;
    }
  }
  if (seek(au, D.results)) {
    out += success(au, au.interpretField()) ? " successfully " : " unsuccessfully ";
  } else out += " ";
  const action = D.action;
  out += (action ?? "did-unknown") + " ";
  if (seek(au, D.thingPrimary)) {
    let val: string | undefined;
    if (action?.includes("violated")) val = "accessing ";
    const ftype = au.fieldType();
    if (ftype === "ESCAPED_FILE") val = au.interpretRealpath();
    else if (ftype === "SOCKADDR") {
      val = au.interpretSockPart("laddr=") ?? au.interpretSockPart("fam=");
    } else if (type === K("AUDIT_CONFIG_CHANGE")) {
      val = action === "set" || action === "seccomp-logging" ? au.fieldName() : au.interpretField();
    }
    val ??= au.interpretField();
    out += `${val ?? "(null)"} `;
  }
  if (seek(au, D.thingTwo)) {
    const val = au.fieldType() === "ESCAPED_FILE" ? au.interpretRealpath() : au.interpretField();
    out += `to ${val ?? "(null)"} `;
  }
  if (D.how !== undefined && action !== undefined && action[0] !== "e") out += `using ${D.how}`;
  return out + "\n";
}

/** A record as ausearch feeds it to auparse: its line and its type number. */
export interface FedRecord {
  /** The record's text. */
  readonly line: string;
  /** Its record type number. */
  readonly type: number;
}

const AUDIT_FIRST_EVENT = 1300;
const EOE = msgTypeNumber("EOE");
const PROCTITLE = msgTypeNumber("PROCTITLE");
const MAC_CALIPSO_DEL = msgTypeNumber("MAC_CALIPSO_DEL");

/**
 * auparse's events from one of ausearch's, as `--format csv|text` feed its
 * records to auparse (ausearch-report.c `feed_auparse`, auparse.c
 * `au_check_events`): an event ends after a record of a type auparse takes
 * to close one (PROCTITLE, EOE, types below 1300, from 2100, KERNEL, the
 * NetLabel ones), so records after it make a new event; a new event that
 * starts with EOE is dropped. Leading spaces, which auparse reads past, are
 * left out of the lines.
 *
 * @param records The event's records, in the order they were read.
 * @returns The lines of each auparse event.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { auparseEvents } from "@libaudit/libaudit/interpret";
 *
 * const r = (type: number) => ({ line: `type=${type}`, type });
 * assert.deepStrictEqual(auparseEvents([r(1300), r(1327), r(1302)]), [
 *   ["type=1300", "type=1327"],
 *   ["type=1302"],
 * ]);
 * ```
 */
export function auparseEvents(records: readonly FedRecord[]): string[][] {
  const events: string[][] = [];
  let cur: string[] = [];
  for (const { line, type } of records) {
    if (cur.length === 0 && type === EOE) continue;
    // auparse reads past leading spaces (audit_strsplit), as if they were not there.
    cur.push(line.charCodeAt(0) === 32 ? line.replace(/^ +/, "") : line);
    if (
      type === PROCTITLE || type === EOE || type < AUDIT_FIRST_EVENT ||
      type >= CONSTANTS.AUDIT_FIRST_ANOM_MSG! || type === CONSTANTS.AUDIT_KERNEL ||
      (type >= CONSTANTS.AUDIT_MAC_UNLBL_ALLOW! && type <= MAC_CALIPSO_DEL)
    ) {
      events.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) events.push(cur);
  return events;
}
