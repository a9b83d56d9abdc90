/**
 * The interpreted event: go-libaudit's `aucoalesce.Event` in its JSON shape
 * (same keys, same key order, empty parts left out the same way), plus
 * `node`, `ecs.host`, `warnings` and `errors`.
 *
 * @module
 */

/** Who did it: go-libaudit's `summary.actor`. */
export interface Actor {
  /** Usually the login (audit) user id, `auid`. */
  primary?: string;
  /** Usually the user id the process ran as, `uid`. */
  secondary?: string;
}

/** What it was done to: go-libaudit's `summary.object`. */
export interface ObjectSummary {
  /** Kind of object, e.g. "file", "socket", "user-session". */
  type?: string;
  /** Main name of the object, e.g. a path or an address. */
  primary?: string;
  /** Secondary name, e.g. a port. */
  secondary?: string;
}

/** The one-sentence meaning of an event: actor, action, object, how. */
export interface Summary {
  /** Who. */
  actor: Actor;
  /** What happened, e.g. "opened-file". */
  action?: string;
  /** To what. */
  object: ObjectSummary;
  /** With what, e.g. the executable. */
  how?: string;
}

/** The subject's ids, id names (after {@link resolveIds}) and SELinux labels. */
export interface UserInfo {
  /** `auid`, `uid`, `euid`, `gid`… as logged. */
  ids?: Record<string, string>;
  /** Names of the ids, filled by resolveIds. */
  names?: Record<string, string>;
  /** SELinux context of the subject (`user`, `role`, `domain`, `level`, `category`). */
  selinux?: Record<string, string>;
  /** Names of the groups of `uid` (the CLI's `--user-groups`, through NSS). */
  groups?: string[];
}

/** The process that caused the event. */
export interface ProcessInfo {
  /** Process id. */
  pid?: string;
  /** Parent process id. */
  ppid?: string;
  /** The command line from PROCTITLE. */
  title?: string;
  /** `comm`. */
  name?: string;
  /** Executable path. */
  exe?: string;
  /** Working directory. */
  cwd?: string;
  /** Arguments from EXECVE. */
  args?: string[];
  /** Start time, RFC 3339 (process context, see `ProcessContext`). */
  start?: string;
  /** The parent process (process context). */
  parent?: ProcessRef;
  /** Parent, grandparent… up to the configured depth (process context). */
  ancestry?: ProcessRef[];
  /** The process whose pid is the POSIX session id (process context, live). */
  session_leader?: ProcessRef;
  /** The topmost known ancestor in the same audit session (process context). */
  entry_leader?: ProcessRef;
  /** The script an exec ran, when it was not a binary (process context). */
  script?: { path: string };
  /** Hash of the executable (process context, opt-in). */
  hash?: { sha256: string };
}

/** Another process, by ECS names (process context). */
export interface ProcessRef {
  /** Process id. */
  pid: number;
  /** Executable path. */
  executable?: string;
  /** `comm`. */
  name?: string;
  /** Arguments of its last exec. */
  args?: string[];
  /** Start time, RFC 3339. */
  start?: string;
}

/** The file the event is about (from its PATH records). */
export interface FileInfo {
  /** Path as logged. */
  path?: string;
  /** Device (go-libaudit reports the PATH record's `rdev`). */
  device?: string;
  /** Inode number. */
  inode?: string;
  /** Permission bits, four octal digits. */
  mode?: string;
  /** Owner id. */
  uid?: string;
  /** Group id. */
  gid?: string;
  /** Owner name, filled by resolveIds. */
  owner?: string;
  /** Group name, filled by resolveIds. */
  group?: string;
  /** SELinux context of the file. */
  selinux?: Record<string, string>;
}

/** A network endpoint (from SOCKADDR or an `addr` field). */
export interface Address {
  /** Host name. */
  hostname?: string;
  /** IPv4 or IPv6 address. */
  ip?: string;
  /** Port number. */
  port?: string;
  /** Unix socket path. */
  path?: string;
}

/** ECS name/id pair. */
export interface EcsEntityData {
  /** Name, e.g. a user name. */
  name?: string;
  /** Id, e.g. a uid, or "unset". */
  id?: string;
}

/** ECS user: the acting user and its effective, target and changed identities. */
export interface EcsUser extends EcsEntityData {
  /** Effective user. */
  effective: EcsEntityData;
  /** Target user (e.g. of a user change). */
  target: EcsEntityData;
  /** Changed user. */
  changes: EcsEntityData;
}

/** ECS event categorization. */
export interface EcsEventInfo {
  /** e.g. "alert". */
  kind?: string;
  /** ECS categories, e.g. ["process"]. */
  category?: string[];
  /** ECS types, e.g. ["start"]. */
  type?: string[];
  /** "failure" when a categorized syscall failed. */
  outcome?: string;
}

/** The ECS fields of an event. */
export interface EcsFields {
  /** Event categorization. */
  event: EcsEventInfo;
  /** User mappings. */
  user: EcsUser;
  /** Group mapping. */
  group: EcsEntityData;
  /** `host.name` from the records' `node=` (not in go-libaudit). */
  host?: { name: string };
}

/** A record of the event that did not parse cleanly. */
export interface RecordError {
  /** Lower-case record type name. */
  record_type: string;
  /** The record's raw text (after `msg=`). */
  raw_msg: string;
  /** What went wrong. */
  error: string;
}

/** One interpreted audit event (all records of one serial, coalesced). */
export interface AuditEvent {
  /** RFC 3339 UTC time (go-libaudit's format: trailing fraction zeros removed). */
  "@timestamp": string;
  /** Audit serial. */
  sequence: number;
  /** Event category, e.g. "audit-rule", "user-login". */
  category: string;
  /** Lower-case name of the main record type, e.g. "syscall". */
  record_type: string;
  /** "success", "fail" or "unknown". */
  result?: string;
  /** Audit session id ("unset" when none, "" when not logged). */
  session: string;
  /** Rule keys. */
  tags?: string[];
  /** Actor, action, object, how. */
  summary: Summary;
  /** Subject identity. */
  user: UserInfo;
  /** The process (always present, possibly empty). */
  process: ProcessInfo;
  /** The object file, for file events. */
  file?: FileInfo;
  /** Source address. */
  source?: Address;
  /** Destination address. */
  destination?: Address;
  /** Direction of network traffic. */
  network?: { direction: "ingress" | "egress" };
  /** Remaining fields. */
  data?: Record<string, string>;
  /** PATH records' fields, in order. */
  paths?: Readonly<Record<string, string>>[];
  /** ECS categorization and mappings. */
  ecs: EcsFields;
  /** The records' `node=` (not in go-libaudit). */
  node?: string;
  /** The container of the process (process context, from its cgroup). */
  container?: { id: string; runtime?: string };
  /** The Kubernetes pod of the process (process context, from its cgroup). */
  orchestrator?: { type: "kubernetes"; resource: { type: "pod"; id: string } };
  /** The systemd unit of the process (process context, from its cgroup). */
  systemd?: { unit: string };
  /** What could not be interpreted (go-libaudit keeps these out of its JSON). */
  warnings?: string[];
  /** Records that did not parse cleanly, with their raw text. */
  errors?: RecordError[];
}
