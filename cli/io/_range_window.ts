/**
 * The loop a range worker runs (`parse_worker.ts`, `search_worker.ts`): take
 * the next range from a counter shared with the other threads, wait while
 * it would run too far ahead of the ranges the main thread has written, run
 * it and post its result, its output buffers transferred.
 *
 * Module-private.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { Chunk, RangeWindow } from "./chunk_plan.ts";

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
  const { chunks, control, ahead } = window;
  while (true) {
    const index = Atomics.add(control, 0, 1);
    if (index >= chunks.length) return;
    // Wait (letting other messages in) while the window is full.
    for (let written = Atomics.load(control, 1); index >= written + ahead;) {
      const wait = Atomics.waitAsync(control, 1, written);
      if (wait.async) await wait.value;
      written = Atomics.load(control, 1);
    }
    const result = await run(chunks[index]!);
    self.postMessage({ result }, result.output.map((p) => p.buffer as ArrayBuffer));
    if (after !== undefined) await after();
  }
}
