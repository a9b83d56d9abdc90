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

/** A line whose header could not be read. */
export interface BadHeader {
  /** Why. */
  readonly reason: string;
}

interface OpenEvent extends SearchEvent {
  readonly records: SearchRecord[];
  complete: boolean;
  /** Type of the first record. */
  readonly type: number;
  /**
   * ausearch's array slot (the first free one): ties between split events go
   * to the lower slot, as ausearch's scan finds it first.
   */
  readonly slot: number;
  /** Next event with the same serial (rare). */
  chain: OpenEvent | undefined;
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

function digits(line: string, i: number, end: number): number {
  let v = 0;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + c - 48;
  }
  return v;
}

function pushMin(heap: number[], v: number): void {
  let i = heap.length;
  heap.push(v);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= v) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = v;
}

function popMin(heap: number[]): number {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const m = l + 1 < heap.length && heap[l + 1]! < heap[l]! ? l + 1 : l;
    if (heap[m]! >= last) break;
    heap[i] = heap[m]!;
    i = m;
  }
  heap[i] = last;
  return top;
}

/** Groups lines into events (see the module docs). */
export class EventGrouper {
  readonly #timeout: number;
  readonly #start: number | undefined;
  readonly #end: number | undefined;
  readonly #typeNumber: (name: string) => number | undefined;
  readonly #ausearch: boolean;
  readonly #bySerial = new Map<number, OpenEvent>();
  readonly #heap: OpenEvent[] = [];
  readonly #types = new Map<string, number>();
  readonly #freeSlots: number[] = [];
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
    this.#typeNumber = options.typeNumber;
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
    let p = 0;
    let node: string | undefined;
    if (line.charCodeAt(0) === 110) {
      const sp = line.indexOf(" ");
      if (sp < 0) return { reason: "no record after node=" };
      node = line.slice(5, sp);
      p = sp + 1;
      while (line.charCodeAt(p) === 32) p++;
    }
    const typeEnd = line.indexOf(" ", p);
    if (typeEnd < 0) return { reason: "no msg=audit(...) header" };
    let msg = typeEnd + 1;
    while (line.charCodeAt(msg) === 32) msg++;
    let tokenEnd = line.indexOf(" ", msg);
    if (tokenEnd < 0) tokenEnd = line.length;
    if (tokenEnd - msg <= 18) return { reason: "no msg=audit(...) header" };
    let open = msg + 9;
    if (line.charCodeAt(open) !== 40) {
      open = line.indexOf("(", msg);
      if (open < 0 || open >= tokenEnd) return { reason: "no msg=audit(...) header" };
    }
    let close = line.indexOf(")", open);
    if (close < 0) close = line.length;
    const dot = line.indexOf(".", open);
    const colon = line.indexOf(":", open);
    const sec = digits(line, open + 1, close);
    const milli = dot >= 0 && dot < close ? digits(line, dot + 1, close) : 0;
    const serial = colon >= 0 && colon < close ? digits(line, colon + 1, close) : 0;
    if (milli > 999 || !(line.charCodeAt(open + 1) >= 48 && line.charCodeAt(open + 1) <= 57)) {
      return { reason: `Error extracting time stamp (${line.slice(open + 1, close)})` };
    }
    if (
      (this.#start !== undefined && sec < this.#start) ||
      (this.#end !== undefined && sec > this.#end)
    ) {
      this.outOfRange++;
      return undefined;
    }
    const typeName = line.slice(p + 5, typeEnd);
    let type = this.#types.get(typeName);
    if (type === undefined) {
      type = this.#typeNumber(typeName) ?? -1;
      this.#types.set(typeName, type);
    }
    const sep = line.indexOf("\x1d", close);
    const record: SearchRecord = { line, type, mlen: sep < 0 ? line.length : sep };
    for (let e = this.#bySerial.get(serial); e !== undefined; e = e.chain) {
      if (e.sec === sec && e.milli === milli && e.node === node) {
        if (!e.complete || !this.#ausearch) {
          e.records.push(record);
          return undefined;
        }
      }
    }
    if (type === EOE) return undefined;
    const event: OpenEvent = {
      sec,
      milli,
      serial,
      node,
      records: [record],
      complete: singleByType(type, this.#ausearch),
      type,
      slot: this.#freeSlots.length > 0 ? popMin(this.#freeSlots) : this.#nextSlot++,
      chain: this.#bySerial.get(serial),
    };
    this.#bySerial.set(serial, event);
    this.#push(event);
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
