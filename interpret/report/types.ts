/**
 * The data aureport's parser keeps per event: its records (`lnode`), its
 * time stamp (`event`), and the fields extracted for reports
 * (`search_items`).
 *
 * @module
 */

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
  /** The event serial number. */
  readonly serial: number;
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

/** One AVC decision of an event. */
export interface AvcNode {
  /** Source context. */
  scontext: string | undefined;
  /** Target context. */
  tcontext: string | undefined;
  /** Permission list. */
  perm: string | undefined;
  /** Object class. */
  cls: string | undefined;
  /** 0 unset, 1 denied, 2 granted. */
  result: 0 | 1 | 2;
}

/** Success as aureport keeps it: -1 unset, 0 failed, 1 success (other numbers from `res=`). */
export type Success = number;

/** The searchable fields of an event (ausearch's `search_items`). */
export interface SearchItems {
  /** Process id (`int`), -1 unset. */
  pid: number;
  /** uid (`uid_t`), 0xffffffff unset. */
  uid: number;
  /** Login uid (`uid_t`), 0xfffffffe (-2) unset. */
  loginuid: number;
  /** Session id, 0xfffffffe unset. */
  sessionId: number;
  /** -1 unset, 0 failed, 1 success. */
  success: Success;
  /** Syscall number (`int`), 0 unset. */
  syscall: number;
  /** Audit arch (`int`). */
  arch: number;
  /** The SYSCALL record's a0 (for socketcall/ipc names). */
  a0: bigint;
  /** Remote host (`hostname=`, `addr=`, sockaddr). */
  hostname: string | undefined;
  /** File names (PATH, AVC, sockaddr paths). */
  filenames: FileName[] | undefined;
  /** Terminal (`tty=`, `terminal=`). */
  terminal: string | undefined;
  /** Working directory. */
  cwd: string | undefined;
  /** Executable. */
  exe: string | undefined;
  /** Rule keys. */
  keys: string[] | undefined;
  /** Command. */
  comm: string | undefined;
  /** AVC decisions and contexts. */
  avc: AvcNode[] | undefined;
  /** Account name (`acct=`). */
  acct: string | undefined;
}

/** uid_t -1. */
export const UNSET_UID = 0xffffffff;
/** uid_t -2, aureport's "no login uid seen". */
export const NO_LOGINUID = 0xfffffffe;

/** Fresh search items as `list_create` leaves them. */
export function emptyItems(): SearchItems {
  return {
    pid: -1,
    uid: UNSET_UID,
    loginuid: NO_LOGINUID,
    sessionId: NO_LOGINUID,
    success: -1,
    syscall: 0,
    arch: 0,
    a0: 0n,
    hostname: undefined,
    filenames: undefined,
    terminal: undefined,
    cwd: undefined,
    exe: undefined,
    keys: undefined,
    comm: undefined,
    avc: undefined,
    acct: undefined,
  };
}

/** An event: its stamp, records in arrival order, and extracted items. */
export interface ReportEvent {
  /** Time stamp, node and first type. */
  readonly e: EventStamp;
  /** The records, in the order they were read. */
  readonly records: ReportRecord[];
}

/** Which fields a report asks the parser for (aureport's `event_*` switches). */
export interface Wanted {
  /** `-i`: SYSCALL records must carry `arch=`. */
  interpret: boolean;
  /** uid. */
  uid: boolean;
  /** Login uid. */
  loginuid: boolean;
  /** Session. */
  sessionId: boolean;
  /** Terminal. */
  terminal: boolean;
  /** Command. */
  comm: boolean;
  /** Executable. */
  exe: boolean;
  /** Subject context. */
  subject: boolean;
  /** Object context. */
  object: boolean;
  /** Rule keys. */
  key: boolean;
  /** File names. */
  filename: boolean;
  /** Remote host. */
  hostname: boolean;
}
