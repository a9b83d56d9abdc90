// A range's serial log (runs of serials and restarts) replays into the loss
// tracker the calls one thread's reassembler would have made, in order, when
// replayed in parts (up to each warning's place) or at once.
import assert from "node:assert/strict";
import { SerialReplay } from "../../cli/parallel/_serial_replay.ts";

function recorder(): { calls: string[]; tracker: ConstructorParameters<typeof SerialReplay>[0] } {
  const calls: string[] = [];
  return {
    calls,
    tracker: {
      trackSerial: (node, seq) => void calls.push(`${node ?? "-"}:${seq}`),
      trackRestart: (node) => void calls.push(`${node ?? "-"}:restart`),
    },
  };
}

const log = {
  // node 0 (local) 10-13, node 1 ("b") 7, a restart of node 0, node 0 1-2
  runs: [0, 10, 4, 2, 7, 1, 1, 0, 1, 0, 1, 2],
  nodes: [undefined, "b"],
  count: 8,
};
const expected = ["-:10", "-:11", "-:12", "-:13", "b:7", "-:restart", "-:1", "-:2"];

Deno.test("serial replay: all at once", () => {
  const { calls, tracker } = recorder();
  new SerialReplay(tracker, log).to(log.count);
  assert.deepEqual(calls, expected);
});

Deno.test("serial replay: in parts that end inside runs, the same calls in the same order", () => {
  for (const cuts of [[1, 2, 3, 8], [0, 5, 6, 7, 8], [2, 2, 4, 8]]) {
    const { calls, tracker } = recorder();
    const replay = new SerialReplay(tracker, log);
    const seen: number[] = [];
    for (const cut of cuts) {
      replay.to(cut);
      seen.push(calls.length);
    }
    assert.deepEqual(calls, expected, String(cuts));
    assert.deepEqual(seen, cuts, String(cuts));
  }
});
