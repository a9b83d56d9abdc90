/**
 * `ausearch -i`'s records from the bytes as read, into a reused byte
 * buffer: the same text as {@linkcode formatInterpretedLine}, UTF-8, without
 * turning each line into a string. Field names, the time stamp and record
 * type are looked up by their bytes; values whose text depends on nothing
 * but the value come from a cache by their bytes; quoted and hex text is
 * decoded in place. Lines it does not expect (bytes past ASCII, no time
 * stamp, …) go through {@linkcode formatInterpretedLine}.
 *
 * @module
 */

import { ByteCache, hashBytes } from "./_byte_cache.ts";
import { strtoul, uint32 } from "./_c.ts";
import { escapedBytes, escapeFor } from "./_escape.ts";
import { argPrinters, elfToMachine, syscallName, syscallReadsA0 } from "./_args.ts";
import type { ArgPrinter } from "./_args.ts";
import {
  FieldState,
  fieldType,
  interpretWithState,
  msgTypeName,
  msgTypeNumber,
  nameToMsgType,
  RECORD,
} from "./field.ts";
import {
  formatInterpretedLine,
  type InterpretedFormatOptions,
  parseInterpretations,
} from "./format.ts";
import {
  asciiText,
  NAME_SLOTS,
  nameSlotBytes,
  plainNames,
  quotedNames,
  rawNames,
  stampText,
} from "./_record_text.ts";
import { LocalClock } from "./time.ts";
import type { EscapeMode, FieldType } from "./types.ts";

const SYSCALL = msgTypeNumber("SYSCALL");
const SECCOMP = msgTypeNumber("SECCOMP");

/** How a field's value is printed. */
const K_PLAIN = 0; // as written
const K_CACHED = 1; // from the kind's cache by value
const K_TEXT = 2; // quoted or hex text, decoded here
const K_OTHER = 3; // interpretWithState each time
const K_BY_VALUE = 4; // the type depends on the value
const K_ARG = 5; // a0-a3: by the syscall's interpreter, or 0x and the value
const K_SYSCALL = 6; // syscall: by machine and number

const MEMO = 24;
const EMPTY = new Uint8Array(0);

/** A field name in a record type: its type and how to print it. */
class Kind {
  constructor(
    readonly name: string,
    readonly ftype: FieldType,
    readonly how: number,
    readonly cache: ByteCache | undefined,
    readonly title: boolean,
    readonly arg: number,
  ) {}
  /** The last value printed from the cache (its first {@linkcode memoLength} bytes). */
  readonly memo: Uint8Array = new Uint8Array(MEMO);
  /** Its length, -1 when none. */
  memoLength = -1;
  /** Its printed bytes. */
  memoOut: Uint8Array = EMPTY;
}

const NO_PRINTERS: readonly (ArgPrinter | undefined)[] = [
  undefined,
  undefined,
  undefined,
  undefined,
];

/** A record type word: its number and the bytes of `type=NAME msg=audit(`. */
class TypeWord {
  constructor(
    readonly word: Uint8Array,
    readonly type: number,
    readonly head: Uint8Array | undefined,
  ) {}
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const AUDIT = [97, 117, 100, 105, 116]; // "audit"

function find(b: Uint8Array, c: number, from: number, end: number): number {
  for (let k = from; k < end; k++) if (b[k] === c) return k;
  return -1;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Whether `b[start..end)` is all below 0x80. */
function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (b[k]! >= 0x80) return false;
  return true;
}

/** Writes `ausearch -i` record lines into {@linkcode buf}. */
export class InterpretedLineWriter {
  /** The output: `buf[0..length)`. */
  buf: Uint8Array = new Uint8Array(1 << 16);
  /** Bytes written. */
  length = 0;
  readonly #options: InterpretedFormatOptions;
  readonly #clock: LocalClock;
  readonly #mode: EscapeMode;
  /** Escape control characters (every mode but `raw`). */
  readonly #controls: boolean;
  /** Bytes the shell modes put a backslash before. */
  readonly #set: Uint8Array | undefined;
  readonly #ctx = new FieldState();
  readonly #kinds = new Map<number, (Kind | undefined)[]>();
  #kindsType = NaN;
  #kindsLast: (Kind | undefined)[] = [];
  readonly #syscalls = new Map<number, Uint8Array>();
  #argMachine = NaN;
  #argSyscall = NaN;
  #argPrinters: readonly (ArgPrinter | undefined)[] = NO_PRINTERS;
  #second = NaN;
  #secondText: Uint8Array = new Uint8Array(0);
  readonly #caches = new Map<string, ByteCache>();
  readonly #types = new Map<number, TypeWord>();
  /** The last time stamp `audit(…)` (its first `#stampKeyLength` bytes) and its text. */
  readonly #stampKey = new Uint8Array(64);
  #stampKeyLength = -1;
  #stampOut = new Uint8Array(128);
  #stampOutLength = 0;
  #node: string | undefined = undefined;
  #nodeBytes = new Uint8Array(0);

  /**
   * Makes a writer.
   *
   * @param options As {@linkcode formatInterpretedLine}'s (`eventNode` is
   * given per line).
   */
  constructor(options: InterpretedFormatOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? new LocalClock();
    this.#mode = options.escape ?? "tty";
    this.#controls = this.#mode !== "raw";
    this.#set = escapedBytes(this.#mode);
    const ctx = this.#ctx;
    ctx.escape = this.#mode;
    ctx.resolver = options.resolver;
    if (options.hostArch !== undefined) ctx.hostMachine = elfToMachine(options.hostArch);
    if (options.protocolName !== undefined) ctx.protocolName = options.protocolName;
  }

  #room(n: number): Uint8Array {
    if (this.length + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    return this.buf;
  }

  #copy(b: Uint8Array, start: number, end: number): void {
    const o = this.#room(end - start);
    let p = this.length;
    if (end - start > 32) o.set(b.subarray(start, end), p);
    else for (let k = start; k < end; k++) o[p++] = b[k]!;
    this.length += end - start;
  }

  #byte(c: number): void {
    this.#room(1)[this.length++] = c;
  }

  #text(s: string): void {
    const o = this.#room(3 * s.length);
    let p = this.length;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        this.length += ENCODER.encodeInto(s, o.subarray(this.length)).written;
        return;
      }
      o[p++] = c;
    }
    this.length = p;
  }

  /** Writes `b[start..end)` escaped (the bytes are ASCII). */
  #escaped(b: Uint8Array, start: number, end: number): void {
    const o = this.#room(4 * (end - start));
    const set = this.#set;
    const controls = this.#controls;
    let p = this.length;
    for (let k = start; k < end; k++) {
      const c = b[k]!;
      if (c < 32 && controls) {
        o[p++] = 92;
        o[p++] = 48 + ((c >> 6) & 3);
        o[p++] = 48 + ((c >> 3) & 7);
        o[p++] = 48 + (c & 7);
        continue;
      }
      if (set !== undefined && set[c] === 1) o[p++] = 92;
      o[p++] = c;
    }
    this.length = p;
  }

  /**
   * Writes one record as `ausearch -i` prints it, newline included (as
   * {@linkcode formatInterpretedLine}).
   *
   * @param b The bytes holding the line.
   * @param start Where the line starts.
   * @param end Where it ends (before any newline).
   * @param messageEnd Where its message ends: its ENRICHED `\x1d`, or `end`.
   * @param eventNode The `node=` of the event's first record, if any.
   * @param ascii Whether the line is known to be ASCII.
   */
  line(
    b: Uint8Array,
    start: number,
    end: number,
    messageEnd: number,
    eventNode: string | undefined,
    ascii = false,
  ): void {
    const mark = this.length;
    if (
      (ascii || isAscii(b, start, messageEnd)) && this.#fast(b, start, end, messageEnd, eventNode)
    ) {
      return;
    }
    this.length = mark;
    const text = DECODER.decode(b.subarray(start, end));
    const opts = { ...this.#options, clock: this.#clock, eventNode: eventNode ?? null };
    this.#text(formatInterpretedLine(text, opts));
  }

  #typeWord(b: Uint8Array, start: number, end: number): TypeWord {
    const h = hashBytes(b, start, end);
    const t = this.#types.get(h);
    if (t !== undefined && t.word.length === end - start) {
      let k = 0;
      while (k < t.word.length && t.word[k] === b[start + k]) k++;
      if (k === t.word.length) return t;
    }
    const type = nameToMsgType(asciiText(b, start, end));
    const name = type >= 0 ? msgTypeName(type) : undefined;
    const head = name === undefined ? undefined : ENCODER.encode(`type=${name} msg=audit(`);
    const word = new TypeWord(b.slice(start, end), type, head);
    this.#types.set(h, word);
    return word;
  }

  /** `LOCAL TIME.MS:SERIAL) ` of `audit(…)` at `b[at..close]` (the last one is kept). */
  #stamp(b: Uint8Array, at: number, dot: number, colon: number, close: number): void {
    const key = this.#stampKey;
    const n = close + 1 - at;
    let k = 0;
    if (n === this.#stampKeyLength) { while (k < n && key[k] === b[at + k]) k++; }
    if (k !== n || n !== this.#stampKeyLength) {
      this.#stampKeyLength = -1;
      const text = this.#stampBytes(b, at, dot, colon, close);
      if (text === undefined) return;
      if (n <= key.length) {
        for (let j = 0; j < n; j++) key[j] = b[at + j]!;
        this.#stampKeyLength = n;
      }
    }
    this.#copy(this.#stampOut, 0, this.#stampOutLength);
  }

  /** Makes the stamp's text in `#stampOut`; `undefined`: written to the output instead. */
  #stampBytes(
    b: Uint8Array,
    at: number,
    dot: number,
    colon: number,
    close: number,
  ): true | undefined {
    const sec = digitsValue(b, at + 6, dot);
    if (sec < 0 || digitsValue(b, dot + 1, colon) < 0 || digitsValue(b, colon + 1, close) < 0) {
      this.#text(stampText(asciiText(b, at, close + 1), this.#clock));
      return undefined;
    }
    if (sec !== this.#second) {
      this.#second = sec;
      this.#secondText = ENCODER.encode(this.#clock.ausearchTime(sec));
    }
    const time = this.#secondText;
    let ms = dot + 1;
    while (ms < colon - 1 && b[ms] === 48) ms++;
    const pad = Math.max(0, 3 - (colon - ms));
    const out = this.#stampOut;
    if (time.length + pad + (close - ms) + 3 > out.length) {
      this.#text(stampText(asciiText(b, at, close + 1), this.#clock));
      return undefined;
    }
    out.set(time);
    let p = time.length;
    out[p++] = 46;
    for (let i = 0; i < pad; i++) out[p++] = 48;
    for (let i = ms; i < close; i++) out[p++] = b[i]!;
    out[p++] = 41;
    out[p++] = 32;
    this.#stampOutLength = p;
    return true;
  }

  #kindsOf(type: number): (Kind | undefined)[] {
    if (type === this.#kindsType) return this.#kindsLast;
    let kinds = this.#kinds.get(type);
    if (kinds === undefined) this.#kinds.set(type, kinds = new Array(NAME_SLOTS).fill(undefined));
    this.#kindsType = type;
    return this.#kindsLast = kinds;
  }

  #makeKind(type: number, name: string): Kind {
    if (name === "acct" || type === RECORD.TRUSTED_APP) {
      return new Kind(name, "UNCLASSIFIED", K_BY_VALUE, undefined, false, -1);
    }
    const ftype = fieldType(type, name, "");
    if (ftype === "UNCLASSIFIED") return new Kind(name, ftype, K_PLAIN, undefined, false, -1);
    if (
      name !== "key" && (ftype === "ESCAPED" || ftype === "ESCAPED_FILE" || ftype === "PROCTITLE")
    ) {
      return new Kind(name, ftype, K_TEXT, undefined, ftype === "PROCTITLE", -1);
    }
    if (ftype === "SYSCALL") return new Kind(name, ftype, K_SYSCALL, undefined, false, -1);
    const arg = ftype === "A0"
      ? 0
      : ftype === "A1"
      ? 1
      : ftype === "A2"
      ? 2
      : ftype === "A3"
      ? 3
      : -1;
    if (arg >= 0) return new Kind(name, ftype, K_ARG, undefined, false, arg);
    if ((ftype === "UID" || ftype === "GID") && this.#options.resolver?.stable !== true) {
      return new Kind(name, ftype, K_OTHER, undefined, false, -1);
    }
    // The rest print from the value alone (ARCH too: a SYSCALL record's
    // machine comes from that very value).
    const id = name === "key" ? `key ${ftype}` : ftype;
    let cache = this.#caches.get(id);
    if (cache === undefined) this.#caches.set(id, cache = new ByteCache());
    return new Kind(name, ftype, K_CACHED, cache, false, -1);
  }

  /** syscall=: by machine and number (and a0 for socketcall and ipc). */
  #syscall(name: string, b: Uint8Array, vs: number, ve: number): void {
    const ctx = this.#ctx;
    const machine = ctx.machine < 0 ? ctx.hostMachine : ctx.machine;
    const key = (machine + 1) * 4294967296 + (ctx.syscall >>> 0);
    const hit = this.#syscalls.get(key);
    if (hit !== undefined) return this.#copy(hit, 0, hit.length);
    const mark = this.length;
    this.#interpret("SYSCALL", name, asciiText(b, vs, ve));
    const sys = machine < 0 ? undefined : syscallName(ctx.syscall, machine);
    if (sys !== undefined && !syscallReadsA0(sys)) {
      this.#syscalls.set(key, this.buf.slice(mark, this.length));
    }
  }

  /** a0-a3: `0x` and the value where the syscall's interpreter does nothing more. */
  #arg(kind: Kind, b: Uint8Array, vs: number, ve: number): void {
    const ctx = this.#ctx;
    if (ctx.machine !== this.#argMachine || ctx.syscall !== this.#argSyscall) {
      this.#argMachine = ctx.machine;
      this.#argSyscall = ctx.syscall;
      const sys = syscallName(ctx.syscall, ctx.machine);
      this.#argPrinters = sys === undefined ? NO_PRINTERS : argPrinters(sys);
    }
    if (this.#argPrinters[kind.arg] !== undefined) {
      return this.#interpret(kind.ftype, kind.name, asciiText(b, vs, ve));
    }
    const o = this.#room(2);
    o[this.length++] = 48;
    o[this.length++] = 120;
    this.#escaped(b, vs, ve);
    this.#byte(32);
  }

  /** The printed value of a field through {@linkcode interpretWithState}. */
  #interpret(ftype: FieldType, name: string, val: string): void {
    const text = interpretWithState(ftype, name, val, this.#ctx);
    if (name === "key") {
      const keys = text.split("\x01");
      this.#text(keys.length === 1 ? text : keys.join(" key="));
      this.#byte(32);
    } else if (ftype === "TTY_DATA") this.#text(text);
    else {
      this.#text(text);
      this.#byte(32);
    }
  }

  /**
   * Quoted or hex text (`print_escaped`, `print_proctitle`) decoded into the
   * output, escaped; false (nothing written) when it needs the general path.
   */
  #decoded(b: Uint8Array, vs: number, ve: number, title: boolean): boolean {
    if (b[vs] === 34) {
      const close = find(b, 34, vs + 1, ve);
      if (close < 0) this.#escaped(SPACE, 0, 1);
      else this.#escaped(b, vs + 1, close);
      this.#byte(32);
      return true;
    }
    const n = ve - vs;
    if (n < 2 || (n & 1) !== 0 || (b[vs] === 48 && b[vs + 1] === 48)) return false;
    const o = this.#room(2 * n + 1);
    const mark = this.length;
    const set = this.#set;
    const controls = this.#controls;
    let p = mark;
    for (let k = vs; k < ve; k += 2) {
      const h = b[k]!;
      const l = b[k + 1]!;
      if (!isHex(h) || !isHex(l)) {
        this.length = mark;
        return false;
      }
      let c = (nibble(h) << 4) | nibble(l);
      if (c === 0) {
        if (!title) break;
        c = 32;
      }
      if (c >= 0x80) {
        this.length = mark;
        return false;
      }
      if (c < 32 && controls) {
        o[p++] = 92;
        o[p++] = 48 + ((c >> 6) & 3);
        o[p++] = 48 + ((c >> 3) & 7);
        o[p++] = 48 + (c & 7);
        continue;
      }
      if (set !== undefined && set[c] === 1) o[p++] = 92;
      o[p++] = c;
    }
    o[p++] = 32;
    this.length = p;
    return true;
  }

  #fast(
    b: Uint8Array,
    start: number,
    lineEnd: number,
    end: number,
    eventNode: string | undefined,
  ): boolean {
    const sp1 = find(b, 32, start, end);
    if (sp1 < 0) return false;
    let t0 = start;
    let t1 = sp1;
    if (b[start] === 110) {
      t0 = sp1 + 1;
      t1 = find(b, 32, t0, end);
      if (t1 < 0) t1 = end;
    }
    if (t1 - t0 < 5) return false;
    const tw = this.#typeWord(b, t0 + 5, t1);
    const bs = eventNode !== undefined ? sp1 + 1 : start;
    const lp = find(b, 40, bs, end);
    if (lp < 0) return false;
    const rp = find(b, 41, lp + 1, end);
    if (rp < 0) return false;
    const at = lp - 5;
    if (at < bs) return false;
    for (let k = 0; k < 5; k++) if (b[at + k] !== AUDIT[k]) return false;
    const dot = find(b, 46, at, end);
    const colon = dot < 0 ? -1 : find(b, 58, dot, end);
    const close = colon < 0 ? -1 : find(b, 41, colon, end);
    if (close < 0) return false;

    if (eventNode !== undefined) {
      if (eventNode !== this.#node) {
        this.#node = eventNode;
        this.#nodeBytes = ENCODER.encode(`node=${eventNode} `);
      }
      this.#copy(this.#nodeBytes, 0, this.#nodeBytes.length);
    }
    const type = tw.type;
    if (tw.head !== undefined) this.#copy(tw.head, 0, tw.head.length);
    else {
      this.#copy(b, bs, lp);
      this.#byte(40);
    }
    this.#stamp(b, at, dot, colon, close);

    const ctx = this.#ctx;
    const isSyscall = type === SYSCALL || type === SECCOMP;
    const interp = end < lineEnd
      ? parseInterpretations(DECODER.decode(b.subarray(end + 1, lineEnd)))
      : undefined;
    ctx.interpretations = interp;
    ctx.machine = -1;
    ctx.syscall = 0;
    ctx.a0 = 0n;
    ctx.a1 = 0n;
    let curSyscall = -1;
    if (isSyscall) {
      ctx.machine = ctx.hostMachine;
      ctx.a0 = hexArg(b, rp, end, 48);
      ctx.a1 = hexArg(b, rp, end, 49);
    }
    const kinds = this.#kindsOf(type);

    let i = rp + 1;
    let found = false;
    let comma = false;
    let eqMissing = false;
    // b[run..i) is written as it is, in one copy before anything else is written
    let run = i;
    while (i >= 0 && i < end) {
      // the name: from its last space (or i) to "=", hashed on the way
      let eq = i;
      let ns = i;
      let nh = 0;
      for (; eq < end; eq++) {
        const x = b[eq]!;
        if (x === 61) break;
        if (x === 32 && eq > i) {
          ns = eq;
          nh = 0;
        }
        nh = (Math.imul(nh, 31) + x) | 0;
      }
      if (eq === end) {
        eqMissing = true;
        break;
      }
      comma = false;
      found = true;
      const slot = nameSlotBytes(b, ns, eq, nh);
      const vs = eq + 1;
      if (rawNames[slot] === "msg") {
        i = vs;
        continue;
      }
      const name = plainNames[slot]!;
      let kind = kinds[slot];
      if (kind === undefined || kind.name !== name) kinds[slot] = kind = this.#makeKind(type, name);
      let how = kind.how;
      let valEnd: number;
      let next: number;
      let vh = 0;
      const q = b[vs];
      if (q === 39 || q === 34) {
        vh = q;
        let cq = vs + 1;
        for (; cq < end; cq++) {
          const x = b[cq]!;
          vh = (Math.imul(vh, 31) + x) | 0;
          if (x === q) break;
        }
        if (cq === end) {
          valEnd = end;
          next = -1;
        } else if (cq + 1 < end) {
          valEnd = cq + 1;
          next = cq + 2;
        } else {
          valEnd = end;
          next = end;
        }
      } else {
        // the first space after the value's start, and a comma before it
        let sp = vs;
        let c = -1;
        if (how === K_CACHED) {
          for (; sp < end; sp++) {
            const x = b[sp]!;
            if (x === 32) break;
            if (x === 44 && c < 0) c = sp;
            vh = (Math.imul(vh, 31) + x) | 0;
          }
        } else {
          for (; sp < end; sp++) {
            const x = b[sp];
            if (x === 32) break;
            if (x === 44 && c < 0) c = sp;
          }
        }
        if (c < 0) {
          valEnd = sp;
          next = sp < end ? sp + 1 : -1;
        } else if (
          fieldType(type, quotedNames[slot]!, asciiText(b, sp < end ? sp : vs, end)) === "MAC_LABEL"
        ) {
          valEnd = sp;
          next = sp < end ? sp + 1 : -1;
        } else {
          valEnd = c;
          next = c + 1;
          comma = true;
          vh = hashBytes(b, vs, valEnd);
        }
      }
      if (how === K_BY_VALUE && name === "acct" && valEnd > vs && b[valEnd - 1] === 58) {
        valEnd--;
      }
      // an ENRICHED translation of the field comes first
      if (interp !== undefined && how !== K_PLAIN && how !== K_BY_VALUE && interp.has(name)) {
        how = K_OTHER;
      }
      if (how === K_PLAIN) {
        const sep = comma ? 44 : 32;
        if (valEnd < end && next === valEnd + 1 && b[valEnd] === sep) {
          i = next;
          continue;
        }
        this.#copy(b, run, valEnd);
        this.#byte(sep);
        i = run = next;
        continue;
      }
      this.#copy(b, run, vs);
      i = run = next;
      if (isSyscall) {
        if (ctx.machine === -1) ctx.machine = ctx.hostMachine;
        if (name === "arch") {
          const m = archMachine(b, vs, valEnd);
          if (m === undefined) {
            this.#text(`arch conversion error(${asciiText(b, vs, valEnd)}) `);
            continue;
          }
          ctx.machine = m;
        }
        if (curSyscall < 0 && name === "syscall") {
          const v = syscallNumber(b, vs, valEnd);
          if (v === undefined) {
            this.#text(`syscall conversion error(${asciiText(b, vs, valEnd)}) `);
            continue;
          }
          curSyscall = v;
        }
        ctx.syscall = curSyscall;
      }
      if (how === K_CACHED) {
        const n = valEnd - vs;
        const memo = kind.memo;
        let j = 0;
        if (n === kind.memoLength) { while (j < n && memo[j] === b[vs + j]) j++; }
        if (j === n && n === kind.memoLength) {
          this.#copy(kind.memoOut, 0, kind.memoOut.length);
          continue;
        }
        const cache = kind.cache!;
        let out = cache.get(b, vs, valEnd, vh);
        if (out !== undefined) this.#copy(out, 0, out.length);
        else {
          const mark = this.length;
          this.#interpret(kind.ftype, name, asciiText(b, vs, valEnd));
          out = cache.set(b, vs, valEnd, vh, this.buf.subarray(mark, this.length));
        }
        if (n <= MEMO) {
          for (j = 0; j < n; j++) memo[j] = b[vs + j]!;
          kind.memoLength = n;
          kind.memoOut = out;
        }
      } else if (how === K_ARG) this.#arg(kind, b, vs, valEnd);
      else if (how === K_SYSCALL) this.#syscall(name, b, vs, valEnd);
      else if (how === K_TEXT && this.#decoded(b, vs, valEnd, kind.title)) {
        // written
      } else {
        const val = asciiText(b, vs, valEnd);
        const ftype = how === K_BY_VALUE ? fieldType(type, name, val) : kind.ftype;
        if (ftype === "UNCLASSIFIED") {
          this.#text(val);
          this.#byte(comma ? 44 : 32);
        } else this.#interpret(ftype, name, val);
      }
    }
    if (run >= 0 && i > run) this.#copy(b, run, i);
    if ((!found && eqMissing) || comma) {
      this.#text(escapeFor(DECODER.decode(b.subarray(i < 0 ? end - 1 : i, end)), this.#mode));
      this.#byte(10);
    }
    this.#byte(10);
    return true;
  }
}

/** The value of decimal digits `b[start..end)` (1 to 15 of them), else -1. */
function digitsValue(b: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let k = start; k < end; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The machine of `arch=` (`strtoul` base 16), `undefined` on overflow. */
function archMachine(b: Uint8Array, vs: number, ve: number): number | undefined {
  if (ve > vs && ve - vs <= 8) {
    let v = 0;
    let k = vs;
    for (; k < ve && isHex(b[k]!); k++) v = v * 16 + nibble(b[k]!);
    if (k === ve) return elfToMachine(v);
  }
  const v = strtoul(asciiText(b, vs, ve), 16);
  return v === undefined ? undefined : elfToMachine(uint32(v));
}

/** The number of `syscall=` (`strtoul` base 10 as an `int`), `undefined` on overflow. */
function syscallNumber(b: Uint8Array, vs: number, ve: number): number | undefined {
  if (ve > vs && ve - vs <= 9) {
    const v = digitsValue(b, vs, ve);
    if (v >= 0) return v;
  }
  const v = strtoul(asciiText(b, vs, ve), 10);
  return v === undefined ? undefined : Number(BigInt.asIntN(32, v));
}

const SPACE = new Uint8Array([32]);

/** ausearch's `a0=`/`a1=` (hex, up to a space), 0 when absent: `digit` is `0` or `1`. */
function hexArg(b: Uint8Array, from: number, end: number, digit: number): bigint {
  let at = -1;
  for (let k = from; k + 2 < end; k++) {
    if (b[k] === 97 && b[k + 1] === digit && b[k + 2] === 61) {
      at = k;
      break;
    }
  }
  if (at < 0) return 0n;
  const sp = find(b, 32, at, end);
  if (sp < 0) return 0n;
  const n = sp - at - 3;
  if (n > 0 && n <= 13) {
    let v = 0;
    let k = at + 3;
    for (; k < sp && isHex(b[k]!); k++) v = v * 16 + nibble(b[k]!);
    if (k === sp) return BigInt(v);
  }
  return strtoul(asciiText(b, at + 3, sp), 16) ?? 0n;
}
