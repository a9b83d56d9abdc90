/**
 * Record type names as libaudit (and so aureport) knows them: names to
 * numbers case-insensitively, `UNKNOWN[n]` and bare numbers; numbers
 * libaudit has no name for print as `(null)`. The one definition is
 * auparse's (`_msg_type_names.ts`, msg_typetab.h); names are cached here
 * for report's line reader.
 *
 * @module
 */
import { msgTypeName, nameToMsgType } from "../auparse/_msg_type_names.ts";

/**
 * libaudit's `audit_name_to_msg_type`: a known name (any case), `UNKNOWN[n]`,
 * or a number; -1 otherwise.
 */
export function auditNameToMsgType(name: string): number {
  const seen = cache.get(name);
  if (seen !== undefined) return seen;
  const type = nameToMsgType(name);
  if (cache.size < 4096) cache.set(name, type);
  return type;
}

const cache = new Map<string, number>();

/** libaudit's `audit_msg_type_to_name` as printf prints it: `(null)` for unnamed numbers. */
export function auditMsgTypeToName(type: number): string {
  return msgTypeName(type) ?? "(null)";
}
