/**
 * Worker for parallel `libaudit search`: takes the next byte range of the
 * plan from a shared counter, runs it (`search_range.ts`) and posts the
 * result back; it waits while the results not yet written fill the window
 * the main thread allows.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { idTables, textFormat } from "../io/search_emit.ts";
import { SearchRangeRunner } from "./search_range.ts";
import { runRanges } from "./_range_window.ts";
import type { SearchWorkerAnswer, SearchWorkerPlan } from "./search_threads.ts";

self.onmessage = async (e: MessageEvent<SearchWorkerPlan>) => {
  try {
    const { setup, warmup } = e.data;
    const ids = idTables();
    const runner = new SearchRangeRunner(setup, ids, await textFormat(setup.options, ids));
    await runRanges(e.data, (chunk) => runner.run({ chunk, warmup: chunk.first ? 0 : warmup }));
  } catch (error) {
    self.postMessage({ error: String(error) } satisfies SearchWorkerAnswer);
  }
};
