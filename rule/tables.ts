/**
 * Name tables of auditctl (audit-userspace `lib/*tab.h`): fields, operators,
 * lists, actions, machines, file types, file system types, comparisons.
 *
 * @module
 */
import { ACTION, FIELD, LIST, OP } from "./constants.ts";
import { auditArchValue, BIARCH_32, MACHINE_NAMES } from "../parse/tables/lookup.ts";

/** Fields whose value is a string in the rule's buffer. */
export function isStringField(field: number): boolean {
  return (field >= FIELD.subj_user && field <= FIELD.obj_lev_high && field !== FIELD.ppid) ||
    field === FIELD.watch || field === FIELD.dir || field === FIELD.filterkey ||
    field === FIELD.exe;
}

/** Field names auditctl accepts (lower case; lookups are case-insensitive). */
export const FIELD_BY_NAME: Readonly<Record<string, number>> = {
  pid: FIELD.pid,
  uid: FIELD.uid,
  euid: FIELD.euid,
  suid: FIELD.suid,
  fsuid: FIELD.fsuid,
  gid: FIELD.gid,
  egid: FIELD.egid,
  sgid: FIELD.sgid,
  fsgid: FIELD.fsgid,
  auid: FIELD.loginuid,
  loginuid: FIELD.loginuid,
  pers: FIELD.pers,
  arch: FIELD.arch,
  msgtype: FIELD.msgtype,
  subj_user: FIELD.subj_user,
  subj_role: FIELD.subj_role,
  subj_type: FIELD.subj_type,
  subj_sen: FIELD.subj_sen,
  subj_clr: FIELD.subj_clr,
  ppid: FIELD.ppid,
  obj_user: FIELD.obj_user,
  obj_role: FIELD.obj_role,
  obj_type: FIELD.obj_type,
  obj_lev_low: FIELD.obj_lev_low,
  obj_lev_high: FIELD.obj_lev_high,
  sessionid: FIELD.sessionid,
  devmajor: FIELD.devmajor,
  devminor: FIELD.devminor,
  inode: FIELD.inode,
  exit: FIELD.exit,
  success: FIELD.success,
  path: FIELD.watch,
  perm: FIELD.perm,
  dir: FIELD.dir,
  filetype: FIELD.filetype,
  fstype: FIELD.fstype,
  obj_uid: FIELD.obj_uid,
  obj_gid: FIELD.obj_gid,
  field_compare: FIELD.field_compare,
  a0: FIELD.a0,
  a1: FIELD.a1,
  a2: FIELD.a2,
  a3: FIELD.a3,
  key: FIELD.filterkey,
  exe: FIELD.exe,
  saddr_fam: FIELD.saddr_fam,
};

/** The name `auditctl -l` prints for a field number (first name in the table). */
export const FIELD_NAME: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(FIELD_BY_NAME).reverse().map(([name, n]) => [n, name]),
);

/** Operator symbols, longest first in the order auditctl searches for them. */
export const OPERATOR_SEARCH_ORDER: readonly (readonly [string, number])[] = [
  ["!=", OP.notEqual],
  [">=", OP.greaterThanOrEqual],
  ["<=", OP.lessThanOrEqual],
  ["&=", OP.bitTest],
  ["=", OP.equal],
  [">", OP.greaterThan],
  ["<", OP.lessThan],
  ["&", OP.bitMask],
];

/** Operator number → symbol. */
export const OPERATOR_SYMBOL: Readonly<Record<number, string>> = Object.fromEntries(
  OPERATOR_SEARCH_ORDER.map(([symbol, op]) => [op, symbol]),
);

/** List names of `-a list,action` (io_uring needs a kernel with it, 5.16+). */
export const LIST_BY_NAME: Readonly<Record<string, number>> = {
  task: LIST.task,
  exit: LIST.exit,
  user: LIST.user,
  exclude: LIST.exclude,
  filesystem: LIST.filesystem,
  io_uring: LIST.io_uring,
};

/** List number → name as `auditctl -l` prints it. */
export const LIST_NAME: Readonly<Record<number, string>> = {
  [LIST.user]: "user",
  [LIST.task]: "task",
  [LIST.entry]: "entry",
  [LIST.watch]: "watch",
  [LIST.exit]: "exit",
  [LIST.exclude]: "exclude",
  [LIST.filesystem]: "filesystem",
  [LIST.io_uring]: "io_uring",
};

/** Action names of `-a list,action`. */
export const ACTION_BY_NAME: Readonly<Record<string, number>> = {
  never: ACTION.never,
  always: ACTION.always,
};

/** Action number → name. */
export const ACTION_NAME: Readonly<Record<number, string>> = {
  [ACTION.never]: "never",
  [ACTION.possible]: "possible",
  [ACTION.always]: "always",
};

/** A machine auditctl knows: its ELF audit arch value and its 32-bit sibling. */
export interface Machine {
  /** Canonical name (`x86_64`, `i386`, `aarch64`, …), also its syscall table's name. */
  readonly name: string;
  /** `AUDIT_ARCH_*` value. */
  readonly elf: number;
  /** The 32-bit sibling for `arch=b32`, if any. */
  readonly bits32?: string;
  /** True when the machine is 64-bit only (b32 is refused). */
  readonly only64?: boolean;
}

function knownMachine(name: string, only64 = false): Machine {
  const elf = auditArchValue(name);
  if (elf === undefined) throw new Error(`no AUDIT_ARCH value for ${name}`);
  const bits32 = BIARCH_32[name];
  return { name, elf, ...(bits32 === undefined ? {} : { bits32 }), ...(only64 ? { only64 } : {}) };
}

/**
 * The machines auditctl 3.0.9 knows, by canonical name (values and 32-bit
 * siblings come from `parse/`'s tables; aarch64 and ppc64le take no `b32`).
 */
export const MACHINES: Readonly<Record<string, Machine>> = Object.fromEntries(
  [
    knownMachine("i386"),
    knownMachine("x86_64"),
    knownMachine("ppc64"),
    knownMachine("ppc64le", true),
    knownMachine("ppc"),
    knownMachine("s390x"),
    knownMachine("s390"),
    knownMachine("arm"),
    knownMachine("aarch64", true),
  ].map((m) => [m.name, m]),
);

/** Machine by ELF audit arch value. */
export function machineByElf(elf: number): Machine | undefined {
  for (const m of Object.values(MACHINES)) if (m.elf === elf) return m;
  return undefined;
}

/** The machine auditctl would detect from a `uname -m` name (any case). */
export function machineFor(name: string): Machine | undefined {
  const lower = name.toLowerCase();
  const canonical = Object.hasOwn(MACHINE_NAMES, lower) ? MACHINE_NAMES[lower] : undefined;
  return canonical !== undefined && Object.hasOwn(MACHINES, canonical)
    ? MACHINES[canonical]
    : undefined;
}

/** `__AUDIT_ARCH_64BIT`. */
export const ARCH_64BIT = 0x80000000;

/** File types of `-F filetype=` (ftypetab.h) → `S_IF*`. */
export const FILE_TYPES: Readonly<Record<string, number>> = {
  socket: 0o140000,
  link: 0o120000,
  file: 0o100000,
  block: 0o060000,
  dir: 0o040000,
  character: 0o020000,
  fifo: 0o010000,
};

/** File system types of `-F fstype=` (fstypetab.h). */
export const FS_TYPES: Readonly<Record<string, number>> = {
  tracefs: 0x74726163,
  debugfs: 0x64626720,
};

/** Fields `-C` can compare; uid-like and gid-like fields compare within their group. */
const COMPARE_TABLE: readonly (readonly [string, string, number])[] = [
  ["uid", "obj_uid", 1],
  ["gid", "obj_gid", 2],
  ["euid", "obj_uid", 3],
  ["egid", "obj_gid", 4],
  ["auid", "obj_uid", 5],
  ["suid", "obj_uid", 6],
  ["sgid", "obj_gid", 7],
  ["fsuid", "obj_uid", 8],
  ["fsgid", "obj_gid", 9],
  ["uid", "auid", 10],
  ["uid", "euid", 11],
  ["uid", "fsuid", 12],
  ["uid", "suid", 13],
  ["auid", "fsuid", 14],
  ["auid", "suid", 15],
  ["auid", "euid", 16],
  ["euid", "suid", 17],
  ["euid", "fsuid", 18],
  ["suid", "fsuid", 19],
  ["gid", "egid", 20],
  ["gid", "fsgid", 21],
  ["gid", "sgid", 22],
  ["egid", "fsgid", 23],
  ["egid", "sgid", 24],
  ["sgid", "fsgid", 25],
];

/** `AUDIT_COMPARE_*` value for two field numbers (either order), if comparable. */
export function compareValue(left: number, right: number): number | undefined {
  for (const [a, b, value] of COMPARE_TABLE) {
    const fa = FIELD_BY_NAME[a], fb = FIELD_BY_NAME[b];
    if ((fa === left && fb === right) || (fa === right && fb === left)) return value;
  }
  return undefined;
}

/** The two field names `auditctl -l` prints for an `AUDIT_COMPARE_*` value. */
export function compareNames(value: number): readonly [string, string] | undefined {
  const entry = COMPARE_TABLE.find((e) => e[2] === value);
  return entry === undefined ? undefined : [entry[0], entry[1]];
}

/**
 * io_uring operations auditctl names for `-S` on the io_uring list
 * (audit-userspace `uringop_table.h`; `IORING_OP_*` numbers).
 */
export const URING_OPS: Readonly<Record<number, string>> = {
  9: "sendmsg",
  10: "recvmsg",
  13: "accept",
  16: "connect",
  17: "fallocate",
  18: "openat",
  19: "close",
  28: "openat2",
  34: "shutdown",
  35: "renameat",
  36: "unlinkat",
  37: "mkdirat",
  38: "symlinkat",
  39: "linkat",
  40: "msg_ring",
  41: "fsetxattr",
  42: "setxattr",
  43: "fgetxattr",
  44: "getxattr",
  46: "uring_cmd",
  48: "sendmsg_zc",
  50: "waitid",
  51: "futex_wait",
  52: "futex_wake",
  53: "futex_waitv",
  54: "fixed_fd_install",
  55: "ftruncate",
  56: "bind",
  57: "listen",
  64: "uring_cmd128",
};

/** io_uring operation number of a name (case-insensitive), or undefined. */
export function uringOpNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  for (const [n, op] of Object.entries(URING_OPS)) if (op === lower) return Number(n);
  return undefined;
}
