/**
 * The arch name of an `AUDIT_ARCH_*` value (the reverse of
 * `tables/lookup.ts`'s `auditArchValue`).
 *
 * @module
 */

import { AUDIT_ARCH } from "./tables/arches.ts";

/**
 * The arch name of an `AUDIT_ARCH_*` value (the `arch=` field of SYSCALL
 * records, parsed as hex), e.g. `0xc000003e` → `"x86_64"`; `undefined` when
 * unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { archName } from "@libaudit/libaudit/parse";
 * assert.equal(archName(0xc000003e), "x86_64");
 * assert.equal(archName(0x40000003), "i386");
 * ```
 */
export function archName(arch: number): string | undefined {
  return Object.hasOwn(AUDIT_ARCH, arch) ? AUDIT_ARCH[arch] : undefined;
}
