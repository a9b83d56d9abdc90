/**
 * Lookups over the generated tables, by name and by number: machines and
 * arches, syscalls, errno names. The one place every layer (enrichment, rules,
 * interpretation) resolves these.
 *
 * @module
 */
import { AUDIT_ARCH } from "./arches.ts";
import { ERRNO_NAMES } from "./errno.ts";
import { SYSCALLS } from "./syscalls.ts";

/**
 * Machine names that auditctl and ausyscall accept (what `uname -m` prints),
 * mapped to the arch name of {@linkcode AUDIT_ARCH} and {@linkcode SYSCALLS}.
 */
export const MACHINE_NAMES: Readonly<Record<string, string>> = {
  i386: "i386",
  i486: "i386",
  i586: "i386",
  i686: "i386",
  x86_64: "x86_64",
  aarch64: "aarch64",
  armv8l: "aarch64",
  armeb: "arm",
  armv5tejl: "arm",
  armv5tel: "arm",
  armv6l: "arm",
  armv7l: "arm",
  arm: "arm",
  ppc: "ppc",
  ppc64: "ppc64",
  ppc64le: "ppc64le",
  s390: "s390",
  s390x: "s390x",
  riscv32: "riscv32",
  riscv64: "riscv64",
  loongarch64: "loongarch64",
};

/**
 * The 32-bit ABI of each 64-bit arch, for auditctl's `-F arch=b32`
 * (`b64` is the machine's own arch). ppc64le has none: auditctl refuses b32
 * there.
 */
export const BIARCH_32: Readonly<Record<string, string>> = {
  x86_64: "i386",
  aarch64: "arm",
  ppc64: "ppc",
  s390x: "s390",
  riscv64: "riscv32",
};

let archValues: Map<string, number> | undefined;

/**
 * The `AUDIT_ARCH_*` value of an arch name (`"x86_64"` gives `0xc000003e`),
 * or `undefined` when unknown.
 */
export function auditArchValue(name: string): number | undefined {
  if (archValues === undefined) {
    archValues = new Map();
    for (const [value, arch] of Object.entries(AUDIT_ARCH)) archValues.set(arch, Number(value));
  }
  return archValues.get(name);
}

const syscallNumbers = new Map<string, Map<string, number>>();

/**
 * The number of syscall `name` on `arch` (an arch name such as `"x86_64"`), or
 * `undefined` when the arch or the syscall is unknown. Reverse maps are built
 * on first use per arch.
 */
export function syscallNumber(arch: string, name: string): number | undefined {
  let numbers = syscallNumbers.get(arch);
  if (numbers === undefined) {
    const table = Object.hasOwn(SYSCALLS, arch) ? SYSCALLS[arch] : undefined;
    if (table === undefined) return undefined;
    numbers = new Map();
    for (const [nr, syscall] of Object.entries(table)) {
      if (!numbers.has(syscall)) numbers.set(syscall, Number(nr));
    }
    syscallNumbers.set(arch, numbers);
  }
  return numbers.get(name);
}

/**
 * The name of syscall number `nr` on `arch` (an arch name such as
 * `"x86_64"`), or `undefined` when the arch or the number is unknown.
 */
export function syscallName(arch: string, nr: number): string | undefined {
  const table = Object.hasOwn(SYSCALLS, arch) ? SYSCALLS[arch] : undefined;
  return table !== undefined && Object.hasOwn(table, nr) ? table[nr] : undefined;
}

/** Names that auditctl's errno table accepts beyond the first name of each number. */
const ERRNO_ALIASES: Readonly<Record<string, number>> = { EWOULDBLOCK: 11, EDEADLOCK: 35 };
let errnoNumbers: Map<string, number> | undefined;

/** The errno number of a name like `EPERM` (any case), or `undefined`. */
export function errnoNumber(name: string): number | undefined {
  if (errnoNumbers === undefined) {
    errnoNumbers = new Map(Object.entries(ERRNO_ALIASES));
    for (const [nr, errno] of Object.entries(ERRNO_NAMES)) {
      if (!errnoNumbers.has(errno)) errnoNumbers.set(errno, Number(nr));
    }
  }
  return errnoNumbers.get(name.toUpperCase());
}

/** The errno name of a positive number (`13` gives `"EACCES"`), or `undefined`. */
export function errnoName(nr: number): string | undefined {
  return Object.hasOwn(ERRNO_NAMES, nr) ? ERRNO_NAMES[nr] : undefined;
}
