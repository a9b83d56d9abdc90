/**
 * Worker for parallel `libaudit parse`: runs {@linkcode createSegmentRunner}
 * on the segments the main thread sends and posts the results back.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { SegmentResult, SegmentTask, WorkerSetup } from "./parallel.ts";
import { loadYaml } from "./output.ts";
import { createSegmentRunner } from "./segment_run.ts";

let run: ((task: SegmentTask) => SegmentResult) | undefined;

self.onmessage = async (e: MessageEvent<{ setup: WorkerSetup } | SegmentTask>) => {
  const data = e.data;
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
};
