/**
 * Process labels (laurel's `label-process`): regular expressions on a
 * process's executable, its arguments or the rule keys of its events attach
 * labels to it; chosen labels propagate to the processes it starts. Pure.
 *
 * @module
 */

/** One rule: a label and the pattern that attaches it. */
export interface LabelRule {
  /** The label attached on a match. */
  readonly label: string;
  /** What must match. */
  readonly pattern: RegExp;
}

/** Which labels attach to a process, and which of them propagate. */
export interface LabelRules {
  /** Matched against the executable path at each exec. */
  readonly exe?: readonly LabelRule[];
  /** Matched against the arguments, joined by single spaces, at each exec. */
  readonly argv?: readonly LabelRule[];
  /** Matched against each rule key of an event of the process. */
  readonly keys?: readonly LabelRule[];
  /** Labels that a new process inherits from its parent. */
  readonly propagate?: readonly string[];
}

/** Thrown by {@linkcode parseLabelRule} for a spec that is not `LABEL=REGEX`. */
export class LabelRuleError extends SyntaxError {
  /** The spec as given. */
  readonly spec: string;
  /** Creates the error for `spec`. */
  constructor(spec: string, reason: string) {
    super(`label rule '${spec}': ${reason}`);
    this.name = "LabelRuleError";
    this.spec = spec;
  }
}

/**
 * Parses `LABEL=REGEX` (the label is everything before the first `=`).
 *
 * @throws {LabelRuleError} when there is no `=`, the label is empty, or the
 * regular expression does not compile.
 *
 * @example
 * ```ts
 * import { parseLabelRule } from "@libaudit/libaudit/interpret";
 * import assert from "node:assert/strict";
 * assert.equal(parseLabelRule("web=^/usr/sbin/nginx$").label, "web");
 * ```
 */
export function parseLabelRule(spec: string): LabelRule {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new LabelRuleError(spec, "expected LABEL=REGEX");
  let pattern: RegExp;
  try {
    pattern = new RegExp(spec.slice(eq + 1));
  } catch (error) {
    throw new LabelRuleError(spec, error instanceof Error ? error.message : String(error));
  }
  return { label: spec.slice(0, eq), pattern };
}

function attach(
  labels: Set<string> | undefined,
  rules: readonly LabelRule[] | undefined,
  text: string,
): Set<string> | undefined {
  if (rules === undefined) return labels;
  for (const rule of rules) {
    if (rule.pattern.test(text)) (labels ??= new Set()).add(rule.label);
  }
  return labels;
}

/** The labels after an exec of `exe` with `args` (added to `labels`, which may be undefined). */
export function labelExec(
  labels: Set<string> | undefined,
  rules: LabelRules,
  exe: string | undefined,
  args: readonly string[] | undefined,
): Set<string> | undefined {
  if (exe !== undefined) labels = attach(labels, rules.exe, exe);
  if (args !== undefined && rules.argv !== undefined) {
    labels = attach(labels, rules.argv, args.join(" "));
  }
  return labels;
}

/** The labels after an event with rule keys `keys` (added to `labels`). */
export function labelKeys(
  labels: Set<string> | undefined,
  rules: LabelRules,
  keys: readonly string[] | undefined,
): Set<string> | undefined {
  if (keys === undefined || rules.keys === undefined) return labels;
  for (const key of keys) labels = attach(labels, rules.keys, key);
  return labels;
}
