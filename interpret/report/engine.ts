/**
 * One aureport run over events: selection (`scan`: node, `--failed`,
 * `--success`, config actions), the per-event work of each report, and the
 * totals its summary prints (aureport-scan.c).
 *
 * @module
 */
import { NumberTally, StringTally } from "./_tally.ts";
import type { EscapeMode } from "./escape.ts";
import { extractSearchItems } from "./extract.ts";
import { recordReads } from "../_parse_record.ts";
import { type ReportKind, wantedFor } from "./kinds.ts";
import { type DetailRow, detailRows } from "./rows.ts";
import type { RunCounts, SummaryCounts, Tallies } from "./totals.ts";
import {
  type IfName,
  loadInterpretations,
  type LookupContext,
  lookupSyscall,
  lookupUid,
  type UidName,
} from "./lookup.ts";
import { NO_LOGINUID, type ReportEvent, type SearchItems, type Wanted } from "./types.ts";

/** What to report, as aureport's options select it. */
export interface ReportConfig {
  /** The report. */
  readonly kind: ReportKind;
  /** `--summary` (and the plain summary report). */
  readonly summary: boolean;
  /** `-i`. */
  readonly interpret: boolean;
  /** `--failed` / `--success`. */
  readonly outcome: "both" | "failed" | "success";
  /** `--add` / `--delete` (config and account reports). */
  readonly confAction: "neither" | "add" | "delete";
  /** `-nc`: leave CONFIG_CHANGE events out. */
  readonly noConfig: boolean;
  /** `--node` names, when given. */
  readonly nodes: readonly string[] | undefined;
  /** `--escape`. */
  readonly escape: EscapeMode;
  /** `-ts`, seconds since the epoch (0 for none). */
  readonly startTime: number;
  /** `-te`, seconds since the epoch (0 for none). */
  readonly endTime: number;
}

function hasType(ev: ReportEvent, type: number): boolean {
  for (const r of ev.records) if (r.type === type) return true;
  return false;
}

function hasRange(ev: ReportEvent, low: number, high: number): boolean {
  for (const r of ev.records) if (r.type >= low && r.type <= high) return true;
  return false;
}

/** Record types `classify_conf` counts as additions. */
const CONF_ADDS: readonly number[] = [1114, 1116, 1407, 1409, 1411, 1413, 1416];
/** Record types `classify_conf` counts as deletions. */
const CONF_DELS: readonly number[] = [1115, 1117, 1408, 1410, 1412, 1414, 1417];

/** `classify_conf`: whether `--add`/`--delete`/`-nc` keep an event with this first record type. */
function classifyConf(type: number, c: ReportConfig): boolean {
  if (type === 1305) return !c.noConfig;
  if (c.confAction === "neither") return true;
  if (CONF_ADDS.includes(type)) return c.confAction !== "delete";
  if (CONF_DELS.includes(type)) return c.confAction !== "add";
  return true;
}

/**
 * Which record types' text `engine`'s reports read (for the event
 * grouper's `keepText`): the types its parsers look at,
 * and every type with `-i` (the enriched part) or for the TTY report
 * (whose rows quote the first record).
 */
export function textReader(engine: ReportEngine): ((type: number) => boolean) | undefined {
  const c = engine.config;
  if (c.interpret || c.kind === "tty") return undefined;
  const w = engine.wanted;
  return (type) => recordReads(type, w);
}

/** An event that passed selection, with its fields. */
export interface ScannedEvent {
  /** The event. */
  readonly ev: ReportEvent;
  /** Its fields. */
  readonly s: SearchItems;
  /** The enriched interpretations `-i` uses, when loaded. */
  readonly il: Map<string, string> | undefined;
}

const NO_ROWS: readonly DetailRow[] = Object.freeze([]);

/** aureport's per-event processing for one report. */
export class ReportEngine {
  /** What is reported. */
  readonly config: ReportConfig;
  /** The fields the parser extracts. */
  readonly wanted: Wanted;
  readonly #lookup: LookupContext;
  /** Totals of the summary report. */
  readonly sd: SummaryCounts = {
    changes: 0,
    acctChanges: 0,
    goodLogins: 0,
    badLogins: 0,
    goodAuth: 0,
    badAuth: 0,
    avcs: 0,
    mac: 0,
    failedSyscalls: 0,
    anomalies: 0,
    responses: 0,
    crypto: 0,
    integrity: 0,
    virt: 0,
    events: 0,
  };
  /** The lists behind the summaries. */
  readonly tallies: Tallies = {
    users: new StringTally(),
    terms: new StringTally(),
    files: new StringTally(),
    hosts: new StringTally(),
    exes: new StringTally(),
    comms: new StringTally(),
    avcObjs: new StringTally(),
    keys: new StringTally(),
    syscalls: new StringTally(),
    pids: new NumberTally(),
    types: new NumberTally(),
  };
  /** Whether any event was reported (aureport's `found`). */
  found = false;
  /** What was read and skipped. */
  readonly counts: RunCounts = { events: 0, malformed: 0 };
  #lastUid = -1;
  #lastUidText = "";
  /** Called for an event skipped as malformed: where and aureport's code. */
  onMalformed: ((where: string, code: number) => void) | undefined;

  readonly #ifName: IfName | undefined;

  /** Creates the engine for `config`; `uidName` is the user database, `ifName` the interfaces. */
  constructor(config: ReportConfig, uidName: UidName, ifName?: IfName) {
    this.config = config;
    this.#ifName = ifName;
    this.wanted = wantedFor(config.kind, config.interpret);
    this.#lookup = { interpret: config.interpret, uidName };
  }

  /** The lookups (`-i` aware). */
  get lookup(): LookupContext {
    return this.#lookup;
  }

  /** `scan`: extracts the fields and applies the selection; `undefined` when not selected. */
  scan(ev: ReportEvent): ScannedEvent | undefined {
    const c = this.config;
    if (
      (c.startTime !== 0 && ev.e.sec < c.startTime) || (c.endTime !== 0 && ev.e.sec > c.endTime)
    ) {
      return undefined;
    }
    this.counts.events++;
    const x = extractSearchItems(ev, this.wanted, this.#ifName);
    if (x.error !== 0) {
      this.counts.malformed++;
      this.onMalformed?.(
        x.record === undefined ? "?" : `${x.record.file}:${x.record.line}`,
        x.error,
      );
      return undefined;
    }
    if (c.nodes !== undefined && (ev.e.node === undefined || !c.nodes.includes(ev.e.node))) {
      return undefined;
    }
    const s = x.items;
    if (c.outcome === "failed" && s.success !== 0) return undefined;
    if (c.outcome === "success" && s.success !== 1) return undefined;
    if (!classifyConf(ev.records[0]!.type, c)) return undefined;
    const il = c.interpret ? loadInterpretations(ev) : undefined;
    return { ev, s, il };
  }

  /** Processes one event; returns the detailed report's rows for it (none for summaries). */
  process(ev: ReportEvent): readonly DetailRow[] {
    const x = this.scan(ev);
    if (x === undefined) return NO_ROWS;
    if (this.config.summary) {
      if (this.#perEventSummary(x)) this.found = true;
      return NO_ROWS;
    }
    const rows = detailRows(x, this.config, this.#lookup);
    if (rows !== undefined) this.found = true;
    return rows ?? NO_ROWS;
  }

  #perEventSummary(x: ScannedEvent): boolean {
    const { ev, s, il } = x;
    const t = this.tallies;
    const type = ev.records[0]!.type;
    const ctx = this.#lookup;
    switch (this.config.kind) {
      case "summary":
        this.#summaryTotal(ev, s);
        return true;
      case "avc":
        if ((hasType(ev, 1400) || hasType(ev, 1107)) && s.avc !== undefined) {
          for (const an of s.avc) if (an.result !== 0) t.avcObjs.add(an.tcontext);
        }
        break;
      case "mac":
        if (hasRange(ev, 1403, 1410) || hasRange(ev, 2300, 2399)) t.types.add(type);
        break;
      case "integrity":
        if (hasRange(ev, 1800, 1899)) t.types.add(type);
        break;
      case "virt":
        if (hasRange(ev, 2500, 2599)) t.types.add(type);
        break;
      case "config":
        if (
          hasType(ev, 1305) || hasType(ev, 1203) || hasType(ev, 1111) || hasType(ev, 1325) ||
          hasType(ev, 1328) || hasType(ev, 2312) || hasRange(ev, 1403, 1417)
        ) t.types.add(type);
        break;
      case "auth":
        if (hasType(ev, 1100) || (hasType(ev, 1102) && s.success === 0)) {
          if (s.loginuid === NO_LOGINUID && s.acct !== undefined) t.users.add(s.acct);
          else t.users.add(lookupUid(ctx, s.loginuid, il));
        }
        break;
      case "login":
        if (hasType(ev, 1112)) {
          if ((s.loginuid | 0) < 0 && s.acct !== undefined) t.users.add(s.acct);
          else t.users.add(lookupUid(ctx, s.loginuid, il));
        }
        break;
      case "acct":
        if (
          hasType(ev, 1108) || hasRange(ev, 1114, 1117) || hasType(ev, 1102) || hasType(ev, 1132) ||
          hasRange(ev, 2301, 2302)
        ) t.types.add(type);
        break;
      case "event":
        if (type !== -1) t.types.add(type);
        break;
      case "file":
        for (const f of s.filenames ?? []) t.files.add(f.str);
        break;
      case "host":
        t.hosts.add(s.hostname);
        break;
      case "pid":
        if (s.pid !== -1) t.pids.add(s.pid);
        break;
      case "syscall":
        if (s.syscall > 0) t.syscalls.add(lookupSyscall(ctx, s.syscall, s.arch, il));
        break;
      case "term":
        t.terms.add(s.terminal);
        break;
      case "user":
        if (s.loginuid !== NO_LOGINUID) t.users.add(lookupUid(ctx, s.loginuid, il));
        break;
      case "exe":
        t.exes.add(s.exe);
        break;
      case "comm":
        t.comms.add(s.comm);
        break;
      case "anomaly":
        if (hasRange(ev, 2100, 2199) || hasRange(ev, 1700, 1799) || hasType(ev, 1326)) {
          t.types.add(type);
        }
        break;
      case "response":
        if (hasRange(ev, 2200, 2299)) t.types.add(type);
        break;
      case "crypto":
        if (hasRange(ev, 1600, 1699) || hasRange(ev, 2400, 2499)) t.types.add(type);
        break;
      case "key":
        for (const k of s.keys ?? []) if (k !== "(null)") t.keys.add(k);
        break;
      default:
        break;
    }
    return false;
  }

  #summaryTotal(ev: ReportEvent, s: SearchItems): void {
    const sd = this.sd;
    const t = this.tallies;
    sd.events++;
    // One pass over the record types: which of aureport's tests hold.
    let has1305 = false, has1203 = false, has1111 = false, has1325 = false, has1328 = false;
    let has2312 = false, has1108 = false, has1102 = false, has1132 = false, has1112 = false;
    let has1100 = false, has1126 = false, has1400 = false, has1107 = false;
    let mac1 = false, acct1 = false, role = false, kcrypto = false, crypto = false;
    let lspp = false, virt = false, integ = false, anom = false, kanom = false, resp = false;
    for (const r of ev.records) {
      const y = r.type;
      if (y < 1100 || (y > 1419 && y < 1600)) continue;
      switch (y) {
        case 1305:
          has1305 = true;
          break;
        case 1203:
          has1203 = true;
          break;
        case 1111:
          has1111 = true;
          break;
        case 1325:
          has1325 = true;
          break;
        case 1328:
          has1328 = true;
          break;
        case 2312:
          has2312 = true;
          break;
        case 1108:
          has1108 = true;
          break;
        case 1102:
          has1102 = true;
          break;
        case 1132:
          has1132 = true;
          break;
        case 1112:
          has1112 = true;
          break;
        case 1100:
          has1100 = true;
          break;
        case 1126:
          has1126 = true;
          break;
        case 1400:
          has1400 = true;
          break;
        case 1107:
          has1107 = true;
          break;
      }
      if (y >= 1403 && y <= 1417) mac1 = true;
      if (y >= 1114 && y <= 1117) acct1 = true;
      if (y >= 2301 && y <= 2302) role = true;
      if (y >= 1600 && y <= 1699) kcrypto = true;
      if (y >= 2400 && y <= 2499) crypto = true;
      if (y >= 2300 && y <= 2399) lspp = true;
      if (y >= 2500 && y <= 2599) virt = true;
      if (y >= 1800 && y <= 1899) integ = true;
      if (y >= 2100 && y <= 2199) anom = true;
      if (y >= 1700 && y <= 1799) kanom = true;
      if (y >= 2200 && y <= 2299) resp = true;
    }
    sd.changes += +has1305 + +has1203 + +has1111 + +has1325 + +has1328 + +has2312 + +mac1;
    sd.acctChanges += +has1108 + +acct1 + +has1102 + +has1132 + +role;
    sd.crypto += +kcrypto + +crypto;
    if (has1112) {
      if (s.success === 1) sd.goodLogins++;
      else if (s.success === 0) sd.badLogins++;
    }
    if (has1100) {
      if (s.success === 1) sd.goodAuth++;
      else if (s.success === 0) sd.badAuth++;
    } else if (has1102) {
      if (s.success === 0) sd.badAuth++;
    } else if (has1126) {
      if (s.success === 1) sd.goodAuth++;
      else if (s.success === 0) sd.badAuth++;
    }
    if (s.loginuid !== NO_LOGINUID) {
      if (s.loginuid !== this.#lastUid) {
        this.#lastUid = s.loginuid;
        this.#lastUidText = String(s.loginuid | 0);
      }
      t.users.add(this.#lastUidText);
    }
    t.terms.add(s.terminal);
    t.hosts.add(s.hostname);
    t.exes.add(s.exe);
    t.comms.add(s.comm);
    for (const f of s.filenames ?? []) t.files.add(f.str);
    if (has1400 || has1107) sd.avcs++;
    sd.mac += +mac1 + +lspp;
    if (virt) sd.virt++;
    if (integ) sd.integrity++;
    if (s.success === 0 && s.syscall > 0) sd.failedSyscalls++;
    if (s.pid !== -1) t.pids.add(s.pid);
    sd.anomalies += +anom + +kanom;
    if (resp) sd.responses++;
    for (const k of s.keys ?? []) if (k !== "(null)") t.keys.add(k);
  }
}
