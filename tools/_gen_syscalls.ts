/**
 * The syscall tables of tools/gen_tables.ts: per arch from `ausyscall ARCH
 * --dump` (auditd) and, for riscv, from the kernel headers of
 * `linux-libc-dev-riscv64-cross`, written as `parse/tables/syscalls.ts`.
 *
 * @module
 */
import { cpp, evalConst, HEADER, numberRecord, run } from "./_gen_common.ts";

const RISCV_INCLUDE = "/usr/riscv64-linux-gnu/include";

/** Arches that `ausyscall` knows, with the name our `arch` enrichment gives. */
const AUSYSCALL_ARCHES: readonly (readonly [ausyscallName: string, archName: string])[] = [
  ["x86_64", "x86_64"],
  ["i386", "i386"],
  ["aarch64", "aarch64"],
  ["arm", "arm"],
  ["ppc", "ppc"],
  ["ppc64", "ppc64"],
  ["ppc64le", "ppc64le"],
  ["s390", "s390"],
  ["s390x", "s390x"],
];

/** Arch names that share another arch's syscall numbers. */
const SAME_SYSCALLS: Readonly<Record<string, string>> = {
  // Big-endian ARM EABI uses the same numbers; ausyscall calls its table "armeb".
  armeb: "arm",
};

/**
 * Arches generated from the kernel's generic syscall header
 * (`linux-libc-dev-riscv64-cross`): arch name and the C flags for its ABI.
 * loongarch64 uses the same generic table with its own `__ARCH_WANT_*`
 * choices (`arch/loongarch/include/uapi/asm/unistd.h`; newfstatat and fstat
 * came back in Linux 6.11).
 */
const GENERIC_ABIS: readonly (readonly [
  archName: string,
  header: string,
  flags: readonly string[],
])[] = [
  ["riscv64", "asm/unistd.h", ["-D__LP64__", "-U__SIZEOF_POINTER__", "-D__SIZEOF_POINTER__=8"]],
  ["riscv32", "asm/unistd.h", ["-U__LP64__", "-U__SIZEOF_POINTER__", "-D__SIZEOF_POINTER__=4"]],
  [
    "loongarch64",
    "asm-generic/unistd.h",
    [
      "-D__LP64__",
      "-U__SIZEOF_POINTER__",
      "-D__SIZEOF_POINTER__=8",
      "-D__ARCH_WANT_NEW_STAT",
      "-D__ARCH_WANT_SYS_CLONE",
      "-D__ARCH_WANT_SYS_CLONE3",
    ],
  ],
];

/**
 * Syscalls added after the newest tables on this Debian release (auditd
 * 3.0.9, Linux 6.1 headers), up to Linux 6.18. Since Linux 5.1 new syscalls
 * get the same number on every arch (scripts/syscall.tbl in the kernel), so
 * these apply to all our arches; a table's own entry always wins.
 */
const COMMON_SINCE_6_1: Readonly<Record<number, string>> = {
  451: "cachestat",
  452: "fchmodat2",
  453: "map_shadow_stack",
  454: "futex_wake",
  455: "futex_wait",
  456: "futex_requeue",
  457: "statmount",
  458: "listmount",
  459: "lsm_get_self_attr",
  460: "lsm_set_self_attr",
  461: "lsm_list_modules",
  462: "mseal",
  463: "setxattrat",
  464: "getxattrat",
  465: "listxattrat",
  466: "removexattrat",
  467: "open_tree_attr",
  468: "file_getattr",
  469: "file_setattr",
  470: "listns",
};

/** Arch-specific syscalls added after Linux 6.1 (arch name, number, name). */
const ARCH_SINCE_6_1: readonly (readonly [string, number, string])[] = [
  ["riscv64", 258, "riscv_hwprobe"],
  ["riscv32", 258, "riscv_hwprobe"],
];

function ausyscallTable(arch: string): Map<number, string> {
  const out = run("ausyscall", [arch, "--dump"]).split("\n");
  if (!out[0]?.startsWith("Using ")) throw new Error(`ausyscall ${arch}: unexpected ${out[0]}`);
  const table = new Map<number, string>();
  for (const line of out.slice(1)) {
    const m = /^(\d+)\t(\w+)$/.exec(line);
    if (m) table.set(Number(m[1]), m[2]!);
  }
  return table;
}

function headerTable(
  include: string,
  header: string,
  flags: readonly string[],
): Map<number, string> {
  const inc = ["-nostdinc", "-isystem", include];
  const defines = cpp(`#include <${header}>\n`, [...inc, ...flags, "-dM"]);
  const names = defines
    .map((line) => /^#define __NR_(\w+)\s/.exec(line)?.[1])
    .filter((n): n is string =>
      n !== undefined && n !== "syscalls" && n !== "arch_specific_syscall"
    )
    .sort();
  const source = `#include <${header}>\n` + names.map((n) => `@ ${n} = __NR_${n}\n`).join("");
  const table = new Map<number, string>();
  for (const line of cpp(source, [...inc, ...flags])) {
    const m = /^@ (\w+) = (.*)$/.exec(line);
    if (!m || m[2]!.includes("__NR")) continue;
    const nr = evalConst(m[2]!);
    if (table.has(nr)) throw new Error(`two syscalls numbered ${nr}: ${table.get(nr)}, ${m[1]}`);
    table.set(nr, m[1]!);
  }
  return table;
}

/** Syscall names by number per arch name (aliases share one table). */
export function syscallTables(): Map<string, Map<number, string>> {
  const tables = new Map<string, Map<number, string>>();
  for (const [ausyscallName, archName] of AUSYSCALL_ARCHES) {
    tables.set(archName, ausyscallTable(ausyscallName));
  }
  try {
    Deno.statSync(`${RISCV_INCLUDE}/asm/unistd.h`);
  } catch {
    throw new Error(
      `${RISCV_INCLUDE}/asm/unistd.h missing: apt-get install linux-libc-dev-riscv64-cross`,
    );
  }
  for (const [archName, header, flags] of GENERIC_ABIS) {
    tables.set(archName, headerTable(RISCV_INCLUDE, header, flags));
  }
  for (const table of tables.values()) {
    for (const [nr, name] of Object.entries(COMMON_SINCE_6_1)) {
      if (!table.has(Number(nr))) table.set(Number(nr), name);
    }
  }
  for (const [arch, nr, name] of ARCH_SINCE_6_1) {
    if (!tables.get(arch)!.has(nr)) tables.get(arch)!.set(nr, name);
  }
  for (const [alias, arch] of Object.entries(SAME_SYSCALLS)) tables.set(alias, tables.get(arch)!);
  return tables;
}

/** The text of `parse/tables/syscalls.ts` (arches with equal tables share one constant). */
export function syscallsFile(tables: ReadonlyMap<string, ReadonlyMap<number, string>>): string {
  const archNames = [...tables.keys()].sort();
  const consts: string[] = [];
  const entries: string[] = [];
  const emitted = new Map<ReadonlyMap<number, string>, string>();
  const ident = (arch: string) => arch.toUpperCase();
  for (const arch of archNames) {
    const table = tables.get(arch)!;
    const same = emitted.get(table) ??
      [...emitted].find(([t]) => sameTable(t, table))?.[1];
    if (same !== undefined) {
      entries.push(`  ${arch}: ${same},\n`);
      continue;
    }
    const name = ident(arch);
    emitted.set(table, name);
    consts.push(
      `/** Syscall names by number for ${arch}. */\nconst ${name}: Readonly<Record<number, string>> = ${
        numberRecord(table)
      };\n`,
    );
    entries.push(`  ${arch}: ${name},\n`);
  }
  return `${HEADER}
${consts.join("\n")}
/**
 * Syscall names by number, per arch name as the \`arch\` enrichment gives it
 * (see \`AUDIT_ARCH\`). Sources: \`ausyscall ARCH --dump\` (auditd), and the
 * kernel headers for riscv. ppc, ppc64 and ppc64le share one table, as do
 * arm and armeb.
 */
export const SYSCALLS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
${entries.join("")}};
`;
}

function sameTable(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
