/**
 * Whether a file descriptor has input waiting, without waiting (`poll` with
 * a zero timeout): lets a reader take what is already there synchronously
 * and hand its output on before it would block.
 *
 * @module
 */
import { libc } from "./_libc.ts";
import { check } from "./errors.ts";

const POLLIN = 0x001;
const POLLERR = 0x008;
const POLLHUP = 0x010;

/**
 * Whether a read of `fd` would return at once: data waiting, end of input
 * (the writer closed) or an error to report. Throws `SysError` when `poll`
 * fails; needs `--allow-ffi`.
 *
 * @example
 * ```ts ignore
 * import { inputWaiting } from "./poll.ts";
 * if (inputWaiting(0)) console.log("stdin has data (or ended)");
 * ```
 */
export function inputWaiting(fd: number): boolean {
  // struct pollfd { int fd; short events; short revents; }
  const pfd = new Uint8Array(8);
  const view = new DataView(pfd.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, POLLIN, true);
  const n = check(libc().poll(pfd, 1n, 0), `poll fd ${fd}`);
  return n > 0 && (view.getInt16(6, true) & (POLLIN | POLLHUP | POLLERR)) !== 0;
}
