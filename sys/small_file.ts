/**
 * Small files (`/proc` entries above all) and symbolic links read through
 * libc: `open`, `read` into one reused buffer until the end, `close`.
 * `Deno.readTextFileSync` asks the size first (`statx`, `lseek`: 0 for
 * `/proc` files) and then reads 32, 32, 64, 128, … bytes: nine system calls
 * for a 300-byte `cgroup`, and an exception for a file that is gone. Here it
 * is three or four calls, and a gone file one failed `open` and `undefined`.
 * A read interrupted by a signal (`EINTR`) is retried.
 *
 * @module
 */
import { libc } from "./_libc.ts";
import { errno } from "./dlopen.ts";

const O_RDONLY_CLOEXEC = 0o2000000;
const EINTR = 4;
/** A file larger than this is read in more steps (`cmdline` can be up to ARG_MAX). */
const BUFFER_SIZE = 16 * 1024;

let buffer = new Uint8Array(BUFFER_SIZE);
const path = new Uint8Array(4096);
const encoder = new TextEncoder();
// As Deno.readTextFileSync: invalid UTF-8 replaced, a leading BOM kept.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** `file` as a NUL-terminated path in the shared buffer, or false (too long, or holds NUL). */
function cPath(file: string): boolean {
  const { read, written } = encoder.encodeInto(file, path.subarray(0, path.length - 1));
  if (read !== file.length || path.subarray(0, written).includes(0)) return false;
  path[written] = 0;
  return true;
}

/**
 * The text of the small file at `file` (invalid UTF-8 replaced, a leading BOM
 * kept, as `Deno.readTextFileSync` reads it), or `undefined` when it is
 * missing or cannot be read, or when `file` is longer than 4095 bytes or
 * holds a NUL byte. Throws `LibcLoadError` without FFI permission.
 *
 * @example
 * ```ts ignore
 * import { readSmallTextFile } from "./small_file.ts";
 *
 * readSmallTextFile("/proc/self/cgroup"); // "0::/user.slice/...\n"
 * readSmallTextFile("/proc/4194305/stat"); // undefined
 * ```
 */
export function readSmallTextFile(file: string): string | undefined {
  const c = libc();
  if (!cPath(file)) return undefined;
  const fd = c.open(path, O_RDONLY_CLOEXEC, 0);
  if (fd < 0) return undefined;
  let length = 0;
  try {
    for (;;) {
      if (length === buffer.length) {
        const bigger = new Uint8Array(buffer.length * 2);
        bigger.set(buffer);
        buffer = bigger;
      }
      const n = Number(c.read(fd, buffer.subarray(length), BigInt(buffer.length - length)));
      if (n < 0) {
        if (errno() === EINTR) continue;
        return undefined;
      }
      if (n === 0) break;
      length += n;
    }
  } finally {
    c.close(fd);
  }
  const text = decoder.decode(buffer.subarray(0, length));
  if (buffer.length > BUFFER_SIZE) buffer = new Uint8Array(BUFFER_SIZE);
  return text;
}

/**
 * The target of the symbolic link `file` (e.g. `/proc/PID/exe`) as UTF-8
 * text, `undefined` when it cannot be read (gone, a zombie's `exe`, no
 * permission, not a link), or `null` when libc's answer is not enough: a
 * target longer than the buffer or not valid UTF-8 (ask
 * `Deno.readLinkSync`). Throws `LibcLoadError` without FFI permission.
 */
export function readSymbolicLink(file: string): string | undefined | null {
  const c = libc();
  if (!cPath(file)) return null;
  const n = Number(c.readlink(path, buffer, BigInt(buffer.length)));
  if (n < 0) return undefined;
  if (n === buffer.length) return null;
  const text = decoder.decode(buffer.subarray(0, n));
  return text.includes("\uFFFD") ? null : text;
}
