/**
 * Lazy reverse lookups over the generated tables: syscall, errno and message
 * type names to numbers, the way auditctl resolves them (case-insensitive).
 *
 * @module
 */
import { SYSCALLS } from "../parse/tables/syscalls.ts";
import { ERRNO_NAMES } from "../parse/tables/errno.ts";
import { RECORD_TYPES } from "../parse/tables/record_types.ts";
import { type Machine, MACHINES } from "./tables.ts";

const syscallsByName = new Map<string, Map<string, number>>();

/** The number → name syscall table of a machine, if the tables have it. */
function syscallTable(machine: Machine): Readonly<Record<number, string>> | undefined {
  for (const name of machine.tables) {
    const table = SYSCALLS[name];
    if (table !== undefined) return table;
  }
  return undefined;
}

/** Syscall number of `name` on `machine` (case-insensitive), or undefined. */
export function syscallNumber(machine: Machine, name: string): number | undefined {
  let byName = syscallsByName.get(machine.name);
  if (byName === undefined) {
    byName = new Map();
    const table = syscallTable(machine) ?? {};
    for (const [number, syscall] of Object.entries(table)) {
      if (!byName.has(syscall)) byName.set(syscall, Number(number));
    }
    syscallsByName.set(machine.name, byName);
  }
  return byName.get(name.toLowerCase());
}

/** Syscall name of `number` on `machine`, or undefined. */
export function syscallName(machine: Machine, number: number): string | undefined {
  return syscallTable(machine)?.[number];
}

/** Names auditctl's errno table has beyond the first name of each number. */
const ERRNO_ALIASES: Readonly<Record<string, number>> = { EWOULDBLOCK: 11 };
let errnoByName: Map<string, number> | undefined;

/** errno number of a name like `EPERM` (case-insensitive), or undefined. */
export function errnoNumber(name: string): number | undefined {
  if (errnoByName === undefined) {
    errnoByName = new Map(Object.entries(ERRNO_ALIASES));
    for (const [number, errno] of Object.entries(ERRNO_NAMES)) {
      if (!errnoByName.has(errno)) errnoByName.set(errno, Number(number));
    }
  }
  return errnoByName.get(name.toUpperCase());
}

/** errno name of a positive number, or undefined. */
export function errnoName(number: number): string | undefined {
  return ERRNO_NAMES[number];
}

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

/** The machine for a canonical name. */
export function machine(name: string): Machine | undefined {
  return MACHINES[name];
}
