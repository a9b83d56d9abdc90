/**
 * Indexes of the normalization rules by syscall name and record type name.
 *
 * @module
 */

import type { Normalization } from "./normalization_types.ts";
import { NORMALIZATIONS } from "./normalizations.ts";

/** Thrown when the rules map one syscall or record type twice (a broken table). */
export class NormalizationTableError extends Error {
  /** The syscall or record type name mapped twice. */
  readonly key: string;
  /** Creates the error for the name mapped twice. */
  constructor(message: string, key: string) {
    super(message);
    this.name = "NormalizationTableError";
    this.key = key;
  }
}

/** Builds the indexes, refusing duplicates as go-libaudit does. */
export function indexNormalizations(rules: readonly Normalization[]): {
  bySyscall: Map<string, Normalization>;
  byRecordType: Map<string, Normalization[]>;
} {
  const bySyscall = new Map<string, Normalization>();
  const byRecordType = new Map<string, Normalization[]>();
  for (const rule of rules) {
    for (const syscall of rule.syscalls) {
      if (bySyscall.has(syscall)) {
        throw new NormalizationTableError(`duplicate mappings for syscall ${syscall}`, syscall);
      }
      bySyscall.set(syscall, rule);
    }
    for (const type of rule.recordTypes) {
      const list = byRecordType.get(type);
      if (list === undefined) {
        byRecordType.set(type, [rule]);
        continue;
      }
      if (list.some((r) => r.hasFields.length === 0)) {
        throw new NormalizationTableError(
          `duplicate mappings for record type ${type} without has_fields`,
          type,
        );
      }
      list.push(rule);
    }
  }
  return { bySyscall, byRecordType };
}

const INDEX = indexNormalizations(NORMALIZATIONS);
const NONE: readonly Normalization[] = [];

/** The rule for a syscall name, or the catch-all rule ("*") when it has none. */
export function syscallNormalization(syscall: string): Normalization | undefined {
  return INDEX.bySyscall.get(syscall) ?? INDEX.bySyscall.get("*");
}

/** Whether a syscall name has a rule of its own (not only the catch-all). */
export function hasSyscallNormalization(syscall: string): boolean {
  return INDEX.bySyscall.has(syscall);
}

/** The rules for a record type name (several when they differ by `hasFields`). */
export function recordTypeNormalizations(type: string): readonly Normalization[] {
  return INDEX.byRecordType.get(type) ?? NONE;
}
