/**
 * Whether an event matches ausearch's criteria: ausearch 3.0.9's
 * `extract_search_items` (which fields each record type gives) and `match`
 * (how each option compares), ported. Strings match as substrings, or whole
 * with `-w`; `-ua`/`-ga` match any of the ids; `-se` any context; `-m` and
 * `-n` any of their values; everything else must all hold.
 *
 * @module
 */
import {
  type ExtractContext,
  extractRecord,
  type SearchRecord,
  type UidLookup,
} from "./_extract_context.ts";
import { newSearchItems, type SearchCriteria, type SearchItems } from "./criteria.ts";

export type { SearchRecord, UidLookup };

/** An event as grouped for searching. */
export interface SearchEvent {
  /** Seconds of the event's time. */
  readonly sec: number;
  /** Milliseconds. */
  readonly milli: number;
  /** The serial number. */
  readonly serial: number;
  /** `node=` of its first record. */
  readonly node: string | undefined;
  /** Its records, in arrival order. */
  readonly records: readonly SearchRecord[];
  /**
   * What its lines may hold: `MAY_BE_ENRICHED` (1) and `MAY_HAVE_CONTROLS`
   * (2) from group.ts; absent: anything.
   */
  readonly flags?: number;
}

/** Facts for matching (name lookups, warnings). */
export interface MatchFacts {
  /** Name of a uid (ENRICHED text first, then the user database). */
  readonly lookupUid?: UidLookup;
  /** Told about malformed records (ausearch's `--debug` and sockaddr notes). */
  readonly warn?: (text: string) => void;
  /**
   * The host's interface of an index (`if_indextoname`): `-hn` matches a
   * link-local IPv6 address with its scope as ausearch's `getnameinfo`
   * prints it (`fe80::1%lo`); a number without it.
   */
  readonly ifName?: (index: number) => string | undefined;
}

export {
  K_CWD,
  K_NONE,
  K_PATH,
  K_SOCKADDR,
  K_SYSCALL,
  kindOf,
  recordKind,
} from "../_parse_record.ts";

/** Extracts what the criteria need from each record; nonzero: malformed, no match. */
export function extractSearchItems(
  event: SearchEvent,
  c: SearchCriteria,
  facts: MatchFacts = {},
): { items: SearchItems; code: number } {
  const x: ExtractContext = {
    c,
    s: newSearchItems(),
    lookupUid: facts.lookupUid ?? (() => undefined),
    ifName: facts.ifName,
  };
  const warn = facts.warn ?? (() => {});
  let ret = 0;
  for (const r of event.records) {
    const m = r.mlen === r.line.length ? r.line : r.line.slice(0, r.mlen);
    ret = extractRecord(x, m, r.type, warn);
    if (ret) {
      warn(`Malformed event skipped, rc=${ret}. ${m}`);
      break;
    }
  }
  return { items: x.s, code: ret };
}

function strmatch(c: SearchCriteria, needle: string, haystack: string): boolean {
  return c.exact ? haystack === needle : haystack.includes(needle);
}

function userMatch(c: SearchCriteria, s: SearchItems): boolean {
  if (c.anyUid) {
    // ausearch compares each name it has (it crashes on one it lacks: -ui NAME -ua N).
    if (c.uidName !== undefined) {
      return s.tuid === c.uidName || (c.euidName !== undefined && s.teuid === c.euidName) ||
        (c.loginuidName !== undefined && s.tauid === c.loginuidName);
    }
    return c.uid === s.uid || c.euid === s.euid || c.loginuid === s.loginuid;
  }
  if (c.uidName !== undefined || c.euidName !== undefined || c.loginuidName !== undefined) {
    if (c.uidName !== undefined && s.tuid !== c.uidName) return false;
    if (c.euidName !== undefined && s.teuid !== c.euidName) return false;
    if (c.loginuidName !== undefined && s.tauid !== c.loginuidName) return false;
    return true;
  }
  if (c.uid !== undefined && c.uid !== s.uid) return false;
  if (c.euid !== undefined && c.euid !== s.euid) return false;
  if (c.loginuid !== undefined && c.loginuid !== s.loginuid) return false;
  return true;
}

function groupMatch(c: SearchCriteria, s: SearchItems): boolean {
  if (c.anyGid) return c.gid === s.gid || c.egid === s.egid;
  if (c.gid !== undefined && c.gid !== s.gid) return false;
  if (c.egid !== undefined && c.egid !== s.egid) return false;
  return true;
}

function contextMatch(c: SearchCriteria, s: SearchItems): boolean {
  if (!c.anyContext && c.subject === undefined && c.object === undefined) return true;
  const subjects = (s.avc ?? []).filter((a) => a.scontext !== undefined);
  const objects = (s.avc ?? []).filter((a) => a.tcontext !== undefined);
  if (c.anyContext) {
    if (c.subject !== undefined && subjects.some((a) => strmatch(c, c.subject!, a.scontext!))) {
      return true;
    }
    if (c.object !== undefined && objects.some((a) => strmatch(c, c.object!, a.tcontext!))) {
      return true;
    }
    return false;
  }
  if (c.subject !== undefined) {
    return s.avc !== undefined && subjects.some((a) => strmatch(c, c.subject!, a.scontext!));
  }
  if (c.object !== undefined) {
    return s.avc !== undefined && objects.some((a) => strmatch(c, c.object!, a.tcontext!));
  }
  return true;
}

/**
 * ausearch's `match`: whether `event` satisfies every criterion.
 *
 * @param event The event.
 * @param c The criteria.
 * @param facts Name lookups and warnings.
 * @returns Whether it matches.
 */
export function matchEvent(event: SearchEvent, c: SearchCriteria, facts: MatchFacts = {}): boolean {
  if (c.start !== undefined && event.sec < c.start) return false;
  if (c.end !== undefined && event.sec > c.end) return false;
  if (c.eventId !== undefined && c.eventId !== event.serial) return false;
  const { items: s, code } = extractSearchItems(event, c, facts);
  if (code) return false;
  if (c.nodes !== undefined) {
    if (event.node === undefined || !c.nodes.includes(event.node)) return false;
  }
  if (!userMatch(c, s) || !groupMatch(c, s)) return false;
  if (c.ppid !== undefined && c.ppid !== s.ppid) return false;
  if (c.pid !== undefined && c.pid !== s.pid) return false;
  if (c.arches !== undefined && !c.arches.includes(s.arch)) return false;
  if (c.syscall !== undefined && c.syscall !== s.syscall) return false;
  if (c.session !== undefined && c.session !== s.session) return false;
  if (c.exit !== undefined && (!s.exitSet || c.exit !== s.exit)) return false;
  if (c.success !== undefined && c.success !== s.success) return false;
  if (c.types !== undefined && !event.records.some((r) => c.types!.includes(r.type))) return false;
  if (c.filename !== undefined) {
    if (s.filenames === undefined && s.cwd === undefined) return false;
    let found = false;
    if (s.filenames !== undefined) {
      found = s.filenames.some((f) => f !== undefined && strmatch(c, c.filename!, f));
      if (!found && s.cwd === undefined) return false;
    }
    if (s.cwd !== undefined && !found && !strmatch(c, c.filename, s.cwd)) return false;
  }
  const str = (want: string | undefined, have: string | undefined): boolean =>
    want === undefined || (have !== undefined && strmatch(c, want, have));
  if (!str(c.hostname, s.hostname) || !str(c.terminal, s.terminal)) return false;
  if (!str(c.exe, s.exe) || !str(c.comm, s.comm)) return false;
  if (c.key !== undefined) {
    if (s.keys === undefined || !s.keys.some((k) => strmatch(c, c.key!, k))) return false;
  }
  if (!str(c.vmname, s.vmname) || !str(c.uuid, s.uuid)) return false;
  return contextMatch(c, s);
}
