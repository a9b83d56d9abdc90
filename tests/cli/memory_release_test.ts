import assert from "node:assert/strict";
import {
  FIRST_RELEASE_MS,
  MAX_RELEASE_GAP_MS,
  MemoryRelease,
} from "../../cli/host/memory_release.ts";

Deno.test("MemoryRelease releases at 200, 400, 800 ms, then at most once a second", () => {
  let now = 1000;
  const at: number[] = [];
  const memory = new MemoryRelease({
    now: () => now,
    release: () => {
      at.push(now - 1000);
      return true;
    },
  });
  for (; now <= 1000 + 5000; now += 10) memory.tick();
  assert.equal(FIRST_RELEASE_MS, 200);
  assert.equal(MAX_RELEASE_GAP_MS, 1000);
  assert.deepEqual(at, [200, 400, 800, 1600, 2600, 3600, 4600]);
  assert.equal(memory.count, at.length);
});

Deno.test("MemoryRelease never releases between two ticks closer than its gap", () => {
  let now = 0;
  let calls = 0;
  const memory = new MemoryRelease({ now: () => now, release: () => (calls++, false) });
  memory.tick();
  now = 199;
  memory.tick();
  assert.equal(calls, 0);
  now = 200;
  memory.tick();
  memory.tick();
  assert.equal(calls, 1);
});
