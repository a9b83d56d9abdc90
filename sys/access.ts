/**
 * Whether a path exists, asked without an exception (`access(2)`): reading
 * `/proc/PID/...` of a process that already exited is the common case of a
 * live audit stream, and a failed `Deno.readTextFileSync` costs about
 * 100 µs (the error object), `access` about 1 µs.
 *
 * @module
 */
import { cString, libc } from "./_libc.ts";

const F_OK = 0;
let usable: boolean | undefined;

/**
 * `false` when `path` certainly does not exist (or cannot be reached);
 * `true` when it exists or this cannot be asked (no `--allow-ffi`), so the
 * caller reads it as before.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mayExist } from "./access.ts";
 * assert.equal(mayExist("/proc/self/stat"), true);
 * assert.equal(mayExist("/nonexistent/libaudit/stat"), false);
 * ```
 */
export function mayExist(path: string): boolean {
  if (usable === false) return true;
  try {
    const rc = libc().access(cString(path), F_OK);
    usable = true;
    return rc === 0;
  } catch {
    usable = false;
    return true;
  }
}
