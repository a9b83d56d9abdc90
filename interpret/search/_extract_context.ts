/**
 * What the search's extraction shares for one event: the criteria (what to
 * look for), the items found so far, and the name lookup for `-ui NAME` and
 * friends; and how a search keeps what interpret/_parse_*.ts (shared with
 * report) finds.
 *
 * @module
 */
import type { AvcNode, ParseSink, ParseWanted } from "../_parse_items.ts";
import { parseRecord } from "../_parse_record.ts";
import type { SearchCriteria, SearchItems } from "./criteria.ts";

/** One record as ausearch holds it. */
export interface SearchRecord {
  /** The whole line, without its line break. */
  readonly line: string;
  /** The record type. */
  readonly type: number;
  /** Where the ENRICHED part starts (`\x1d`), or the line's length. */
  readonly mlen: number;
}

/** Name lookup: `field` is `uid`, `euid` or `auid`; `undefined` when unknown. */
export type UidLookup = (field: string, uid: number) => string | undefined;

/** What the extractors share for one event. */
export interface ExtractContext {
  readonly c: SearchCriteria;
  readonly s: SearchItems;
  readonly lookupUid: UidLookup;
  /** The host's interface of an index (link-local IPv6 scopes), if known. */
  readonly ifName?: ((index: number) => string | undefined) | undefined;
}

const UID_UNSET = 0xffffffff;
const AUID_UNSET = 0xfffffffe;

/** A number option ausearch keeps in a C global that has `unset` as its "not searched" value. */
function set(v: number | undefined, unset: number): boolean {
  return v !== undefined && v !== unset;
}

/**
 * ausearch's `event_*` switches for the criteria: a number option whose
 * value equals its global's "unset" value (`-p 4294967295` is `event_pid`
 * -1) searches nothing, so its field is not read either.
 */
export function searchWanted(c: SearchCriteria): ParseWanted {
  return {
    ppid: set(c.ppid, -1),
    pid: set(c.pid, -1),
    uid: set(c.uid, UID_UNSET) || c.uidName !== undefined,
    uidNumber: set(c.uid, UID_UNSET),
    euid: set(c.euid, UID_UNSET) || c.euidName !== undefined,
    loginuid: set(c.loginuid, AUID_UNSET) || c.loginuidName !== undefined,
    gid: set(c.gid, UID_UNSET),
    egid: set(c.egid, UID_UNSET),
    session: set(c.session, AUID_UNSET),
    terminal: c.terminal !== undefined,
    comm: c.comm !== undefined,
    exe: c.exe !== undefined,
    subject: c.subject !== undefined,
    object: c.object !== undefined,
    key: c.key !== undefined,
    filename: c.filename !== undefined,
    hostname: c.hostname !== undefined,
    success: c.success !== undefined,
    arch: c.wantArch === true || c.arches !== undefined,
    exit: c.exit !== undefined,
    vmname: c.vmname !== undefined,
    uuid: c.uuid !== undefined,
  };
}

const WANTED = new WeakMap<SearchCriteria, ParseWanted>();
// The last criteria's switches and sink (a search has one set of criteria).
let lastCriteria: SearchCriteria | undefined;
let lastWanted: ParseWanted | undefined;
let lastSink: SearchSink | undefined;

/** A search's sink: contexts as `{scontext, tcontext}`, file names as strings. */
class SearchSink implements ParseSink<SearchItems> {
  readonly lookupUid: UidLookup;
  readonly warn: (text: string) => void;
  readonly ifName: ((index: number) => string | undefined) | undefined;
  readonly rewrite = undefined;
  constructor(
    lookupUid: UidLookup,
    warn: (text: string) => void,
    ifName: ((index: number) => string | undefined) | undefined,
  ) {
    this.lookupUid = lookupUid;
    this.warn = warn;
    this.ifName = ifName;
  }
  addAvc(s: SearchItems, an: AvcNode): void {
    (s.avc ??= []).push({ scontext: an.scontext, tcontext: an.tcontext });
  }
  addFile(s: SearchItems, name: string): void {
    (s.filenames ??= []).push(name);
  }
  setFileKey(): void {}
}

/**
 * Reads what the criteria need from one record (`m`: its text without an
 * ENRICHED part, `t`: its type) into `x.s`: interpret/_parse_record.ts,
 * shared with report. Returns 0, or ausearch's code for a malformed record.
 */
export function extractRecord(
  x: ExtractContext,
  m: string,
  t: number,
  warn: (text: string) => void,
): number {
  let w = lastWanted;
  if (x.c !== lastCriteria || w === undefined) {
    w = WANTED.get(x.c);
    if (w === undefined) WANTED.set(x.c, w = searchWanted(x.c));
    lastCriteria = x.c;
    lastWanted = w;
  }
  let k = lastSink;
  if (k === undefined || k.lookupUid !== x.lookupUid || k.warn !== warn || k.ifName !== x.ifName) {
    k = lastSink = new SearchSink(x.lookupUid, warn, x.ifName);
  }
  return parseRecord(m, t, x.s, w, k);
}
