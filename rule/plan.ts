/**
 * Planning rule changes: compare the kernel's rules with the wanted ones in
 * kernel form (the bytes the kernel lists back) and compute the fewest
 * deletions and additions that make the kernel match, in an order that never
 * leaves the kernel without rules in between.
 *
 * @module
 */
import {
  BITMASK_SIZE,
  FIELD,
  FILTER_MASK,
  FILTER_PREPEND,
  RULE_HEADER_SIZE,
  SYSCALL_CLASSES,
} from "./constants.ts";
import { decodeRule, encodeRule } from "./binary.ts";
import type { Rule, RulesFileEntry } from "./types.ts";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The form the kernel lists a rule in: the prepend flag dropped, the syscall
 * class bits at the top of the mask cleared (the kernel expands them), no
 * trailing padding. Two rules are the same rule to the kernel exactly when
 * their kernel forms are equal.
 */
export function kernelForm(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const buflen = bytes.length >= RULE_HEADER_SIZE
    ? view.getUint32(RULE_HEADER_SIZE - 4, LITTLE_ENDIAN)
    : 0;
  const out = bytes.slice(0, Math.min(bytes.length, RULE_HEADER_SIZE + buflen));
  if (out.length < RULE_HEADER_SIZE) return out;
  const v = new DataView(out.buffer);
  v.setUint32(0, v.getUint32(0, LITTLE_ENDIAN) & ~FILTER_PREPEND, LITTLE_ENDIAN);
  const last = 12 + (BITMASK_SIZE - 1) * 4;
  const classBits = (0xffffffff << (32 - SYSCALL_CLASSES)) >>> 0;
  v.setUint32(last, (v.getUint32(last, LITTLE_ENDIAN) & ~classBits) >>> 0, LITTLE_ENDIAN);
  return out;
}

/** True when one of the rule's key fields contains `key` (auditctl's `-D -k`/`-l -k` match). */
export function hasKey(rule: Rule, key: string): boolean {
  return rule.fields.some((f) =>
    f.field === FIELD.filterkey && typeof f.value === "string" && f.value.includes(key)
  );
}

function keyOf(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** One step of a plan. */
export interface RuleChange {
  /** Add or delete the rule. */
  readonly kind: "add" | "delete";
  /** The rule. */
  readonly rule: Rule;
  /** The bytes to send (`AUDIT_ADD_RULE` / `AUDIT_DEL_RULE`); prepends carry the prepend flag. */
  readonly bytes: Uint8Array;
}

/**
 * The rules a sequence of rules-file entries leaves in the kernel, in kernel
 * order per list, starting from no rules: `-a` appends, `-A` prepends, `-d`
 * removes, `-D` clears. A rule given twice counts once (the kernel refuses
 * the second copy).
 */
export function resultingRules(entries: readonly RulesFileEntry[]): Rule[] {
  let rules: { key: string; rule: Rule }[] = [];
  for (const entry of entries) {
    if (entry.kind === "control") {
      const c = entry.control;
      if (c.kind === "delete_all") {
        rules = c.key === undefined ? [] : rules.filter((r) => !hasKey(r.rule, c.key!));
      }
      continue;
    }
    const rule = entry.rule;
    const key = keyOf(kernelForm(encodeRule(rule)));
    const present = rules.some((r) => r.key === key);
    if (rule.operation === "delete") rules = rules.filter((r) => r.key !== key);
    else if (present) continue;
    else if (rule.operation === "prepend") {
      rules.unshift({ key, rule: { ...rule, operation: "append" } });
    } else rules.push({ key, rule });
  }
  return rules.map((r) => r.rule);
}

/**
 * Plans the changes that turn the kernel's `current` rules (as listed, in
 * kernel order) into `desired` (in the order wanted within each list).
 * Per filter list it keeps the longest run of wanted rules that the kernel
 * already has in the right order, deletes the rest and adds the missing ones
 * around the kept run (prepend before, append after). Additions come before
 * the deletions of unwanted rules, so the kernel is never left without
 * rules; a rule that must move is deleted first (the kernel refuses
 * duplicates). An empty plan means the kernel already matches.
 */
export function planRules(current: readonly Uint8Array[], desired: readonly Rule[]): RuleChange[] {
  const byList = new Map<
    number,
    { cur: { key: string; bytes: Uint8Array }[]; want: { key: string; rule: Rule }[] }
  >();
  const group = (list: number) => {
    let g = byList.get(list);
    if (!g) byList.set(list, g = { cur: [], want: [] });
    return g;
  };
  for (const bytes of current) {
    const form = kernelForm(bytes);
    const list = form.length >= 4
      ? new DataView(form.buffer).getUint32(0, LITTLE_ENDIAN) & FILTER_MASK
      : 0;
    group(list).cur.push({ key: keyOf(form), bytes: form });
  }
  const seen = new Set<string>();
  for (const rule of desired) {
    const key = keyOf(kernelForm(encodeRule(rule)));
    if (seen.has(key)) continue;
    seen.add(key);
    group(rule.list).want.push({ key, rule: { ...rule, operation: "append" } });
  }
  const moves: RuleChange[] = [], adds: RuleChange[] = [], drops: RuleChange[] = [];
  for (const [, { cur, want }] of [...byList].sort((a, b) => a[0] - b[0])) {
    const position = new Map(cur.map((c, i) => [c.key, i]));
    let bestStart = 0, bestLength = 0;
    for (let s = 0; s < want.length; s++) {
      let e = s, last = -1;
      while (e < want.length) {
        const p = position.get(want[e]!.key);
        if (p === undefined || p <= last) break;
        last = p, e++;
      }
      if (e - s > bestLength) bestStart = s, bestLength = e - s;
    }
    const kept = new Set(want.slice(bestStart, bestStart + bestLength).map((w) => w.key));
    const wanted = new Set(want.map((w) => w.key));
    for (const c of cur) {
      if (kept.has(c.key)) continue;
      const change: RuleChange = { kind: "delete", rule: decodeRule(c.bytes), bytes: c.bytes };
      (wanted.has(c.key) ? moves : drops).push(change);
    }
    const before = want.slice(0, bestStart), after = want.slice(bestStart + bestLength);
    for (const w of [...before].reverse()) {
      const rule: Rule = { ...w.rule, operation: "prepend" };
      adds.push({ kind: "add", rule, bytes: encodeRule(rule) });
    }
    for (const w of after) adds.push({ kind: "add", rule: w.rule, bytes: encodeRule(w.rule) });
  }
  return [...moves, ...adds, ...drops];
}

/** Kernel settings a rules file asks for (the last value of each control line wins). */
export interface RuleSettings {
  /** `-b N`. */
  readonly backlogLimit?: number;
  /** `-r N`. */
  readonly rateLimit?: number;
  /** `--backlog_wait_time N`. */
  readonly backlogWaitTime?: number;
  /** `-f N`: 0 silent, 1 printk, 2 panic. */
  readonly failure?: number;
  /** `-e N`: 0 off, 1 on, 2 on and immutable until reboot. */
  readonly enabled?: number;
}

/** The settings that a sequence of rules-file entries sets, in effect at the end. */
export function resultingSettings(entries: readonly RulesFileEntry[]): RuleSettings {
  const out: {
    backlogLimit?: number;
    rateLimit?: number;
    backlogWaitTime?: number;
    failure?: number;
    enabled?: number;
  } = {};
  for (const entry of entries) {
    if (entry.kind !== "control") continue;
    const c = entry.control;
    if (c.kind === "backlog_limit") out.backlogLimit = c.value;
    else if (c.kind === "rate_limit") out.rateLimit = c.value;
    else if (c.kind === "backlog_wait_time") out.backlogWaitTime = c.value;
    else if (c.kind === "failure") out.failure = c.value;
    else if (c.kind === "enabled") out.enabled = c.value;
  }
  return out;
}

/** The name of a kernel setting a rules file can set. */
export type SettingName =
  | "backlog_limit"
  | "rate_limit"
  | "backlog_wait_time"
  | "failure"
  | "enabled";

/** One kernel setting to change so that the kernel matches a rules file. */
export interface SettingChange {
  /** The setting, as `auditctl -s` names it. */
  readonly name: SettingName;
  /** The rules-file option that sets it (`-b`, `-r`, `--backlog_wait_time`, `-f`, `-e`). */
  readonly option: string;
  /** The wanted value. */
  readonly value: number;
  /** The kernel's value now. */
  readonly kernel: number;
  /**
   * True when the change cannot be undone or halts the machine: `-e 2`
   * (immutable until reboot) and `-f 2` (panic on lost events). Callers ask for
   * an explicit opt-in before they apply it.
   */
  readonly drastic: boolean;
}

/** The kernel's current values of the settings {@linkcode planSettings} compares. */
export interface KernelSettings {
  /** `backlog_limit`. */
  readonly backlogLimit: number;
  /** `rate_limit`. */
  readonly rateLimit: number;
  /** `backlog_wait_time`, when the kernel reports it. */
  readonly backlogWaitTime?: number | undefined;
  /** `failure`. */
  readonly failure: number;
  /** `enabled`. */
  readonly enabled: number;
}

const SETTING_ORDER: readonly [SettingName, string, keyof RuleSettings & keyof KernelSettings][] = [
  ["backlog_limit", "-b", "backlogLimit"],
  ["rate_limit", "-r", "rateLimit"],
  ["backlog_wait_time", "--backlog_wait_time", "backlogWaitTime"],
  ["failure", "-f", "failure"],
  ["enabled", "-e", "enabled"],
];

/**
 * The settings that differ between what a rules file asks for and the
 * kernel, in the order to apply them (`enabled` last, so that `-e 2` locks
 * only after everything else is in place).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planSettings } from "./plan.ts";
 * const plan = planSettings({ backlogLimit: 8192, enabled: 2 }, {
 *   backlogLimit: 64, rateLimit: 0, failure: 1, enabled: 1,
 * });
 * assert.deepEqual(plan.map((s) => [s.option, s.value, s.drastic]), [["-b", 8192, false], ["-e", 2, true]]);
 * ```
 */
export function planSettings(want: RuleSettings, kernel: KernelSettings): SettingChange[] {
  const out: SettingChange[] = [];
  for (const [name, option, key] of SETTING_ORDER) {
    const value = want[key];
    const now = kernel[key];
    if (value === undefined || value === now) continue;
    const drastic = (name === "enabled" || name === "failure") && value === 2;
    out.push({ name, option, value, kernel: now ?? 0, drastic });
  }
  return out;
}
