/**
 * Small `/proc` files read through libc: `open`, `read` into one reused
 * buffer until the end, `close`. `Deno.readTextFileSync` asks the size first
 * (`statx`, `lseek`: 0 for `/proc` files) and then reads 32, 32, 64, 128, …
 * bytes: nine system calls for a 300-byte `cgroup`; a file that is gone
 * costs it an exception. Here it is three or four calls, and a gone file
 * one failed `open` and `undefined` (a link that cannot be read, e.g. the
 * `exe` of a zombie, one failed `readlink`). Without FFI (`--allow-ffi`) the files
 * are read with `Deno` as before.
 *
 * Module-private.
 *
 * @module
 */
import { dlopenLibc, type OpenedLibc } from "../../sys/dlopen.ts";
import { readTextFileOrUndefined } from "./system.ts";

const SYMBOLS = {
  /** int open(const char *pathname, int flags) */
  open: { parameters: ["buffer", "i32"], result: "i32" },
  /** ssize_t read(int fd, void *buf, size_t count) */
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** int close(int fd) */
  close: { parameters: ["i32"], result: "i32" },
  /** ssize_t readlink(const char *pathname, char *buf, size_t bufsiz) */
  readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
} as const satisfies Deno.ForeignLibraryInterface;

const O_RDONLY_CLOEXEC = 0o2000000;
/** A `/proc` file larger than this is read in more steps (cmdline can be up to ARG_MAX). */
const BUFFER_SIZE = 16 * 1024;

let loaded: OpenedLibc<typeof SYMBOLS> | false | undefined;
let buffer = new Uint8Array(BUFFER_SIZE);
const path = new Uint8Array(4096);
const encoder = new TextEncoder();
// As Deno.readTextFileSync: invalid UTF-8 replaced, a leading BOM kept.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function lib(): OpenedLibc<typeof SYMBOLS> | false {
  if (loaded === undefined) {
    try {
      loaded = dlopenLibc(SYMBOLS);
    } catch {
      loaded = false;
    }
  }
  return loaded;
}

/** `file` as a NUL-terminated path in the shared buffer, or false (non-ASCII, too long, NUL). */
function cPath(file: string): boolean {
  const { read, written } = encoder.encodeInto(file, path.subarray(0, path.length - 1));
  if (read !== file.length || written !== read || path.subarray(0, written).includes(0)) {
    return false;
  }
  path[written] = 0;
  return true;
}

/**
 * The target of the symbolic link `file` (e.g. `/proc/PID/exe`), or
 * `undefined` when it cannot be read (gone, a zombie, no permission): as
 * `Deno.readLinkSync`, without its exception.
 */
export function readProcLink(file: string): string | undefined {
  const opened = lib();
  if (opened === false || !cPath(file)) return denoReadLink(file);
  const n = Number(opened.lib.symbols.readlink(path, buffer, BigInt(buffer.length)));
  if (n < 0) return undefined;
  // Truncated, or not UTF-8: Deno's own reading decides.
  if (n === buffer.length) return denoReadLink(file);
  const text = decoder.decode(buffer.subarray(0, n));
  return text.includes("\uFFFD") ? denoReadLink(file) : text;
}

function denoReadLink(file: string): string | undefined {
  try {
    return Deno.readLinkSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The text of the file at `file` (a `/proc` entry or any small file), or
 * `undefined` when it is missing or unreadable (also when it holds a NUL
 * byte in its name).
 */
export function readProcText(file: string): string | undefined {
  const opened = lib();
  // Non-ASCII or too long: the careful way.
  if (opened === false || !cPath(file)) return readTextFileOrUndefined(file);
  const c = opened.lib.symbols;
  const fd = c.open(path, O_RDONLY_CLOEXEC);
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
      if (n < 0) return undefined;
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
