/**
 * What ausearch-parse.c (compiled into both ausearch and aureport) reads from
 * an event's records, one definition for `libaudit search` and `libaudit
 * report`: the fields (`search_items`), the switches that say which to read
 * (the tools' `event_*` globals), and how a caller keeps the lists whose
 * shape differs between them (contexts, file names). The parsers are
 * interpret/_parse_*.ts; interpret/_parse_record.ts picks one per record type.
 *
 * @module
 */
import { strtoul, unescape } from "./_cstr.ts";

/** Which fields to read: ausearch's options or aureport's report set the C globals. */
export interface ParseWanted {
  /** `event_ppid != -1`. */
  readonly ppid: boolean;
  /** `event_pid != -1` (aureport: always). */
  readonly pid: boolean;
  /** `event_uid != -1 || event_tuid`. */
  readonly uid: boolean;
  /** `event_uid != -1` (`parse_daemon1` reads ` uid=` only for a number, not a name). */
  readonly uidNumber: boolean;
  /** `event_euid != -1 || event_teuid`. */
  readonly euid: boolean;
  /** `event_loginuid != -2 || event_tauid`. */
  readonly loginuid: boolean;
  /** `event_gid != -1`. */
  readonly gid: boolean;
  /** `event_egid != -1`. */
  readonly egid: boolean;
  /** `event_session_id != -2`. */
  readonly session: boolean;
  /** `event_terminal`. */
  readonly terminal: boolean;
  /** `event_comm`. */
  readonly comm: boolean;
  /** `event_exe`. */
  readonly exe: boolean;
  /** `event_subject`. */
  readonly subject: boolean;
  /** `event_object`. */
  readonly object: boolean;
  /** `event_key`. */
  readonly key: boolean;
  /** `event_filename`. */
  readonly filename: boolean;
  /** `event_hostname`. */
  readonly hostname: boolean;
  /** `event_success != S_UNSET` (aureport: always). */
  readonly success: boolean;
  /** SYSCALL records must carry `arch=` (`report_format > RPT_DEFAULT || event_machine != -1`). */
  readonly arch: boolean;
  /** `event_exit_is_set`. */
  readonly exit: boolean;
  /** `event_vmname`. */
  readonly vmname: boolean;
  /** `event_uuid`. */
  readonly uuid: boolean;
}

/** Nothing wanted: a base to spread the wanted switches over. */
export const NOTHING_WANTED: ParseWanted = {
  ppid: false,
  pid: false,
  uid: false,
  uidNumber: false,
  euid: false,
  loginuid: false,
  gid: false,
  egid: false,
  session: false,
  terminal: false,
  comm: false,
  exe: false,
  subject: false,
  object: false,
  key: false,
  filename: false,
  hostname: false,
  success: false,
  arch: false,
  exit: false,
  vmname: false,
  uuid: false,
};

/**
 * The scalar fields of `search_items` (lists go through a {@linkcode ParseSink}).
 * The optional ones are written only when wanted (aureport never asks for them).
 */
export interface ParseItems {
  /** Parent process id, -1 unset. */
  ppid?: number;
  /** Process id (`int`), -1 unset. */
  pid: number;
  /** uid, 0xffffffff unset. */
  uid: number;
  /** Effective uid, 0xffffffff unset. */
  euid?: number;
  /** Login uid, 0xfffffffe unset. */
  loginuid: number;
  /** gid, 0xffffffff unset. */
  gid?: number;
  /** Effective gid, 0xffffffff unset. */
  egid?: number;
  /** -1 unset, 0 failed, 1 success (other numbers from `res=`). */
  success: number;
  /** `AUDIT_ARCH_*` as a signed int. */
  arch: number;
  /** Syscall number (`int`), 0 unset. */
  syscall: number;
  /** Session id, 0xfffffffe unset. */
  session: number;
  /** Exit code (`-e`). */
  exit?: number;
  /** Whether an exit code was read. */
  exitSet?: boolean;
  /** Remote host (`hostname=`, `addr=`, `saddr=`). */
  hostname: string | undefined;
  /** Working directory. */
  cwd: string | undefined;
  /** Executable. */
  exe: string | undefined;
  /** Rule keys. */
  keys: string[] | undefined;
  /** Terminal. */
  terminal: string | undefined;
  /** Command. */
  comm: string | undefined;
  /** Account name (`acct=`). */
  acct: string | undefined;
  /** Guest UUID. */
  uuid?: string | undefined;
  /** Guest name. */
  vmname?: string | undefined;
  /** Name of the uid (when looked up). */
  tuid?: string | undefined;
  /** Name of the euid. */
  teuid?: string | undefined;
  /** Name of the auid. */
  tauid?: string | undefined;
  /** The AVC nodes (their shape is the caller's: {@linkcode ParseSink.addAvc} appends). */
  avc: readonly unknown[] | undefined;
}

/** uid_t -1. */
export const UNSET_UID = 0xffffffff;
/** uid_t -2: login uid or session not seen. */
export const NO_LOGINUID = 0xfffffffe;

/** One AVC node (`anode`): contexts, and the decision of AVC records. */
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

/** A fresh AVC node (`anode_init`), with the given contexts. */
export function newAvc(scontext?: string, tcontext?: string): AvcNode {
  return { scontext, tcontext, perm: undefined, cls: undefined, result: 0 };
}

/** How a caller keeps what does not fit in {@linkcode ParseItems}, and the facts it lends. */
export interface ParseSink<S> {
  /** Appends an AVC node (a subject or object context, or an AVC decision). */
  addAvc(s: S, an: AvcNode): void;
  /** Appends a file name. */
  addFile(s: S, name: string): void;
  /** Sets the last file name's key (PATH: the text after `type=`). */
  setFileKey(s: S, key: string): void;
  /** Makes the (maybe empty) file name list exist, as `common_path_parser` does before it fails. */
  openFiles?(s: S): void;
  /** Looks a uid's name up for `tuid`/`teuid`/`tauid` (`field`: uid, euid, auid); none: not kept. */
  readonly lookupUid: ((field: string, uid: number) => string | undefined) | undefined;
  /** `if_indextoname`, for link-local IPv6 scopes (none: numbers). */
  readonly ifName?: ((index: number) => string | undefined) | undefined;
  /** ausearch's notes on stderr (sockaddr lengths). */
  readonly warn: ((text: string) => void) | undefined;
  /** `parse_user` wrote a space over the `)` that ended `terminal=`: the record's new text. */
  readonly rewrite: ((message: string) => void) | undefined;
}

/** A record parser (ausearch-parse.c's `parse_*`): reads what `w` asks for from `m` into `s`; 0, or a failure code. */
export type RecordParser = <S extends ParseItems>(
  m: string,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
) => number;

/** A {@linkcode RecordParser} that is told the record type. */
export type TypedRecordParser = <S extends ParseItems>(
  m: string,
  type: number,
  s: S,
  w: ParseWanted,
  k: ParseSink<S>,
) => number;

/**
 * `strtoul(ptr, NULL, 10)` with C's NUL at `end` (the next space, or the
 * end of the text): the value (uint32 as aureport keeps it), or -1 when
 * errno would be set (overflow).
 */
export function ulong(m: string, ptr: number, end: number): number {
  const r = strtoul(m, ptr, 10, end < 0 ? m.length : end);
  return r.error ? -1 : r.value;
}

/**
 * A `comm=`/`exe=` style value at `str`: quoted (up to the next quote), else
 * hex (`unescape`); `null` when the quote is not closed.
 */
export function quotedOrHex(m: string, str: number): string | undefined | null {
  if (m.charCodeAt(str) === 34) {
    const close = m.indexOf('"', str + 1);
    return close === -1 ? null : m.slice(str + 1, close);
  }
  return unescape(m, str);
}
