/**
 * The libc functions of `sys/` (everything that is not the kernel's audit
 * netlink socket), opened once and lazily through {@linkcode dlopenLibc}, so
 * importing needs no permission. Each symbol carries its C prototype.
 *
 * @module
 */
import { dlopenLibc, type OpenedLibc } from "./dlopen.ts";

const SYMBOLS = {
  /** int open(const char *pathname, int flags, mode_t mode) */
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  /** int close(int fd) */
  close: { parameters: ["i32"], result: "i32" },
  /** ssize_t read(int fd, void *buf, size_t count) */
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** ssize_t readlink(const char *pathname, char *buf, size_t bufsiz) */
  readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
  /**
   * int statx(int dirfd, const char *pathname, int flags, unsigned int mask,
   *           struct statx *statxbuf)
   */
  statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
  /** int fchmod(int fd, mode_t mode) */
  fchmod: { parameters: ["i32", "u32"], result: "i32" },
  /** int fchown(int fd, uid_t owner, gid_t group) */
  fchown: { parameters: ["i32", "u32", "u32"], result: "i32" },
  /** int ftruncate(int fd, off_t length) */
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  /** int fsync(int fd) */
  fsync: { parameters: ["i32"], result: "i32" },
  /** int access(const char *pathname, int mode) */
  access: { parameters: ["buffer", "i32"], result: "i32" },
  /** int kill(pid_t pid, int sig) (sig 0: only whether the process exists) */
  kill: { parameters: ["i32", "i32"], result: "i32" },
  /** int poll(struct pollfd *fds, nfds_t nfds, int timeout) */
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
  /** uid_t geteuid(void) */
  geteuid: { parameters: [], result: "u32" },
  /** gid_t getegid(void) */
  getegid: { parameters: [], result: "u32" },
  /**
   * int prctl(int option, unsigned long arg2, unsigned long arg3,
   *           unsigned long arg4, unsigned long arg5)
   */
  prctl: { parameters: ["i32", "u64", "u64", "u64", "u64"], result: "i32" },
  /** int setgroups(size_t size, const gid_t *list) */
  setgroups: { parameters: ["usize", "buffer"], result: "i32" },
  /** int setresgid(gid_t rgid, gid_t egid, gid_t sgid) */
  setresgid: { parameters: ["u32", "u32", "u32"], result: "i32" },
  /** int setresuid(uid_t ruid, uid_t euid, uid_t suid) */
  setresuid: { parameters: ["u32", "u32", "u32"], result: "i32" },
  /** int capget(cap_user_header_t hdrp, cap_user_data_t datap) */
  capget: { parameters: ["buffer", "buffer"], result: "i32" },
  /** int capset(cap_user_header_t hdrp, const cap_user_data_t datap) */
  capset: { parameters: ["buffer", "buffer"], result: "i32" },
  /**
   * int getpwnam_r(const char *name, struct passwd *pwd, char *buf,
   *                size_t buflen, struct passwd **result)
   */
  getpwnam_r: {
    parameters: ["buffer", "buffer", "buffer", "usize", "buffer"],
    result: "i32",
  },
  /**
   * int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
   *                struct passwd **result)
   */
  getpwuid_r: { parameters: ["u32", "buffer", "buffer", "usize", "buffer"], result: "i32" },
  /**
   * int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
   *                struct group **result)
   */
  getgrgid_r: { parameters: ["u32", "buffer", "buffer", "usize", "buffer"], result: "i32" },
  /**
   * int getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
   *                struct group **result)
   */
  getgrnam_r: { parameters: ["buffer", "buffer", "buffer", "usize", "buffer"], result: "i32" },
  /** int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups) */
  getgrouplist: { parameters: ["buffer", "u32", "buffer", "buffer"], result: "i32" },
  /** int malloc_trim(size_t pad) (glibc only: null where the C library lacks it) */
  malloc_trim: { parameters: ["usize"], result: "i32", optional: true },
} as const satisfies Deno.ForeignLibraryInterface;

/** The loaded `sys/` libc symbols. */
export type SysLibc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let loaded: OpenedLibc<typeof SYMBOLS> | undefined;

/** Loads libc once and returns the `sys/` symbols; throws `LibcLoadError`. */
export function libc(): SysLibc {
  loaded ??= dlopenLibc(SYMBOLS);
  return loaded.lib.symbols;
}

/** A NUL-terminated copy of `s` for a `const char *` argument. */
export function cString(s: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(s);
  if (bytes.includes(0)) {
    throw new TypeError(`a path or name holds a NUL byte: ${JSON.stringify(s)}`);
  }
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}
