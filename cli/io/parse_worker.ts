/**
 * Worker for parallel `libaudit parse`: runs the byte ranges the main
 * thread sends (`range_run.ts`) and posts the results back.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { WorkerAnswer } from "./parallel.ts";
import { loadYaml } from "./output.ts";
import { BufferPool } from "./_collector.ts";
import {
  createRangeRunner,
  type RangeResult,
  type RangeSetup,
  type RangeTask,
} from "./range_run.ts";

let ready: Promise<(task: RangeTask) => RangeResult> | undefined;
const pool = new BufferPool();

self.onmessage = async (
  e: MessageEvent<{ setup: RangeSetup } | { recycle: Uint8Array[] } | RangeTask>,
) => {
  const data = e.data;
  if ("recycle" in data) {
    pool.give(data.recycle);
    return;
  }
  if ("setup" in data) {
    const setup = data.setup;
    ready = (async () => {
      if (setup.format === "yaml") await loadYaml();
      return createRangeRunner(setup, pool);
    })();
    try {
      await ready;
      self.postMessage({ ready: true } satisfies WorkerAnswer);
    } catch (error) {
      self.postMessage({ error: String(error) } satisfies WorkerAnswer);
    }
    return;
  }
  try {
    const run = await ready!;
    const result = run(data);
    self.postMessage(
      { result } satisfies WorkerAnswer,
      [
        ...result.output.map((p) => p.buffer as ArrayBuffer),
        result.tracked.seqs.buffer as ArrayBuffer,
        result.tracked.codes.buffer as ArrayBuffer,
        result.serials.buffer as ArrayBuffer,
      ],
    );
  } catch (error) {
    self.postMessage({ error: String(error) } satisfies WorkerAnswer);
  }
};
