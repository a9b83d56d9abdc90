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
import { FreeSlots } from "../_free_slots.ts";
import { StampReader, utf8Prefix } from "./_stamp.ts";
import type { EventStamp, ReportEvent, ReportRecord } from "./types.ts";
import { NO_RECORD, RecordStore } from "./_records.ts";
import { OpenEvents } from "./_open_events.ts";
import { typeFlags } from "./_flags.ts";
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
  /**
   * Whether the events' consumer reads the text of records of a type
   * (default: every type). Records whose text is not read are kept as
   * their type only (`message` is empty).
   */
  readonly keepText?: ((type: number) => boolean) | undefined;
  /**
   * Keep records as places in their text (`store` and `head` of the events;
   * `records` is empty; only records of types `keepText` accepts, of own
   * events) and reuse each event's object once it has been passed on: an
   * event is valid only during its `onEvent` call. Default: records are
   * objects and events may be kept.
   */
  readonly compact?: boolean;
}

const NO_RECORDS: ReportRecord[] = [];

/** An event being assembled: its stamp (`e` is the slot itself) and records. */
class Slot implements ReportEvent, EventStamp {
  sec = 0;
  milli = 0;
  serial = 0;
  serialText: string | undefined = undefined;
  node: string | undefined = undefined;
  type = 0;
  records: ReportRecord[] = NO_RECORDS;
  /** Records read (kept or not). */
  count = 1;
  /** The OR of the records' type flags (`_flags.ts`). */
  flags = 0;
  /** The record store of a compact grouper, else undefined. */
  store: RecordStore | undefined = undefined;
  /** The first record in {@linkcode store}. */
  head = NO_RECORD;
  /** The last record in {@linkcode store}. */
  tail = NO_RECORD;
  /** aureport's event table index: the lowest free one (ties in time go to the lowest). */
  slot = 0;
  /** The next open event of its bucket ({@linkcode OpenEvents}). */
  nextOpen: Slot | undefined = undefined;
  owned = true;
  complete = false;
  /** Makes this the event of a line whose header `r` has read. */
  reset(r: StampReader, slot: number, owned: boolean): this {
    this.sec = r.sec;
    this.milli = r.milli;
    this.serial = r.serial;
    this.serialText = r.serialText;
    this.node = r.node;
    this.type = r.type;
    this.count = 1;
    this.flags = typeFlags(r.type);
    this.slot = slot;
    this.owned = owned;
    this.complete = false;
    return this;
  }
  get e(): EventStamp {
    return this;
  }
}

function earlier(a: Slot, b: Slot): boolean {
  if (a.sec !== b.sec) return a.sec < b.sec;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.serial !== b.serial) return a.serial < b.serial;
  return a.slot < b.slot;
}

/** Whether aureport treats an event whose first record has `type` as one record long. */
function isSingleRecordType(type: number): boolean {
  return type === 1327 || type < 1300 || type >= 2100 || type === 2000 ||
    (type >= 1406 && type <= 1419);
}

function sameTime(a: Slot, b: Slot): boolean {
  return a.sec === b.sec && a.milli === b.milli && a.serial === b.serial;
}

/**
 * A list kept sorted by `less`, inserted from the back, taken from the front
 * (the array is compacted in place: an optimized caller's assumptions about
 * the field hold).
 */
class SortedQueue {
  readonly #a: Slot[] = [];
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
    // No read past the end (an out-of-bounds read deoptimizes the caller).
    return this.#head < this.#a.length ? this.#a[this.#head] : undefined;
  }
  shift(): void {
    this.#head++;
    const a = this.#a;
    const head = this.#head;
    if (head > 1024 && head * 2 > a.length) {
      const n = a.length - head;
      for (let i = 0; i < n; i++) a[i] = a[head + i]!;
      a.length = n;
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
  readonly #building = new OpenEvents<Slot>();
  #last: Slot | undefined;
  readonly #byAge = new SortedQueue((a, b) => a.sec < b.sec);
  readonly #pending = new SortedQueue(earlier);
  #nextSlot = 0;
  readonly #freeSlots = new FreeSlots();
  /**
   * Whether events created from now on are this reader's own (parallel runs
   * read a neighbour's lines to rebuild or finish shared state; their events
   * are passed on with `owned` false, and their records keep no text).
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
    this.#stampReader = new StampReader(options.eoeTimeout);
    this.#store = options.compact === true ? new RecordStore() : undefined;
  }

  /** Adds one line (without its newline), emitting events that became ready. */
  addLine(line: string, file: string, lineNo: number): void {
    this.beginText(line);
    this.addFrom(0, line.length, file, lineNo);
  }

  /**
   * Starts feeding the whole lines of `text` with {@linkcode addFrom};
   * `bytes`, when given, hold the same characters one byte each (ASCII text,
   * as long as the text is fed: read faster than the text).
   */
  beginText(text: string, bytes?: Uint8Array): void {
    this.#text = text;
    this.#bytes = bytes !== undefined && bytes.length === text.length ? bytes : undefined;
    this.#enriched = text.indexOf("\x1d") !== -1;
    const nul = text.indexOf("\0");
    this.#nulAt = nul === -1 ? Infinity : nul;
  }

  /**
   * Adds the line `text[start..end)` (without its newline) of the text
   * given to {@linkcode beginText}, emitting events that became ready.
   */
  addFrom(start: number, end: number, file: string, lineNo: number): void {
    const chars = end - start;
    if (
      (chars + 1) * 3 > MAX_LINE_PIECE && (chars + 1 > MAX_LINE_PIECE ||
        utf8Prefix(this.#text.slice(start, end), MAX_LINE_PIECE - 1, chars) < chars)
    ) {
      // fgets reads MAX_LINE_PIECE bytes at a time (a character may be cut: U+FFFD here).
      const text = this.#text;
      const bytes = this.#bytes;
      const full = new TextEncoder().encode(text.slice(start, end) + "\n");
      const decoder = new TextDecoder();
      for (let i = 0; i < full.length; i += MAX_LINE_PIECE) {
        const piece = decoder.decode(full.subarray(i, i + MAX_LINE_PIECE));
        const line = piece.endsWith("\n") ? piece.slice(0, -1) : piece;
        this.beginText(line);
        this.#add(line, 0, line.length, file, lineNo);
      }
      this.beginText(text, bytes);
      return;
    }
    this.#add(this.#text, start, end, file, lineNo);
  }

  #text = "";
  /** {@linkcode beginText}'s bytes of {@linkcode #text}, when it is ASCII. */
  #bytes: Uint8Array | undefined;
  #enriched = false;
  /**
   * The next NUL byte of the text at or after the line being read (Infinity:
   * none): aureport's lines are C strings, which end there.
   */
  #nulAt = Infinity;
  readonly #stampReader: StampReader;
  readonly #keep = new Int8Array(4096).fill(-1);
  readonly #textless = new Map<number, ReportRecord>();
  readonly #store: RecordStore | undefined;
  /** Compact mode: the event object of each table index, reused. */
  readonly #slots: Slot[] = [];

  /** Whether the events' consumer reads the text of records of `type` (`keepText`). */
  #keeps(type: number): boolean {
    let keep = type >= 0 && type < 4096 ? this.#keep[type]! : -1;
    if (keep === -1) {
      keep = this.#o.keepText === undefined || this.#o.keepText(type) ? 1 : 0;
      if (type >= 0 && type < 4096) this.#keep[type] = keep;
    }
    return keep === 1;
  }

  /** The record of a line whose header `r` has read, for an event (not) `owned`. */
  #record(
    text: string,
    start: number,
    end: number,
    file: string,
    lineNo: number,
    owned: boolean,
  ): ReportRecord {
    const type = this.#stampReader.type;
    if (!this.#keeps(type) || !owned) {
      let r = this.#textless.get(type);
      if (r === undefined) {
        r = Object.freeze({ type, message: "", interp: undefined, file: "", line: 0 });
        this.#textless.set(type, r);
      }
      return r;
    }
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    const sep = this.#enriched ? line.indexOf("\x1d") : -1;
    return sep === -1
      ? { type, message: line, interp: undefined, file, line: lineNo }
      : { type, message: line.slice(0, sep), interp: line.slice(sep + 1), file, line: lineNo };
  }

  #add(text: string, start: number, end: number, file: string, lineNo: number): void {
    if (this.#nulAt < end) {
      // Lines come in order: a NUL before this line's start belongs to an earlier one.
      let nul = this.#nulAt;
      if (nul < start) {
        nul = text.indexOf("\0", start);
        this.#nulAt = nul === -1 ? Infinity : nul;
      }
      if (nul !== -1 && nul < end) {
        if (nul === start) {
          this.#o.onBadLine?.(file, lineNo, "starts with a NUL byte");
          return;
        }
        end = nul;
      }
    }
    const r = this.#stampReader;
    const bytes = this.#bytes;
    if (
      !(bytes !== undefined ? r.readAscii(text, bytes, start, end) : r.read(text, start, end))
    ) {
      this.#o.onBadLine?.(file, lineNo, r.reason);
      return;
    }
    const sec = r.sec, milli = r.milli, serial = r.serial, node = r.node;
    if (!this.#inRange(sec, milli)) return;
    let open: Slot | undefined;
    const last = this.#last;
    if (
      last !== undefined && !last.complete && last.serial === serial && last.sec === sec &&
      last.milli === milli && last.node === node
    ) open = last;
    else open = this.#building.find(sec, milli, serial, node);
    const store = this.#store;
    if (open !== undefined) {
      open.count++;
      open.flags |= typeFlags(r.type);
      if (store === undefined) {
        open.records.push(this.#record(text, start, end, file, lineNo, open.owned));
      } else if (open.owned && this.#keeps(r.type)) {
        // A compact event keeps only the records its consumer reads.
        const i = store.add(r.type, text, start, end, this.#enriched, file, lineNo);
        if (open.tail === NO_RECORD) open.head = i;
        else store.link(open.tail, i);
        open.tail = i;
      }
      this.#last = open;
    } else if (r.type === AUDIT_EOE) {
      return;
    } else {
      const index = this.#freeSlots.size > 0 ? this.#freeSlots.take() : this.#nextSlot++;
      let slot: Slot;
      if (store === undefined) {
        slot = new Slot().reset(r, index, this.owning);
        slot.records = [this.#record(text, start, end, file, lineNo, this.owning)];
      } else {
        const slots = this.#slots;
        // No read past the end (it would deoptimize this method).
        if (index === slots.length) slots.push(new Slot());
        slot = slots[index]!.reset(r, index, this.owning);
        slot.store = store;
        slot.head = slot.tail = slot.owned && this.#keeps(r.type)
          ? store.add(r.type, text, start, end, this.#enriched, file, lineNo)
          : NO_RECORD;
      }
      if (slot.owned) this.ownedPending++;
      if (this.#pending.push(slot)) this.tieSeen = true;
      if (isSingleRecordType(r.type)) slot.complete = true;
      else {
        this.#building.add(slot);
        this.#byAge.push(slot);
      }
      this.#last = slot;
      this.#checkEvents(sec);
      // Only a new event completes events (its own type, or the timeout of older ones).
      this.#drain();
    }
  }

  #checkEvents(sec: number): void {
    const eoe = this.#o.eoeTimeout;
    for (;;) {
      const top = this.#byAge.peek();
      if (top === undefined) return;
      if (!top.complete && top.sec + eoe > sec) return;
      this.#byAge.shift();
      if (!top.complete) {
        top.complete = true;
        this.#building.remove(top);
      }
    }
  }

  #drain(): void {
    for (;;) {
      const top = this.#pending.peek();
      if (top === undefined || !top.complete) return;
      this.#pending.shift();
      this.#freeSlots.add(top.slot);
      if (top.owned) this.ownedPending--;
      this.#o.onEvent(top, top.owned);
      if (top.store !== undefined) {
        top.store.release(top.head);
        top.head = top.tail = NO_RECORD;
      }
    }
  }

  /** The waiting events (time stamp, node, completeness), for comparing two readers' states. */
  digest(): string {
    return this.#pending.values().map((s) =>
      `${s.sec}.${s.milli}:${s.serial}:${s.node ?? ""}:${s.complete ? 1 : 0}:${s.count}`
    ).sort().join("\n");
  }

  /** Marks every event complete and emits them (end of the last file). */
  terminate(): void {
    this.#building.drainAll((slot) => slot.complete = true);
    this.#drain();
  }

  /** Whether a stamp is in `-ts`/`-te` (and `very_first_event` from it). */
  #inRange(sec: number, milli: number): boolean {
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
    return true;
  }
}
