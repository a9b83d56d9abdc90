/**
 * Records into events as ausearch 3.0.9 groups them (src/ausearch-lol.c),
 * except that it never splits an event that it still holds.
 *
 * A record joins the open event with the same node, time and serial, or
 * opens a new one. An event is complete when a new event starts
 * `eoeTimeout` seconds after it, or at once when its first record is a user
 * space message (types 1100–1299 and 2100 and up), or at the end of input.
 * Events are handed out in time order: the earliest open event goes out as
 * soon as it is complete, and the ones after it wait for it.
 *
 * Where this differs from ausearch (listed in the README as deviations):
 * ausearch also completes at once an event whose first record is LOGIN,
 * PROCTITLE, KERNEL or another kernel type below 1300, and a record arriving
 * for a complete event it has not printed yet starts a new event, so LOGIN +
 * SYSCALL + PROCTITLE, or records written out of order, come out as two
 * events; here they stay one.
 *
 * Records outside `start`..`end` (whole seconds) are dropped one by one, as
 * ausearch drops them.
 *
 * @module
 */
import type { SearchRecord } from "./_extract_context.ts";
import type { SearchEvent } from "./match.ts";
import { popMin, pushMin } from "./_heap.ts";
import { latinOrUtf8, newHeader, readHeader, TypeTable } from "./header.ts";
import { AUDIT_EOE as EOE } from "../../parse/tables/record_type_constants.ts";

export { headerProblem } from "./header.ts";

/** A line whose header could not be read. */
export interface BadHeader {
  /** Why. */
  readonly reason: string;
}

/** What {@linkcode EventGrouper.addBytes} returns for a line refused by `stopOnTie`. */
export const TIED: BadHeader = { reason: "an open event has the same time and serial" };

const UTF8 = new TextDecoder();
const NO_BYTES = new Uint8Array(0);
const ENCODER = new TextEncoder();

/** Whether `ab` is among the first `n` of `held`. */
function heldIn(held: ArrayBufferLike[], n: number, ab: ArrayBufferLike): boolean {
  for (let i = 0; i < n; i++) if (held[i] === ab) return true;
  return false;
}

/**
 * An event as grouped: its lines stay where they were read (a buffer and a
 * range each) until {@linkcode records} is asked for.
 */
export class GroupedEvent implements SearchEvent {
  /** Seconds of the event's time. */
  sec = 0;
  /** Milliseconds. */
  milli = 0;
  /** The serial number. */
  serial = 0;
  /** `node=` of its first record. */
  node: string | undefined = undefined;
  /** {@linkcode MAY_BE_ENRICHED} and {@linkcode MAY_HAVE_CONTROLS} of its lines. */
  flags = 0;
  /** How many lines it has. */
  count = 0;
  /** The buffer of each line (the first {@linkcode count}). */
  readonly bufs: Uint8Array[] = [];
  /** Start, end and record type of each line (the first {@linkcode count}). */
  readonly offs: number[] = [];
  /** Complete (no later record can join it). */
  complete = false;
  /**
   * ausearch's array slot (the first free one): ties between split events go
   * to the lower slot, as ausearch's scan finds it first.
   */
  slot = 0;
  #records: SearchRecord[] | undefined = undefined;

  /** How many events hold lines of each buffer (shared with the grouper). */
  readonly #holders: Map<ArrayBufferLike, number>;
  /** The buffers its lines are in (each once). */
  readonly #held: ArrayBufferLike[] = [];
  /** How many of `#held` are in use (its length stays: no new room per event). */
  #heldCount = 0;

  /**
   * Makes an empty event.
   *
   * @param holders The grouper's count of events per buffer.
   */
  constructor(holders: Map<ArrayBufferLike, number> = new Map()) {
    this.#holders = holders;
  }

  /** Adds a line. */
  push(buf: Uint8Array, start: number, end: number, type: number, flags: number): void {
    const ab = buf.buffer;
    const held = this.#held;
    const h = this.#heldCount;
    if (h === 0 || (held[h - 1] !== ab && !heldIn(held, h, ab))) {
      if (h < held.length) held[h] = ab;
      else held.push(ab);
      this.#heldCount = h + 1;
      this.#holders.set(ab, (this.#holders.get(ab) ?? 0) + 1);
    }
    const n = this.count++;
    const offs = this.offs;
    if (n < this.bufs.length) {
      this.bufs[n] = buf;
      offs[3 * n] = start;
      offs[3 * n + 1] = end;
      offs[3 * n + 2] = type;
    } else {
      this.bufs.push(buf);
      offs.push(start, end, type);
    }
    this.flags |= flags;
    this.#records = undefined;
  }

  /** Forgets its lines (to be used again). */
  reset(): void {
    // Keep the arrays' room, drop the buffers.
    for (let i = 0; i < this.count; i++) this.bufs[i] = NO_BYTES;
    const held = this.#held;
    for (let i = 0; i < this.#heldCount; i++) {
      const ab = held[i]!;
      held[i] = NO_BYTES.buffer;
      const n = this.#holders.get(ab)! - 1;
      if (n === 0) this.#holders.delete(ab);
      else this.#holders.set(ab, n);
    }
    this.#heldCount = 0;
    this.count = 0;
    this.flags = 0;
    this.#records = undefined;
  }

  /** The record type of line `i`. */
  typeAt(i: number): number {
    return this.offs[3 * i + 2]!;
  }

  /** Where line `i`'s message ends: its ENRICHED separator `\x1d`, or its end. */
  messageEnd(i: number): number {
    const buf = this.bufs[i]!;
    const start = this.offs[3 * i]!;
    const end = this.offs[3 * i + 1]!;
    if (!(this.flags & MAY_BE_ENRICHED)) return end;
    const sep = buf.indexOf(0x1d, start);
    return sep < 0 || sep >= end ? end : sep;
  }

  /** Its records as text (decoded when first asked for). */
  get records(): readonly SearchRecord[] {
    if (this.#records === undefined) {
      const records: SearchRecord[] = [];
      const offs = this.offs;
      for (let i = 0; i < this.count; i++) {
        const line = UTF8.decode(this.bufs[i]!.subarray(offs[3 * i]!, offs[3 * i + 1]!));
        const sep = this.flags & MAY_BE_ENRICHED ? line.indexOf("\x1d") : -1;
        records.push({ line, type: this.offs[3 * i + 2]!, mlen: sep < 0 ? line.length : sep });
      }
      this.#records = records;
    }
    return this.#records;
  }
}

/** Options of {@linkcode EventGrouper}. */
export interface GroupOptions {
  /** ausearch's end-of-event timeout, seconds (auditd.conf: 2). */
  readonly eoeTimeout?: number;
  /** Drop records before this second. */
  readonly start?: number | undefined;
  /** Drop records after this second. */
  readonly end?: number | undefined;
  /** Record type number of a name (`SYSCALL`, `UNKNOWN[1234]`), `undefined` if unknown. */
  readonly typeNumber: (name: string) => number | undefined;
  /** Split as ausearch does (for comparisons); default false. */
  readonly ausearchSplits?: boolean;
  /**
   * Use an event again once `emit` has returned (the caller keeps nothing
   * of it); default false.
   */
  readonly recycle?: boolean;
}

/** A line may hold the ENRICHED separator `\x1d` (look for it). */
export const MAY_BE_ENRICHED = 1;
/** A line may hold control characters (escape it for output). */
export const MAY_HAVE_CONTROLS = 2;
/** A line may hold bytes past ASCII. */
export const MAY_BE_NON_ASCII = 4;

/** The flags of one byte (a plain function: a closure over the flags was twice as slow). */
function byteFlags(c: number): number {
  if (c >= 0x80) return MAY_BE_NON_ASCII;
  if (c === 0x1d) return MAY_BE_ENRICHED;
  return c < 32 && c !== 10 ? MAY_HAVE_CONTROLS : 0;
}

/** Bit 7 set in each byte of `y` that is 0, exactly (no borrow crosses a byte). */
function equalBytes(y: number): number {
  return ~((((y & 0x7f7f7f7f) + 0x7f7f7f7f) | 0) | y) & 0x80808080;
}

/**
 * {@linkcode MAY_BE_ENRICHED}, {@linkcode MAY_HAVE_CONTROLS} (a control
 * character other than `\n` and ENRICHED's `\x1d`) and
 * {@linkcode MAY_BE_NON_ASCII} for the lines in `buf`, four bytes at a time.
 *
 * @param buf Whole lines.
 * @returns The flags.
 */
export function lineFlagsOf(buf: Uint8Array): number {
  const n = buf.length;
  let flags = 0;
  let high = 0;
  let i = 0;
  while (i < n && ((buf.byteOffset + i) & 3) !== 0) flags |= byteFlags(buf[i++]!);
  // Shorter than the way to a word boundary (a view of a few bytes at an odd offset).
  if (i === n) return flags;
  // Signed words keep the arithmetic in 32-bit integers.
  const words = new Int32Array(buf.buffer, buf.byteOffset + i, (n - i) >> 2);
  const count = words.length;
  for (let w = 0; w < count; w++) {
    const x = words[w]!;
    high |= x;
    // Exact per-byte masks (bit 7 of each byte; no carry crosses a byte):
    // bytes below 0x20, then among them each line's \n and ENRICHED's \x1d.
    // Bytes past ASCII are left to `high`.
    const below = ~(((x & 0x7f7f7f7f) + 0x60606060) | 0) & ~x & 0x80808080;
    if (below !== 0) {
      const other = below & ~equalBytes(x ^ 0x0a0a0a0a);
      if (other !== 0) {
        const gs = equalBytes(x ^ 0x1d1d1d1d);
        if (gs !== 0) flags |= MAY_BE_ENRICHED;
        if ((other & ~gs) !== 0) flags |= MAY_HAVE_CONTROLS;
      }
    }
  }
  for (let k = i + 4 * count; k < n; k++) flags |= byteFlags(buf[k]!);
  if (high & 0x80808080) flags |= MAY_BE_NON_ASCII;
  return flags;
}

function before(a: GroupedEvent, b: GroupedEvent): boolean {
  if (a.sec !== b.sec) return a.sec < b.sec;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.serial !== b.serial) return a.serial < b.serial;
  return a.slot < b.slot;
}

/** Whether `e` is before the time and serial `sec.milli:serial`. */
function earlier(e: GroupedEvent, sec: number, milli: number, serial: number): boolean {
  if (e.sec !== sec) return e.sec < sec;
  if (e.milli !== milli) return e.milli < milli;
  return e.serial < serial;
}

/** Whether ausearch completes an event at once from its first record's type. */
function singleByType(type: number, ausearch: boolean): boolean {
  if ((type >= 1100 && type < 1300) || type >= 2100) return true;
  if (!ausearch) return false;
  return type === 1327 || type < 1300 || type === 2000 || (type >= 1406 && type <= 1419);
}

/** Groups lines into events (see the module docs). */
export class EventGrouper {
  readonly #timeout: number;
  readonly #start: number | undefined;
  readonly #end: number | undefined;
  readonly #types: TypeTable;
  readonly #ausearch: boolean;
  readonly #recycle: boolean;
  /**
   * The open events in time order ({@linkcode before}) from `#head` on:
   * events come mostly in order, so most join at the end and leave from the
   * front (a heap cost a dozen comparisons per event with thousands open);
   * the others wait in `#late`.
   */
  readonly #queue: (GroupedEvent | undefined)[] = [];
  #head = 0;
  /** End of the open events in `#queue` (its length stays: no new room when it empties). */
  #tail = 0;
  /**
   * Open events that came before the queue's last (another node's lagging
   * clock, a log written out of order): a heap by {@linkcode before}, and
   * by serial (inserting them into the queue moved thousands each).
   */
  readonly #late: GroupedEvent[] = [];
  readonly #lateBySerial = new Map<number, GroupedEvent[]>();
  readonly #freeSlots: number[] = [];
  readonly #spare: GroupedEvent[] = [];
  readonly #holders = new Map<ArrayBufferLike, number>();
  #prev: GroupedEvent | undefined;
  readonly #h = newHeader();
  #nextSlot = 0;
  /** Records dropped by the time range. */
  outOfRange = 0;
  /**
   * Refuse a line that would open an event while another open event has the
   * same time and serial (another node's, or a split): {@linkcode addBytes}
   * returns {@linkcode TIED} and leaves the grouper as it was. Only then do
   * slots order events, so a parallel reader, whose slots are not one
   * thread's, stops there.
   */
  stopOnTie = false;

  /**
   * Makes a grouper.
   *
   * @param options Timeout, time range and the record type table.
   */
  constructor(options: GroupOptions) {
    this.#timeout = options.eoeTimeout ?? 2;
    this.#start = options.start;
    this.#end = options.end;
    this.#types = new TypeTable(options.typeNumber);
    this.#ausearch = options.ausearchSplits ?? false;
    this.#recycle = options.recycle ?? false;
  }

  /** How many events are open. */
  get size(): number {
    return this.#tail - this.#head + this.#late.length;
  }

  /**
   * Whether an event it holds has lines in `buffer` (the `buffer` of the
   * arrays given to {@linkcode addBytes}); with `recycle` off, events handed
   * out keep holding theirs.
   */
  holds(buffer: ArrayBufferLike): boolean {
    return this.#holders.has(buffer);
  }

  /**
   * Adds a line; complete events go to `emit` in time order.
   *
   * @returns A {@linkcode BadHeader} when the line has no readable header
   * (ausearch skips such lines silently), else `undefined`.
   */
  add(line: string, emit: (event: GroupedEvent) => void): BadHeader | undefined {
    const buf = ENCODER.encode(line);
    return this.addBytes(buf, 0, buf.length, emit);
  }

  /** What the next {@linkcode addBytes} lines may hold (default: anything; see {@linkcode lineFlagsOf}). */
  lineFlags: number = MAY_BE_ENRICHED | MAY_HAVE_CONTROLS | MAY_BE_NON_ASCII;

  /**
   * Adds the line `buf[start..end)` without copying it: the event keeps a
   * reference to `buf`, which must not change afterwards. The bytes after
   * the line must be whole lines (ausearch's header searches may look past a
   * malformed token).
   *
   * @returns A {@linkcode BadHeader} when the line has no readable header.
   */
  addBytes(
    buf: Uint8Array,
    start: number,
    end: number,
    emit: (event: GroupedEvent) => void,
  ): BadHeader | undefined {
    const h = this.#h;
    const bad = readHeader(buf, start, end, h, (this.lineFlags & MAY_BE_NON_ASCII) === 0);
    if (bad !== undefined) return bad;
    const node = h.nodeStart < 0 ? undefined : latinOrUtf8(buf, h.nodeStart, h.nodeEnd);
    const { sec, milli, serial } = h;
    const type = this.#types.at(buf, h.typeStart, h.typeEnd);
    // Most lines continue the event of the line before.
    const prev = this.#prev;
    if (
      prev !== undefined && prev.serial === serial && prev.sec === sec && prev.milli === milli &&
      prev.node === node && (!prev.complete || !this.#ausearch)
    ) {
      prev.push(buf, start, end, type, this.lineFlags);
      return undefined;
    }
    this.#prev = undefined;
    if (
      (this.#start !== undefined && sec < this.#start) ||
      (this.#end !== undefined && sec > this.#end)
    ) {
      this.outOfRange++;
      return undefined;
    }
    // The open events with this time and serial, found in the time-ordered
    // queue (a new event's come after every open one: none).
    const queue = this.#queue;
    const at = this.#firstAt(sec, milli, serial);
    for (let i = at; i < this.#tail; i++) {
      const e = queue[i]!;
      if (e.serial !== serial || e.milli !== milli || e.sec !== sec) break;
      if (e.node === node && (!e.complete || !this.#ausearch)) {
        e.push(buf, start, end, type, this.lineFlags);
        this.#prev = e;
        return undefined;
      }
    }
    const late = this.#late.length > 0 ? this.#lateBySerial.get(serial) : undefined;
    if (late !== undefined) {
      for (const e of late) {
        if (e.sec === sec && e.milli === milli && e.node === node) {
          if (!e.complete || !this.#ausearch) {
            e.push(buf, start, end, type, this.lineFlags);
            this.#prev = e;
            return undefined;
          }
        }
      }
    }
    if (type === EOE) return undefined;
    if (this.stopOnTie) {
      const e = at < this.#tail ? queue[at]! : undefined;
      if (e !== undefined && e.serial === serial && e.milli === milli && e.sec === sec) return TIED;
      if (late?.some((e) => e.sec === sec && e.milli === milli)) return TIED;
    }
    const event = this.#spare.pop() ?? new GroupedEvent(this.#holders);
    event.sec = sec;
    event.milli = milli;
    event.serial = serial;
    event.node = node;
    event.slot = this.#freeSlots.length > 0 ? popMin(this.#freeSlots) : this.#nextSlot++;
    event.push(buf, start, end, type, this.lineFlags);
    event.complete = singleByType(type, this.#ausearch);
    this.#push(event);
    this.#prev = event;
    this.#drain(sec - this.#timeout, emit);
    return undefined;
  }

  /**
   * Opens an event made of `lines` (each a buffer and a range in it, read
   * before), without handing anything out: a parallel reader's way to take
   * over the open events another reader had at a cut.
   *
   * @param lines The event's lines, in order.
   * @param complete Whether it was complete.
   * @returns A {@linkcode BadHeader} when a line has no readable header.
   */
  adopt(
    lines: readonly { buf: Uint8Array; start: number; end: number }[],
    complete: boolean,
  ): BadHeader | undefined {
    const h = this.#h;
    const event = new GroupedEvent(this.#holders);
    for (const { buf, start, end } of lines) {
      const bad = readHeader(buf, start, end, h);
      if (bad !== undefined) return bad;
      const type = this.#types.at(buf, h.typeStart, h.typeEnd);
      if (event.count === 0) {
        event.sec = h.sec;
        event.milli = h.milli;
        event.serial = h.serial;
        event.node = h.nodeStart < 0 ? undefined : latinOrUtf8(buf, h.nodeStart, h.nodeEnd);
      }
      event.push(buf, start, end, type, MAY_BE_ENRICHED | MAY_HAVE_CONTROLS | MAY_BE_NON_ASCII);
    }
    if (event.count === 0) return undefined;
    event.complete = complete;
    event.slot = this.#freeSlots.length > 0 ? popMin(this.#freeSlots) : this.#nextSlot++;
    this.#push(event);
    return undefined;
  }

  /** Completes every open event (end of the last input) and hands them out. */
  finish(emit: (event: GroupedEvent) => void): void {
    this.#drain(Infinity, emit);
  }

  /** The events still open, in time order (for checkpoints). */
  openEvents(): GroupedEvent[] {
    const open = this.#queue.slice(this.#head, this.#tail) as GroupedEvent[];
    if (this.#late.length === 0) return open;
    return [...open, ...this.#late].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  #drain(upTo: number, emit: (event: GroupedEvent) => void): void {
    const queue = this.#queue;
    const late = this.#late;
    for (;;) {
      let top = this.#head < this.#tail ? queue[this.#head]! : undefined;
      const fromLate = late.length > 0 && (top === undefined || before(late[0]!, top));
      if (fromLate) top = late[0]!;
      if (top === undefined || (!top.complete && top.sec > upTo)) break;
      if (fromLate) this.#lateRemove();
      else queue[this.#head++] = undefined;
      if (top === this.#prev) this.#prev = undefined;
      pushMin(this.#freeSlots, top.slot);
      emit(top);
      if (this.#recycle) {
        top.reset();
        this.#spare.push(top);
      }
    }
    // Move the events to the front now and then.
    if (this.#head === this.#tail) this.#head = this.#tail = 0;
    else if (this.#head >= 4096 && 2 * this.#head >= this.#tail) {
      queue.copyWithin(0, this.#head, this.#tail);
      queue.fill(undefined, this.#tail - this.#head, this.#tail);
      this.#tail -= this.#head;
      this.#head = 0;
    }
  }

  /** Index of the first open event not before `sec.milli:serial` (the queue's end when none). */
  #firstAt(sec: number, milli: number, serial: number): number {
    const queue = this.#queue;
    let hi = this.#tail;
    let lo = this.#head;
    if (lo === hi || earlier(queue[hi - 1]!, sec, milli, serial)) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (earlier(queue[mid]!, sec, milli, serial)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #push(e: GroupedEvent): void {
    const queue = this.#queue;
    const tail = this.#tail;
    if (tail > this.#head && before(e, queue[tail - 1]!)) {
      this.#lateAdd(e);
      return;
    }
    if (tail === queue.length) queue.push(e);
    else queue[tail] = e;
    this.#tail = tail + 1;
  }

  /** Adds `e` to the late events. */
  #lateAdd(e: GroupedEvent): void {
    const list = this.#lateBySerial.get(e.serial);
    if (list === undefined) this.#lateBySerial.set(e.serial, [e]);
    else list.push(e);
    const heap = this.#late;
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = e;
  }

  /** Removes the earliest late event. */
  #lateRemove(): void {
    const heap = this.#late;
    const top = heap[0]!;
    const list = this.#lateBySerial.get(top.serial)!;
    if (list.length === 1) this.#lateBySerial.delete(top.serial);
    else list.splice(list.indexOf(top), 1);
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const m = r < heap.length && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[m]!, last)) break;
      heap[i] = heap[m]!;
      i = m;
    }
    heap[i] = last;
  }
}
