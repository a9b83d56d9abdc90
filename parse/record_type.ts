/**
 * Record type numbers ⇄ names.
 *
 * @module
 */

import { RECORD_TYPES } from "./tables/record_types.ts";

let byName: Map<string, number> | undefined;

function nameTable(): Map<string, number> {
  if (byName === undefined) {
    byName = new Map();
    for (const [num, name] of Object.entries(RECORD_TYPES)) byName.set(name, Number(num));
  }
  return byName;
}

const unknownNames: string[] = [];

/**
 * The name of a record type number as auditd writes it in `type=NAME`, e.g.
 * `1300` → `"SYSCALL"`; numbers without a name give `"UNKNOWN[1234]"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordTypeName } from "@libaudit/libaudit/parse";
 * assert.equal(recordTypeName(1300), "SYSCALL");
 * assert.equal(recordTypeName(1234), "UNKNOWN[1234]");
 * ```
 */
export function recordTypeName(type: number): string {
  const name = RECORD_TYPES[type];
  if (name !== undefined) return name;
  if (Number.isInteger(type) && type >= 0 && type <= 0xffff) {
    return unknownNames[type] ??= `UNKNOWN[${type}]`;
  }
  return `UNKNOWN[${type}]`;
}

/** Parses a decimal number of at most 5 digits that fits 16 bits, else -1. */
function parseU16(text: string, start: number, end: number): number {
  if (end <= start || end - start > 5) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= 0xffff ? n : -1;
}

/**
 * The record type number of a name as written in `type=NAME`, or `undefined`.
 * Accepts known names in any case (`SYSCALL`, `syscall`), `UNKNOWN[1234]`
 * and decimal numbers (`1300`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordTypeNumber } from "@libaudit/libaudit/parse";
 * assert.equal(recordTypeNumber("SYSCALL"), 1300);
 * assert.equal(recordTypeNumber("UNKNOWN[1329]"), 1329);
 * assert.equal(recordTypeNumber("1300"), 1300);
 * assert.equal(recordTypeNumber("NOPE"), undefined);
 * ```
 */
export function recordTypeNumber(name: string): number | undefined {
  const table = nameTable();
  const known = table.get(name);
  if (known !== undefined) return known;
  const upper = name.toUpperCase();
  const knownUpper = table.get(upper);
  if (knownUpper !== undefined) return knownUpper;
  if (upper.startsWith("UNKNOWN[") && upper.endsWith("]")) {
    const n = parseU16(upper, 8, upper.length - 1);
    return n < 0 ? undefined : n;
  }
  const n = parseU16(name, 0, name.length);
  return n < 0 ? undefined : n;
}
