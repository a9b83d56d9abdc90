/**
 * A rule as plain data with names (for JSON/YAML output): list, action,
 * arch, syscalls, fields and keys.
 *
 * @module
 */
import { BITMASK_SIZE, FIELD, KEY_SEPARATOR, LIST, OPERATORS_MASK } from "./constants.ts";
import { permText } from "./format.ts";
import { syscallName } from "../parse/tables/lookup.ts";
import {
  ACTION_NAME,
  compareNames,
  FIELD_NAME,
  LIST_NAME,
  machineByElf,
  machineFor,
  OPERATOR_SYMBOL,
  URING_OPS,
} from "./tables.ts";
import type { Rule } from "./types.ts";

/** One field of a {@linkcode RuleDescription}. */
export interface FieldDescription {
  /** Field name (`auid`, `path`, …), or `f<number>` when unknown. */
  readonly name: string;
  /** Operator symbol (`=`, `!=`, `>=`, …). */
  readonly op: string;
  /** The value: string fields and `perm` (`wa`) as text, numbers as the kernel holds them (unsigned). */
  readonly value: string | number;
}

/** A rule with names instead of numbers. */
export interface RuleDescription {
  /** Filter list name (`exit`, `user`, …). */
  readonly list: string;
  /** Action name (`always`, `never`). */
  readonly action: string;
  /** The arch's machine name, when the rule has an `arch=` field. */
  readonly arch?: string;
  /** `all`, or the syscall (io_uring operation) names and unnamed numbers. */
  readonly syscalls: "all" | readonly (string | number)[];
  /**
   * The fields except keys and `arch=`, in order; comparisons as
   * `{name: "uid", op: "!=", value: "euid"}`.
   */
  readonly fields: readonly FieldDescription[];
  /** The rule's keys. */
  readonly keys: readonly string[];
}

/** Describes `rule` with names; `machine` names syscalls of rules without an arch (default x86_64). */
export function describeRule(rule: Rule, machine = "x86_64"): RuleDescription {
  const archField = rule.fields.find((f) => (f.field & ~OPERATORS_MASK) === FIELD.arch);
  const elf = typeof archField?.value === "number" ? archField.value : undefined;
  const m = elf !== undefined ? machineByElf(elf) : machineFor(machine);
  let all = true;
  for (let i = 0; i < BITMASK_SIZE - 1; i++) if (rule.mask[i] !== 0xffffffff) all = false;
  const syscalls: (string | number)[] = [];
  if (!all) {
    for (let i = 0; i < BITMASK_SIZE * 32; i++) {
      if (!(((rule.mask[i >>> 5] ?? 0) >>> (i & 31)) & 1)) continue;
      const name = rule.list === LIST.io_uring ? URING_OPS[i] : m && syscallName(m.name, i);
      syscalls.push(name ?? i);
    }
  }
  const fields: FieldDescription[] = [];
  const keys: string[] = [];
  for (const f of rule.fields) {
    const field = f.field & ~OPERATORS_MASK;
    const op = OPERATOR_SYMBOL[f.op & OPERATORS_MASK] ?? String(f.op);
    if (f === archField && op === "=") continue;
    if (field === FIELD.filterkey && typeof f.value === "string" && op === "=") {
      keys.push(...f.value.split(KEY_SEPARATOR).filter((k) => k !== ""));
    } else if (field === FIELD.field_compare && typeof f.value === "number") {
      const names = compareNames(f.value);
      fields.push(
        names
          ? { name: names[0], op, value: names[1] }
          : { name: "field_compare", op, value: f.value },
      );
    } else if (field === FIELD.perm && typeof f.value === "number") {
      fields.push({ name: "perm", op, value: permText(f.value) });
    } else {
      fields.push({ name: FIELD_NAME[field] ?? `f${f.field}`, op, value: f.value });
    }
  }
  return {
    list: LIST_NAME[rule.list] ?? String(rule.list),
    action: ACTION_NAME[rule.action] ?? String(rule.action),
    ...(elf === undefined ? {} : { arch: machineByElf(elf)?.name ?? `0x${elf.toString(16)}` }),
    syscalls: all ? "all" : syscalls,
    fields,
    keys,
  };
}
