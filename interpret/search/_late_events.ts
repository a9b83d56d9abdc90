/**
 * The event grouper's open events that came before the last one opened
 * (another node's lagging clock, a log written out of order): a heap in
 * time order, and a map by serial.
 *
 * @module
 */
import type { GroupedEvent } from "./grouped_event.ts";

/** Whether `a` goes out before `b`: by time, serial, then ausearch's slot. */
export function before(a: GroupedEvent, b: GroupedEvent): boolean {
  if (a.sec !== b.sec) return a.sec < b.sec;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.serial !== b.serial) return a.serial < b.serial;
  return a.slot < b.slot;
}

/** Open events out of order: a heap by {@linkcode before} and lists by serial. */
export class LateEvents {
  /** The events, a heap by {@linkcode before} (the first is the earliest). */
  readonly heap: GroupedEvent[] = [];
  /** The events by serial. */
  readonly bySerial: Map<number, GroupedEvent[]> = new Map();

  /** How many there are. */
  get length(): number {
    return this.heap.length;
  }

  /** Adds `e` to the late events. */
  add(e: GroupedEvent): void {
    const list = this.bySerial.get(e.serial);
    if (list === undefined) this.bySerial.set(e.serial, [e]);
    else list.push(e);
    const heap = this.heap;
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
  removeFirst(): void {
    const heap = this.heap;
    const top = heap[0]!;
    const list = this.bySerial.get(top.serial)!;
    if (list.length === 1) this.bySerial.delete(top.serial);
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
