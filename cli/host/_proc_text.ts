/**
 * `/proc` files and links for the process table, read through libc
 * (`sys/small_file.ts`: three or four system calls, no exception for a
 * process that is gone), or with `Deno` as before when FFI is not allowed.
 *
 * Module-private.
 *
 * @module
 */
import { readSmallTextFile, readSymbolicLink } from "../../sys/small_file.ts";
import { readTextFileOrUndefined } from "./system.ts";

let ffi = true;

/**
 * The target of the symbolic link `file` (e.g. `/proc/PID/exe`), or
 * `undefined` when it cannot be read (gone, a zombie, no permission): as
 * `Deno.readLinkSync`, without its exception.
 */
export function readProcLink(file: string): string | undefined {
  if (ffi) {
    try {
      const target = readSymbolicLink(file);
      if (target !== null) return target;
    } catch {
      ffi = false; // no FFI permission or no libc: Deno from now on
    }
  }
  try {
    return Deno.readLinkSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The text of the file at `file` (a `/proc` entry or any small file), or
 * `undefined` when it is missing or unreadable (also when its name holds a
 * NUL byte).
 */
export function readProcText(file: string): string | undefined {
  if (ffi) {
    try {
      return readSmallTextFile(file);
    } catch {
      ffi = false;
    }
  }
  return readTextFileOrUndefined(file);
}
