import assert from "node:assert/strict";
import { AuditClient, type AuditStatus, type RawAuditMessage } from "../../netlink/mod.ts";
import { kernelTest } from "../kernel_harness.ts";
import { runCli, startStream, waitUntil } from "./run_cli.ts";
import { STATE_DIR } from "../../cli/host/kernel_journal.ts";

// Issue 10 items 9 and 10: a stream that loses the race for the audit pid
// changes nothing; a killed stream's changes are put back by the next run
// or by `libaudit set --restore`.

async function withControl<T>(fn: (c: AuditClient) => Promise<T>): Promise<T> {
  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

const status = (): Promise<AuditStatus> => withControl((c) => c.getStatus());
const ruleCount = (): Promise<number> => withControl(async (c) => (await c.getRules()).length);

async function rulesFile(key: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".rules" });
  await Deno.writeTextFile(
    path,
    `-a always,exit -F arch=b64 -S execve -F exe=/usr/bin/true -k ${key}\n`,
  );
  return path;
}

async function execTrue(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Deno.Command("/usr/bin/true").output();
  await waitUntil(async () => (await status()).backlog === 0, "the kernel backlog to drain");
}

function journals(): string[] {
  try {
    return [...Deno.readDirSync(STATE_DIR)].map((e) => e.name);
  } catch {
    return [];
  }
}

kernelTest("kernel state: a stream that cannot register changes nothing at all", async () => {
  const key = `ks-lose-${Deno.pid}`;
  const rules = await rulesFile(key);
  await withControl((c) => c.setEnabled(false));
  const rulesBefore = await ruleCount();
  // This process is the daemon and sees every CONFIG_CHANGE the stream would cause.
  const daemon = AuditClient.open();
  const seen: RawAuditMessage[] = [];
  const ac = new AbortController();
  try {
    await daemon.setPid();
    const reading = (async () => {
      for await (const m of daemon.messages({ signal: ac.signal })) seen.push(m);
    })();
    const s = startStream(["--raw", "--rules", rules, "--backlog", "7777"]);
    const r = await s.done;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`audit pid is held by pid ${Deno.pid}`));
    await new Promise((res) => setTimeout(res, 300));
    ac.abort();
    await reading;
    const changes = seen.filter((m) => m.type === 1305).map((m) => m.payload);
    assert.deepEqual(
      changes.filter((p) => /audit_enabled=|backlog_limit=|add_rule/.test(p)),
      [],
      changes.join("\n"),
    );
    const now = await status();
    assert.equal(now.enabled, 0);
    assert.notEqual(now.backlogLimit, 7777);
    assert.equal(await ruleCount(), rulesBefore);
  } finally {
    ac.abort();
    await daemon.close();
    await Deno.remove(rules);
  }
});

kernelTest(
  "kernel state: two streams started at the same moment; the winner keeps auditing on and gets events",
  async () => {
    const key = `ks-race-${Deno.pid}`;
    const rules = await rulesFile(key);
    try {
      for (let round = 0; round < 3; round++) {
        await withControl((c) => c.setEnabled(false));
        const rulesBefore = await ruleCount();
        const streams = [0, 1].map(() => startStream(["--raw", "--rules", rules]));
        const first = await Promise.race(streams.map((s, i) => s.done.then(() => i)));
        const loser = streams[first]!;
        const winner = streams[1 - first]!;
        const lost = await loser.done;
        assert.equal(lost.code, 1, `round ${round}: ${lost.stderr}`);
        assert.match(lost.stderr, /audit pid is held by pid/);
        await waitUntil(async () => (await status()).enabled === 1, "the winner to enable");
        const mid = await status();
        assert.equal(mid.pid, winner.child.pid, `round ${round}`);
        assert.equal(mid.enabled, 1, `round ${round}: the loser turned auditing off`);
        await execTrue(5);
        await new Promise((r) => setTimeout(r, 300));
        winner.child.kill("SIGINT");
        const won = await winner.done;
        assert.equal(won.code, 0, won.stderr);
        const events = won.stdout.split("\n").filter((l) =>
          l.startsWith("type=SYSCALL") && l.includes(`key="${key}"`)
        );
        assert.equal(events.length, 5, `round ${round}: ${won.stderr}`);
        const after = await status();
        assert.equal(after.enabled, 0, "the winner put enabled back");
        assert.equal(await ruleCount(), rulesBefore);
      }
    } finally {
      await Deno.remove(rules);
    }
  },
);

kernelTest(
  "kernel state: after SIGKILL, set --restore puts back enabled, backlog and rules and says so",
  async () => {
    const key = `ks-kill-${Deno.pid}`;
    const rules = await rulesFile(key);
    try {
      await withControl((c) => c.setEnabled(false));
      const before = await status();
      const rulesBefore = await ruleCount();
      const backlog = before.backlogLimit === 4321 ? 4322 : 4321;
      const s = startStream(["--raw", "--rules", rules, "--backlog", String(backlog)]);
      await waitUntil(async () => {
        const now = await status();
        return now.pid === s.child.pid && now.enabled === 1;
      }, "the stream to register and enable");
      s.child.kill("SIGKILL");
      await s.done;
      const left = await status();
      assert.equal(left.enabled, 1, "a killed run leaves auditing on");
      assert.equal(left.backlogLimit, backlog);
      assert.ok(journals().includes(`changes-${s.child.pid}.jsonl`), String(journals()));

      const st = await runCli(["status"]);
      assert.equal(st.code, 0, st.stderr);
      assert.match(
        st.stderr,
        new RegExp(
          `note: stream pid ${s.child.pid} was killed and left changes \\(backlog limit \\d+ -> ${backlog}, enabled 0 -> 1, 1 rule\\(s\\)\\); libaudit set --restore`,
        ),
      );
      const r = await runCli(["set", "--restore"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /restored enabled 1 -> 0 \(set by stream pid \d+\)/);
      assert.match(
        r.stderr,
        new RegExp(`restored backlog limit ${backlog} -> ${before.backlogLimit}`),
      );
      assert.match(r.stderr, /deleted 1 rule\(s\) added by stream/);
      const after = await status();
      assert.equal(after.enabled, 0);
      assert.equal(after.backlogLimit, before.backlogLimit);
      assert.equal(await ruleCount(), rulesBefore);
      assert.ok(!journals().some((n) => n.endsWith(`-${s.child.pid}.jsonl`)), String(journals()));

      const again = await runCli(["set", "--restore"]);
      assert.match(again.stderr, /nothing to restore/);
    } finally {
      await Deno.remove(rules);
    }
  },
);

kernelTest(
  "kernel state: the next stream restores what a killed one left before taking its baseline",
  async () => {
    await withControl((c) => c.setEnabled(false));
    const killed = startStream(["--raw"]);
    await waitUntil(async () => (await status()).enabled === 1, "the first stream to enable");
    killed.child.kill("SIGKILL");
    await killed.done;
    assert.equal((await status()).enabled, 1);
    const next = startStream(["--raw"]);
    await waitUntil(async () => (await status()).pid === next.child.pid, "the next stream");
    next.child.kill("SIGINT");
    const r = await next.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /a killed run's change: restored enabled 1 -> 0/);
    assert.equal((await status()).enabled, 0, "the original 0 is back");
  },
);

kernelTest(
  "kernel state: a stream switched to --user nobody still undoes its changes and leaves nothing to restore",
  async () => {
    const key = `ks-user-${Deno.pid}`;
    const rules = await rulesFile(key);
    try {
      await withControl((c) => c.setEnabled(false));
      const rulesBefore = await ruleCount();
      const s = startStream(["--raw", "--rules", rules, "--user", "nobody"]);
      await waitUntil(async () => {
        const now = await status();
        return now.pid === s.child.pid && now.enabled === 1;
      }, "the stream to register and enable");
      await waitUntil(
        () => Promise.resolve(/^Uid:\s+65534/m.test(readStatus(s.child.pid))),
        "the stream to switch user",
      );
      s.child.kill("SIGINT");
      const r = await s.done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await status()).enabled, 0, r.stderr);
      assert.equal(await ruleCount(), rulesBefore);
      const again = await runCli(["set", "--restore"]);
      assert.match(again.stderr, /nothing to restore/);
      assert.ok(!journals().some((n) => n.endsWith(`-${s.child.pid}.jsonl`)), String(journals()));
    } finally {
      await Deno.remove(rules);
    }
  },
);

function readStatus(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/status`);
  } catch {
    return "";
  }
}

kernelTest(
  "kernel state: a running stream warns when someone else turns auditing off under it",
  async () => {
    await withControl((c) => c.setEnabled(true));
    const rulesBefore = await ruleCount();
    const s = startStream(["--raw"]);
    await waitUntil(async () => (await status()).pid === s.child.pid, "the stream to register");
    assert.equal(await ruleCount(), rulesBefore);
    const off = await runCli(["set", "--enabled", "off"]);
    assert.equal(off.code, 0, off.stderr);
    await new Promise((r) => setTimeout(r, 2600)); // the state is checked every 2 s
    s.child.kill("SIGINT");
    const r = await s.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /auditing was turned off \(enabled=0\) by another process/);
    assert.equal(r.stderr.match(/auditing was turned off/g)?.length, 1, "said once");
  },
);
