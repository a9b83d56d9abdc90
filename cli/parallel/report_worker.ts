/**
 * Worker for parallel `libaudit report`: reads the second half of a log
 * (after a window before it) as interpret/report/shard.ts role 1, and posts
 * the result back.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { ShardRun } from "../../interpret/report/shard.ts";
import { interfaceNames } from "../host/interfaces.ts";
import { passwdLookup, readRange, type ShardAnswer, type ShardTask } from "./report_shards.ts";

self.onmessage = (e: MessageEvent<ShardTask>) => {
  const t = e.data;
  try {
    const file = Deno.openSync(t.path);
    try {
      const shard = new ShardRun(t.config, passwdLookup(), t.eoeTimeout, 1, interfaceNames());
      readRange(file, t.from, t.boundary, (text) => shard.text(text));
      const windowLines = shard.lines;
      shard.boundary();
      readRange(file, t.boundary, Infinity, (text) => shard.text(text));
      const answer: ShardAnswer = {
        result: shard.finish(true),
        windowLines,
        finishedAt: performance.timeOrigin + performance.now(),
      };
      self.postMessage(answer);
    } finally {
      file.close();
    }
  } catch (error) {
    self.postMessage({ error: String(error) } satisfies ShardAnswer);
  }
};
