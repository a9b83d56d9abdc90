/**
 * Worker for parallel `libaudit search`: takes the next byte range of the
 * plan from a shared counter, runs it (`search_range.ts`) and posts the
 * result back; it waits while the results not yet written fill the window
 * the main thread allows.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { idTables, textFormat } from "./search_emit.ts";
import { SearchRangeRunner } from "./search_range.ts";
import type { SearchWorkerAnswer, SearchWorkerPlan } from "./search_threads.ts";

self.onmessage = async (e: MessageEvent<SearchWorkerPlan>) => {
  try {
    const { setup, chunks, control, ahead, warmup } = e.data;
    const ids = idTables();
    const runner = new SearchRangeRunner(setup, ids, await textFormat(setup.options, ids));
    while (true) {
      const index = Atomics.add(control, 0, 1);
      if (index >= chunks.length) return;
      for (let written = Atomics.load(control, 1); index >= written + ahead;) {
        const wait = Atomics.waitAsync(control, 1, written);
        if (wait.async) await wait.value;
        written = Atomics.load(control, 1);
      }
      const chunk = chunks[index]!;
      const result = await runner.run({ chunk, warmup: chunk.first ? 0 : warmup });
      self.postMessage(
        { result } satisfies SearchWorkerAnswer,
        result.output.map((p) => p.buffer as ArrayBuffer),
      );
    }
  } catch (error) {
    self.postMessage({ error: String(error) } satisfies SearchWorkerAnswer);
  }
};
