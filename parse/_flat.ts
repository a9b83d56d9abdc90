/**
 * Flat copies of slices, for strings that go to `JSON.stringify`.
 *
 * Module-private.
 *
 * @module
 */

/** Shortest slice V8 keeps as a view into its parent string (`SlicedString`). */
const SLICED_MIN = 13;
const halves: string[] = ["", ""];

/**
 * `text.slice(start, end)` as a flat string: V8's fast `JSON.stringify` path
 * leaves for its slow one at the first sliced (or concatenated) string, and a
 * slice of 13 or more characters is a view into `text`; `join` copies it.
 */
export function flatSlice(text: string, start: number, end: number): string {
  if (end - start < SLICED_MIN) return text.slice(start, end);
  halves[0] = text.slice(start, start + 1);
  halves[1] = text.slice(start + 1, end);
  return halves.join("");
}

/**
 * A flat copy of `text`: also for strings kept long (cache entries), which
 * must not hold on to the log line they were sliced from.
 */
export function flat(text: string): string {
  return flatSlice(text, 0, text.length);
}
