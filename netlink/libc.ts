/**
 * The libc functions the netlink client calls through `Deno.dlopen`, loaded
 * lazily on first use so that importing this module needs no permission.
 *
 * The library is looked up by absolute path first (the usual multiarch
 * directories), so a scoped `--allow-ffi=/lib/x86_64-linux-gnu/libc.so.6`
 * works; {@linkcode LIBC_CANDIDATES} lists the paths tried, and
 * `LIBAUDIT_LIBC` (when `--allow-env` grants it) overrides them.
 *
 * @module
 */

/** The libc paths tried in order; the first one `dlopen` accepts is used. */
export const LIBC_CANDIDATES: readonly string[] = [
  "/lib/x86_64-linux-gnu/libc.so.6",
  "/usr/lib/x86_64-linux-gnu/libc.so.6",
  "/lib/aarch64-linux-gnu/libc.so.6",
  "/usr/lib/aarch64-linux-gnu/libc.so.6",
  "/lib64/libc.so.6",
  "/usr/lib64/libc.so.6",
  "/lib/libc.so.6",
  "/usr/lib/libc.so.6",
  "libc.so.6",
];

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
   * ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags,
   *                  struct sockaddr *src_addr, socklen_t *addrlen)
   */
  recvfrom: {
    parameters: ["i32", "buffer", "usize", "i32", "buffer", "buffer"],
    result: "isize",
  },
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
  /** int *__errno_location(void) */
  __errno_location: { parameters: [], result: "pointer" },
  /** char *strerror(int errnum) */
  strerror: { parameters: ["i32"], result: "pointer" },
  /** pid_t getpid(void) */
  getpid: { parameters: [], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The loaded libc symbols. */
export type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

/** libc could not be loaded (no FFI permission, or no libc at the usual paths). */
export class LibcLoadError extends Error {
  /** The paths tried, each with the reason it failed. */
  readonly attempts: readonly string[];
  /** Creates the error from the failed attempts; `denied` when FFI permission was missing. */
  constructor(attempts: readonly string[], denied: boolean) {
    super(
      denied
        ? `loading libc for netlink needs FFI permission: run with --allow-ffi (or scoped, e.g. --allow-ffi=${
          LIBC_CANDIDATES[Deno.build.arch === "aarch64" ? 2 : 0]
        })`
        : `cannot load libc for netlink (set LIBAUDIT_LIBC to its path): ${attempts.join("; ")}`,
    );
    this.name = "LibcLoadError";
    this.attempts = attempts;
  }
}

let loaded: { path: string; lib: Deno.DynamicLibrary<typeof SYMBOLS> } | undefined;

function candidates(): string[] {
  let override: string | undefined;
  try {
    override = Deno.env.get("LIBAUDIT_LIBC");
  } catch {
    override = undefined;
  }
  return override ? [override, ...LIBC_CANDIDATES] : [...LIBC_CANDIDATES];
}

/** Loads libc once and returns its symbols; throws {@linkcode LibcLoadError}. */
export function libc(): Libc {
  if (loaded === undefined) {
    const attempts: string[] = [];
    let denied = false;
    for (const path of candidates()) {
      try {
        loaded = { path, lib: Deno.dlopen(path, SYMBOLS) };
        break;
      } catch (e) {
        attempts.push(`${path}: ${e instanceof Error ? e.message : String(e)}`);
        // A scoped --allow-ffi may still grant a later path; keep trying.
        if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
          denied = true;
        }
      }
    }
    if (loaded === undefined) throw new LibcLoadError(attempts, denied);
  }
  return loaded.lib.symbols;
}

/** The path libc was loaded from (loading it if needed), e.g. for `--allow-ffi=PATH`. */
export function libcPath(): string {
  libc();
  return loaded!.path;
}

/** Reads `errno`; call it in the same synchronous turn as the failing call. */
export function errno(): number {
  const p = libc().__errno_location();
  return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
}

/** The C library's text for an errno value, e.g. "Operation not permitted". */
export function strerror(code: number): string {
  const p = libc().strerror(code);
  return p === null ? `errno ${code}` : Deno.UnsafePointerView.getCString(p);
}
