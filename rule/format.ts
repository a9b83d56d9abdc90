/**
 * {@linkcode Rule} → the text `auditctl -l` prints for it (auditctl 3.0.9's
 * `print_rule`), so `libaudit rules list` matches `auditctl -l` line for line.
 *
 * @module
 */
import { BITMASK_SIZE, FIELD, KEY_SEPARATOR, LIST, OPERATORS_MASK, PERM } from "./constants.ts";
import { msgTypeName } from "./lookup.ts";
import { errnoName, syscallName } from "../parse/tables/lookup.ts";
import {
  ACTION_NAME,
  ARCH_64BIT,
  compareNames,
  FIELD_NAME,
  FILE_TYPES,
  FS_TYPES,
  LIST_NAME,
  type Machine,
  machineByElf,
  machineFor,
  OPERATOR_SYMBOL,
  URING_OPS,
} from "./tables.ts";
import type { Rule, RuleField } from "./types.ts";
import { toSigned } from "./values.ts";

/** Options of {@linkcode formatRule}. */
export interface FormatOptions {
  /** The machine whose syscall names are used when a rule has no arch (`uname -m`); default x86_64. */
  readonly machine?: string;
  /**
   * Print text that parses back to exactly the same bytes, where `auditctl -l`
   * output would not: no `-w` form (it trims trailing slashes and depends on
   * whether the path is a directory), spaces and backslashes escaped as in
   * rules files, arch by machine name, numbers unsigned. Default false:
   * exactly what `auditctl -l` prints.
   */
  readonly exact?: boolean;
}

const NO_SYSCALL_LISTS = new Set<number>([LIST.user, LIST.task, LIST.exclude, LIST.filesystem]);

function allSyscalls(rule: Rule): boolean {
  for (let i = 0; i < BITMASK_SIZE - 1; i++) if (rule.mask[i] !== 0xffffffff) return false;
  return true;
}

/** True when auditctl lists the rule as a watch (`-w PATH -p PERMS -k KEY`). */
export function isWatch(rule: Rule): boolean {
  let perm = false;
  for (const f of rule.fields) {
    const field = f.field & ~OPERATORS_MASK;
    if (field === FIELD.perm) perm = true;
    if (
      field !== FIELD.perm && field !== FIELD.filterkey && field !== FIELD.dir &&
      field !== FIELD.watch
    ) {
      return false;
    }
  }
  return perm && (NO_SYSCALL_LISTS.has(rule.list) || allSyscalls(rule));
}

/** Watch permissions as `auditctl -l` prints them (`rwxa` order). */
export function permText(value: number): string {
  return (value & PERM.read ? "r" : "") + (value & PERM.write ? "w" : "") +
    (value & PERM.exec ? "x" : "") + (value & PERM.attr ? "a" : "");
}

const FILE_TYPE_NAME: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(FILE_TYPES).map(([name, n]) => [n, name]),
);

const FS_TYPE_NAME: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(FS_TYPES).map(([name, n]) => [n, name]),
);

/**
 * Formats rules as `auditctl -l` does. auditctl keeps the arch of the last
 * rule with an `arch=` field for naming the syscalls of later rules without
 * one; this function does the same so whole listings match.
 */
export function formatRules(rules: readonly Rule[], options: FormatOptions = {}): string[] {
  const state = { elf: undefined as number | undefined };
  return rules.map((rule) => formatWith(rule, options, state));
}

/** Formats one rule as `auditctl -l` prints it (without a newline). */
export function formatRule(rule: Rule, options: FormatOptions = {}): string {
  return formatWith(rule, options, { elf: undefined });
}

function formatWith(
  rule: Rule,
  options: FormatOptions,
  state: { elf: number | undefined },
): string {
  const exact = options.exact ?? false;
  const watch = !exact && isWatch(rule);
  const esc = (s: string) => exact ? s.replace(/[\\ ]/g, (c) => `\\${c}`) : s;
  const dec = (n: number) => exact ? n >>> 0 : toSigned(n);
  const archText = (f: RuleField): string => {
    const value = f.value as number;
    const op = OPERATOR_SYMBOL[f.op & OPERATORS_MASK] ?? "(null)";
    state.elf = value;
    const machine = machineByElf(value);
    if (machine === undefined) return ` -F arch${op}0x${value.toString(16).toUpperCase()}`;
    return ` -F arch${op}${exact ? machine.name : value & ARCH_64BIT ? "b64" : "b32"}`;
  };
  const syscallText = (): string => {
    if (NO_SYSCALL_LISTS.has(rule.list)) return "";
    if (allSyscalls(rule)) {
      // On io_uring, `-S all` means the named operations only; no -S means every bit.
      return exact && rule.list === LIST.io_uring ? "" : " -S all";
    }
    const machine: Machine | undefined = state.elf !== undefined
      ? machineByElf(state.elf)
      : machineFor(options.machine ?? "x86_64");
    const names: string[] = [];
    const uring = rule.list === LIST.io_uring;
    for (let i = 0; i < BITMASK_SIZE * 32; i++) {
      if (((rule.mask[i >>> 5] ?? 0) >>> (i & 31)) & 1) {
        const name = uring ? URING_OPS[i] : machine && syscallName(machine.name, i);
        names.push(name ?? String(i));
      }
    }
    return names.length > 0 ? ` -S ${names.join(",")}` : "";
  };
  const isArch = (f: RuleField) =>
    (f.field & ~OPERATORS_MASK) === FIELD.arch && typeof f.value === "number";
  const lastArch = exact && !watch ? rule.fields.findLast(isArch) : undefined;
  let out = "";
  if (!watch) {
    out += `-a ${ACTION_NAME[rule.action] ?? "(null)"},${LIST_NAME[rule.list] ?? "(null)"}`;
    // auditctl -l prints arch and syscalls first; exact text keeps the field order instead
    // (arch in place, syscalls right after the last arch) so it parses back to the same bytes.
    if (!exact) {
      for (const f of rule.fields) if (isArch(f)) out += archText(f);
      out += syscallText();
    } else if (lastArch === undefined) {
      out += syscallText();
    }
  }
  for (const f of rule.fields) {
    const field = f.field & ~OPERATORS_MASK;
    const op = OPERATOR_SYMBOL[f.op & OPERATORS_MASK] ?? "(null)";
    const name = FIELD_NAME[field];
    const value = f.value;
    const num = typeof value === "number" ? value : 0;
    const str = typeof value === "string" ? esc(value) : "";
    if (field === FIELD.arch && isArch(f)) {
      if (exact) out += archText(f);
      if (exact && f === lastArch) out += syscallText();
      continue;
    }
    // auditctl -l prints these with "=" whatever the operator; exact text keeps it.
    const fixed = exact ? op : "=";
    if (name === undefined) {
      out += ` f${f.field}${op}${dec(num)}`;
    } else if (field === FIELD.msgtype) {
      out += ` -F ${name}${op}${msgTypeName(num) ?? dec(num)}`;
    } else if (field >= FIELD.subj_user && field <= FIELD.obj_lev_high && field !== FIELD.ppid) {
      out += ` -F ${name}${op}${str}`;
    } else if (field === FIELD.watch || field === FIELD.dir) {
      out += watch ? `-w ${str}` : ` -F ${field === FIELD.watch ? "path" : "dir"}${fixed}${str}`;
    } else if (field === FIELD.exe) {
      out += ` -F exe${fixed}${str}`;
    } else if (field === FIELD.filterkey && exact && op !== "=") {
      out += ` -F key${op}${str}`;
    } else if (field === FIELD.filterkey) {
      for (const key of str.split(KEY_SEPARATOR)) {
        if (key !== "") out += watch ? ` -k ${key}` : ` -F key=${key}`;
      }
    } else if (field === FIELD.perm) {
      // -F perm= works on the exit list only, -p (which auditctl allows anywhere) elsewhere.
      const viaP = watch || (exact && rule.list !== LIST.exit && op === "=");
      out += viaP ? ` -p ${permText(num)}` : ` -F perm${fixed}${permText(num)}`;
    } else if (field === FIELD.inode) {
      out += ` -F ${name}${op}${num >>> 0}`;
    } else if (field === FIELD.field_compare) {
      const names = compareNames(num);
      if (names !== undefined) out += ` -C ${names[0]}${op}${names[1]}`;
    } else if (field >= FIELD.a0 && field <= FIELD.a3) {
      out += ` -F ${name}${op}0x${(num >>> 0).toString(16).toUpperCase()}`;
    } else if (field === FIELD.exit) {
      const signed = toSigned(num);
      const errno = signed < 0 ? errnoName(-signed) : undefined;
      out += ` -F ${name}${op}${errno !== undefined ? `-${errno}` : signed}`;
    } else if (field === FIELD.filetype && exact && FILE_TYPE_NAME[num] !== undefined) {
      out += ` -F ${name}${op}${FILE_TYPE_NAME[num]}`;
    } else if (field === FIELD.fstype) {
      out += ` -F ${name}${op}${FS_TYPE_NAME[num] ?? dec(num)}`;
    } else {
      out += ` -F ${name}${op}${dec(num)}`;
    }
  }
  return out;
}
