/**
 * The libc functions the netlink client calls through `Deno.dlopen`, loaded
 * lazily on first use so that importing this module needs no permission.
 *
 * The library is found by `sys/dlopen.ts`, the resolver every FFI module of
 * this package shares (absolute multiarch paths first, so a scoped
 * `--allow-ffi=/lib/x86_64-linux-gnu/libc.so.6` works; `LIBAUDIT_LIBC`
 * overrides them), which also reads `errno`.
 *
 * @module
 */
import { dlopenLibc, type OpenedLibc } from "../sys/dlopen.ts";

export { errno, LIBC_CANDIDATES, LibcLoadError, strerror } from "../sys/dlopen.ts";

const SYMBOLS = {
  /** int socket(int domain, int type, int protocol) */
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  /** int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen) */
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  /** int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen) */
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  /** int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen) */
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  /** int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen) */
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  /**
   * ssize_t sendto(int sockfd, const void *buf, size_t len, int flags,
   *                const struct sockaddr *dest_addr, socklen_t addrlen)
   */
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  /**
   * int recvmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags,
   *              struct timespec *timeout)
   */
  recvmmsg: { parameters: ["i32", "buffer", "u32", "i32", "pointer"], result: "i32" },
  /**
   * int poll(struct pollfd *fds, nfds_t nfds, int timeout): run on another
   * thread (`nonblocking`), so its errno is unreachable; used only to wait.
   */
  poll_wait: {
    name: "poll",
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  /** int eventfd(unsigned int initval, int flags) */
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  /** ssize_t write(int fd, const void *buf, size_t count) */
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** ssize_t read(int fd, void *buf, size_t count) */
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** int close(int fd) */
  close: { parameters: ["i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The loaded libc symbols. */
export type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let loaded: OpenedLibc<typeof SYMBOLS> | undefined;

/** Loads libc once and returns its symbols; throws {@linkcode LibcLoadError}. */
export function libc(): Libc {
  loaded ??= dlopenLibc(SYMBOLS);
  return loaded.lib.symbols;
}

/** The path libc was loaded from (loading it if needed), e.g. for `--allow-ffi=PATH`. */
export function libcPath(): string {
  libc();
  return loaded!.path;
}
