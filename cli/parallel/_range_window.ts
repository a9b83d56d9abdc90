/**
 * The loop a range worker runs (`parse_worker.ts`, `search_worker.ts`): take
 * the next range from a counter shared with the other threads, wait while
 * it would run too far ahead of the ranges the main thread has written, run
 * it and post its result, its output buffers transferred. A range proxy
 * (`range_proxy.ts`) takes its ranges the same way.
 *
 * Module-private.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { Chunk, RangeWindow } from "./chunk_plan.ts";

/**
 * Takes the next range of `window` from the shared counter and waits
 * (letting other messages in) until the window allows running it; returns
 * its index, or undefined when none is left.
 */
export async function takeRange(window: RangeWindow): Promise<number | undefined> {
  const { chunks, control, ahead } = window;
  const index = Atomics.add(control, 0, 1);
  if (index >= chunks.length) return undefined;
  for (let written = Atomics.load(control, 1); index >= written + ahead;) {
    const wait = Atomics.waitAsync(control, 1, written);
    if (wait.async) await wait.value;
    written = Atomics.load(control, 1);
  }
  return index;
}

/**
 * Runs ranges of `window` until none is left: `run` gets each range, the
 * result is posted as `{ result }` with its `output` buffers transferred,
 * then `after` (if given) runs before the next range is taken.
 */
export async function runRanges<R extends { readonly output: readonly Uint8Array[] }>(
  window: RangeWindow,
  run: (chunk: Chunk) => R | Promise<R>,
  after?: () => Promise<void>,
): Promise<void> {
  for (let index; (index = await takeRange(window)) !== undefined;) {
    const result = await run(window.chunks[index]!);
    self.postMessage({ result }, result.output.map((p) => p.buffer as ArrayBuffer));
    if (after !== undefined) await after();
  }
}
