/**
 * Number → name lookups over the generated tables: arches, syscalls per
 * arch, errno values and record types (see `tables/` and
 * `tools/gen_tables.ts`).
 *
 * @module
 */

import { AUDIT_ARCH } from "./tables/arches.ts";
import { ERRNO_NAMES } from "./tables/errno.ts";
import { SYSCALLS } from "./tables/syscalls.ts";

/**
 * The arch name of an `AUDIT_ARCH_*` value (the `arch=` field of SYSCALL
 * records, parsed as hex), e.g. `0xc000003e` → `"x86_64"`; `undefined` when
 * unknown.
 *
 * @example
 * ```ts
 * import { archName } from "@libaudit/libaudit/parse";
 * archName(0xc000003e); // "x86_64"
 * archName(0x40000003); // "i386"
 * ```
 */
export function archName(arch: number): string | undefined {
  return Object.hasOwn(AUDIT_ARCH, arch) ? AUDIT_ARCH[arch] : undefined;
}

/**
 * The name of syscall number `nr` on `arch` (an arch name as {@linkcode archName}
 * gives it), e.g. `("x86_64", 59)` → `"execve"`; `undefined` when the arch or
 * the number is unknown.
 *
 * @example
 * ```ts
 * import { syscallName } from "@libaudit/libaudit/parse";
 * syscallName("x86_64", 59); // "execve"
 * syscallName("aarch64", 221); // "execve"
 * ```
 */
export function syscallName(arch: string, nr: number): string | undefined {
  const table = Object.hasOwn(SYSCALLS, arch) ? SYSCALLS[arch] : undefined;
  return table !== undefined && Object.hasOwn(table, nr) ? table[nr] : undefined;
}

/**
 * The name of a (positive) errno value, e.g. `13` → `"EACCES"`; where two
 * names share a number the first defined wins (`11` → `"EAGAIN"`).
 * `undefined` when unknown.
 *
 * @example
 * ```ts
 * import { errnoName } from "@libaudit/libaudit/parse";
 * errnoName(13); // "EACCES"
 * errnoName(2); // "ENOENT"
 * ```
 */
export function errnoName(errno: number): string | undefined {
  return Object.hasOwn(ERRNO_NAMES, errno) ? ERRNO_NAMES[errno] : undefined;
}
