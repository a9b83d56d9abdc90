/**
 * Whether a file descriptor has input waiting, without waiting (`poll` with
 * a zero timeout): lets a reader take what is already there synchronously
 * and hand its output on before it would block.
 *
 * @module
 */
import { libc } from "./_libc.ts";
import { check, SysError } from "./errors.ts";

const POLLIN = 0x001;
const POLLERR = 0x008;
const POLLHUP = 0x010;
const EINTR = 4;

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
  return waitForInput(fd, 0);
}

// struct pollfd { int fd; short events; short revents; }, reused: no allocation per call.
const pfd = new Uint8Array(8);
const view = new DataView(pfd.buffer);

/**
 * Waits up to `timeoutMs` (0: not at all) for `fd` to have input waiting,
 * blocking the calling thread (and so the event loop) meanwhile: for a
 * reader that runs its own loop and hands the event loop a turn between
 * waits. Returns whether a read would return at once; `false` when the wait
 * timed out or was interrupted by a signal (`EINTR`). Throws `SysError` when
 * `poll` fails otherwise; needs `--allow-ffi`.
 *
 * @example
 * ```ts ignore
 * import { waitForInput } from "./poll.ts";
 * if (waitForInput(0, 100)) console.log("stdin has data (or ended)");
 * ```
 */
export function waitForInput(fd: number, timeoutMs: number): boolean {
  view.setInt32(0, fd, true);
  view.setInt16(4, POLLIN, true);
  view.setInt16(6, 0, true);
  let n: number;
  try {
    n = check(libc().poll(pfd, 1n, timeoutMs), `poll fd ${fd}`);
  } catch (error) {
    if (error instanceof SysError && error.errno === EINTR) return false;
    throw error;
  }
  return n > 0 && (view.getInt16(6, true) & (POLLIN | POLLHUP | POLLERR)) !== 0;
}
