/**
 * Message type names of `-F msgtype=` the way auditctl resolves them
 * (case-insensitive): the record types of auditctl's msgtype table.
 * Syscall, errno and machine lookups are `parse/tables/lookup.ts`'s.
 *
 * @module
 */
import { RECORD_TYPES } from "../parse/tables/record_types.ts";

/** Record types the kernel knows but auditctl's msgtype table leaves out. */
const NOT_MSGTYPES = new Set([
  "ADD",
  "ADD_RULE",
  "DAEMON_RECONFIG",
  "DEL",
  "DEL_RULE",
  "DM_CTRL",
  "DM_EVENT",
  "GET",
  "GET_FEATURE",
  "LIST",
  "LIST_RULES",
  "MAKE_EQUIV",
  "REPLACE",
  "SET",
  "SET_FEATURE",
  "SIGNAL_INFO",
  "TRIM",
  "TTY_GET",
  "TTY_SET",
  "WATCH_INS",
  "WATCH_LIST",
  "WATCH_REM",
]);
let msgTypeByName: Map<string, number> | undefined;

function isMsgTypeName(name: string): boolean {
  return !NOT_MSGTYPES.has(name) && !/^(FIRST|LAST)_|_LAST_MSG$/.test(name);
}

/** Record type number of a name like `CRYPTO_KEY_USER` (case-insensitive), or undefined. */
export function msgTypeNumber(name: string): number | undefined {
  if (msgTypeByName === undefined) {
    msgTypeByName = new Map();
    for (const [number, type] of Object.entries(RECORD_TYPES)) {
      if (isMsgTypeName(type) && !msgTypeByName.has(type)) msgTypeByName.set(type, Number(number));
    }
  }
  return msgTypeByName.get(name.toUpperCase());
}

/** Record type name `auditctl -l` prints for a number, or undefined. */
export function msgTypeName(number: number): string | undefined {
  const name = RECORD_TYPES[number];
  return name !== undefined && isMsgTypeName(name) ? name : undefined;
}
