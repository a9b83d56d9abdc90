/**
 * The data aureport's parser keeps per event: its records (`lnode`), its
 * time stamp (`event`), and the fields extracted for reports
 * (`search_items`).
 *
 * @module
 */
import {
  type AvcNode as SharedAvcNode,
  NO_LOGINUID,
  type ParseItems,
  type ParseWanted,
  UNSET_UID,
} from "../_parse_items.ts";
import type { RecordStore } from "./_records.ts";

/** One record of an event as aureport holds it. */
export interface ReportRecord {
  /** The record type number (`-1` when the name is unknown to libaudit). */
  readonly type: number;
  /** The line without its newline and without the enriched part. */
  message: string;
  /** The enriched part after the 0x1d separator, when there is one. */
  readonly interp: string | undefined;
  /** The file the record came from, for warnings. */
  readonly file: string;
  /** Its line number in that file. */
  readonly line: number;
}

/** An event's time stamp and node. */
export interface EventStamp {
  /** Seconds since the epoch. */
  readonly sec: number;
  /** Milliseconds (0..999). */
  readonly milli: number;
  /** The event serial number (rounded beyond 2^53). */
  readonly serial: number;
  /** The serial's exact decimal text, when `serial` is rounded. */
  readonly serialText?: string | undefined;
  /** The `node=` name, when the line had one. */
  readonly node: string | undefined;
  /** The first record's type number. */
  readonly type: number;
}

/** A file name of an event, with the text after its `type=` (PATH records). */
export interface FileName {
  /** The path. */
  str: string;
  /** What followed `type=` in the PATH record (aureport skips `PARENT`). */
  key: string | undefined;
}

/** One AVC decision or context of an event (interpret/_parse_items.ts, shared with search). */
export type AvcNode = SharedAvcNode;

/** Success as aureport keeps it: -1 unset, 0 failed, 1 success (other numbers from `res=`). */
export type Success = number;

/** The searchable fields of an event (ausearch-parse.c's `search_items`, as aureport keeps them). */
export interface SearchItems extends ParseItems {
  /** File names (PATH, AVC, sockaddr paths), with PATH's `type=` text. */
  filenames: FileName[] | undefined;
  /** AVC decisions and contexts. */
  avc: AvcNode[] | undefined;
}

export { NO_LOGINUID, UNSET_UID };

/** Fresh search items as `list_create` leaves them. */
export function emptyItems(): SearchItems {
  return {
    pid: -1,
    uid: UNSET_UID,
    loginuid: NO_LOGINUID,
    success: -1,
    arch: 0,
    syscall: 0,
    session: NO_LOGINUID,
    hostname: undefined,
    cwd: undefined,
    exe: undefined,
    keys: undefined,
    terminal: undefined,
    comm: undefined,
    acct: undefined,
    filenames: undefined,
    avc: undefined,
  };
}

const EMPTY: Readonly<SearchItems> = Object.freeze(emptyItems());

/**
 * Resets `s` to what {@linkcode emptyItems} returns (for an object reused
 * from event to event); false when it cannot: a field only search reads is
 * set (the report's parsers are asked for none of them, `wantedFor`), and
 * the caller takes a fresh object.
 */
export function clearItems(s: SearchItems): boolean {
  if (
    s.ppid !== undefined || s.euid !== undefined || s.gid !== undefined ||
    s.egid !== undefined || s.exit !== undefined || s.exitSet !== undefined ||
    s.uuid !== undefined || s.vmname !== undefined || s.tuid !== undefined ||
    s.teuid !== undefined || s.tauid !== undefined
  ) return false;
  const e = EMPTY;
  s.pid = e.pid;
  s.uid = e.uid;
  s.loginuid = e.loginuid;
  s.success = e.success;
  s.arch = e.arch;
  s.syscall = e.syscall;
  s.session = e.session;
  s.hostname = e.hostname;
  s.cwd = e.cwd;
  s.exe = e.exe;
  s.keys = e.keys;
  s.terminal = e.terminal;
  s.comm = e.comm;
  s.acct = e.acct;
  s.filenames = e.filenames;
  s.avc = e.avc;
  return true;
}

/** An event: its stamp, records in arrival order, and extracted items. */
export interface ReportEvent {
  /** Time stamp, node and first type. */
  readonly e: EventStamp;
  /** The records, in the order they were read (empty when they are in `store`). */
  readonly records: ReportRecord[];
  /** Records read (kept or not), when known. */
  readonly count?: number;
  /** The OR of the records' type flags (interpret/report/_flags.ts), when known. */
  readonly flags?: number;
  /** Where a compact grouper keeps the records its consumer reads (from `head` on), instead of `records`. */
  readonly store?: RecordStore | undefined;
  /** The first record in `store`. */
  readonly head?: number;
}

/** Which fields a report asks the parser for (aureport's `event_*` switches). */
export type Wanted = ParseWanted;
