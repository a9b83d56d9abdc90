/**
 * Record type names as libaudit (and so aureport) knows them: names to
 * numbers case-insensitively, `UNKNOWN[n]` and bare numbers; numbers
 * libaudit has no name for print as `(null)`. libaudit's names are
 * msg_typetab.h, the table auparse uses too (`MSG_TYPES`).
 *
 * @module
 */
import { MSG_TYPES } from "../auparse/tables.ts";

let byName: Map<string, number> | undefined;
let byNumber: Map<number, string> | undefined;

function tables(): [Map<string, number>, Map<number, string>] {
  if (byName === undefined || byNumber === undefined) {
    byName = new Map();
    byNumber = new Map();
    for (const [n, name] of MSG_TYPES) {
      byName.set(name, n);
      byNumber.set(n, name);
    }
  }
  return [byName, byNumber];
}

/** C `strtol(text, NULL, 10)` for small numbers (sign, digits; 0 when none). */
function leadingInt(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (m === null) return 0;
  const v = Number(m[2]);
  const n = m[1] === "-" ? -v : v;
  return Math.max(-2147483648, Math.min(2147483647, n)) | 0;
}

/**
 * libaudit's `audit_name_to_msg_type`: a known name (any case), `UNKNOWN[n]`,
 * or a number; -1 otherwise.
 */
export function auditNameToMsgType(name: string): number {
  const seen = cache.get(name);
  if (seen !== undefined) return seen;
  const type = lookupName(name);
  if (cache.size < 4096) cache.set(name, type);
  return type;
}

const cache = new Map<string, number>();

function lookupName(name: string): number {
  const known = tables()[0].get(name.toUpperCase());
  if (known !== undefined) return known;
  if (name.startsWith("UNKNOWN[")) {
    const end = name.indexOf("]", 8);
    if (end === -1) return -1;
    return leadingInt(name.slice(8, Math.min(end, 15)));
  }
  const c = name.charCodeAt(0);
  if (c >= 48 && c <= 57) return leadingInt(name);
  return -1;
}

/** libaudit's `audit_msg_type_to_name` as printf prints it: `(null)` for unnamed numbers. */
export function auditMsgTypeToName(type: number): string {
  return tables()[1].get(type) ?? "(null)";
}
