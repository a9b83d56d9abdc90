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
import { NO_HEADER, NO_NODE_RECORD, parseStamp, type Stamp, TypeTable } from "./header.ts";

export { headerProblem } from "./header.ts";

/** A line whose header could not be read. */
export interface BadHeader {
  /** Why. */
  readonly reason: string;
}

class OpenEvent implements SearchEvent {
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
  readonly node: string | undefined;
  /** Its lines as `text, start, end` triples (sliced when needed). */
  readonly refs: (string | number)[];
  /** The `msg=audit(…):` token of its first line (to spot its next lines). */
  readonly stamp: string;
  /** Bits of the caller's raw-text tests that some line passed. */
  hits: number;
  /** {@linkcode MAY_BE_ENRICHED} and {@linkcode MAY_HAVE_CONTROLS} of its lines. */
  flags: number;
  complete: boolean;
  /**
   * ausearch's array slot (the first free one): ties between split events go
   * to the lower slot, as ausearch's scan finds it first.
   */
  readonly slot: number;
  /** Next event with the same serial (rare). */
  chain: OpenEvent | undefined;
  readonly #types: TypeTable;
  #records: SearchRecord[] | undefined;

  constructor(
    sec: number,
    milli: number,
    serial: number,
    node: string | undefined,
    refs: (string | number)[],
    stamp: string,
    slot: number,
    types: TypeTable,
  ) {
    this.sec = sec;
    this.milli = milli;
    this.serial = serial;
    this.node = node;
    this.refs = refs;
    this.stamp = stamp;
    this.hits = 0;
    this.flags = 0;
    this.complete = false;
    this.slot = slot;
    this.chain = undefined;
    this.#types = types;
  }

  get records(): readonly SearchRecord[] {
    if (this.#records === undefined) {
      const records: SearchRecord[] = [];
      const refs = this.refs;
      for (let i = 0; i < refs.length; i += 3) {
        const text = refs[i] as string;
        const start = refs[i + 1] as number;
        const end = refs[i + 2] as number;
        const line = start === 0 && end === text.length ? text : text.slice(start, end);
        const sep = this.flags & MAY_BE_ENRICHED ? line.indexOf("\x1d") : -1;
        records.push({ line, type: this.#types.of(line), mlen: sep < 0 ? line.length : sep });
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
}

const EOE = 1320;

/** A line may hold the ENRICHED separator `\x1d` (look for it). */
export const MAY_BE_ENRICHED = 1;
/** A line may hold control characters (escape it for output). */
export const MAY_HAVE_CONTROLS = 2;

function before(a: OpenEvent, b: OpenEvent): boolean {
  if (a.sec !== b.sec) return a.sec < b.sec;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.serial !== b.serial) return a.serial < b.serial;
  return a.slot < b.slot;
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
  readonly #bySerial = new Map<number, OpenEvent>();
  readonly #heap: OpenEvent[] = [];
  readonly #freeSlots: number[] = [];
  #prev: OpenEvent | undefined;
  readonly #st: Stamp = { sec: 0, milli: 0, serial: 0 };
  #nextSlot = 0;
  /** Records dropped by the time range. */
  outOfRange = 0;

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
  }

  /** How many events are open. */
  get size(): number {
    return this.#heap.length;
  }

  /**
   * Adds a line; complete events go to `emit` in time order.
   *
   * @returns A {@linkcode BadHeader} when the line has no readable header
   * (ausearch skips such lines silently), else `undefined`.
   */
  add(line: string, emit: (event: SearchEvent) => void): BadHeader | undefined {
    return this.addAt(line, 0, line.length, 0, emit);
  }

  /** `flags` for the next {@linkcode addAt} calls (default: both). */
  lineFlags: number = MAY_BE_ENRICHED | MAY_HAVE_CONTROLS;

  /**
   * Adds the line `text[start..end)` without copying the text around it
   * first; `hits` are bits the caller sets for raw-text tests the line
   * passed (see {@linkcode SearchEvent}'s `hits`).
   *
   * @returns A {@linkcode BadHeader} when the line has no readable header.
   */
  addAt(
    text: string,
    start: number,
    end: number,
    hits: number,
    emit: (event: SearchEvent) => void,
  ): BadHeader | undefined {
    let p = start;
    let node: string | undefined;
    if (text.charCodeAt(p) === 110) {
      const sp = text.indexOf(" ", p);
      if (sp < 0 || sp >= end) return NO_NODE_RECORD;
      node = text.slice(p + 5, sp);
      p = sp + 1;
      while (text.charCodeAt(p) === 32) p++;
    }
    const typeEnd = text.indexOf(" ", p);
    if (typeEnd < 0 || typeEnd >= end) return NO_HEADER;
    let msg = typeEnd + 1;
    while (text.charCodeAt(msg) === 32) msg++;
    let tokenEnd = text.indexOf(" ", msg);
    if (tokenEnd < 0 || tokenEnd > end) tokenEnd = end;
    if (tokenEnd - msg <= 18) return NO_HEADER;
    // Most lines continue the event of the line before.
    const prev = this.#prev;
    if (
      prev !== undefined && prev.node === node && tokenEnd - msg === prev.stamp.length &&
      text.startsWith(prev.stamp, msg) && (!prev.complete || !this.#ausearch)
    ) {
      prev.refs.push(text, start, end);
      prev.hits |= hits;
      prev.flags |= this.lineFlags;
      return undefined;
    }
    this.#prev = undefined;
    const st = this.#st;
    const bad = parseStamp(text, msg, tokenEnd, st);
    if (bad !== undefined) return bad;
    const { sec, milli, serial } = st;
    if (
      (this.#start !== undefined && sec < this.#start) ||
      (this.#end !== undefined && sec > this.#end)
    ) {
      this.outOfRange++;
      return undefined;
    }
    for (let e = this.#bySerial.get(serial); e !== undefined; e = e.chain) {
      if (e.sec === sec && e.milli === milli && e.node === node) {
        if (!e.complete || !this.#ausearch) {
          e.refs.push(text, start, end);
          e.hits |= hits;
          e.flags |= this.lineFlags;
          this.#prev = e;
          return undefined;
        }
      }
    }
    const type = this.#types.at(text, p, typeEnd);
    if (type === EOE) return undefined;
    const event = new OpenEvent(
      sec,
      milli,
      serial,
      node,
      [text, start, end],
      text.slice(msg, tokenEnd),
      this.#freeSlots.length > 0 ? popMin(this.#freeSlots) : this.#nextSlot++,
      this.#types,
    );
    event.hits = hits;
    event.flags = this.lineFlags;
    event.complete = singleByType(type, this.#ausearch);
    event.chain = this.#bySerial.get(serial);
    this.#bySerial.set(serial, event);
    this.#push(event);
    this.#prev = event;
    this.#drain(sec - this.#timeout, emit);
    return undefined;
  }

  /** Completes every open event (end of the last input) and hands them out. */
  finish(emit: (event: SearchEvent) => void): void {
    this.#drain(Infinity, emit);
  }

  /** The events still open, in time order (for checkpoints). */
  openEvents(): SearchEvent[] {
    return [...this.#heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  #drain(upTo: number, emit: (event: SearchEvent) => void): void {
    const heap = this.#heap;
    while (heap.length > 0) {
      const top = heap[0]!;
      if (!top.complete && top.sec > upTo) return;
      this.#pop();
      this.#forget(top);
      if (top === this.#prev) this.#prev = undefined;
      pushMin(this.#freeSlots, top.slot);
      emit(top);
    }
  }

  #forget(e: OpenEvent): void {
    let head = this.#bySerial.get(e.serial);
    if (head === e) {
      if (e.chain === undefined) this.#bySerial.delete(e.serial);
      else this.#bySerial.set(e.serial, e.chain);
      return;
    }
    while (head !== undefined && head.chain !== e) head = head.chain;
    if (head !== undefined) head.chain = e.chain;
  }

  #push(e: OpenEvent): void {
    const heap = this.#heap;
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

  #pop(): void {
    const heap = this.#heap;
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
