/**
 * libaudit 3.0.9's record type names (msg_typetab.h, `MSG_TYPES`) both
 * ways, and `audit_name_to_msg_type`, in a module light enough for option
 * parsers (`search -m`) and report's line reader: the one definition that
 * auparse's interpreters, `search` and `report` share.
 *
 * Module-private.
 *
 * @module
 */
import { MSG_TYPES } from "./tables.ts";
import { strtol32 } from "./_c.ts";

let byName: Map<string, number> | undefined;
let byNumber: Map<number, string> | undefined;

/** libaudit's record type number for a name exactly as its table spells it, or -1. */
export function msgTypeNumber(name: string): number {
  if (byName === undefined) {
    byName = new Map();
    for (const [v, s] of MSG_TYPES) if (!byName.has(s)) byName.set(s, v);
  }
  return byName.get(name) ?? -1;
}

/** libaudit 3.0.9's name for a record type number, or `undefined`. */
export function msgTypeName(type: number): string | undefined {
  if (byNumber === undefined) {
    byNumber = new Map();
    for (const [v, s] of MSG_TYPES) if (!byNumber.has(v)) byNumber.set(v, s);
  }
  return byNumber.get(type);
}

/**
 * libaudit's `audit_name_to_msg_type`: a name of 3.0.9's table (any case),
 * `UNKNOWN[N]` or a number (C's `(int)strtol`); -1 when none (a name only
 * newer versions know, such as `LANDLOCK_ACCESS`).
 */
export function nameToMsgType(name: string): number {
  let n = msgTypeNumber(name);
  if (n < 0 && /[a-z]/.test(name)) {
    n = msgTypeNumber(name.replace(/[a-z]+/g, (m) => m.toUpperCase()));
  }
  if (n >= 0) return n;
  if (name.startsWith("UNKNOWN[")) {
    const end = name.indexOf("]", 8);
    if (end < 0) return -1;
    return strtol32(name.slice(8, Math.min(end, 15)), 10)!; // 7 characters: no ERANGE
  }
  const c = name.charCodeAt(0);
  // Past LONG_MAX strtol gives LONG_MAX, which is -1 as an int.
  if (c >= 48 && c <= 57) return strtol32(name, 10) ?? -1;
  return -1;
}
