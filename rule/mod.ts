/**
 * Audit rules: auditctl syntax ⇄ the kernel's binary rule format
 * (`struct audit_rule_data`), byte-identical to auditctl, plus rules files
 * and change planning for keeping the kernel in sync with them.
 *
 * Pure TypeScript without I/O: host facts (machine, user and group names,
 * whether a watched path is a directory) are passed in.
 *
 * @example Parse, encode, decode and format a rule
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeRule, encodeRule, formatRule, parseRule } from "@libaudit/libaudit/rule";
 *
 * const rule = parseRule("-a always,exit -F arch=b64 -S openat -F exit=-EACCES -k access");
 * const bytes = encodeRule(rule); // what auditctl sends to the kernel
 * assert.equal(
 *   formatRule(decodeRule(bytes)),
 *   "-a always,exit -F arch=b64 -S openat -F exit=-EACCES -F key=access",
 * );
 * ```
 *
 * @example Check a rules file, every bad line with its position
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRulesFile } from "@libaudit/libaudit/rule";
 *
 * const { entries, errors } = parseRulesFile("-w /etc/passwd -p wa -k identity\n-a always,exit -S nope\n", {
 *   file: "audit.rules",
 * });
 * assert.match(errors[0]!.message, /^audit\.rules:2:\d+: unknown syscall 'nope'/);
 * assert.equal(entries.length, 1);
 * ```
 *
 * @example Plan the changes that make the kernel match a file
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRulesFile, planRules, resultingRules } from "@libaudit/libaudit/rule";
 *
 * const current: Uint8Array[] = []; // from AuditClient.getRules()
 * const { entries } = parseRulesFile("-w /etc/shadow -p wa -k identity\n");
 * const changes = planRules(current, resultingRules(entries));
 * assert.deepEqual(changes.map((c) => c.kind), ["add"]);
 * ```
 *
 * @module
 */
export type {
  ControlLine,
  Rule,
  RuleField,
  RuleOperation,
  RuleParseOptions,
  RulesFileEntry,
} from "./types.ts";
export { RulesFileError, RuleSyntaxError, type RuleSyntaxErrorInit } from "./errors.ts";
export { type ParsedLine, parseLine, parseRule } from "./parse.ts";
export { machineFor } from "./tables.ts";
export type { Machine } from "./tables.ts";
export type { Place } from "./options.ts";
export { parseRulesFile, type RulesFile, type RulesFileOptions } from "./file.ts";
export { decodeRule, encodeRule, RuleDecodeError } from "./binary.ts";
export { type FormatOptions, formatRule, formatRules, isWatch } from "./format.ts";
export { describeRule, type FieldDescription, type RuleDescription } from "./describe.ts";
export {
  hasKey,
  kernelForm,
  type KernelSettings,
  planRules,
  planSettings,
  resultingRules,
  resultingSettings,
  type RuleChange,
  type RuleSettings,
  type SettingChange,
  type SettingName,
} from "./plan.ts";
export { ACTION, FEATURE, FIELD, LIST, OP, PERM } from "./constants.ts";
