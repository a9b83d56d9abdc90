/**
 * One aureport run over events: selection (`scan`: node, `--failed`,
 * `--success`, config actions), the per-event work of each report, and the
 * totals its summary prints (aureport-scan.c).
 *
 * @module
 */
import { NumberTally, StringTally } from "./_tally.ts";
import type { EscapeMode } from "./escape.ts";
import { extractSearchItems, extractStored } from "./extract.ts";
import {
  F_1100,
  F_1102,
  F_1107,
  F_1108,
  F_1111,
  F_1112,
  F_1126,
  F_1132,
  F_1203,
  F_1305,
  F_1325,
  F_1326,
  F_1328,
  F_1400,
  F_2312,
  F_ACCT,
  F_ANOM,
  F_CRYPTO,
  F_INTEGRITY,
  F_KANOM,
  F_KCRYPTO,
  F_LSPP,
  F_MAC,
  F_MAC_SHORT,
  F_RESPONSE,
  F_ROLE,
  F_VIRT,
  recordFlags,
} from "./_flags.ts";
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

/**
 * Whether `engine`'s events may come from a compact grouper (records kept
 * as places in their text, each event valid only while it is processed):
 * all reports but TTY, whose rows quote the first record as `parse_user`
 * left it.
 */
export function compactEvents(engine: ReportEngine): boolean {
  return engine.config.kind !== "tty";
}

/** An event that passed selection, with its fields. */
export interface ScannedEvent {
  /** The event. */
  readonly ev: ReportEvent;
  /** Its fields. */
  readonly s: SearchItems;
  /** The enriched interpretations `-i` uses, when loaded. */
  readonly il: Map<string, string> | undefined;
  /** Which of the reports' record-type tests hold (interpret/report/_flags.ts). */
  readonly flags: number;
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
    const x = ev.store !== undefined && ev.head !== undefined
      ? extractStored(ev.store, ev.head, this.wanted, this.#ifName)
      : extractSearchItems(ev, this.wanted, this.#ifName);
    if (x.error !== 0) {
      this.counts.malformed++;
      this.onMalformed?.(
        x.record === undefined ? "?" : `${x.record.file}:${x.record.line}`,
        x.error,
      );
      return undefined;
    }
    const s = x.items;
    const flags = ev.flags ?? recordFlags(ev.records);
    if (c.nodes !== undefined && (ev.e.node === undefined || !c.nodes.includes(ev.e.node))) {
      return undefined;
    }
    if (c.outcome === "failed" && s.success !== 0) return undefined;
    if (c.outcome === "success" && s.success !== 1) return undefined;
    if (!classifyConf(ev.e.type, c)) return undefined;
    const il = c.interpret ? loadInterpretations(ev) : undefined;
    return { ev, s, il, flags };
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
    const { ev, s, il, flags } = x;
    const t = this.tallies;
    const type = ev.e.type;
    const ctx = this.#lookup;
    switch (this.config.kind) {
      case "summary":
        this.#summaryTotal(flags, s);
        return true;
      case "avc":
        if (((flags & F_1400) !== 0 || (flags & F_1107) !== 0) && s.avc !== undefined) {
          for (const an of s.avc) if (an.result !== 0) t.avcObjs.add(an.tcontext);
        }
        break;
      case "mac":
        if ((flags & F_MAC_SHORT) !== 0 || (flags & F_LSPP) !== 0) t.types.add(type);
        break;
      case "integrity":
        if ((flags & F_INTEGRITY) !== 0) t.types.add(type);
        break;
      case "virt":
        if ((flags & F_VIRT) !== 0) t.types.add(type);
        break;
      case "config":
        if (
          (flags & F_1305) !== 0 || (flags & F_1203) !== 0 || (flags & F_1111) !== 0 ||
          (flags & F_1325) !== 0 ||
          (flags & F_1328) !== 0 || (flags & F_2312) !== 0 || (flags & F_MAC) !== 0
        ) t.types.add(type);
        break;
      case "auth":
        if ((flags & F_1100) !== 0 || ((flags & F_1102) !== 0 && s.success === 0)) {
          if (s.loginuid === NO_LOGINUID && s.acct !== undefined) t.users.add(s.acct);
          else t.users.add(lookupUid(ctx, s.loginuid, il));
        }
        break;
      case "login":
        if ((flags & F_1112) !== 0) {
          if ((s.loginuid | 0) < 0 && s.acct !== undefined) t.users.add(s.acct);
          else t.users.add(lookupUid(ctx, s.loginuid, il));
        }
        break;
      case "acct":
        if (
          (flags & F_1108) !== 0 || (flags & F_ACCT) !== 0 || (flags & F_1102) !== 0 ||
          (flags & F_1132) !== 0 ||
          (flags & F_ROLE) !== 0
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
        if ((flags & F_ANOM) !== 0 || (flags & F_KANOM) !== 0 || (flags & F_1326) !== 0) {
          t.types.add(type);
        }
        break;
      case "response":
        if ((flags & F_RESPONSE) !== 0) t.types.add(type);
        break;
      case "crypto":
        if ((flags & F_KCRYPTO) !== 0 || (flags & F_CRYPTO) !== 0) t.types.add(type);
        break;
      case "key":
        for (const k of s.keys ?? []) if (k !== "(null)") t.keys.add(k);
        break;
      default:
        break;
    }
    return false;
  }

  #summaryTotal(flags: number, s: SearchItems): void {
    const sd = this.sd;
    const t = this.tallies;
    sd.events++;
    // Most events (system calls) set no flag: the flag counts are kept out of this hot path.
    if (flags !== 0) this.#summaryFlags(flags, s.success);
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
    const files = s.filenames;
    if (files !== undefined) { for (let i = 0; i < files.length; i++) t.files.add(files[i]!.str); }
    if (s.success === 0 && s.syscall > 0) sd.failedSyscalls++;
    if (s.pid !== -1) t.pids.add(s.pid);
    const keys = s.keys;
    if (keys !== undefined) {
      for (let i = 0; i < keys.length; i++) if (keys[i] !== "(null)") t.keys.add(keys[i]!);
    }
  }

  /** The summary's counts that depend on the event's record types (`flags`, not 0). */
  #summaryFlags(flags: number, success: number): void {
    const sd = this.sd;
    const on = (bit: number): number => (flags & bit) !== 0 ? 1 : 0;
    sd.changes += on(F_1305) + on(F_1203) + on(F_1111) + on(F_1325) + on(F_1328) + on(F_2312) +
      on(F_MAC);
    sd.acctChanges += on(F_1108) + on(F_ACCT) + on(F_1102) + on(F_1132) + on(F_ROLE);
    sd.crypto += on(F_KCRYPTO) + on(F_CRYPTO);
    if ((flags & F_1112) !== 0) {
      if (success === 1) sd.goodLogins++;
      else if (success === 0) sd.badLogins++;
    }
    if ((flags & F_1100) !== 0) {
      if (success === 1) sd.goodAuth++;
      else if (success === 0) sd.badAuth++;
    } else if ((flags & F_1102) !== 0) {
      if (success === 0) sd.badAuth++;
    } else if ((flags & F_1126) !== 0) {
      if (success === 1) sd.goodAuth++;
      else if (success === 0) sd.badAuth++;
    }
    if ((flags & (F_1400 | F_1107)) !== 0) sd.avcs++;
    sd.mac += on(F_MAC) + on(F_LSPP);
    if ((flags & F_VIRT) !== 0) sd.virt++;
    if ((flags & F_INTEGRITY) !== 0) sd.integrity++;
    sd.anomalies += on(F_ANOM) + on(F_KANOM);
    if ((flags & F_RESPONSE) !== 0) sd.responses++;
  }
}
