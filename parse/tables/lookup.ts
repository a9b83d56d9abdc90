import { AUDIT_ARCH } from "./arches.ts";
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
 * (`b64` is the machine's own arch).
 */
export const BIARCH_32: Readonly<Record<string, string>> = {
  x86_64: "i386",
  aarch64: "arm",
  ppc64: "ppc",
  ppc64le: "ppc",
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
