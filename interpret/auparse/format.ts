/**
 * One record as `ausearch -i` prints it (ausearch-report.c
 * `output_interpreted_record`): `type=NAME msg=audit(LOCAL TIME.MS:SERIAL) :`
 * then each field as `name=interpreted`, with ausearch's own way of
 * walking the text (quoted values, `msg='…'`, commas, several keys).
 *
 * @module
 */

import type { AuditMessage } from "../../parse/message.ts";
import { simpleNumber, strtoul, uint32 } from "./_c.ts";
import { escapeFor } from "./_escape.ts";
import {
  FieldState,
  fieldType,
  interpretWithState,
  msgTypeName,
  msgTypeNumber,
  nameToMsgType,
} from "./field.ts";
import { elfToMachine } from "./_args.ts";
import { LocalClock } from "./time.ts";
import {
  type EventStamp,
  eventStampText,
  nameSlot,
  plainNames,
  quotedNames,
  rawNames,
  stampText,
} from "./_record_text.ts";
export type { EventStamp };
import type { EscapeMode, FieldType, NameResolver } from "./types.ts";

/** Options of {@linkcode formatInterpretedLine} and {@linkcode formatInterpretedRecord}. */
export interface InterpretedFormatOptions {
  /** User and group names (`uid=1000` → `uid=alice`). */
  resolver?: NameResolver;
  /** `--escape` (default `tty`). */
  escape?: EscapeMode;
  /** The clock for `msg=audit(…)` (default: the runtime's time zone). */
  clock?: LocalClock;
  /** The machine without `arch=` (`AUDIT_ARCH_*`, default x86_64). */
  hostArch?: number;
  /** IP protocol names (default /etc/protocols as generated). */
  protocolName?: (proto: number) => string | undefined;
  /**
   * The event's `node=`: ausearch prints the node of the event's first
   * record on each of its records (default: this record's).
   */
  eventNode?: string | null;
  /**
   * The event's time stamp, which ausearch prints on each record (from its
   * own reading of the record that opened the event; default: this record's
   * `audit(…)` as auparse reads it).
   */
  eventStamp?: EventStamp;
}

let defaultClock: LocalClock | undefined;

/**
 * Parses an ENRICHED tail (the text after `\x1d`) as auparse loads it:
 * space-separated `NAME=value` with lower-cased names, values as written;
 * a `SADDR={ … }` tail is one value.
 */
export function parseInterpretations(tail: string): Map<string, string> {
  const out = new Map<string, string>();
  if (tail.startsWith("SADDR=")) {
    const open = tail.indexOf("{", 6);
    if (open >= 0 && tail.indexOf("}", open) >= 0) out.set("saddr", tail.slice(open));
    return out;
  }
  for (const word of tail.split(/[ \n]+/)) {
    const eq = word.indexOf("=");
    if (eq < 0) continue;
    const name = word.slice(0, eq).toLowerCase();
    if (!out.has(name)) out.set(name, word.slice(eq + 1));
  }
  return out;
}

/** One field of {@linkcode interpretRecord}'s result. */
export interface InterpretedField {
  /** The field name. */
  name: string;
  /** The value as written in the log. */
  value: string;
  /** auparse's type of the field. */
  type: FieldType;
  /** The value as `ausearch -i` prints it (escaped per the options). */
  interpreted: string;
}

/** ausearch's parse of `a0=`/`a1=` (hex, up to a space), 0 when absent. */
function hexArg(body: string, from: number, key: string): bigint {
  const at = body.indexOf(key, from);
  if (at < 0) return 0n;
  const sp = body.indexOf(" ", at);
  if (sp < 0) return 0n;
  const text = body.slice(at + 3, sp);
  const fast = simpleNumber(text, 16);
  return fast !== undefined ? BigInt(fast) : strtoul(text, 16) ?? 0n;
}

const SYSCALL = msgTypeNumber("SYSCALL");
const SECCOMP = msgTypeNumber("SECCOMP");

/**
 * The core: `body` is the record text after any `node=` word, `type` its
 * type number (-1 when unknown), `node` what to print as `node=`.
 */
function formatBody(
  body: string,
  type: number,
  node: string | undefined,
  interp: Map<string, string> | undefined,
  o: InterpretedFormatOptions,
  collect?: InterpretedField[],
): string {
  const lp = body.indexOf("(");
  if (lp < 0) return ""; // ausearch: "can't find time stamp" on stderr
  let out = node === undefined ? "" : `node=${node} `;
  const typeName = type >= 0 ? msgTypeName(type) : undefined;
  out += typeName !== undefined ? `type=${typeName} msg=audit(` : body.slice(0, lp) + "(";
  const rp = body.indexOf(")", lp + 1);
  if (rp < 0) return out;
  const clock = o.clock ?? (defaultClock ??= new LocalClock());
  out += o.eventStamp === undefined ? stampText(body, clock) : eventStampText(o.eventStamp, clock);

  const mode = o.escape ?? "tty";
  const isSyscall = type === SYSCALL || type === SECCOMP;
  const ctx = new FieldState();
  ctx.escape = mode;
  ctx.resolver = o.resolver;
  if (o.hostArch !== undefined) ctx.hostMachine = elfToMachine(o.hostArch);
  if (o.protocolName !== undefined) ctx.protocolName = o.protocolName;
  ctx.interpretations = interp;
  let curSyscall = -1;
  if (isSyscall) {
    ctx.machine = ctx.hostMachine;
    ctx.a0 = hexArg(body, rp, "a0=");
    ctx.a1 = hexArg(body, rp, "a1=");
  }

  const end = body.length;
  let i = rp + 1;
  let found = false;
  let comma = false;
  let eqMissing = false;
  let nextComma = -2; // cached position of the next comma (-1: none left)
  while (i >= 0 && i < end) {
    const eq = body.indexOf("=", i);
    if (eq < 0) {
      eqMissing = true;
      break;
    }
    comma = false;
    found = true;
    let ns = eq;
    while (body.charCodeAt(ns) !== 32 && ns > i) ns--;
    out += body.slice(i, eq + 1); // the name and its "="
    const slot = nameSlot(body, ns, eq);
    const vs = eq + 1;
    if (rawNames[slot] === "msg") {
      i = vs;
      continue;
    }
    let name = quotedNames[slot]!;
    let valEnd: number;
    let next: number;
    const q = body.charCodeAt(vs);
    if (q === 39 || q === 34) {
      const close = body.indexOf(q === 39 ? "'" : '"', vs + 1);
      if (close < 0) {
        valEnd = end;
        next = -1;
      } else if (close + 1 < end) {
        valEnd = close + 1;
        next = close + 2;
      } else {
        valEnd = end;
        next = end;
      }
    } else {
      if (nextComma < vs && nextComma !== -1) nextComma = body.indexOf(",", vs);
      const c = nextComma;
      const sp = body.indexOf(" ", vs);
      if (c >= 0 && sp >= 0 && c < sp) {
        if (fieldType(type, name, body.slice(sp)) === "MAC_LABEL") {
          valEnd = sp;
          next = sp + 1;
        } else {
          valEnd = c;
          next = c + 1;
          comma = true;
        }
      } else if (c >= 0 && sp < 0) {
        if (fieldType(type, name, body.slice(vs)) === "MAC_LABEL") {
          valEnd = end;
          next = -1;
        } else {
          valEnd = c;
          next = c + 1;
          comma = true;
        }
      } else if (sp >= 0) {
        valEnd = sp;
        next = sp + 1;
      } else {
        valEnd = end;
        next = -1;
      }
    }
    let val = body.slice(vs, valEnd);
    // report_interpret: without leading spaces and `(`
    name = plainNames[slot]!;
    if (name === "acct" && val.endsWith(":")) val = val.slice(0, -1);
    const ftype = fieldType(type, name, val);
    if (isSyscall) {
      // ausearch's machine is (unsigned long)-1 after an unknown arch and
      // is reset to the host's at the next field
      if (ctx.machine === -1) ctx.machine = ctx.hostMachine;
      if (name === "arch") {
        const v = strtoul(val, 16);
        if (v === undefined) {
          out += `arch conversion error(${val}) `;
          i = next;
          continue;
        }
        ctx.machine = elfToMachine(uint32(v));
      }
      if (curSyscall < 0 && name === "syscall") {
        const v = strtoul(val, 10);
        if (v === undefined) {
          out += `syscall conversion error(${val}) `;
          i = next;
          continue;
        }
        curSyscall = Number(BigInt.asIntN(32, v));
      }
      ctx.syscall = curSyscall;
    }
    if (ftype === "UNCLASSIFIED") {
      // ausearch prints these as written (no interpretation, no escaping)
      collect?.push({ name, value: val, type: ftype, interpreted: val });
      out += val + (comma ? "," : " ");
      i = next;
      continue;
    }
    const text = interpretWithState(ftype, name, val, ctx);
    collect?.push({ name, value: val, type: ftype, interpreted: text });
    if (name === "key") {
      const keys = text.split("\x01");
      out += keys.length === 1 ? text + " " : keys.join(" key=") + " ";
    } else if (ftype === "TTY_DATA") out += text;
    else out += text + " ";
    i = next;
  }
  if ((!found && eqMissing) || comma) out += escapeFor(body.slice(i), mode) + "\n";
  return out + "\n";
}

/**
 * One record as `ausearch -i` prints it, byte for byte, newline included:
 *
 * ```
 * type=SYSCALL msg=audit(11/25/26 01:35:04.898:100261) : arch=x86_64 syscall=connect …
 * ```
 *
 * `line` is the log line as auditd wrote it (RAW or ENRICHED; an ENRICHED
 * tail after `\x1d` supplies the names auditd recorded). The time is local
 * time in `options.clock`'s zone as `%x %T` in the C locale. ausearch's
 * quirks are kept: an unknown record type is printed as written, a value
 * with a comma outside a MAC label is cut there and the rest printed on
 * its own line, several keys print as `key=a key=b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatInterpretedLine, LocalClock } from "@libaudit/libaudit/interpret";
 * assert.equal(
 *   formatInterpretedLine(
 *     "type=CWD msg=audit(1795570504.898:100261): cwd=\"/tmp\"",
 *     { clock: new LocalClock("UTC") },
 *   ),
 *   "type=CWD msg=audit(11/25/26 01:35:04.898:100261) : cwd=/tmp \n",
 * );
 * ```
 */
export function formatInterpretedLine(
  line: string,
  options: InterpretedFormatOptions = {},
): string {
  let text = line.endsWith("\n") ? line.slice(0, -1) : line;
  let interp: Map<string, string> | undefined;
  const gs = text.indexOf("\x1d");
  if (gs >= 0) {
    interp = parseInterpretations(text.slice(gs + 1));
    text = text.slice(0, gs);
  }
  let node: string | undefined;
  let body = text;
  const sp1 = text.indexOf(" ");
  let typeWord = sp1 < 0 ? text : text.slice(0, sp1);
  if (text.startsWith("n")) {
    node = typeWord.slice(5);
    const sp2 = text.indexOf(" ", sp1 + 1);
    typeWord = sp1 < 0 ? "" : sp2 < 0 ? text.slice(sp1 + 1) : text.slice(sp1 + 1, sp2);
  }
  const eventNode = options.eventNode === undefined ? node : options.eventNode ?? undefined;
  if (eventNode !== undefined) {
    const sp = text.indexOf(" ");
    if (sp >= 0) body = text.slice(sp + 1);
  }
  return formatBody(body, typeNumber(typeWord.slice(5)), eventNode, interp, options);
}

function enrichmentMap(record: AuditMessage): Map<string, string> | undefined {
  const e = record.enrichment;
  if (e === undefined) return undefined;
  const interp = new Map<string, string>();
  for (const [k, v] of Object.entries(e)) {
    const key = k.toLowerCase();
    if (interp.has(key)) continue;
    const t = fieldType(record.recordType, key, v);
    interp.set(key, t === "UID" || t === "GID" ? `"${v}"` : v);
  }
  return interp;
}

let lastTypeWord = "";
let lastTypeNumber = -1;

function typeNumber(name: string): number {
  if (name === lastTypeWord) return lastTypeNumber;
  lastTypeWord = name;
  return lastTypeNumber = typeNumberOf(name);
}

function typeNumberOf(name: string): number {
  return nameToMsgType(name);
}

/**
 * {@linkcode formatInterpretedLine} for a parsed record: the line is
 * rebuilt from its node, type, `rawMessage` and ENRICHED translations.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * import { formatInterpretedRecord, LocalClock } from "@libaudit/libaudit/interpret";
 * const msg = parseLogLine("type=CWD msg=audit(1795570504.898:100261): cwd=\"/tmp\"");
 * assert.equal(
 *   formatInterpretedRecord(msg, { clock: new LocalClock("UTC") }),
 *   "type=CWD msg=audit(11/25/26 01:35:04.898:100261) : cwd=/tmp \n",
 * );
 * ```
 */
export function formatInterpretedRecord(
  record: AuditMessage,
  options: InterpretedFormatOptions = {},
): string {
  const name = msgTypeName(record.recordType) ?? `UNKNOWN[${record.recordType}]`;
  const text = `type=${name} msg=${record.rawMessage}`;
  const interp = enrichmentMap(record);
  const eventNode = options.eventNode === undefined ? record.node : options.eventNode ?? undefined;
  return formatBody(text, record.recordType, eventNode, interp, options);
}

/**
 * Every field of a record with its auparse interpretation, in log order,
 * as `ausearch -i` walks the record (the syscall and arch of a SYSCALL
 * record apply to its `a0`–`a3`; ENRICHED translations are preferred).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * import { interpretRecord } from "@libaudit/libaudit/interpret";
 * const fields = interpretRecord(parseLogLine(
 *   "type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=7ffd a2=80000 a3=0 items=1 uid=0",
 * ));
 * assert.equal(fields.find((f) => f.name === "a2")?.interpreted, "O_RDONLY|O_CLOEXEC");
 * ```
 */
export function interpretRecord(
  record: AuditMessage,
  options: InterpretedFormatOptions = {},
): InterpretedField[] {
  const out: InterpretedField[] = [];
  const name = msgTypeName(record.recordType) ?? `UNKNOWN[${record.recordType}]`;
  formatBody(
    `type=${name} msg=${record.rawMessage}`,
    record.recordType,
    undefined,
    enrichmentMap(record),
    { ...options, clock: options.clock ?? utc() },
    out,
  );
  return out;
}

let utcClock: LocalClock | undefined;
function utc(): LocalClock {
  return utcClock ??= new LocalClock("UTC");
}
