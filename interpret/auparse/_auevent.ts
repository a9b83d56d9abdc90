/**
 * An event as auparse holds it (ellist.c, nvlist.c, auparse.c): records
 * split into fields the way `parse_up_record` splits them, and the record
 * and field cursors that auparse's normalizer moves, with the same return
 * values, so that normalize.c can be followed step by step.
 *
 * @module
 */

import { elfToMachine } from "./_args.ts";
import { auUnescape, strtoul, strtoul32, uint32 } from "./_c.ts";
import {
  FieldState,
  fieldType,
  interpretWithState,
  msgTypeNumber,
  nameToMsgType,
} from "./field.ts";
import { parseInterpretations } from "./format.ts";
import type { EscapeMode, FieldType, NameResolver } from "./types.ts";

const CWD = msgTypeNumber("CWD");
const AVC = msgTypeNumber("AVC");
const USER_AVC = msgTypeNumber("USER_AVC");

interface Field {
  name: string;
  val: string | null;
  interp: string | undefined;
}

/** One record: its fields, field cursor and what auparse gathers while parsing. */
export class AuRecord {
  fields: Field[] = [];
  cur = 0;
  type = 0;
  machine = -1;
  syscall = -1;
  a0 = 0n;
  a1 = 0n;
  cwd: string | undefined;
  interp: Map<string, string> | undefined;
  constructor(readonly item: number, text: string) {
    parseUpRecord(this, text);
  }
}

function hexEncode(s: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(s)) out += b.toString(16).toUpperCase().padStart(2, "0");
  return out;
}

function keyEscape(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c < 0x21 || c > 0x7e) return hexEncode(s);
  }
  return `"${s}"`;
}

function splitTokens(s: string): string[] {
  return s.split(" ").filter((t) => t !== "");
}

function parseUpRecord(r: AuRecord, full: string): void {
  let text = full;
  const gs = text.indexOf("\x1d");
  if (gs >= 0) {
    r.interp = parseInterpretations(text.slice(gs + 1));
    text = text.slice(0, gs);
  }
  const tokens = splitTokens(text);
  let offset = 0;
  for (let t = 0; t < tokens.length; t++) {
    let ptr = tokens[t]!;
    let eq = ptr.indexOf("=");
    if (eq >= 0) {
      if (ptr.startsWith("msg=")) {
        if (ptr[4] === "a") continue;
        if (ptr[4] === "'") {
          ptr = ptr.slice(5);
          eq = ptr.indexOf("=");
          if (eq < 0) continue;
        }
      }
      let name = ptr.slice(0, eq);
      let val = ptr.slice(eq + 1);
      if (name[0] === "(") name = name.slice(1);
      if (val.length === 0) continue;
      if (val.endsWith(":")) val = val.slice(0, -1);
      if (val.endsWith(",")) val = val.slice(0, -1);
      if (val.endsWith("'")) val = val.slice(0, -1);
      if (val.endsWith(")") && val !== "(none)" && val !== "(null)") val = val.slice(0, -1);
      if (name === "key" && val[0] !== "(") {
        if (val[0] === '"') r.fields.push({ name: "key", val, interp: undefined });
        else {
          const key = auUnescape(val);
          if (key === undefined || typeof key === "string") {
            r.fields.push({ name: "key", val: key ?? null, interp: undefined });
          } else {
            const nul = key.indexOf(0);
            const text = new TextDecoder().decode(nul < 0 ? key : key.subarray(0, nul));
            for (const k of text.split("\x01")) {
              if (k !== "") r.fields.push({ name: "key", val: keyEscape(k), interp: undefined });
            }
          }
        }
        continue;
      }
      r.fields.push({ name, val, interp: undefined });
      const cnt = r.fields.length;
      if (cnt === 1 && name === "node") offset = 1;
      else if (cnt === 1 + offset && name === "type") r.type = nameToMsgType(val);
      else if ((cnt === 2 + offset || cnt === 11 + offset) && name === "arch") {
        const v = strtoul(val, 16);
        r.machine = v === undefined ? -2 : elfToMachine(uint32(v));
      } else if ((cnt === 3 + offset || cnt === 12 + offset) && name === "syscall") {
        const v = strtoul32(val, 10);
        r.syscall = v === undefined ? -1 : v;
      } else if (cnt === 6 + offset && name === "a0") {
        r.a0 = strtoul(val, 16) ?? (1n << 64n) - 1n;
      } else if (cnt === 7 + offset && name === "a1") {
        r.a1 = strtoul(val, 16) ?? (1n << 64n) - 1n;
      } else if (r.type === CWD && name === "cwd") r.cwd = val;
    } else if (r.type === AVC || r.type === USER_AVC) {
      const cnt = r.fields.length;
      if (cnt === 1 + offset) {
        if (ptr.startsWith("avc")) continue;
        r.fields.push({ name: "seresult", val: ptr, interp: undefined });
      } else if (cnt === 2 + offset && ptr[0] === "{") {
        const perms: string[] = [];
        let total = 0;
        t++;
        while (t < tokens.length && tokens[t]![0] !== "}") {
          total += tokens[t]!.length + (perms.length > 0 ? 1 : 0);
          if (total + 1 >= 256) return;
          perms.push(tokens[t]!);
          t++;
        }
        r.fields.push({ name: "seperms", val: perms.join(","), interp: undefined });
      }
    }
  }
  r.cur = 0;
}

/** Options for interpreting fields of an {@linkcode AuEvent}. */
export interface AuOptions {
  escape: EscapeMode;
  resolver: NameResolver | undefined;
  hostArch: number | undefined;
  protocolName: ((proto: number) => string | undefined) | undefined;
  /**
   * The event's time stamp reads as 0 seconds: auparse then finds, names,
   * reads and interprets no field (`if (au->le->e.sec)` in each accessor).
   */
  timeZero?: boolean;
}

/** An event with auparse's cursors. Methods follow auparse's API. */
export class AuEvent {
  records: AuRecord[];
  /** Current record index, -1 when the cursor went past the end (NULL). */
  cur = 0;
  cwd: string | undefined;
  #state = new FieldState();
  /** auparse's field accessors answer nothing (see {@linkcode AuOptions.timeZero}). */
  readonly #timeZero: boolean;

  constructor(lines: readonly string[], readonly opts: AuOptions) {
    this.records = lines.map((l, i) => new AuRecord(i, l));
    for (const r of this.records) if (r.cwd !== undefined) this.cwd = r.cwd;
    this.#state.escape = opts.escape;
    this.#state.resolver = opts.resolver;
    if (opts.hostArch !== undefined) this.#state.hostMachine = elfToMachine(opts.hostArch);
    if (opts.protocolName !== undefined) this.#state.protocolName = opts.protocolName;
    this.#timeZero = opts.timeZero ?? false;
  }

  #rec(): AuRecord | undefined {
    return this.cur < 0 ? undefined : this.records[this.cur];
  }

  numRecords(): number {
    return this.records.length;
  }
  recordNum(): number {
    return this.#rec()?.item ?? 0;
  }
  firstRecord(): number {
    if (this.records.length === 0) return 0;
    this.cur = 0;
    this.records[0]!.cur = 0;
    return 1;
  }
  nextRecord(): number {
    if (this.cur < 0) return 0;
    this.cur++;
    if (this.cur >= this.records.length) {
      this.cur = -1;
      return 0;
    }
    return 1;
  }
  gotoRecordNum(num: number): number {
    if (num >= this.records.length) return 0;
    this.cur = num;
    this.records[num]!.cur = 0;
    return 1;
  }
  type(): number {
    return this.#rec()?.type ?? 0;
  }
  firstField(): number {
    const r = this.#rec();
    if (r === undefined) return 0;
    r.cur = 0;
    return 1;
  }
  nextField(): number {
    const r = this.#rec();
    if (r === undefined) return 0;
    if (r.fields.length > 0 && r.cur < r.fields.length - 1) {
      r.cur++;
      return 1;
    }
    return 0;
  }
  fieldNum(): number {
    const r = this.#rec();
    return r === undefined || r.fields.length === 0 ? 0 : r.cur;
  }
  gotoFieldNum(num: number): number {
    const r = this.#rec();
    if (r === undefined || num >= r.fields.length) return 0;
    r.cur = num;
    return 1;
  }
  /** The current field, none when the event's time is 0 (auparse's field accessors). */
  #field(): Field | undefined {
    if (this.#timeZero) return undefined;
    const r = this.#rec();
    return r?.fields[r.cur];
  }
  fieldName(): string | undefined {
    return this.#field()?.name;
  }
  fieldStr(): string | null | undefined {
    return this.#field()?.val;
  }
  /** auparse_get_field_int: strtol base 10, -1 on error. */
  fieldInt(): number {
    const v = this.fieldStr();
    if (v === undefined || v === null) return -1;
    const m = /^\s*[+-]?\d+/.exec(v);
    if (!m) return 0;
    const n = BigInt(m[0].trim());
    if (n > 0x7fffffffffffffffn || n < -0x8000000000000000n) return -1;
    return Number(BigInt.asIntN(32, n));
  }
  fieldType(): FieldType {
    const r = this.#rec();
    const f = this.#field();
    if (r === undefined || f === undefined) return "UNCLASSIFIED";
    return fieldType(r.type, f.name, f.val ?? "");
  }
  /** auparse_find_field: the current field if named so, else the next one in the event. */
  findField(name: string): string | undefined {
    const r = this.#rec();
    if (r === undefined || this.#timeZero) return undefined;
    const f = r.fields[r.cur];
    if (f !== undefined && f.name === name) return f.val ?? undefined;
    return this.#findNext(name);
  }
  #findNext(name: string): string | undefined {
    let r = this.#rec();
    let moved = false;
    while (r !== undefined) {
      if (!moved) {
        if (!(r.fields.length > 0 && r.cur < r.fields.length - 1)) return undefined;
        r.cur++;
        moved = true;
      }
      for (let i = r.cur; i < r.fields.length; i++) {
        if (r.fields[i]!.name === name) {
          r.cur = i;
          return r.fields[i]!.val ?? undefined;
        }
      }
      this.cur++;
      if (this.cur >= this.records.length) {
        this.cur = -1;
        return undefined;
      }
      r = this.records[this.cur]!;
      r.cur = 0;
    }
    return undefined;
  }
  #interpret(withCwd: boolean): string | undefined {
    const r = this.#rec();
    const f = this.#field();
    if (r === undefined || f === undefined || f.val === null) return undefined;
    if (f.interp !== undefined) return f.interp;
    const s = this.#state;
    s.machine = r.machine;
    s.syscall = r.syscall;
    s.a0 = r.a0;
    s.a1 = r.a1;
    s.cwd = withCwd ? this.cwd : undefined;
    s.interpretations = r.interp;
    return f.interp = interpretWithState(fieldType(r.type, f.name, f.val), f.name, f.val, s);
  }
  /** auparse_interpret_field. */
  interpretField(): string | undefined {
    return this.#interpret(false);
  }
  /** auparse_interpret_realpath: only for ESCAPED_FILE fields, joined to the cwd. */
  interpretRealpath(): string | undefined {
    if (this.fieldType() !== "ESCAPED_FILE") return undefined;
    return this.#interpret(true);
  }
  /** auparse_interpret_sock_address/family. */
  interpretSockPart(part: "laddr=" | "fam="): string | undefined {
    if (this.fieldType() !== "SOCKADDR") return undefined;
    const v = this.#interpret(false);
    if (v === undefined) return undefined;
    const at = v.indexOf(part);
    if (at < 0) return undefined;
    const start = at + part.length;
    const sp = v.indexOf(" ", start);
    return sp < 0 ? undefined : v.slice(start, sp);
  }
}
