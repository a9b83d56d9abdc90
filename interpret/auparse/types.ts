/**
 * Types of the auparse-compatible field interpreter.
 *
 * @module
 */

/**
 * How interpreted text is escaped, as auparse's `auparse_esc_t` (ausearch
 * `--escape`): `raw` as is; `tty` (the default) control characters as
 * `\ooo`; `shell` also `"'`$\!()| ` with a backslash; `shell_quote` also
 * `;#&*?[]<>{}`.
 */
export type EscapeMode = "raw" | "tty" | "shell" | "shell_quote";

/**
 * Names for user and group ids, injected (for example an
 * {@linkcode IdResolver} over /etc files or NSS). Ids are decimal strings
 * of the unsigned 32-bit id.
 */
export interface NameResolver {
  /** The user name of a uid, or `undefined` when there is none. */
  userName(uid: string): string | undefined;
  /** The group name of a gid, or `undefined` when there is none. */
  groupName(gid: string): string | undefined;
  /** The uid of a user name (optional; the normalizer classifies `acct=` subjects with it). */
  userId?(name: string): string | undefined;
  /**
   * The host's interface of an index (`if_indextoname`; optional): a
   * link-local IPv6 address's scope prints as its name, as
   * `getnameinfo(NI_NUMERICHOST)` prints it (`fe80::1%lo`), else as a number.
   */
  ifName?(index: number): string | undefined;
  /**
   * Whether the answers never change while the resolver lives (names read
   * once from files): the interpreter may then remember the text of each id
   * for this resolver. Default false.
   */
  readonly stable?: boolean;
}

/**
 * auparse's field types (`AUPARSE_TYPE_*` without the prefix), as
 * {@linkcode fieldType} classifies a field.
 */
export type FieldType =
  | "UNCLASSIFIED"
  | "UID"
  | "GID"
  | "SYSCALL"
  | "ARCH"
  | "EXIT"
  | "ESCAPED"
  | "PERM"
  | "MODE"
  | "SOCKADDR"
  | "FLAGS"
  | "PROMISC"
  | "CAPABILITY"
  | "SUCCESS"
  | "SIGNAL"
  | "LIST"
  | "TTY_DATA"
  | "SESSION"
  | "CAP_BITMAP"
  | "NFPROTO"
  | "ICMPTYPE"
  | "PROTOCOL"
  | "ADDR"
  | "PERSONALITY"
  | "SECCOMP"
  | "OFLAG"
  | "MMAP"
  | "MODE_SHORT"
  | "MAC_LABEL"
  | "PROCTITLE"
  | "HOOK"
  | "NETACTION"
  | "MACPROTO"
  | "IOCTL_REQ"
  | "ESCAPED_KEY"
  | "ESCAPED_FILE"
  | "FANOTIFY"
  | "NLMCGRP"
  | "RESOLVE"
  | "A0"
  | "A1"
  | "A2"
  | "A3";

/** What interpreting one field needs besides its name and value. */
export interface FieldContext {
  /**
   * The record's `arch=` value (an `AUDIT_ARCH_*` number such as
   * `0xc000003e`), which selects the syscall table for `syscall` and
   * `a0`–`a3`. When absent, {@linkcode FieldContext.hostArch} is used.
   */
  arch?: number;
  /** The record's syscall number (for `a0`–`a3` and `syscall`). Default 0, as ausearch. */
  syscall?: number;
  /** The record's `a0` (selects e.g. prctl's `a1` meaning). */
  a0?: bigint;
  /** The record's `a1` (selects e.g. fcntl's `a2` meaning). */
  a1?: bigint;
  /** The event's working directory: relative `name=` paths are joined to it. */
  cwd?: string;
  /** User and group names; without it ids other than 0 and -1 print `unknown(N)`. */
  resolver?: NameResolver;
  /** Escaping of the result (default `tty`, as ausearch). */
  escape?: EscapeMode;
  /**
   * The machine auparse assumes when a record has no `arch=` (its
   * `audit_detect_machine`), as an `AUDIT_ARCH_*` number. Default x86_64.
   */
  hostArch?: number;
  /**
   * An ENRICHED record's translations (lower-case names, values as
   * written, quotes included): auparse prefers them to its own lookups.
   */
  interpretations?: ReadonlyMap<string, string>;
  /** IP protocol names (`getprotobynumber`); default the generated /etc/protocols table. */
  protocolName?: (proto: number) => string | undefined;
}
