/**
 * Generates the lookup tables in `parse/tables/` from facts on a Debian
 * machine:
 *
 * - syscall names per arch from `ausyscall ARCH --dump` (package `auditd`),
 *   and for riscv from the kernel headers of `linux-libc-dev-riscv64-cross`,
 *   which this auditd does not know;
 * - record type numbers from `<linux/audit.h>` (`linux-libc-dev`) and
 *   `<libaudit.h>` (`libaudit-dev`), named as libaudit names them
 *   (`audit_msg_type_to_name` of `libaudit1`, which auditd writes into its
 *   logs), else by the constant without its `AUDIT_` prefix;
 * - `AUDIT_ARCH_*` values from `<linux/audit.h>`, named like go-libaudit
 *   (the constant's suffix in lower case);
 * - errno names from `<asm-generic/errno-base.h>` and `<asm-generic/errno.h>`;
 * - the `AUDIT_*` record type constants (`record_type_constants.ts`) from the
 *   same headers as the record types;
 * - `parse/_store_known.ts`, the named-store switch of field extraction, from
 *   the list of keys in `parse/_known_keys.ts`.
 *
 * Usage: `deno task gen` writes the files; `deno task gen --check` only
 * compares and exits 1 when a committed file differs from what the facts on
 * this machine give.
 *
 * @module
 */

import { cpp, evalConst, HEADER, numberRecord, readText, run } from "./_gen_common.ts";
import { syscallsFile, syscallTables } from "./_gen_syscalls.ts";

const OUT_DIR = new URL("../parse/tables/", import.meta.url);

// ---------------------------------------------------------------------------
// record types

interface RecordTypes {
  names: Map<number, string>;
  ranges: { name: string; first: number; last: number }[];
  /** Every `AUDIT_*` record-type constant of the headers, by name (first definition wins). */
  constants: Map<string, number>;
}

function libauditMessageTypeNames(min: number, max: number): Map<number, string> {
  const lib = Deno.dlopen("libaudit.so.1", {
    // const char *audit_msg_type_to_name(int msg_type);
    audit_msg_type_to_name: { parameters: ["i32"], result: "pointer" },
  });
  const names = new Map<number, string>();
  try {
    for (let type = min; type <= max; type++) {
      const p = lib.symbols.audit_msg_type_to_name(type);
      if (p !== null) names.set(type, Deno.UnsafePointerView.getCString(p));
    }
  } finally {
    lib.close();
  }
  return names;
}

function recordTypes(): RecordTypes {
  const min = 1000;
  const max = 2999;
  const constants: [string, number][] = [];
  for (const path of ["/usr/include/linux/audit.h", "/usr/include/libaudit.h"]) {
    for (const m of readText(path).matchAll(/^#define\s+AUDIT_(\w+)\s+(\d+)\b/gm)) {
      const value = Number(m[2]);
      if (value >= min && value <= max) constants.push([m[1]!, value]);
    }
  }
  const names = libauditMessageTypeNames(min, max);
  for (const [name, value] of constants) {
    // The first constant of a number names it when libaudit does not.
    if (!names.has(value)) names.set(value, name);
  }
  const byName = new Map<string, number>();
  for (const [name, value] of constants) {
    const seen = byName.get(name);
    if (seen !== undefined && seen !== value) {
      throw new Error(`AUDIT_${name} is ${seen} in one header and ${value} in another`);
    }
    if (seen === undefined) byName.set(name, value);
  }
  const ranges: RecordTypes["ranges"] = [];
  for (const [name, first] of constants) {
    if (!name.includes("FIRST_")) continue;
    const last = byName.get(name.replace("FIRST_", "LAST_"));
    const rangeName = name.replace("FIRST_", "");
    if (last === undefined || ranges.some((r) => r.name === rangeName)) continue;
    ranges.push({ name: rangeName, first, last });
  }
  ranges.sort((a, b) => a.first - b.first || a.last - b.last);
  return { names, ranges, constants: byName };
}

// ---------------------------------------------------------------------------
// arches

function auditArches(): Map<number, string> {
  const names = readText("/usr/include/linux/audit.h")
    .matchAll(/^#define\s+AUDIT_ARCH_(\w+)\s/gm)
    .map((m) => m[1]!)
    .toArray();
  const source = "#include <linux/audit.h>\n" +
    names.map((n) => `@ ${n} = AUDIT_ARCH_${n}\n`).join("");
  const arches = new Map<number, string>();
  for (const line of cpp(source)) {
    const m = /^@ (\w+) = (.*)$/.exec(line);
    if (!m) continue;
    const value = evalConst(m[2]!);
    if (!arches.has(value)) arches.set(value, m[1]!.toLowerCase());
  }
  return arches;
}

// ---------------------------------------------------------------------------
// errno

function errnoNames(): Map<number, string> {
  const names = new Map<number, string>();
  for (
    const path of ["/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h"]
  ) {
    for (const m of readText(path).matchAll(/^#define\s+(E\w+)\s+(\d+)\b/gm)) {
      const value = Number(m[2]);
      // Aliases (EWOULDBLOCK, EDEADLOCK) are defined as names, so the first name wins.
      if (!names.has(value)) names.set(value, m[1]!);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------
// output

function recordTypesFile(rt: RecordTypes): string {
  return `${HEADER}
/**
 * Audit record (netlink message) types by number, named as auditd writes them
 * in \`type=NAME\` (libaudit's names; constants of \`<linux/audit.h>\` and
 * \`<libaudit.h>\` without their \`AUDIT_\` prefix where libaudit has no name).
 * A superset of go-libaudit's table. Numbers not listed print as
 * \`UNKNOWN[1234]\`.
 */
export const RECORD_TYPES: Readonly<Record<number, string>> = ${numberRecord(rt.names)};

/** A block of record type numbers reserved for one kind of message. */
export interface RecordTypeRange {
  /** The block's name: the header constants' name without \`AUDIT_\`, \`FIRST_\`/\`LAST_\`. */
  readonly name: string;
  /** First number of the block. */
  readonly first: number;
  /** Last number of the block (inclusive). */
  readonly last: number;
}

/**
 * The record type blocks of \`<linux/audit.h>\` and \`<libaudit.h>\`
 * (\`AUDIT_FIRST_X\`..\`AUDIT_LAST_X\`), sorted by first number. For example
 * \`USER_MSG\` (1100..1199) and \`USER_MSG2\` (2100..2999) hold user-space
 * messages, \`EVENT\` (1300..1399) kernel syscall-event records.
 */
export const RECORD_TYPE_RANGES: readonly RecordTypeRange[] = [
${
    rt.ranges.map((r) =>
      `  { name: ${JSON.stringify(r.name)}, first: ${r.first}, last: ${r.last} },\n`
    ).join("")
  }];
`;
}

function recordTypeConstantsFile(rt: RecordTypes): string {
  const entries = [...rt.constants].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const doc = (name: string, value: number): string => {
    if (name.includes("FIRST_") && rt.constants.has(name.replace("FIRST_", "LAST_"))) {
      return `First number of the record type block ${rangeName(name, "FIRST_")}.`;
    }
    if (name.includes("LAST_") && rt.constants.has(name.replace("LAST_", "FIRST_"))) {
      return `Last number (inclusive) of the record type block ${rangeName(name, "LAST_")}.`;
    }
    return `Record type ${value}, written \`type=${rt.names.get(value)}\` in logs.`;
  };
  return `${HEADER}
/**
 * The \`AUDIT_*\` record (netlink message) type constants of
 * \`<linux/audit.h>\` and \`<libaudit.h>\` in the range 1000..2999, with the
 * first and last numbers of each block (\`AUDIT_FIRST_USER_MSG\`..
 * \`AUDIT_LAST_USER_MSG\`, …). See also \`RECORD_TYPES\` (names) and
 * \`RECORD_TYPE_RANGES\` (blocks).
 *
 * @module
 */
${
    entries.map(([name, value]) => `
/** ${doc(name, value)} */
export const AUDIT_${name} = ${value};
`).join("")
  }`;
}

/** The block name of a FIRST_/LAST_ constant, as in `RECORD_TYPE_RANGES`. */
function rangeName(name: string, marker: string): string {
  return name.replace(marker, "");
}

function archesFile(arches: ReadonlyMap<number, string>): string {
  return `${HEADER}
/**
 * Arch names by \`AUDIT_ARCH_*\` value (the \`arch=\` field of SYSCALL records,
 * for example \`0xc000003e\` is \`x86_64\`), named like go-libaudit: the
 * constant's suffix in lower case. Values not listed print as \`unknown[hex]\`.
 */
export const AUDIT_ARCH: Readonly<Record<number, string>> = ${numberRecord(arches, true)};
`;
}

function errnoFile(names: ReadonlyMap<number, string>): string {
  return `${HEADER}
/**
 * errno names by number (Linux generic values, \`<asm-generic/errno*.h>\`),
 * used to name negative \`exit=\` values. Where two names share a number the
 * first defined wins (EAGAIN, not EWOULDBLOCK), like go-libaudit.
 */
export const ERRNO_NAMES: Readonly<Record<number, string>> = ${numberRecord(names)};
`;
}

// ---------------------------------------------------------------------------
// parse/_store_known.ts: a named store per KNOWN_KEYS entry

function storeKnownFile(keys: readonly string[]): string {
  for (const key of keys) {
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) throw new Error(`KNOWN_KEYS: ${key} is not an identifier`);
  }
  return `${HEADER}
/**
 * \`values[KNOWN_KEYS[id]] = value\` as a named store (\`values.a0 = value\`),
 * one case per key of \`_known_keys.ts\`: V8 keeps an object fast through
 * named stores but turns it into a dictionary after 16 computed-key ones.
 *
 * @module
 */

/** Stores \`value\` under the known key numbered \`id\`; false when \`id\` is not one. */
export function storeKnown(values: Record<string, string>, id: number, value: string): boolean {
  switch (id) {
${
    keys.map((key, id) => `    case ${id}:\n      values.${key} = value;\n      return true;\n`)
      .join("")
  }  }
  return false;
}
`;
}

function format(files: Record<string, string>): Record<string, string> {
  const dir = Deno.makeTempDirSync({ prefix: "gen_tables" });
  try {
    for (const [name, text] of Object.entries(files)) {
      Deno.writeTextFileSync(`${dir}/${name}`, text);
    }
    run(Deno.execPath(), ["fmt", "--quiet", "--line-width", "100", dir]);
    return Object.fromEntries(
      Object.keys(files).map((name) => [name, Deno.readTextFileSync(`${dir}/${name}`)]),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

async function main(args: string[]): Promise<number> {
  const check = args.includes("--check");
  const rt = recordTypes();
  const files = format({
    "record_types.ts": recordTypesFile(rt),
    "record_type_constants.ts": recordTypeConstantsFile(rt),
    "arches.ts": archesFile(auditArches()),
    "syscalls.ts": syscallsFile(syscallTables()),
    "errno.ts": errnoFile(errnoNames()),
    "../_store_known.ts": storeKnownFile(
      (await import("../parse/_known_keys.ts")).KNOWN_KEYS,
    ),
  });
  let differ = 0;
  for (const [name, text] of Object.entries(files)) {
    const url = new URL(name, OUT_DIR);
    if (check) {
      let old = "";
      try {
        old = Deno.readTextFileSync(url);
      } catch { /* missing counts as different */ }
      if (old !== text) {
        console.error(`${relative(url)} differs from what tools/gen_tables.ts generates`);
        differ++;
      }
    } else {
      Deno.writeTextFileSync(url, text);
      console.error(`wrote ${relative(url)}`);
    }
  }
  return differ === 0 ? 0 : 1;
}

/** `url` relative to the repository root, for messages. */
function relative(url: URL): string {
  return url.pathname.slice(new URL("../", import.meta.url).pathname.length);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
