/**
 * What an ausearch search asks for: one field per ausearch option, with
 * ausearch's "not set" values, and what ausearch extracts from each event to
 * compare with it.
 *
 * @module
 */

/** ausearch's `-sv` values. */
export const S_UNSET: number = -1;
/** A failed event (`-sv no`). */
export const S_FAILED: number = 0;
/** A successful event (`-sv yes`). */
export const S_SUCCESS: number = 1;

/** The search criteria (ausearch's `event_*` globals). Absent: not searched. */
export interface SearchCriteria {
  /** `-a`: the event's serial number. */
  eventId?: number;
  /** `-c`: comm, substring (exact with `-w`). */
  comm?: string;
  /** `-f`: a file name (PATH, CWD, AVC path, AF_UNIX socket). */
  filename?: string;
  /** `-gi`/`-ga`: group id. */
  gid?: number;
  /** `-ge`/`-ga`: effective group id. */
  egid?: number;
  /** `-ga`: gid or egid. */
  anyGid?: boolean;
  /** `-hn`: host name or address. */
  hostname?: string;
  /** `-m`: record types (any of them). */
  types?: number[];
  /** `-p`: process id. */
  pid?: number;
  /** `-pp`: parent process id. */
  ppid?: number;
  /** `-sc`: syscall number. */
  syscall?: number;
  /** `--arch`: the machine (`AUDIT_ARCH_*` values that mean it). */
  arches?: readonly number[];
  /** `-sv`: {@linkcode S_SUCCESS} or {@linkcode S_FAILED}. */
  success?: number;
  /** `-tm`: terminal. */
  terminal?: string;
  /** `-ui`/`-ua`: user id. */
  uid?: number;
  /** `-ue`/`-ua`: effective user id. */
  euid?: number;
  /** `-ul`/`-ua`: login user id. */
  loginuid?: number;
  /** `-ua`: any of uid, euid, auid. */
  anyUid?: boolean;
  /** `-ui NAME`: match by name. */
  uidName?: string;
  /** `-ue NAME`. */
  euidName?: string;
  /** `-ul NAME`. */
  loginuidName?: string;
  /** `-w`: whole-string matches instead of substrings. */
  exact?: boolean;
  /** `-x`: executable. */
  exe?: string;
  /** `-se`: subject or object context. */
  anyContext?: boolean;
  /** `-su`/`-se`: subject context. */
  subject?: string;
  /** `-o`/`-se`: object context. */
  object?: string;
  /** `-k`: key. */
  key?: string;
  /** `-n`: nodes (any of them, exact). */
  nodes?: string[];
  /** `--session`. */
  session?: number;
  /** `-e`: exit code. */
  exit?: number;
  /** `-uu`: guest UUID. */
  uuid?: string;
  /** `-vm`: guest name. */
  vmname?: string;
  /** `-ts`, seconds. */
  start?: number;
  /** `-te`, seconds. */
  end?: number;
  /** Whether arch is extracted (ausearch does for formats past `default`). */
  wantArch?: boolean;
}

/** What ausearch extracts from an event to compare (its `search_items`). */
export interface SearchItems {
  /** Parent process id (`-pp`). */
  ppid: number;
  /** Process id (`-p`). */
  pid: number;
  /** User id (`-ui`). */
  uid: number;
  /** Effective user id (`-ue`). */
  euid: number;
  /** Login user id (`-ul`). */
  loginuid: number;
  /** Group id (`-gi`). */
  gid: number;
  /** Effective group id (`-ge`). */
  egid: number;
  /** Success, see {@linkcode S_SUCCESS} (`-sv`). */
  success: number;
  /** `AUDIT_ARCH_*` value, as a signed int (`--arch`). */
  arch: number;
  /** Syscall number (`-sc`). */
  syscall: number;
  /** Session id (`--session`). */
  session: number;
  /** Exit code (`-e`). */
  exit: number;
  /** Whether an exit code was read. */
  exitSet: boolean;
  /** Host name or address (`-hn`). */
  hostname: string | undefined;
  /** File names (`-f`). */
  filenames: (string | undefined)[] | undefined;
  /** Working directory (`-f`). */
  cwd: string | undefined;
  /** Executable (`-x`). */
  exe: string | undefined;
  /** Keys (`-k`). */
  keys: string[] | undefined;
  /** Terminal (`-tm`). */
  terminal: string | undefined;
  /** Command name (`-c`). */
  comm: string | undefined;
  /** Contexts: subjects and objects, in order. */
  avc: { scontext?: string | undefined; tcontext?: string | undefined }[] | undefined;
  /** Account name. */
  acct: string | undefined;
  /** Guest UUID (`-uu`). */
  uuid: string | undefined;
  /** Guest name (`-vm`). */
  vmname: string | undefined;
  /** Name of the uid (`-ui NAME`). */
  tuid: string | undefined;
  /** Name of the euid. */
  teuid: string | undefined;
  /** Name of the auid. */
  tauid: string | undefined;
}

/** Fresh items with ausearch's initial values (`list_create`). */
export function newSearchItems(): SearchItems {
  return {
    ppid: -1,
    pid: -1,
    uid: 0xffffffff,
    euid: 0xffffffff,
    loginuid: 0xfffffffe,
    gid: 0xffffffff,
    egid: 0xffffffff,
    success: S_UNSET,
    arch: 0,
    syscall: 0,
    session: 0xfffffffe,
    exit: 0,
    exitSet: false,
    hostname: undefined,
    filenames: undefined,
    cwd: undefined,
    exe: undefined,
    keys: undefined,
    terminal: undefined,
    comm: undefined,
    avc: undefined,
    acct: undefined,
    uuid: undefined,
    vmname: undefined,
    tuid: undefined,
    teuid: undefined,
    tauid: undefined,
  };
}
