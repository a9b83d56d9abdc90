/**
 * Whether a path exists (`access(2)`) or a process (`kill(2)` with signal
 * 0), asked without an exception: reading `/proc/PID/...` of a process that
 * already exited is the common case of a live audit stream, and a failed
 * `Deno.readTextFileSync` costs about 100 µs (the error object), `access`
 * about 1 µs.
 *
 * @module
 */
import { cString, libc } from "./_libc.ts";
import { errno } from "./dlopen.ts";

const F_OK = 0;
const ESRCH = 3;
let usable: boolean | undefined;
let killUsable: boolean | undefined;

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

/**
 * `true` when no process `pid` exists in this pid namespace (`kill(pid, 0)`
 * fails with ESRCH): cheaper than a path under `/proc/PID` (no path walk).
 * `false` when it exists (also without permission to signal it) or this
 * cannot be asked (no `--allow-ffi`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processGone } from "./access.ts";
 * assert.equal(processGone(Deno.pid), false);
 * ```
 */
export function processGone(pid: number): boolean {
  if (killUsable === false || !(pid > 0 && pid <= 0x7fffffff)) return false;
  try {
    const rc = libc().kill(pid, 0);
    killUsable = true;
    return rc !== 0 && errno() === ESRCH;
  } catch {
    killUsable = false;
    return false;
  }
}
