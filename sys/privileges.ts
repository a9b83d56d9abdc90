/**
 * Switching to an unprivileged user while keeping chosen capabilities
 * (issue 12 item 5): `PR_SET_KEEPCAPS`, `setgroups`, `setresgid`,
 * `setresuid`, then `capset` to exactly the kept set.
 *
 * Credentials are per thread in Linux. glibc applies `setgroups`,
 * `setresgid` and `setresuid` to every thread of the process, but
 * `PR_SET_KEEPCAPS` and `capset` only to the calling thread: the kept
 * capabilities hold on the JavaScript thread (synchronous calls such as
 * `Deno.readLinkSync("/proc/1/exe")`), while Deno's other threads (the pool
 * that runs async file operations) run as the user with no capabilities.
 *
 * @module
 */
import { libc } from "./_libc.ts";
import { capabilityMask, type CapabilityName, capabilityNames } from "./capabilities.ts";
import { check } from "./errors.ts";

const PR_SET_KEEPCAPS = 8;
const PR_SET_NO_NEW_PRIVS = 38;
/** `_LINUX_CAPABILITY_VERSION_3`: two 32-bit words per set. */
const CAP_VERSION_3 = 0x20080522;

/** The identity to switch to (e.g. from {@linkcode lookupUser}). */
export interface TargetUser {
  /** The uid set as real, effective and saved uid. */
  readonly uid: number;
  /** The gid set as real, effective and saved gid. */
  readonly gid: number;
  /** The supplementary groups (`setgroups`); empty for none. */
  readonly groups: readonly number[];
}

/** The capability sets of the calling thread. */
export interface CapabilitySets {
  /** The effective set's names. */
  readonly effective: string[];
  /** The permitted set's names. */
  readonly permitted: string[];
  /** The inheritable set's names. */
  readonly inheritable: string[];
}

function header(): Uint8Array<ArrayBuffer> {
  const h = new Uint8Array(8);
  new DataView(h.buffer).setUint32(0, CAP_VERSION_3, true); // pid 0: this thread
  return h;
}

function readMask(v: DataView, offset: number): bigint {
  // struct __user_cap_data_struct { u32 effective, permitted, inheritable; }[2]
  return BigInt(v.getUint32(offset, true)) | (BigInt(v.getUint32(offset + 12, true)) << 32n);
}

/** The calling thread's capabilities (`capget`). */
export function currentCapabilities(): CapabilitySets {
  const data = new Uint8Array(24);
  check(libc().capget(header(), data), "capget");
  const v = new DataView(data.buffer);
  return {
    effective: capabilityNames(readMask(v, 0)),
    permitted: capabilityNames(readMask(v, 4)),
    inheritable: capabilityNames(readMask(v, 8)),
  };
}

function setCapabilities(keep: bigint): void {
  const data = new Uint8Array(24);
  const v = new DataView(data.buffer);
  for (const [word, value] of [[0, keep & 0xffffffffn], [1, keep >> 32n]] as const) {
    v.setUint32(word * 12, Number(value), true); // effective
    v.setUint32(word * 12 + 4, Number(value), true); // permitted
    v.setUint32(word * 12 + 8, 0, true); // inheritable
  }
  check(libc().capset(header(), data), "capset");
}

/** Options of {@linkcode dropPrivileges}. */
export interface DropPrivilegesOptions {
  /** Also set `PR_SET_NO_NEW_PRIVS`, so no later exec can gain privileges (default `true`). */
  readonly noNewPrivileges?: boolean;
}

/**
 * Switches the process to `user` for good (real, effective and saved ids,
 * supplementary groups) and keeps only `keepCaps`, effective and permitted,
 * on the calling thread (see the module notes on threads). Throws a
 * `SysError` naming the step that failed; needs root (or CAP_SETUID,
 * CAP_SETGID and CAP_SETPCAP) and `--allow-ffi`.
 *
 * Returns the capabilities held afterwards.
 *
 * @example
 * ```ts ignore
 * dropPrivileges(lookupUser("libaudit")!, ["CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE"]);
 * ```
 */
export function dropPrivileges(
  user: TargetUser,
  keepCaps: readonly CapabilityName[],
  options: DropPrivilegesOptions = {},
): CapabilitySets {
  const c = libc();
  const keep = capabilityMask(keepCaps);
  if (keep !== 0n) check(c.prctl(PR_SET_KEEPCAPS, 1n, 0n, 0n, 0n), "prctl(PR_SET_KEEPCAPS, 1)");
  const groups = new Uint32Array(user.groups);
  check(c.setgroups(BigInt(groups.length), new Uint8Array(groups.buffer)), "setgroups");
  check(c.setresgid(user.gid, user.gid, user.gid), `setresgid(${user.gid})`);
  check(c.setresuid(user.uid, user.uid, user.uid), `setresuid(${user.uid})`);
  setCapabilities(keep);
  if (keep !== 0n) check(c.prctl(PR_SET_KEEPCAPS, 0n, 0n, 0n, 0n), "prctl(PR_SET_KEEPCAPS, 0)");
  if (options.noNewPrivileges ?? true) {
    check(c.prctl(PR_SET_NO_NEW_PRIVS, 1n, 0n, 0n, 0n), "prctl(PR_SET_NO_NEW_PRIVS, 1)");
  }
  return currentCapabilities();
}
