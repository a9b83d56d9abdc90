/**
 * aureport's event assembly (ausearch-lol.c): lines become records, records
 * with the same time stamp, serial and node become one event, and events
 * come out in time order once complete — after `eoe_timeout` seconds of
 * later events, at once for one-record types, or at the end of the input.
 *
 * Open and waiting events are kept in arrays sorted by insertion from the
 * back (logs are nearly in time order), so each record costs O(1) in the
 * usual case where aureport scans its whole event table.
 *
 * @module
 */
import { NumberHeap } from "./_heap.ts";
import { auditNameToMsgType } from "./msg_types.ts";
import type { EventStamp, ReportEvent, ReportRecord } from "./types.ts";
import { AUDIT_EOE } from "../../parse/tables/record_type_constants.ts";

/** fgets buffer of aureport: a longer line is read as several pieces. */
export const MAX_LINE_PIECE = 8969;

/** Options of {@linkcode EventGrouper}. */
export interface GrouperOptions {
  /** End of event timeout in seconds (auditd.conf `end_of_event_timeout`, default 2). */
  readonly eoeTimeout: number;
  /** `-ts` as seconds since the epoch, 0 for none. */
  readonly startTime: number;
  /** `-te` as seconds since the epoch, 0 for none. */
  readonly endTime: number;
  /** Called with each complete event, in aureport's order (`owned`: see {@linkcode EventGrouper.owning}). */
  readonly onEvent: (event: ReportEvent, owned: boolean) => void;
  /** Called for a line aureport skips without a word (no time stamp). */
  readonly onBadLine?: (file: string, line: number, reason: string) => void;
}

interface Slot {
  readonly e: EventStamp;
  readonly records: ReportRecord[];
  /** aureport's event table index: the lowest free one (ties in time go to the lowest). */
  readonly slot: number;
  readonly owned: boolean;
  complete: boolean;
}

const LONG_MAX = 9223372036854775807;

function earlier(a: Slot, b: Slot): boolean {
  if (a.e.sec !== b.e.sec) return a.e.sec < b.e.sec;
  if (a.e.milli !== b.e.milli) return a.e.milli < b.e.milli;
  if (a.e.serial !== b.e.serial) return a.e.serial < b.e.serial;
  return a.slot < b.slot;
}

/** Whether aureport treats an event whose first record has `type` as one record long. */
function isSingleRecordType(type: number): boolean {
  return type === 1327 || type < 1300 || type >= 2100 || type === 2000 ||
    (type >= 1406 && type <= 1419);
}

/** Plain decimal `strtoul` for time stamps: value and whether it overflowed. */
function decimal(text: string, pos: number, end: number): [number, boolean] {
  let i = pos;
  while (
    i < end && (text.charCodeAt(i) === 32 || (text.charCodeAt(i) >= 9 && text.charCodeAt(i) <= 13))
  ) i++;
  let neg = false;
  if (i < end && (text[i] === "-" || text[i] === "+")) neg = text[i++] === "-";
  let v = 0;
  const start = i;
  while (i < end) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    i++;
  }
  if (i - start > 19 && v > 18446744073709551615) return [0, true];
  return [neg && v !== 0 ? 18446744073709551616 - v : v, false];
}

function sameTime(a: Slot, b: Slot): boolean {
  return a.e.sec === b.e.sec && a.e.milli === b.e.milli && a.e.serial === b.e.serial;
}

/** A list kept sorted by `less`, inserted from the back, taken from the front. */
class SortedQueue {
  #a: Slot[] = [];
  #head = 0;
  readonly #less: (a: Slot, b: Slot) => boolean;
  constructor(less: (a: Slot, b: Slot) => boolean) {
    this.#less = less;
  }
  /** Inserts `s`; true when a neighbour has the same time stamp and serial. */
  push(s: Slot): boolean {
    const a = this.#a;
    let i = a.length;
    while (i > this.#head && this.#less(s, a[i - 1]!)) i--;
    const tie = (i > this.#head && sameTime(a[i - 1]!, s)) || (i < a.length && sameTime(a[i]!, s));
    if (i === a.length) a.push(s);
    else a.splice(i, 0, s);
    return tie;
  }
  peek(): Slot | undefined {
    return this.#a[this.#head];
  }
  shift(): void {
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#a.length) {
      this.#a = this.#a.slice(this.#head);
      this.#head = 0;
    }
  }
  values(): Slot[] {
    return this.#a.slice(this.#head);
  }
}

/** Assembles events from lines the way aureport does. */
export class EventGrouper {
  readonly #o: GrouperOptions;
  readonly #building = new Map<number, Slot | Slot[]>();
  #last: Slot | undefined;
  readonly #byAge = new SortedQueue((a, b) => a.e.sec < b.e.sec);
  readonly #pending = new SortedQueue(earlier);
  #nextSlot = 0;
  readonly #freeSlots = new NumberHeap();
  /**
   * Whether events created from now on are this reader's own (parallel runs
   * read a neighbour's lines to rebuild or finish shared state; their events
   * are passed on with `owned` false).
   */
  owning = true;
  /** Own events created and not yet passed on. */
  ownedPending = 0;
  /** Two waiting events had the same time stamp and serial (their order depends on history). */
  tieSeen = false;
  /** The first record's time (`very_first_event`), sec 0 until one is seen. */
  readonly veryFirst: { sec: number; milli: number } = { sec: 0, milli: 0 };

  /** Creates a grouper. */
  constructor(options: GrouperOptions) {
    this.#o = options;
  }

  /** Adds one line (without its newline), emitting events that became ready. */
  addLine(line: string, file: string, lineNo: number): void {
    if (line.length + 1 > MAX_LINE_PIECE) {
      // fgets reads MAX_LINE_PIECE characters at a time.
      const full = line + "\n";
      for (let i = 0; i < full.length; i += MAX_LINE_PIECE) {
        const piece = full.slice(i, i + MAX_LINE_PIECE);
        this.#add(piece.endsWith("\n") ? piece.slice(0, -1) : piece, file, lineNo);
      }
      return;
    }
    this.#add(line, file, lineNo);
  }

  #add(line: string, file: string, lineNo: number): void {
    if (!this.#extractTimestamp(line, file, lineNo)) return;
    const sec = this.#sec, milli = this.#milli, serial = this.#serial, node = this.#node;
    const type = this.#type;
    const sep = line.indexOf("\x1d");
    const record: ReportRecord = sep === -1
      ? { type, message: line, interp: undefined, file, line: lineNo }
      : { type, message: line.slice(0, sep), interp: line.slice(sep + 1), file, line: lineNo };
    let open: Slot | undefined;
    const last = this.#last;
    if (
      last !== undefined && !last.complete && last.e.serial === serial && last.e.sec === sec &&
      last.e.milli === milli && last.e.node === node
    ) open = last;
    else open = this.#find(sec, milli, serial, node);
    if (open !== undefined) {
      open.records.push(record);
      this.#last = open;
    } else if (type === AUDIT_EOE) {
      return;
    } else {
      const index = this.#freeSlots.size > 0 ? this.#freeSlots.pop()! : this.#nextSlot++;
      const e: EventStamp = { sec, milli, serial, node, type };
      const slot: Slot = { e, records: [record], slot: index, owned: this.owning, complete: false };
      if (slot.owned) this.ownedPending++;
      if (this.#pending.push(slot)) this.tieSeen = true;
      if (isSingleRecordType(type)) slot.complete = true;
      else {
        this.#open(slot);
        this.#byAge.push(slot);
      }
      this.#last = slot;
      this.#checkEvents(sec);
    }
    this.#drain();
  }

  #find(sec: number, milli: number, serial: number, node: string | undefined): Slot | undefined {
    const hit = this.#building.get(serial);
    if (hit === undefined) return undefined;
    if (!Array.isArray(hit)) {
      const e = hit.e;
      return e.sec === sec && e.milli === milli && e.node === node ? hit : undefined;
    }
    return hit.find((s) => s.e.sec === sec && s.e.milli === milli && s.e.node === node);
  }

  #open(slot: Slot): void {
    const hit = this.#building.get(slot.e.serial);
    if (hit === undefined) this.#building.set(slot.e.serial, slot);
    else if (Array.isArray(hit)) hit.push(slot);
    else this.#building.set(slot.e.serial, [hit, slot]);
  }

  #close(slot: Slot): void {
    const hit = this.#building.get(slot.e.serial);
    if (hit === slot) this.#building.delete(slot.e.serial);
    else if (Array.isArray(hit)) {
      const rest = hit.filter((s) => s !== slot);
      if (rest.length === 1) this.#building.set(slot.e.serial, rest[0]!);
      else this.#building.set(slot.e.serial, rest);
    }
  }

  #checkEvents(sec: number): void {
    const eoe = this.#o.eoeTimeout;
    for (;;) {
      const top = this.#byAge.peek();
      if (top === undefined) return;
      if (!top.complete && top.e.sec + eoe > sec) return;
      this.#byAge.shift();
      if (!top.complete) {
        top.complete = true;
        this.#close(top);
      }
    }
  }

  #drain(): void {
    for (;;) {
      const top = this.#pending.peek();
      if (top === undefined || !top.complete) return;
      this.#pending.shift();
      this.#freeSlots.push(top.slot);
      if (top.owned) this.ownedPending--;
      this.#o.onEvent(top, top.owned);
    }
  }

  /** The waiting events (time stamp, node, completeness), for comparing two readers' states. */
  digest(): string {
    return this.#pending.values().map((s) =>
      `${s.e.sec}.${s.e.milli}:${s.e.serial}:${s.e.node ?? ""}:${
        s.complete ? 1 : 0
      }:${s.records.length}`
    ).sort().join("\n");
  }

  /** Marks every event complete and emits them (end of the last file). */
  terminate(): void {
    for (const hit of this.#building.values()) {
      for (const slot of Array.isArray(hit) ? hit : [hit]) slot.complete = true;
    }
    this.#building.clear();
    this.#drain();
  }

  /** Reads the line's time stamp, serial, node and type into #sec..#type; false: skip the line. */
  #extractTimestamp(line: string, file: string, lineNo: number): boolean {
    // Fast path: "type=NAME msg=audit(SEC.MILLI:SERIAL):" within the first 80 characters.
    if (line.startsWith("type=")) {
      const sp = line.indexOf(" ", 5);
      if (sp > 5 && sp < 70 && line.startsWith("msg=audit(", sp + 1)) {
        let i = sp + 11;
        let sec = 0;
        let c = line.charCodeAt(i);
        const s0 = i;
        while (c >= 48 && c <= 57) {
          sec = sec * 10 + (c - 48);
          c = line.charCodeAt(++i);
        }
        if (c === 46 && i - s0 > 0 && i - s0 < 16) {
          let milli = 0;
          const m0 = ++i;
          c = line.charCodeAt(i);
          while (c >= 48 && c <= 57) {
            milli = milli * 10 + (c - 48);
            c = line.charCodeAt(++i);
          }
          if (c === 58 && i - m0 > 0 && i - m0 < 4) {
            let serial = 0;
            const n0 = ++i;
            c = line.charCodeAt(i);
            while (c >= 48 && c <= 57) {
              serial = serial * 10 + (c - 48);
              c = line.charCodeAt(++i);
            }
            if (c === 41 && i - n0 > 0 && i - n0 < 16 && i < 80) {
              return this.#stamp(sec, milli, serial, undefined, this.#typeAt(line, sp));
            }
          }
        }
      }
    }
    return this.#slowTimestamp(line, file, lineNo);
  }

  /** The type of `type=NAME ` ending at `sp`, from the names seen last (no string made for them). */
  #typeAt(line: string, sp: number): number {
    const names = this.#typeNames;
    const len = sp - 5;
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (n.length === len && line.startsWith(n, 5)) return this.#typeNumbers[i]!;
    }
    const name = line.slice(5, sp);
    const type = auditNameToMsgType(name);
    if (names.length < 16) {
      names.push(name);
      this.#typeNumbers.push(type);
    }
    return type;
  }

  readonly #typeNames: string[] = [];
  readonly #typeNumbers: number[] = [];

  #sec = 0;
  #milli = 0;
  #serial = 0;
  #node: string | undefined = undefined;
  #type = 0;

  #stamp(
    sec: number,
    milli: number,
    serial: number,
    node: string | undefined,
    ttype: string | number,
  ): boolean {
    const { startTime, endTime } = this.#o;
    if ((startTime && sec < startTime) || (endTime && sec > endTime)) {
      if (this.veryFirst.sec === 0) {
        this.veryFirst.sec = sec;
        this.veryFirst.milli = milli;
      }
      return false;
    }
    if (this.veryFirst.sec === 0 && startTime === 0) {
      this.veryFirst.sec = sec;
      this.veryFirst.milli = milli;
    }
    this.#sec = sec;
    this.#milli = milli;
    this.#serial = serial;
    this.#node = node;
    this.#type = typeof ttype === "number" ? ttype : auditNameToMsgType(ttype);
    return true;
  }

  #slowTimestamp(line: string, file: string, lineNo: number): boolean {
    const tmp = line.slice(0, line.charCodeAt(0) === 110 ? 340 : 80);
    const tokens = splitSpaces(tmp, 3);
    let i = 0;
    let node: string | undefined;
    let ptr = tokens[i++];
    if (ptr === undefined) return this.#bad(file, lineNo, "empty line");
    if (ptr.charCodeAt(0) === 110) {
      node = ptr.slice(5);
      ptr = tokens[i++];
      if (ptr === undefined) return this.#bad(file, lineNo, "no type= after node=");
    }
    const ttype = ptr.slice(5);
    const msg = tokens[i];
    if (msg === undefined || msg.length <= 18) {
      return this.#bad(file, lineNo, "no msg=audit(...) time stamp");
    }
    let open = msg.charCodeAt(9) === 40 ? 9 : msg.indexOf("(");
    if (open === -1) return this.#bad(file, lineNo, "no msg=audit(...) time stamp");
    open++;
    let close = msg.indexOf(")", open);
    if (close === -1) close = msg.length;
    const stamp = msg.slice(open, close);
    const [sec, e1] = decimal(stamp, 0, stamp.length);
    let milli = 0;
    let serial = 0;
    let bad = e1 || sec > LONG_MAX - this.#o.eoeTimeout - 1;
    let rest = 0;
    const dot = stamp.indexOf(".");
    if (!bad && dot !== -1) {
      const [m, e2] = decimal(stamp, dot + 1, stamp.length);
      milli = m;
      bad = e2 || m > 999;
      rest = dot + 1;
    }
    if (!bad) {
      const colon = stamp.indexOf(":", rest);
      if (colon !== -1) {
        const [s, e3] = decimal(stamp, colon + 1, stamp.length);
        serial = s;
        bad = e3;
      }
    }
    if (bad) return this.#bad(file, lineNo, `Error extracting time stamp (${stamp})`);
    return this.#stamp(sec, milli, serial, node, ttype);
  }

  #bad(file: string, line: number, reason: string): false {
    this.#o.onBadLine?.(file, line, reason);
    return false;
  }
}

/** `audit_strsplit`: the first `max` space-separated tokens (runs of spaces skipped). */
function splitSpaces(text: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < max) {
    while (text.charCodeAt(i) === 32) i++;
    if (i >= text.length) break;
    let j = text.indexOf(" ", i);
    if (j === -1) j = text.length;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}
