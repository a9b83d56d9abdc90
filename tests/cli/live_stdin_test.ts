import assert from "node:assert/strict";

const child = new URL("./live_stdin_child.ts", import.meta.url).pathname;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

Deno.test("live stdin: what waits is read at once, onIdle runs before each wait, timers fire meanwhile, EOF ends", async () => {
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", child],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = proc.stdin.getWriter();
  const encoder = new TextEncoder();
  await sleep(400); // the child starts, waits, and its timer fires
  await writer.write(encoder.encode("a\n"));
  await sleep(300);
  await writer.write(encoder.encode("b\nc\n"));
  await sleep(300);
  await writer.close();
  const out = await proc.output();
  assert.deepEqual(out.code, 0);
  const log: string[] = JSON.parse(new TextDecoder().decode(out.stdout));
  // Idle notices may repeat (each wait that timed out); keep the order of the rest.
  const events = log.filter((e) => e !== "timer");
  const order = events.filter((e, i) => e !== "idle" || events[i - 1] !== "idle");
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
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", child, "400"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = proc.stdin.getWriter();
  const encoder = new TextEncoder();
  await sleep(400);
  await writer.write(encoder.encode("a\n"));
  // Within the pause that follows the read of "a": one chunk, no idle in between.
  await sleep(30);
  await writer.write(encoder.encode("b\n"));
  await sleep(30);
  await writer.write(encoder.encode("c\n"));
  await sleep(1000);
  await writer.close();
  const out = await proc.output();
  assert.deepEqual(out.code, 0);
  const log: string[] = JSON.parse(new TextDecoder().decode(out.stdout));
  const events = log.filter((e) => e !== "timer");
  const order = events.filter((e, i) => e !== "idle" || events[i - 1] !== "idle");
  assert.deepEqual(order, ["idle", "chunk:a\n", "chunk:b\nc\n", "idle"]);
});
