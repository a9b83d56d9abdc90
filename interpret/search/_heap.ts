/**
 * A binary min-heap of numbers (free slots of the event grouper).
 *
 * @module
 */

/** Pushes `v`. */
export function pushMin(heap: number[], v: number): void {
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

/** Pops the least value (the heap must not be empty). */
export function popMin(heap: number[]): number {
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
