import assert from "node:assert/strict";

const child = new URL("./live_stdin_child.ts", import.meta.url).pathname;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the child (with `args`), writes each `[waitMs, text]` after waiting
 * `waitMs`, waits `endMs`, closes its stdin: its log, and that log without
 * timers and with repeated idle notices (each wait that timed out) folded.
 */
async function runChild(
  args: string[],
  writes: [number, string][],
  endMs: number,
): Promise<{ log: string[]; order: string[] }> {
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", child, ...args],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = proc.stdin.getWriter();
  const encoder = new TextEncoder();
  for (const [waitMs, text] of writes) {
    await sleep(waitMs);
    await writer.write(encoder.encode(text));
  }
  await sleep(endMs);
  await writer.close();
  const out = await proc.output();
  assert.deepEqual(out.code, 0);
  const log: string[] = JSON.parse(new TextDecoder().decode(out.stdout));
  const events = log.filter((e) => e !== "timer");
  const order = events.filter((e, i) => e !== "idle" || events[i - 1] !== "idle");
  return { log, order };
}

Deno.test("live stdin: what waits is read at once, onIdle runs before each wait, timers fire meanwhile, EOF ends", async () => {
  // 400 ms: the child starts, waits, and its timer fires.
  const { log, order } = await runChild([], [[400, "a\n"], [300, "b\nc\n"]], 300);
  assert.deepEqual(order, [
    "idle",
    "chunk:a\n",
    "idle",
    "chunk:b\nc\n",
    "idle",
  ]);
  assert.deepEqual(log.filter((e) => e === "timer").length, 1);
  assert.deepEqual(log.indexOf("timer") < log.indexOf("chunk:a\n"), true);
});

Deno.test("live stdin: with batchMs, records written one by one after a read are read together after the pause", async () => {
  // Within the pause that follows the read of "a": one chunk, no idle in between.
  const { order } = await runChild(["400"], [[400, "a\n"], [30, "b\n"], [30, "c\n"]], 1000);
  assert.deepEqual(order, ["idle", "chunk:a\n", "chunk:b\nc\n", "idle"]);
});
