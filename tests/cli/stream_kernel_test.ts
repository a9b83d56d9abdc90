import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { AuditClient } from "../../netlink/mod.ts";
import { kernelTest } from "../kernel_harness.ts";
import { jsonLines, runCli, startStream, streamReady, waitUntil } from "./run_cli.ts";

async function status(): Promise<{ pid: number; enabled: number; backlog: number }> {
  const client = AuditClient.open();
  try {
    return await client.getStatus();
  } finally {
    await client.close();
  }
}

async function ruleCount(): Promise<number> {
  const client = AuditClient.open();
  try {
    return (await client.getRules()).length;
  } finally {
    await client.close();
  }
}

/**
 * Runs /usr/bin/true `n` times (the rules below audit exactly that
 * executable), then waits until the kernel has handed every record to the
 * stream (backlog 0).
 */
async function execTrue(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Deno.Command("/usr/bin/true").output();
  await waitUntil(async () => (await status()).backlog === 0, "the kernel backlog to drain");
}

async function rulesFile(key: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".rules" });
  await Deno.writeTextFile(
    path,
    `# test rules\n-a always,exit -F arch=b64 -S execve -F exe=/usr/bin/true -k ${key}\n`,
  );
  return path;
}

type Event = { tags?: string[]; process?: { exe?: string }; ecs?: { host?: { name: string } } };

kernelTest(
  "stream e2e: as the daemon with --rules, -i json; SIGINT exits 0 and restores",
  async () => {
    const key = `cli-stream-${Deno.pid}`;
    const rules = await rulesFile(key);
    const before = await status();
    const rulesBefore = await ruleCount();
    try {
      const s = startStream(["--rules", rules, "--format", "json", "--backlog", "8192"]);
      await streamReady(s.child.pid, rulesBefore);
      await execTrue(3);
      await new Promise((r) => setTimeout(r, 500));
      s.child.kill("SIGINT");
      const r = await s.done;
      assert.equal(r.code, 0, r.stderr);
      const events = (jsonLines(r.stdout) as Event[]).filter((e) => e.tags?.includes(key));
      assert.equal(events.length, 3, r.stdout);
      assert.equal(events[0]!.process?.exe, "/usr/bin/true");
      assert.equal(events[0]!.ecs?.host?.name, Deno.hostname());
      const after = await status();
      assert.equal(after.pid, 0);
      assert.equal(after.enabled, before.enabled);
      assert.equal(await ruleCount(), rulesBefore);
    } finally {
      await Deno.remove(rules);
    }
  },
);

kernelTest(
  "stream e2e: --raw -o FILE (0600) round-trips through parse -i; SIGTERM exits 0",
  async () => {
    const key = `cli-raw-${Deno.pid}`;
    const rules = await rulesFile(key);
    const dir = await Deno.makeTempDir();
    const out = `${dir}/audit.log`;
    const rulesBefore = await ruleCount();
    try {
      const s = startStream(["--rules", rules, "--raw", "-o", out]);
      await streamReady(s.child.pid, rulesBefore);
      await execTrue(2);
      await new Promise((r) => setTimeout(r, 500));
      s.child.kill("SIGTERM");
      const r = await s.done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "");
      assert.equal((await Deno.stat(out)).mode! & 0o777, 0o600);
      const text = await Deno.readTextFile(out);
      assert.match(text, /^type=SYSCALL msg=audit\(\d+\.\d{3}:\d+\): arch=c000003e syscall=59 /m);
      const parsed = await runCli(["parse", "-i", "--format", "json", "--key", key, out]);
      assert.equal(parsed.code, 0, parsed.stderr);
      assert.equal(jsonLines(parsed.stdout).length, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(rules);
    }
  },
);

kernelTest("stream e2e: --multicast listens alongside the daemon; filters and yaml", async () => {
  const key = `cli-mc-${Deno.pid}`;
  const rules = await rulesFile(key);
  const rulesBefore = await ruleCount();
  try {
    const daemon = startStream(["--rules", rules, "--format", "json"]);
    await streamReady(daemon.child.pid, rulesBefore);
    const listener = startStream(["--multicast", "--key", key, "--format", "yaml"]);
    await new Promise((r) => setTimeout(r, 1500)); // joins the group
    await execTrue(2);
    await new Promise((r) => setTimeout(r, 500));
    listener.child.kill("SIGINT");
    daemon.child.kill("SIGINT");
    const [l, d] = [await listener.done, await daemon.done];
    assert.equal(l.code, 0, l.stderr);
    assert.equal(d.code, 0, d.stderr);
    const docs = parseAllDocuments(l.stdout).map((doc) => doc.toJS() as Event);
    assert.equal(docs.length, 2, l.stdout);
    assert.ok(docs.every((e) => e.tags?.includes(key)));
    assert.ok((jsonLines(d.stdout) as Event[]).filter((e) => e.tags?.includes(key)).length >= 2);
  } finally {
    await Deno.remove(rules);
  }
});

kernelTest(
  "stream e2e: bad rules file exits 1 naming every bad line, changes nothing",
  async () => {
    const path = await Deno.makeTempFile({ suffix: ".rules" });
    const rulesBefore = await ruleCount();
    try {
      await Deno.writeTextFile(path, "-a always,exit -S nosuchcall\n-w\n");
      const r = await runCli(["stream", "--rules", path]);
      assert.equal(r.code, 1);
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0]!, new RegExp(`${path}:1`));
      assert.match(lines[1]!, new RegExp(`${path}:2`));
      assert.equal((await status()).pid, 0);
      assert.equal(await ruleCount(), rulesBefore);
    } finally {
      await Deno.remove(path);
    }
  },
);

Deno.test("stream e2e: usage errors exit 2, unreadable rules file exits 1", async () => {
  for (
    const [args, message] of [
      [["--bogus"], /unknown option '--bogus'/],
      [["--rate", "fast"], /--rate needs a non-negative integer/],
      [["--raw", "-i"], /only one of --raw, -r, -i/],
      [["--format", "xml"], /--format must be one of/],
      [["extra"], /unexpected argument 'extra'/],
    ] as const
  ) {
    const r = await runCli(["stream", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
  const missing = await runCli(["stream", "--rules", "/nonexistent/x.rules"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^libaudit stream: .*\/nonexistent\/x.rules/);
  assert.equal(missing.stderr.trim().split("\n").length, 1);
});

kernelTest("stream e2e: default text output, -r json events, --rate restored", async () => {
  const key = `cli-text-${Deno.pid}`;
  const rules = await rulesFile(key);
  const client = AuditClient.open();
  const rateBefore = (await client.getStatus()).rateLimit;
  const rulesBefore = await ruleCount();
  try {
    const text = startStream(["--rules", rules, "--rate", "500"]);
    await streamReady(text.child.pid, rulesBefore);
    assert.equal((await client.getStatus()).rateLimit, 500);
    await execTrue(1);
    await new Promise((r) => setTimeout(r, 500));
    text.child.kill("SIGINT");
    const t = await text.done;
    assert.equal(t.code, 0, t.stderr);
    const line = t.stdout.split("\n").find((l) => l.includes(`tags=${key}`));
    assert.ok(line, t.stdout);
    assert.match(line, /audit-rule syscall success .*action=executed .*how=\/usr\/bin\/true/);
    assert.equal((await client.getStatus()).rateLimit, rateBefore);

    const events = startStream(["--rules", rules, "-r", "-f", "json"]);
    await streamReady(events.child.pid, rulesBefore);
    await execTrue(1);
    await new Promise((r) => setTimeout(r, 500));
    events.child.kill("SIGINT");
    const e = await events.done;
    assert.equal(e.code, 0, e.stderr);
    const mine = (jsonLines(e.stdout) as { records?: { record_type: string; keys?: string[] }[] }[])
      .filter((x) => x.records?.some((r) => r.keys?.includes(key)));
    assert.equal(mine.length, 1, e.stdout);
    assert.ok(mine[0]!.records!.some((r) => r.record_type.toUpperCase() === "EXECVE"));
  } finally {
    await client.close();
    await Deno.remove(rules);
  }
});

kernelTest(
  "stream e2e: lost events (kernel rate limit) reported on stderr and as JSON records",
  async () => {
    const key = `cli-lost-${Deno.pid}`;
    const rules = await rulesFile(key);
    const rulesBefore = await ruleCount();
    try {
      const s = startStream(["--rules", rules, "--rate", "1", "-f", "json", "--no-resolve-ids"]);
      await streamReady(s.child.pid, rulesBefore);
      await execTrue(30);
      await new Promise((r) => setTimeout(r, 2500)); // the kernel's lost counter is polled every second
      s.child.kill("SIGINT");
      const r = await s.done;
      assert.equal(r.code, 0, r.stderr);
      const lost = (jsonLines(r.stdout) as { type?: string; kernel_lost?: number }[])
        .filter((x) => x.type === "lost");
      assert.ok(lost.length > 0, r.stdout.slice(0, 2000));
      assert.ok(lost.at(-1)!.kernel_lost! > 0);
      assert.match(r.stderr, /lost so far: kernel_lost=[1-9]/);
      const events = (jsonLines(r.stdout) as { tags?: string[]; user?: { names?: unknown } }[])
        .filter((e) => e.tags?.includes(key));
      assert.ok(events.length < 30);
      assert.ok(events.every((e) => e.user?.names === undefined)); // --no-resolve-ids
    } finally {
      await Deno.remove(rules);
    }
  },
);
