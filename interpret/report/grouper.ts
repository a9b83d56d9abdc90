/**
 * aureport's event assembly (ausearch-lol.c): lines become records, records
 * with the same time stamp, serial and node become one event, and events
 * come out in time order once complete — after `eoe_timeout` seconds of
 * later events, at once for one-record types, or at the end of the input.
 *
 * @module
 */
import { Heap } from "./_heap.ts";
import { auditNameToMsgType } from "./msg_types.ts";
import type { EventStamp, ReportEvent, ReportRecord } from "./types.ts";

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
  /** Called with each complete event, in aureport's order. */
  readonly onEvent: (event: ReportEvent) => void;
  /** Called for a line aureport skips without a word (no time stamp). */
  readonly onBadLine?: (where: string, reason: string) => void;
}

interface Slot {
  readonly e: EventStamp;
  readonly records: ReportRecord[];
  readonly seq: number;
  complete: boolean;
  readonly key: string;
}

const AUDIT_EOE = 1320;
const AUDIT_PROCTITLE = 1327;
const AUDIT_FIRST_EVENT = 1300;
const AUDIT_FIRST_ANOM_MSG = 2100;
const AUDIT_KERNEL = 2000;
const AUDIT_MAC_UNLBL_ALLOW = 1406;
const AUDIT_MAC_CALIPSO_DEL = 1419;
const LONG_MAX = 9223372036854775807;

function earlier(a: Slot, b: Slot): boolean {
  if (a.e.sec !== b.e.sec) return a.e.sec < b.e.sec;
  if (a.e.milli !== b.e.milli) return a.e.milli < b.e.milli;
  if (a.e.serial !== b.e.serial) return a.e.serial < b.e.serial;
  return a.seq < b.seq;
}

/** Whether aureport treats an event whose first record has `type` as one record long. */
function isSingleRecordType(type: number): boolean {
  return type === AUDIT_PROCTITLE || type < AUDIT_FIRST_EVENT || type >= AUDIT_FIRST_ANOM_MSG ||
    type === AUDIT_KERNEL || (type >= AUDIT_MAC_UNLBL_ALLOW && type <= AUDIT_MAC_CALIPSO_DEL);
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

/** Assembles events from lines the way aureport does. */
export class EventGrouper {
  readonly #o: GrouperOptions;
  readonly #building = new Map<string, Slot>();
  readonly #byAge = new Heap<Slot>((a, b) => a.e.sec < b.e.sec);
  readonly #pending = new Heap<Slot>(earlier);
  #seq = 0;
  /** The first record's time (`very_first_event`), sec 0 until one is seen. */
  readonly veryFirst: { sec: number; milli: number } = { sec: 0, milli: 0 };

  /** Creates a grouper. */
  constructor(options: GrouperOptions) {
    this.#o = options;
  }

  /** Adds one line (without its newline) read from `where`, emitting events that became ready. */
  addLine(line: string, where: string): void {
    if (line.length + 1 > MAX_LINE_PIECE) {
      // fgets reads MAX_LINE_PIECE characters at a time.
      const full = line + "\n";
      for (let i = 0; i < full.length; i += MAX_LINE_PIECE) {
        const piece = full.slice(i, i + MAX_LINE_PIECE);
        this.#add(piece.endsWith("\n") ? piece.slice(0, -1) : piece, where);
      }
      return;
    }
    this.#add(line, where);
  }

  #add(line: string, where: string): void {
    const e = this.#extractTimestamp(line, where);
    if (e === undefined) return;
    const sep = line.indexOf("\x1d");
    const record: ReportRecord = sep === -1
      ? { type: e.type, message: line, interp: undefined, where }
      : { type: e.type, message: line.slice(0, sep), interp: line.slice(sep + 1), where };
    const key = `${e.sec}.${e.milli}:${e.serial}:${e.node ?? "\0"}`;
    const open = this.#building.get(key);
    if (open !== undefined) {
      open.records.push(record);
    } else if (e.type === AUDIT_EOE) {
      return;
    } else {
      const slot: Slot = { e, records: [record], seq: this.#seq++, complete: false, key };
      this.#building.set(key, slot);
      this.#byAge.push(slot);
      this.#pending.push(slot);
      if (isSingleRecordType(e.type)) this.#complete(slot);
      this.#checkEvents(e.sec);
    }
    this.#drain();
  }

  #complete(slot: Slot): void {
    if (slot.complete) return;
    slot.complete = true;
    this.#building.delete(slot.key);
  }

  #checkEvents(sec: number): void {
    const eoe = this.#o.eoeTimeout;
    for (;;) {
      const top = this.#byAge.peek();
      if (top === undefined) return;
      if (top.complete) {
        this.#byAge.pop();
        continue;
      }
      if (top.e.sec + eoe > sec) return;
      this.#byAge.pop();
      this.#complete(top);
    }
  }

  #drain(): void {
    for (;;) {
      const top = this.#pending.peek();
      if (top === undefined || !top.complete) return;
      this.#pending.pop();
      this.#o.onEvent({ e: top.e, records: top.records });
    }
  }

  /** Marks every event complete and emits them (end of the last file). */
  terminate(): void {
    for (const slot of this.#building.values()) slot.complete = true;
    this.#building.clear();
    this.#drain();
  }

  #extractTimestamp(line: string, where: string): EventStamp | undefined {
    const tmp = line.slice(0, line.charCodeAt(0) === 110 ? 340 : 80);
    const tokens = splitSpaces(tmp, 3);
    let i = 0;
    let node: string | undefined;
    let ptr = tokens[i++];
    if (ptr === undefined) return this.#bad(where, "empty line");
    if (ptr.charCodeAt(0) === 110) {
      node = ptr.slice(5);
      ptr = tokens[i++];
      if (ptr === undefined) return this.#bad(where, "no type= after node=");
    }
    const ttype = ptr.slice(5);
    const msg = tokens[i];
    if (msg === undefined || msg.length <= 18) {
      return this.#bad(where, "no msg=audit(...) time stamp");
    }
    let open = msg.charCodeAt(9) === 40 ? 9 : msg.indexOf("(");
    if (open === -1) return this.#bad(where, "no msg=audit(...) time stamp");
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
    if (bad) {
      this.#o.onBadLine?.(where, `Error extracting time stamp (${stamp})`);
      return undefined;
    }
    const { startTime, endTime } = this.#o;
    if ((startTime && sec < startTime) || (endTime && sec > endTime)) {
      if (this.veryFirst.sec === 0) {
        this.veryFirst.sec = sec;
        this.veryFirst.milli = milli;
      }
      return undefined;
    }
    if (this.veryFirst.sec === 0 && startTime === 0) {
      this.veryFirst.sec = sec;
      this.veryFirst.milli = milli;
    }
    return { sec, milli, serial, node, type: auditNameToMsgType(ttype) };
  }

  #bad(where: string, reason: string): undefined {
    this.#o.onBadLine?.(where, reason);
    return undefined;
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
