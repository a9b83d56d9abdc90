/**
 * libaudit's machine lookups (`audit_elf_to_machine`,
 * `audit_machine_to_name`) on 3.0.9's tables, in a module light enough for
 * the search's option parser (the interpreters in `_args.ts` use them too).
 *
 * @module
 */
import { ELF_MACHINES, MACHINES } from "./tables.ts";

let elf: Map<number, number> | undefined;
let names: Map<number, string> | undefined;

/** audit_elf_to_machine: the MACH_* of an AUDIT_ARCH value, or -1. */
export function elfToMachine(arch: number): number {
  if (elf === undefined) {
    elf = new Map();
    for (const [m, a] of ELF_MACHINES) if (!elf.has(a)) elf.set(a, m);
  }
  return elf.get(arch >>> 0) ?? -1;
}

/** audit_machine_to_name: the first name of a MACH_* number. */
export function machineName(machine: number): string | undefined {
  if (names === undefined) {
    names = new Map();
    for (const [m, s] of MACHINES) if (!names.has(m)) names.set(m, s);
  }
  return names.get(machine | 0);
}
