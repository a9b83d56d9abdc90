/**
 * Rules files (`/etc/audit/rules.d/*.rules`, `auditctl -R`): comments, blank
 * lines, rules and control lines, checked whole so that every bad line is
 * reported, not just the first.
 *
 * @module
 */
import { RuleSyntaxError } from "./errors.ts";
import { parseLine } from "./parse.ts";
import type { RuleParseOptions, RulesFileEntry } from "./types.ts";

/** Options of {@linkcode parseRulesFile}. */
export interface RulesFileOptions extends RuleParseOptions {
  /** The file name used in error messages. */
  readonly file?: string;
}

/** The outcome of reading a rules file: its entries and every error. */
export interface RulesFile {
  /** Rules and control lines in file order (bad lines left out). */
  readonly entries: RulesFileEntry[];
  /** One error per bad line, in line order. */
  readonly errors: RuleSyntaxError[];
  /** Warnings auditctl prints for valid lines (32/64-bit syscall mismatch without an arch). */
  readonly warnings: RuleSyntaxError[];
}

/**
 * Parses a rules file the way `auditctl -R` reads it: one rule or control
 * line per line, `#` comments (when the first word starts with `#`), blank
 * lines, words separated by spaces. Bad lines are collected, not thrown.
 */
export function parseRulesFile(text: string, options: RulesFileOptions = {}): RulesFile {
  const entries: RulesFileEntry[] = [];
  const errors: RuleSyntaxError[] = [];
  const warnings: RuleSyntaxError[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.replace(/^ +/, "");
    if (trimmed === "" || trimmed.startsWith("#")) return;
    try {
      const parsed = parseLine(raw, options, { file: options.file, line });
      warnings.push(...parsed.warnings);
      for (const control of parsed.controls) {
        entries.push({ kind: "control", line, text: raw, control });
      }
      if (parsed.rule !== undefined) {
        entries.push({ kind: "rule", line, text: raw, rule: parsed.rule });
      }
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      errors.push(error);
    }
  });
  return { entries, errors, warnings };
}
