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

import { hashBytes } from "./_byte_cache.ts";
import { EnrichedTails } from "./_enriched_tails.ts";
import { BodyCache } from "./_body_cache.ts";
import { SyscallTemplates } from "./_syscall_template.ts";
import { ByteOut } from "./_byte_out.ts";
import { RecordHead } from "./_record_head.ts";
import { archMachine, hexArg, isAscii, syscallNumber } from "./_byte_scan.ts";
import { escapeFor } from "./_escape.ts";
import { argPrinters, elfToMachine, syscallName, syscallReadsA0 } from "./_args.ts";
import type { ArgPrinter } from "./_args.ts";
import {
  FieldKinds,
  K_ARG,
  K_BY_VALUE,
  K_CACHED,
  K_ENRICHED,
  K_OTHER,
  K_PLAIN,
  K_SYSCALL,
  K_TEXT,
  type Kind,
  MEMO,
} from "./_field_kinds.ts";
import { FieldState, fieldType, interpretWithState, msgTypeNumber } from "./field.ts";
import { type EventStamp, formatInterpretedLine, type InterpretedFormatOptions } from "./format.ts";
import { asciiText, nameSlotBytes, plainNames, quotedNames, rawNames } from "./_record_text.ts";
import { LocalClock } from "./time.ts";
import type { EscapeMode, FieldType } from "./types.ts";

const SYSCALL = msgTypeNumber("SYSCALL");
const SECCOMP = msgTypeNumber("SECCOMP");

const NO_PRINTERS: readonly (ArgPrinter | undefined)[] = Array.from({ length: 4 });

const DECODER = new TextDecoder();

/**
 * Writes `ausearch -i` record lines, as {@linkcode formatInterpretedLine}
 * prints them, into its {@linkcode ByteOut.buf}.
 */
export class InterpretedLineWriter extends ByteOut {
  readonly #options: InterpretedFormatOptions;
  readonly #clock: LocalClock;
  readonly #mode: EscapeMode;
  readonly #ctx = new FieldState();
  readonly #kinds: FieldKinds;
  readonly #syscalls = new Map<number, Uint8Array>();
  readonly #tails = new EnrichedTails();
  /** Bodies' texts (only when id names never change). */
  readonly #bodies: BodyCache | undefined;
  /** SYSCALL records' texts around their varying values (only when id names never change). */
  readonly #templates: SyscallTemplates | undefined;
  /** The templates told where values print as they are (while a SYSCALL record is written). */
  #holes: SyscallTemplates | undefined = undefined;
  /** Whether an interpreter read a0 and a1 of the record being written. */
  #argsRead = false;
  /** The SYSCALL record whose a0 and a1 are still to read (`#argsEnd` -1: none). */
  #args: Uint8Array = new Uint8Array(0);
  #argsFrom = 0;
  #argsEnd = -1;
  #argMachine = NaN;
  #argSyscall = NaN;
  #argPrinters: readonly (ArgPrinter | undefined)[] = NO_PRINTERS;
  readonly #head: RecordHead;
  /**
   * The time stamp of the event being written, printed on each record as
   * ausearch does (default: each record's own, as auparse reads it).
   */
  eventStamp: EventStamp | undefined = undefined;

  /**
   * Makes a writer.
   *
   * @param options As {@linkcode formatInterpretedLine}'s (`eventNode` is
   * given per line).
   */
  constructor(options: InterpretedFormatOptions = {}) {
    const mode = options.escape ?? "tty";
    super(mode);
    this.#options = options;
    this.#clock = options.clock ?? new LocalClock();
    this.#mode = mode;
    this.#head = new RecordHead(this.#clock);
    this.#kinds = new FieldKinds(options.resolver?.stable === true);
    this.#bodies = options.resolver?.stable === true ? new BodyCache() : undefined;
    this.#templates = options.resolver?.stable === true ? new SyscallTemplates() : undefined;
    const ctx = this.#ctx;
    ctx.escape = this.#mode;
    ctx.resolver = options.resolver;
    if (options.hostArch !== undefined) ctx.hostMachine = elfToMachine(options.hostArch);
    if (options.protocolName !== undefined) ctx.protocolName = options.protocolName;
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
   * @param head Where its header is, when the caller has read it (see
   * {@linkcode RecordHead.writePlain}; -1: not known).
   * @param typeNumber The caller's number of its record type (with `head`).
   */
  line(
    b: Uint8Array,
    start: number,
    end: number,
    messageEnd: number,
    eventNode: string | undefined,
    ascii = false,
    head = -1,
    typeNumber = -1,
  ): void {
    const mark = this.length;
    if (
      (ascii || isAscii(b, start, messageEnd)) &&
      this.#fast(b, start, end, messageEnd, eventNode, head, typeNumber)
    ) {
      return;
    }
    this.length = mark;
    const text = DECODER.decode(b.subarray(start, end));
    const opts = { ...this.#options, clock: this.#clock, eventNode: eventNode ?? null };
    if (this.eventStamp !== undefined) opts.eventStamp = this.eventStamp;
    this.text(formatInterpretedLine(text, opts));
  }

  /** syscall=: by machine and number (and a0 for socketcall and ipc). */
  #syscall(name: string, b: Uint8Array, vs: number, ve: number): void {
    const ctx = this.#ctx;
    const machine = ctx.machine < 0 ? ctx.hostMachine : ctx.machine;
    const key = (machine + 1) * 4294967296 + (ctx.syscall >>> 0);
    const hit = this.#syscalls.get(key);
    if (hit !== undefined) return this.copy(hit, 0, hit.length);
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
    const o = this.room(2);
    o[this.length++] = 48;
    o[this.length++] = 120;
    this.#holes?.hole(vs, this.length);
    this.escaped(b, vs, ve);
    this.byte(32);
  }

  #interpret(ftype: FieldType, name: string, val: string): void {
    if (
      this.#argsEnd >= 0 &&
      (ftype === "SYSCALL" || ftype === "A0" || ftype === "A1" || ftype === "A2" || ftype === "A3")
    ) {
      this.#ctx.a0 = hexArg(this.#args, this.#argsFrom, this.#argsEnd, 48);
      this.#ctx.a1 = hexArg(this.#args, this.#argsFrom, this.#argsEnd, 49);
      this.#argsEnd = -1;
      this.#argsRead = true;
    }
    const text = interpretWithState(ftype, name, val, this.#ctx);
    if (name === "key") {
      const keys = text.split("\x01");
      this.text(keys.length === 1 ? text : keys.join(" key="));
      this.byte(32);
    } else if (ftype === "TTY_DATA") this.text(text);
    else {
      this.text(text);
      this.byte(32);
    }
  }

  #fast(
    b: Uint8Array,
    start: number,
    lineEnd: number,
    end: number,
    eventNode: string | undefined,
    head: number,
    typeNumber: number,
  ): boolean {
    const stamp = this.eventStamp;
    const rp = head >= 0 && eventNode === undefined && stamp !== undefined
      ? this.#head.writePlain(this, b, start, end, head & 511, head >>> 9, typeNumber, stamp)
      : this.#head.write(this, b, start, end, eventNode, stamp);
    if (rp < 0) return false;
    const type = this.#head.type;
    // The same body (ENRICHED part included) as before: the same text.
    const templates = type === SYSCALL ? this.#templates : undefined;
    const bodies = templates === undefined ? this.#bodies : undefined;
    if (templates !== undefined && templates.find(b, rp, end, lineEnd)) {
      templates.write(this, b);
      return true;
    }
    if (bodies !== undefined && bodies.lookup(type, b, rp, lineEnd)) {
      this.copyAll(bodies.text());
      return true;
    }
    this.#full(b, rp, lineEnd, end, type);
    return true;
  }

  /** A record no cache had, its fields from `rp` (apart: the code compiled for the others is small). */
  #full(b: Uint8Array, rp: number, lineEnd: number, end: number, type: number): void {
    const templates = type === SYSCALL ? this.#templates : undefined;
    const bodies = templates === undefined ? this.#bodies : undefined;
    this.#holes = templates;
    this.#argsRead = false;
    const mark = this.length;
    const ctx = this.#ctx;
    const isSyscall = type === SYSCALL || type === SECCOMP;
    const interp = end < lineEnd ? this.#tails.get(b, end + 1, lineEnd) : undefined;
    ctx.interpretations = interp;
    ctx.machine = -1;
    ctx.syscall = 0;
    ctx.a0 = 0n;
    ctx.a1 = 0n;
    this.#argsEnd = -1;
    let curSyscall = -1;
    if (isSyscall) {
      ctx.machine = ctx.hostMachine;
      // a0 and a1 are read when an interpreter may need them
      this.#args = b;
      this.#argsFrom = rp;
      this.#argsEnd = end;
    }
    const kinds = this.#kinds.kindsOf(type);

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
      if (kind === undefined || kind.name !== name) {
        kinds[slot] = kind = this.#kinds.make(type, name);
      }
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
      let pre: string | undefined;
      if (interp !== undefined && how !== K_PLAIN && how !== K_BY_VALUE) {
        pre = interp.get(name);
        if (pre !== undefined) how = pre.startsWith("unknown-") ? K_OTHER : K_ENRICHED;
      }
      if (how === K_PLAIN) {
        this.#holes?.hole(vs, this.length + vs - run);
        const sep = comma ? 44 : 32;
        if (valEnd < end && next === valEnd + 1 && b[valEnd] === sep) {
          i = next;
          continue;
        }
        this.copy(b, run, valEnd);
        this.byte(sep);
        i = run = next;
        continue;
      }
      this.copy(b, run, vs);
      i = run = next;
      if (isSyscall) {
        if (ctx.machine === -1) ctx.machine = ctx.hostMachine;
        if (name === "arch") {
          const m = archMachine(b, vs, valEnd);
          if (m === undefined) {
            this.text(`arch conversion error(${asciiText(b, vs, valEnd)}) `);
            continue;
          }
          ctx.machine = m;
        }
        if (curSyscall < 0 && name === "syscall") {
          const v = syscallNumber(b, vs, valEnd);
          if (v === undefined) {
            this.text(`syscall conversion error(${asciiText(b, vs, valEnd)}) `);
            continue;
          }
          curSyscall = v;
        }
        ctx.syscall = curSyscall;
      }
      if (how === K_ENRICHED) {
        // its text is a function of the translation
        const memo = kind.enriched;
        const known = memo.get(pre!);
        if (known !== undefined) this.copy(known, 0, known.length);
        else {
          const mark = this.length;
          this.#interpret(kind.ftype, name, asciiText(b, vs, valEnd));
          if (memo.size >= 1024) memo.clear();
          memo.set(pre!, this.buf.slice(mark, this.length));
        }
      } else if (how === K_CACHED) {
        const n = valEnd - vs;
        const memo = kind.memo;
        let j = 0;
        if (n === kind.memoLength) { while (j < n && memo[j] === b[vs + j]) j++; }
        if (j === n && n === kind.memoLength) {
          this.copy(kind.memoOut, 0, kind.memoOut.length);
          continue;
        }
        const cache = kind.cache!;
        let out = cache.get(b, vs, valEnd, vh);
        if (out !== undefined) this.copy(out, 0, out.length);
        else {
          const mark = this.length;
          this.#interpret(kind.ftype, name, asciiText(b, vs, valEnd));
          const copy = this.buf.slice(mark, this.length);
          out = cache.set(b, vs, valEnd, vh, copy, copy.length);
        }
        if (n <= MEMO) {
          for (j = 0; j < n; j++) memo[j] = b[vs + j]!;
          kind.memoLength = n;
          kind.memoOut = out;
        }
      } else if (how === K_ARG) this.#arg(kind, b, vs, valEnd);
      else if (how === K_SYSCALL) this.#syscall(name, b, vs, valEnd);
      else if (how === K_TEXT && this.decoded(b, vs, valEnd, kind.title)) {
        // written
      } else {
        const val = asciiText(b, vs, valEnd);
        const ftype = how === K_BY_VALUE ? fieldType(type, name, val) : kind.ftype;
        if (ftype === "UNCLASSIFIED") {
          this.text(val);
          this.byte(comma ? 44 : 32);
        } else this.#interpret(ftype, name, val);
      }
    }
    if (run >= 0 && i > run) this.copy(b, run, i);
    if ((!found && eqMissing) || comma) {
      this.text(escapeFor(DECODER.decode(b.subarray(i < 0 ? end - 1 : i, end)), this.#mode));
      this.byte(10);
    }
    this.byte(10);
    this.#holes = undefined;
    templates?.add(b, rp, lineEnd, this.buf, mark, this.length, this.#argsRead);
    bodies?.addLast(type, b, rp, lineEnd, this.buf, mark, this.length);
  }
}
