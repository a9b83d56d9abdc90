/**
 * The C library calls that are not the kernel's audit socket, over
 * `Deno.dlopen` (run with `--allow-ffi`): outputs no other user can redirect,
 * dropping root for a user while keeping chosen capabilities, user lookup
 * through NSS, and the one {@linkcode check} that turns a C return code into
 * a {@linkcode SysError} (which `netlink/`'s `NetlinkError` extends).
 *
 * @example Open an output safely, then give up root
 * ```ts ignore
 * import { dropPrivileges, lookupUser, openPrivateFile } from "./mod.ts";
 *
 * const out = openPrivateFile("/var/log/libaudit/events.json", { mode: 0o640, group: 4 });
 * const user = lookupUser("libaudit");
 * if (user === undefined) throw new Error("no user libaudit");
 * const caps = dropPrivileges(user, ["CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE"]);
 * console.error(caps.effective); // ["CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE"]
 * out.writeSync(new TextEncoder().encode("{}\n"));
 * ```
 *
 * @example Errors carry the errno
 * ```ts
 * import { SysError } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const e = new SysError("open /nonexistent", 2);
 * assert.equal(e.code, "ENOENT");
 * assert.equal(e.message, "open /nonexistent failed: ENOENT");
 * ```
 *
 * @module
 */

export { check, errnoLabel, SysError, type SysErrorClass } from "./errors.ts";
export {
  dlopenLibc,
  errno,
  LIBC_CANDIDATES,
  LibcLoadError,
  type OpenedLibc,
  strerror,
} from "./dlopen.ts";
export {
  checkPrivateDirectory,
  openPrivateFile,
  type PrivateDirectory,
  type PrivateFileOptions,
  UnsafePathError,
} from "./open.ts";
export { releaseFreeMemory } from "./memory.ts";
export { readSmallTextFile, readSymbolicLink } from "./small_file.ts";
export {
  type CapabilitySets,
  currentCapabilities,
  dropPrivileges,
  type DropPrivilegesOptions,
  type TargetUser,
} from "./privileges.ts";
export {
  CAPABILITY_NAMES,
  capabilityBit,
  capabilityMask,
  type CapabilityName,
  capabilityNames,
} from "./capabilities.ts";
export { lookupUser, type SystemUser } from "./nss.ts";
