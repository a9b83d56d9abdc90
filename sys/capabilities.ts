/**
 * Linux capability names and bit numbers, as `<linux/capability.h>`
 * defines them (`tests/sys/capabilities_test.ts` checks this list against
 * the installed header when there is one).
 *
 * @module
 */

/** Capability names by bit number (`CAP_CHOWN` is 0 … `CAP_CHECKPOINT_RESTORE` is 40). */
export const CAPABILITY_NAMES = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
] as const;

/** A capability name, e.g. `CAP_SYS_PTRACE`. */
export type CapabilityName = typeof CAPABILITY_NAMES[number];

/** The bit number of a capability name; throws `RangeError` for an unknown name. */
export function capabilityBit(name: string): number {
  const bit = (CAPABILITY_NAMES as readonly string[]).indexOf(name);
  if (bit < 0) throw new RangeError(`unknown capability ${JSON.stringify(name)}`);
  return bit;
}

/** The 64-bit mask of a set of capability names. */
export function capabilityMask(names: readonly string[]): bigint {
  let mask = 0n;
  for (const n of names) mask |= 1n << BigInt(capabilityBit(n));
  return mask;
}

/** The names of the bits set in a 64-bit capability mask (unknown bits as `CAP_<n>`). */
export function capabilityNames(mask: bigint): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((mask >> BigInt(bit)) & 1n) out.push(CAPABILITY_NAMES[bit] ?? `CAP_${bit}`);
  }
  return out;
}
