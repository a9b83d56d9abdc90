/**
 * Unix datagram sockets (`AF_UNIX`, `SOCK_DGRAM`) over FFI, for sending to
 * the local syslog socket (`/dev/log`): Deno's own datagram API for unix
 * sockets is still unstable (`--unstable-net`). Non-blocking: a full
 * receiver queue makes {@linkcode UnixDatagramSocket.send} return `false`
 * instead of waiting.
 *
 * @module
 */
import { dlopenLibc, errno, type OpenedLibc } from "./dlopen.ts";
import { SysError } from "./errors.ts";

const SYMBOLS = {
  /** int socket(int domain, int type, int protocol) */
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  /** int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen) */
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  /** ssize_t sendto(int, const void *, size_t, int, const struct sockaddr *, socklen_t) */
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  /** ssize_t recv(int sockfd, void *buf, size_t len, int flags) */
  recv: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  /** int close(int fd) */
  close: { parameters: ["i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

let loaded: OpenedLibc<typeof SYMBOLS> | undefined;

function libc(): Deno.DynamicLibrary<typeof SYMBOLS>["symbols"] {
  loaded ??= dlopenLibc(SYMBOLS);
  return loaded.lib.symbols;
}

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const EAGAIN = 11;
const ENOBUFS = 105;
const EINTR = 4;
/** `sizeof(sun_path)` on Linux. */
const SUN_PATH = 108;

/** A `struct sockaddr_un` for `path`; throws a RangeError when the path is too long. */
function sockaddr(path: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(path);
  if (bytes.length >= SUN_PATH || bytes.includes(0)) {
    throw new RangeError(`unix socket path too long or holding a NUL byte: ${path}`);
  }
  const addr = new Uint8Array(2 + SUN_PATH);
  new DataView(addr.buffer).setUint16(0, AF_UNIX, true);
  addr.set(bytes, 2);
  return addr;
}

/**
 * A non-blocking unix datagram socket sending to one path, or (with
 * {@linkcode UnixDatagramSocket.bind}) receiving at one.
 */
export class UnixDatagramSocket {
  /** The peer (send) or local (bind) path. */
  readonly path: string;
  readonly #addr: Uint8Array<ArrayBuffer>;
  #fd: number;

  /** Opens an unbound socket that sends to `path`. Throws {@linkcode SysError}. */
  constructor(path: string) {
    this.path = path;
    this.#addr = sockaddr(path);
    const fd = libc().socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) throw new SysError("socket AF_UNIX SOCK_DGRAM", errno());
    this.#fd = fd;
  }

  /** Opens a socket bound at `path` (which must not exist) to receive datagrams. */
  static bind(path: string): UnixDatagramSocket {
    const socket = new UnixDatagramSocket(path);
    if (libc().bind(socket.#fd, socket.#addr, socket.#addr.length) < 0) {
      const e = errno();
      socket.close();
      throw new SysError(`bind ${path}`, e);
    }
    return socket;
  }

  /**
   * Sends `message` as one datagram to the path. Returns `false` when the
   * receiver's queue is full (try again later); throws {@linkcode SysError}
   * when there is no receiver (`ENOENT`, `ECONNREFUSED`) or the message is
   * too large (`EMSGSIZE`).
   */
  send(message: Uint8Array): boolean {
    while (true) {
      const n = libc().sendto(
        this.#fd,
        message as Uint8Array<ArrayBuffer>,
        BigInt(message.length),
        0,
        this.#addr,
        this.#addr.length,
      );
      if (n >= 0) return true;
      const e = errno();
      if (e === EINTR) continue;
      if (e === EAGAIN || e === ENOBUFS) return false;
      throw new SysError(`send to ${this.path}`, e);
    }
  }

  /** Receives one waiting datagram (at most `max` bytes), or undefined when none waits. */
  receive(max = 1 << 16): Uint8Array | undefined {
    const buffer = new Uint8Array(max);
    while (true) {
      const n = libc().recv(this.#fd, buffer, BigInt(max), 0);
      if (n >= 0) return buffer.slice(0, Number(n));
      const e = errno();
      if (e === EINTR) continue;
      if (e === EAGAIN) return undefined;
      throw new SysError(`receive at ${this.path}`, e);
    }
  }

  /** Closes the socket (idempotent). */
  close(): void {
    if (this.#fd < 0) return;
    libc().close(this.#fd);
    this.#fd = -1;
  }
}
