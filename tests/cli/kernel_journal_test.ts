import assert from "node:assert/strict";
import {
  ChangeJournal,
  claimLeftovers,
  fromHex,
  readJournal,
  toHex,
} from "../../cli/host/kernel_journal.ts";
import { stateDrift } from "../../cli/host/kernel_state.ts";
import type { AuditStatus } from "../../netlink/mod.ts";

Deno.test("kernel journal: folds intents and failures; a torn last line is ignored", () => {
  const text = [
    JSON.stringify({ v: 1, pid: 42, start: 100, command: "stream" }),
    JSON.stringify({ set: "backlogLimit", from: 64, to: 8192 }),
    JSON.stringify({ set: "rateLimit", from: 0, to: 10 }),
    JSON.stringify({ failed: "rateLimit" }),
    JSON.stringify({ rule: "0a0b" }),
    JSON.stringify({ rule: "0c0d" }),
    JSON.stringify({ failedRule: "0c0d" }),
    JSON.stringify({ set: "enabled", from: 0, to: 1 }),
    '{"rule":"ff',
  ].join("\n");
  const r = readJournal(text)!;
  assert.equal(r.pid, 42);
  assert.equal(r.start, 100);
  assert.deepEqual([...r.settings], [["backlogLimit", { from: 64, to: 8192 }], [
    "enabled",
    { from: 0, to: 1 },
  ]]);
  assert.deepEqual(r.rules, ["0a0b"]);
  assert.equal(readJournal('{"set":"enabled","from":0,"to":1}\n'), undefined);
  const done = readJournal(text.replace('{"rule":"ff', '{"done":true}'))!;
  assert.equal(done.settings.size + done.rules.length, 0, "a done journal holds nothing to undo");
  assert.deepEqual(fromHex(toHex(new Uint8Array([0, 15, 255]))), new Uint8Array([0, 15, 255]));
});

Deno.test("kernel journal: written 0600; leftovers of dead processes are claimed once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const j = new ChangeJournal(dir, "stream");
    j.setting("enabled", 0, 1);
    j.rule(new Uint8Array([1, 2]));
    assert.equal(Deno.statSync(j.path!).mode! & 0o777, 0o600);
    assert.equal(readJournal(Deno.readTextFileSync(j.path!))!.pid, Deno.pid);
    // This process runs: its journal is not a leftover.
    assert.deepEqual(claimLeftovers(dir), []);
    j.close(false);
    // A finished child's pid stands for a killed run.
    const child = new Deno.Command("true").spawn();
    await child.status;
    Deno.writeTextFileSync(
      `${dir}/changes-${child.pid}.jsonl`,
      JSON.stringify({ v: 1, pid: child.pid, command: "stream" }) + "\n" +
        JSON.stringify({ set: "enabled", from: 0, to: 1 }) + "\n",
    );
    const claimed = claimLeftovers(dir);
    assert.equal(claimed.length, 1);
    assert.equal(claimed[0]!.record.pid, child.pid);
    assert.equal(claimed[0]!.path, `${dir}/restoring-${Deno.pid}-${child.pid}.jsonl`);
    assert.deepEqual(claimLeftovers(dir), [], "a claim by a running process is not taken twice");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kernel state: drift from what the run set is described", () => {
  const status = { pid: 77, enabled: 0, backlogLimit: 64, rateLimit: 0 } as AuditStatus;
  const expected = {
    pid: Deno.pid,
    enabled: true,
    settings: new Map([["backlogLimit", 8192], ["rateLimit", 0]] as const),
  };
  assert.deepEqual(stateDrift(expected, status), [
    "pid 77 took over as the audit daemon: this process receives no more events",
    "auditing was turned off (enabled=0) by another process: no events will come",
    "the backlog limit was changed to 64 by another process (this run set 8192)",
  ]);
  assert.deepEqual(
    stateDrift(expected, { ...status, pid: Deno.pid, enabled: 1, backlogLimit: 8192 }),
    [],
  );
});
