/**
 * Worker for parallel `libaudit parse`: takes the next byte range of the
 * plan from a shared counter (so it never waits for the main thread to hand
 * one out), runs it (`range_run.ts`) and posts the result back; it waits
 * while the results not yet written fill the window the main thread allows.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { WorkerAnswer, WorkerPlan } from "./parallel.ts";
import { loadYaml } from "../io/output.ts";
import { BufferPool } from "./_collector.ts";
import { runRanges } from "./_range_window.ts";
import { EventTurn } from "./_event_turn.ts";
import {
  createRangeRunner,
  type RangeResult,
  type RangeSetup,
  type RangeTask,
} from "./range_run.ts";

let ready: Promise<(task: RangeTask) => RangeResult> | undefined;
const pool = new BufferPool();

self.onmessage = async (
  e: MessageEvent<{ setup: RangeSetup } | { recycle: Uint8Array[] } | WorkerPlan>,
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
    return;
  }
  try {
    const run = await ready!;
    const { warmup } = data;
    const bytes = (first: boolean): number => first ? 0 : Atomics.load(warmup, 0);
    // Between ranges, the main thread's recycled buffers come in.
    const turn = new EventTurn();
    try {
      await runRanges(
        data,
        (chunk) => run({ chunk, warmup: bytes(chunk.first) }),
        () => turn.next(),
      );
    } finally {
      turn.close();
    }
  } catch (error) {
    self.postMessage({ error: String(error) } satisfies WorkerAnswer);
  }
};
