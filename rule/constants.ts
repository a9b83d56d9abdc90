/**
 * Kernel constants of the audit rule format (`linux/audit.h`).
 *
 * @module
 */

/** Filter lists (`AUDIT_FILTER_*`), the low bits of a rule's `flags`. */
export const LIST = {
  user: 0x00,
  task: 0x01,
  entry: 0x02,
  watch: 0x03,
  exit: 0x04,
  exclude: 0x05,
  filesystem: 0x06,
  io_uring: 0x07,
} as const;

/** `AUDIT_FILTER_PREPEND`: in `flags`, insert at the head of the list (`-A`). */
export const FILTER_PREPEND = 0x10;
/** `AUDIT_FILTER_MASK`: the list number bits of `flags`. */
export const FILTER_MASK = 0x07;

/** Rule actions (`AUDIT_NEVER`, `AUDIT_POSSIBLE`, `AUDIT_ALWAYS`). */
export const ACTION = { never: 0, possible: 1, always: 2 } as const;

/** Field comparison operators (`AUDIT_EQUAL` …), stored in `fieldflags`. */
export const OP = {
  bitMask: 0x08000000,
  lessThan: 0x10000000,
  greaterThan: 0x20000000,
  notEqual: 0x30000000,
  equal: 0x40000000,
  bitTest: 0x48000000,
  lessThanOrEqual: 0x50000000,
  greaterThanOrEqual: 0x60000000,
} as const;

/** `AUDIT_OPERATORS`: the operator bits of a `fieldflags` entry. */
export const OPERATORS_MASK = 0x78000000;

/** Rule field numbers (`AUDIT_PID` …). */
export const FIELD = {
  pid: 0,
  uid: 1,
  euid: 2,
  suid: 3,
  fsuid: 4,
  gid: 5,
  egid: 6,
  sgid: 7,
  fsgid: 8,
  loginuid: 9,
  pers: 10,
  arch: 11,
  msgtype: 12,
  subj_user: 13,
  subj_role: 14,
  subj_type: 15,
  subj_sen: 16,
  subj_clr: 17,
  ppid: 18,
  obj_user: 19,
  obj_role: 20,
  obj_type: 21,
  obj_lev_low: 22,
  obj_lev_high: 23,
  loginuid_set: 24,
  sessionid: 25,
  fstype: 26,
  devmajor: 100,
  devminor: 101,
  inode: 102,
  exit: 103,
  success: 104,
  watch: 105,
  perm: 106,
  dir: 107,
  filetype: 108,
  obj_uid: 109,
  obj_gid: 110,
  field_compare: 111,
  exe: 112,
  saddr_fam: 113,
  a0: 200,
  a1: 201,
  a2: 202,
  a3: 203,
  filterkey: 210,
} as const;

/** Watch permission bits (`AUDIT_PERM_*`). */
export const PERM = { exec: 1, write: 2, read: 4, attr: 8 } as const;

/** Kernel feature bits (`AUDIT_FEATURE_BITMAP_*`) that change what a rule may hold. */
export const FEATURE = {
  backlogLimit: 0x01,
  backlogWaitTime: 0x02,
  executablePath: 0x04,
  excludeExtend: 0x08,
  sessionidFilter: 0x10,
  lostReset: 0x20,
  filterFs: 0x40,
  all: 0x7f,
} as const;

/** `AUDIT_MAX_FIELDS`: fields in one rule. */
export const MAX_FIELDS = 64;
/** `AUDIT_MAX_KEY_LEN`: bytes in a rule's key (all keys joined). */
export const MAX_KEY_LEN = 256;
/** `AUDIT_BITMASK_SIZE`: 32-bit words in the syscall mask. */
export const BITMASK_SIZE = 64;
/** `AUDIT_SYSCALL_CLASSES`: top bits of the mask the kernel uses for syscall classes. */
export const SYSCALL_CLASSES = 16;
/** `AUDIT_KEY_SEPARATOR`: joins several keys in one key field. */
export const KEY_SEPARATOR = "\x01";
/** `PATH_MAX`: longest string value auditctl accepts. */
export const PATH_MAX = 4096;
/** `AF_MAX` of glibc: `saddr_fam` must be below it. */
export const AF_MAX = 46;
/** The value auditctl uses for `unset` ids (`(uint32_t)-1`). */
export const UNSET = 0xffffffff;
/** `sizeof(struct audit_rule_data)` without `buf`. */
export const RULE_HEADER_SIZE = 1040;
