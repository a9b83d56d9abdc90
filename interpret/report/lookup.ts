/**
 * aureport's value lookups (ausearch-lookup.c): uids to names, syscalls to
 * names, success words — and the enriched log's interpretations that `-i`
 * prefers for `auid` and `syscall`.
 *
 * @module
 */
import { AUDIT_ARCH } from "../../parse/tables/arches.ts";
import { SYSCALLS } from "../../parse/tables/syscalls.ts";
import { unescape } from "../_cstr.ts";
import type { ReportEvent } from "./types.ts";

/** Looks a uid up in the user database: its name, or `undefined`. */
export type UidName = (uid: number) => string | undefined;

/** `if_indextoname`: a network interface's name by index, or `undefined`. */
export type IfName = (index: number) => string | undefined;

/** `aulookup_success`. */
export function successWord(s: number): string {
  return s === 0 ? "no" : s === 1 ? "yes" : "unset";
}

/** `aulookup_result` for an AVC decision. */
export function avcResultWord(r: number): string {
  return r === 1 ? "denied" : r === 2 ? "granted" : "unset";
}

/**
 * The interpretations aureport loads for an event (`-i`): the first
 * record's enriched part, for one-record events and SYSCALL events only.
 */
export function loadInterpretations(ev: ReportEvent): Map<string, string> | undefined {
  if (ev.store !== undefined && ev.head !== undefined) {
    return interpretations(ev.store.interp(ev.head), ev.count ?? 1, ev.e.type);
  }
  const head = ev.records[0];
  if (head === undefined) return undefined;
  return interpretations(head.interp, ev.records.length, head.type);
}

/** {@linkcode loadInterpretations} from the first record's enriched part and type, and the record count. */
function interpretations(
  buf: string | undefined,
  count: number,
  headType: number,
): Map<string, string> | undefined {
  if (buf === undefined) return undefined;
  if (count !== 1 && headType !== 1300) return undefined;
  const il = new Map<string, string>();
  if (buf.startsWith("SADDR=")) {
    const open = buf.indexOf("{", 6);
    if (open === -1 || buf.indexOf("}", open) === -1) return undefined;
    il.set("saddr", buf.slice(open));
    return il;
  }
  for (const tok of buf.split(" ")) {
    if (tok === "") continue;
    const eq = tok.indexOf("=");
    if (eq === -1) continue;
    const name = tok.slice(0, eq).toLowerCase();
    if (!il.has(name)) il.set(name, tok.slice(eq + 1));
  }
  return il.size === 0 ? undefined : il;
}

/** auparse's `print_escaped` of an interpreted id value. */
function printEscaped(val: string): string {
  if (val.startsWith('"')) {
    const close = val.indexOf('"', 1);
    return close === -1 ? " " : val.slice(1, close);
  }
  const out = val.startsWith("00") ? unescape(val, 2) : unescape(val, 0);
  return out ?? val;
}

/** Everything `aulookup_uid` and `aulookup_syscall` need. */
export interface LookupContext {
  /** `-i` given. */
  readonly interpret: boolean;
  /** The user database. */
  readonly uidName: UidName;
}

/** `aulookup_uid(uid)` with the event's interpretations `il` (`undefined` when none are loaded). */
export function lookupUid(
  ctx: LookupContext,
  uid: number,
  il: Map<string, string> | undefined,
): string {
  if (!ctx.interpret) return String(uid | 0);
  if (uid >>> 0 === 0xffffffff) return "unset";
  const interp = il?.get("auid");
  if (interp !== undefined) return printEscaped(interp);
  return ctx.uidName(uid >>> 0) ?? `unknown(${uid | 0})`;
}

/** `aulookup_syscall`: the number, or with `-i` the name. */
export function lookupSyscall(
  ctx: LookupContext,
  syscall: number,
  arch: number,
  il: Map<string, string> | undefined,
): string {
  if (!ctx.interpret) return String(syscall);
  const interp = il?.get("syscall");
  if (interp !== undefined) return interp;
  const archName = AUDIT_ARCH[arch >>> 0];
  const table = archName !== undefined && Object.hasOwn(SYSCALLS, archName)
    ? SYSCALLS[archName]
    : undefined;
  if (table === undefined) return "?";
  return table[syscall] ?? String(syscall);
}
