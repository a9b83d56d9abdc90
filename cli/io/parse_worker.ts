/**
 * Worker for parallel `libaudit parse`: runs {@linkcode createSegmentRunner}
 * on the segments the main thread sends and posts the results back.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { SegmentResult, SegmentTask, WorkerSetup, WorkerStart } from "./parallel.ts";
import { loadYaml } from "./output.ts";
import { createSegmentRunner } from "./segment_run.ts";

let run: ((task: SegmentTask) => SegmentResult) | undefined;
let start: WorkerStart | undefined;

self.onmessage = async (e: MessageEvent<{ setup: WorkerSetup } | WorkerStart | SegmentTask>) => {
  const data = e.data;
  if ("done" in data) {
    start = data;
    return;
  }
  if ("setup" in data) {
    try {
      if (data.setup.format === "yaml") await loadYaml();
      run = createSegmentRunner(data.setup);
      self.postMessage({ ready: true });
    } catch (error) {
      self.postMessage({ ready: false, error: String(error) });
    }
    return;
  }
  if (run === undefined) return;
  const result = run(data);
  self.postMessage(result, result.output.map((p) => p.buffer as ArrayBuffer));
  // After the post: when the main thread sees the count, the result is on its way.
  if (start !== undefined) Atomics.add(start.done, start.index, 1);
};
