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
import { CLines } from "./c_lines.ts";
import { FreeSlots } from "../_free_slots.ts";
import { latinOrUtf8, newHeader, readHeader, TypeTable } from "./header.ts";
import { GroupedEvent, plainHead } from "./grouped_event.ts";
import { before, LateEvents } from "./_late_events.ts";
import { LineIndex, MAY_BE_ENRICHED, MAY_BE_NON_ASCII, MAY_HAVE_CONTROLS } from "./line_flags.ts";
import { AUDIT_EOE as EOE } from "../../parse/tables/record_type_constants.ts";

export { headerProblem } from "./header.ts";

const ENCODER = new TextEncoder();

/** A line whose header could not be read. */
export interface BadHeader {
  /** Why. */
  readonly reason: string;
}

/** A line that starts with a NUL byte (ausearch reads it as empty). */
export const NUL_LINE: BadHeader = { reason: "starts with a NUL byte" };

/** What {@linkcode EventGrouper.addBytes} returns for a line refused by `stopOnTie`. */
export const TIED: BadHeader = { reason: "an open event has the same time and serial" };

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

/** Whether `e` is before the time and serial `sec.milli:serial`. */
function earlier(e: GroupedEvent, sec: number, milli: number, serial: number): boolean {
  if (e.sec !== sec) return e.sec < sec;
  if (e.milli !== milli) return e.milli < milli;
  return e.serial < serial;
}

/** Where the line `buf[start..end)` with `flags` ends its message: its first `\x1d`, or `end`. */
function messageEnd(buf: Uint8Array, start: number, end: number, flags: number): number {
  if ((flags & MAY_BE_ENRICHED) === 0) return end;
  const sep = buf.indexOf(0x1d, start);
  return sep < 0 || sep >= end ? end : sep;
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
  readonly #late = new LateEvents();
  readonly #freeSlots = new FreeSlots();
  readonly #spare: GroupedEvent[] = [];
  /** Buffers of events handed out without `recycle` (their holders may keep them). */
  readonly #kept = new Set<ArrayBufferLike>();
  #prev: GroupedEvent | undefined;
  readonly #index = new LineIndex();
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
    // Asked once per read: the open events are looked at then (no count per event).
    const queue = this.#queue;
    for (let i = this.#head; i < this.#tail; i++) if (queue[i]!.holdsBuffer(buffer)) return true;
    for (const e of this.#late.heap) if (e.holdsBuffer(buffer)) return true;
    return this.#kept.has(buffer);
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

  /** What the next {@linkcode addBytes} lines may hold (default: anything; see {@linkcode LineIndex}). */
  lineFlags: number = MAY_BE_ENRICHED | MAY_HAVE_CONTROLS | MAY_BE_NON_ASCII;

  /**
   * Adds the lines of `buf`, a run of whole lines read at once (the last may
   * lack its `\n`), with {@linkcode lineFlags} found from the run once
   * (`controls`: whether the output escapes control characters). A line
   * refused gets `refused(n, at, problem)` (`n`: its index in the run from 0,
   * `at`: its offset); when that returns true the run stops before it.
   *
   * @returns The lines read (empty ones too).
   */
  addRun(
    buf: Uint8Array,
    emit: (event: GroupedEvent) => void,
    controls: boolean,
    refused?: (n: number, at: number, problem: BadHeader) => boolean,
  ): number {
    const index = this.#index;
    const flags = index.scan(buf);
    this.lineFlags = flags | (controls ? 0 : MAY_HAVE_CONTROLS);
    if ((flags & MAY_HAVE_CONTROLS) === 0) {
      // No NUL byte: each line ends at its `\n`.
      const ends = index.ends;
      const count = index.count;
      // Each line's first separator, if any, from the run's (in order).
      const seps = index.seps;
      const sepCount = index.sepCount;
      let s = 0;
      let start = 0;
      let n = 0;
      for (; n <= count; n++) {
        const end = n < count ? ends[n]! : buf.length;
        if (end === start && n === count) break;
        if (end > start) {
          while (s < sepCount && seps[s]! < start) s++;
          const mend = s < sepCount && seps[s]! < end ? seps[s]! : end;
          const problem = this.addBytes(buf, start, end, emit, mend);
          if (problem !== undefined && refused?.(n, start, problem)) return n;
        }
        start = end + 1;
      }
      return n;
    }
    // ausearch's lines are C strings: a NUL byte (a control) ends one.
    const lines = new CLines(buf, true);
    let n = 0;
    for (; lines.next(); n++) {
      const { start, last } = lines;
      if (last > start) {
        const problem = this.addBytes(buf, start, last, emit);
        if (problem !== undefined && refused?.(n, start, problem)) return n;
      } else if (last < lines.end && refused?.(n, start, NUL_LINE)) return n;
    }
    return n;
  }

  /**
   * Adds the line `buf[start..end)` without copying it: the event keeps a
   * reference to `buf`, which must not change afterwards. The bytes after
   * the line must be whole lines (ausearch's header searches may look past a
   * malformed token). `mend` is where its message ends (its first `\x1d`,
   * or `end`; found from {@linkcode lineFlags} when not given).
   *
   * @returns A {@linkcode BadHeader} when the line has no readable header.
   */
  addBytes(
    buf: Uint8Array,
    start: number,
    end: number,
    emit: (event: GroupedEvent) => void,
    mend: number = messageEnd(buf, start, end, this.lineFlags),
  ): BadHeader | undefined {
    const h = this.#h;
    const bad = readHeader(buf, start, end, h, (this.lineFlags & MAY_BE_NON_ASCII) === 0);
    if (bad !== undefined) return bad;
    const node = h.nodeStart < 0 ? undefined : latinOrUtf8(buf, h.nodeStart, h.nodeEnd);
    const { sec, milli, serial } = h;
    const type = this.#types.at(buf, h.typeStart, h.typeEnd);
    const head = plainHead(h, start, mend);
    // Most lines continue the event of the line before.
    const prev = this.#prev;
    if (
      prev !== undefined && prev.serial === serial && prev.sec === sec && prev.milli === milli &&
      prev.node === node && (!prev.complete || !this.#ausearch)
    ) {
      prev.push(buf, start, end, type, this.lineFlags, mend, head);
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
        e.push(buf, start, end, type, this.lineFlags, mend, head);
        this.#prev = e;
        return undefined;
      }
    }
    const late = this.#late.length > 0 ? this.#late.bySerial.get(serial) : undefined;
    if (late !== undefined) {
      for (const e of late) {
        if (e.sec === sec && e.milli === milli && e.node === node) {
          if (!e.complete || !this.#ausearch) {
            e.push(buf, start, end, type, this.lineFlags, mend, head);
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
    const event = this.#spare.pop() ?? new GroupedEvent();
    event.sec = sec;
    event.milli = milli;
    event.serial = serial;
    event.serialText = h.serialText;
    event.node = node;
    event.slot = this.#freeSlots.size > 0 ? this.#freeSlots.take() : this.#nextSlot++;
    event.push(buf, start, end, type, this.lineFlags, mend, head);
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
    const event = new GroupedEvent();
    for (const { buf, start, end } of lines) {
      const bad = readHeader(buf, start, end, h);
      if (bad !== undefined) return bad;
      const type = this.#types.at(buf, h.typeStart, h.typeEnd);
      if (event.count === 0) {
        event.sec = h.sec;
        event.milli = h.milli;
        event.serial = h.serial;
        event.serialText = h.serialText;
        event.node = h.nodeStart < 0 ? undefined : latinOrUtf8(buf, h.nodeStart, h.nodeEnd);
      }
      const any = MAY_BE_ENRICHED | MAY_HAVE_CONTROLS | MAY_BE_NON_ASCII;
      event.push(buf, start, end, type, any, messageEnd(buf, start, end, any));
    }
    if (event.count === 0) return undefined;
    event.complete = complete;
    event.slot = this.#freeSlots.size > 0 ? this.#freeSlots.take() : this.#nextSlot++;
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
    return [...open, ...this.#late.heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  #drain(upTo: number, emit: (event: GroupedEvent) => void): void {
    const queue = this.#queue;
    const late = this.#late.heap;
    for (;;) {
      let top = this.#head < this.#tail ? queue[this.#head]! : undefined;
      const fromLate = late.length > 0 && (top === undefined || before(late[0]!, top));
      if (fromLate) top = late[0]!;
      if (top === undefined || (!top.complete && top.sec > upTo)) break;
      if (fromLate) this.#late.removeFirst();
      else queue[this.#head++] = undefined;
      // Always stored (a store first made after the loop was compiled deoptimized it).
      this.#prev = top === this.#prev ? undefined : this.#prev;
      this.#freeSlots.add(top.slot);
      emit(top);
      if (this.#recycle) {
        top.reset();
        this.#spare.push(top);
      } else this.#keepBuffers(top);
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

  /** Counts `e`'s buffers as held for good (an event handed out without `recycle`). */
  #keepBuffers(e: GroupedEvent): void {
    for (const ab of e.heldBuffers()) this.#kept.add(ab);
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
      this.#late.add(e);
      return;
    }
    if (tail === queue.length) queue.push(e);
    else queue[tail] = e;
    this.#tail = tail + 1;
  }
}
