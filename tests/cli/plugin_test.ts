import assert from "node:assert/strict";
import { execEvents, LiveCli } from "./live_cli.ts";
import { runCli } from "./run_cli.ts";

type Event = { sequence: number; tags?: string[] };

Deno.test("plugin: events are written as they complete, before stdin ends; EOF exits 0", async () => {
  const cli = new LiveCli(["plugin", "-f", "json"]);
  await cli.write(execEvents(1, 20));
  // These arrive while stdin stays open: nothing waits for more input.
  await cli.waitLines(20);
  await cli.write(execEvents(21, 5));
  await cli.waitLines(25);
  await cli.closeInput();
  const { code, stderr } = await cli.finish();
  assert.equal(code, 0, stderr);
  const events = cli.lines.map((l) => JSON.parse(l) as Event);
  assert.deepEqual(events.map((e) => e.sequence), Array.from({ length: 25 }, (_, i) => i + 1));
  assert.match(stderr, /totals: records=50 events=25 filtered=0/);
});

Deno.test("plugin: an event without an end record is written by time, stdin open", async () => {
  const cli = new LiveCli(["plugin", "-r", "-f", "json"]);
  // A SYSCALL alone: it can only end by the reassembly timeout.
  await cli.write(execEvents(7, 1).split("\n")[0]! + "\n");
  const [line] = await cli.waitLines(1);
  assert.equal((JSON.parse(line!) as Event).sequence, 7);
  await cli.closeInput();
  assert.equal((await cli.finish()).code, 0);
});

Deno.test("plugin: SIGTERM writes the open events and exits 0", async () => {
  const cli = new LiveCli(["plugin", "-r", "-f", "json"]);
  await cli.write(execEvents(1, 3));
  await cli.waitLines(3);
  // An open event (no PROCTITLE yet) when the signal comes.
  await cli.write(execEvents(4, 1).split("\n")[0]! + "\n");
  await new Promise((r) => setTimeout(r, 300));
  cli.child.kill("SIGTERM");
  const { code, stderr } = await cli.finish();
  assert.equal(code, 0, stderr);
  assert.deepEqual(cli.lines.map((l) => (JSON.parse(l) as Event).sequence), [1, 2, 3, 4]);
  assert.match(stderr, /totals: records=7 events=4/);
});

Deno.test("plugin: filters and their exclude- forms apply", async () => {
  const input = execEvents(1, 4, "exec") + execEvents(5, 3, "noisy");
  const r = await runCli(["plugin", "-f", "json", "--exclude-key", "noisy"], { stdin: input });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.stdout.trim().split("\n").map((l) => (JSON.parse(l) as Event).sequence),
    [1, 2, 3, 4],
  );
  assert.match(r.stderr, /events=4 filtered=3/);
});

const ROOT_SKIP = Deno.uid() !== 0;

function statusField(status: string, field: string): string {
  return new RegExp(`^${field}:\\s*(.*)$`, "m").exec(status)?.[1]?.trim() ?? "";
}

Deno.test({
  name: "plugin: --user switches the running process to the user with no capabilities (needs root)",
  ignore: ROOT_SKIP,
  fn: async () => {
    const cli = new LiveCli(["plugin", "-f", "json", "--user", "nobody"]);
    await cli.write(execEvents(1, 2));
    await cli.waitLines(2); // running, past the switch
    const status = await Deno.readTextFile(`/proc/${cli.child.pid}/status`);
    assert.equal(statusField(status, "Uid"), "65534\t65534\t65534\t65534");
    assert.equal(statusField(status, "Gid"), "65534\t65534\t65534\t65534");
    assert.equal(statusField(status, "CapEff"), "0000000000000000");
    assert.equal(statusField(status, "CapPrm"), "0000000000000000");
    await cli.write(execEvents(3, 1));
    await cli.closeInput();
    const { code, stderr } = await cli.finish();
    assert.equal(code, 0, stderr);
    assert.equal(cli.lines.length, 3);
  },
});

Deno.test("plugin: an unknown --user is one line and a non-zero exit before anything runs", async () => {
  const r = await runCli(["plugin", "--user", "no-such-user-here"], { stdin: execEvents(1, 1) });
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /--user: unknown user 'no-such-user-here'/);
});
