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
    // Without process context nothing reads other processes' /proc: no capabilities.
    const cli = new LiveCli(["plugin", "-f", "json", "--user", "nobody", "--no-parent"]);
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

Deno.test({
  name: "plugin: --user keeps only CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE for live process context",
  ignore: ROOT_SKIP,
  fn: async () => {
    const cli = new LiveCli(["plugin", "-f", "json", "--user", "nobody"]);
    await cli.write(execEvents(1, 1));
    await cli.waitLines(1);
    const status = await Deno.readTextFile(`/proc/${cli.child.pid}/status`);
    assert.equal(statusField(status, "Uid"), "65534\t65534\t65534\t65534");
    // bit 2 CAP_DAC_READ_SEARCH, bit 19 CAP_SYS_PTRACE
    assert.equal(statusField(status, "CapEff"), "0000000000080004");
    await cli.closeInput();
    assert.equal((await cli.finish()).code, 0);
  },
});

Deno.test("plugin: an unknown --user is one line and a non-zero exit before anything runs", async () => {
  const r = await runCli(["plugin", "--user", "no-such-user-here"], { stdin: execEvents(1, 1) });
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /--user: unknown user 'no-such-user-here'/);
});

Deno.test("plugin outputs: an unwritable or unsafe output is one line and a non-zero exit before reading", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.symlink("/etc/passwd", `${dir}/link.json`);
    for (const path of [`${dir}/missing/out.json`, `${dir}/link.json`]) {
      const r = await runCli(["plugin", "-o", path], { stdin: execEvents(1, 1) });
      assert.notEqual(r.code, 0);
      assert.equal(r.stdout, "");
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^libaudit plugin: cannot open output: /);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plugin outputs: file with rotation, filtered-events file, status record at exit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const input = execEvents(1, 60, "exec") + execEvents(61, 5, "noisy");
    const r = await runCli([
      "plugin",
      "-o",
      `${dir}/events.json`,
      "--output-size",
      "4K",
      "--output-generations",
      "50",
      "--exclude-key",
      "noisy",
      "--drop-raw",
      "^type=PROCTITLE msg=audit\\(1700000000.061:61\\)",
      "--filtered-output",
      `${dir}/filtered.log`,
      "--status-to",
      "both",
    ], { stdin: input });
    assert.equal(r.code, 0, r.stderr);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
      n.startsWith("events.json")
    );
    assert.ok(files.length > 2, `rotated: ${files}`);
    const lines = files.flatMap((f) =>
      Deno.readTextFileSync(`${dir}/${f}`).trim().split("\n").map((l) => JSON.parse(l))
    );
    const events = lines.filter((e) => e.type !== "status");
    // Each kept event exactly once across the generations.
    assert.deepEqual(
      events.map((e) => e.sequence).sort((a, b) => a - b),
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const status = lines.filter((e) => e.type === "status");
    assert.equal(status.length, 1);
    assert.equal(status[0].filtered, 5);
    assert.equal(status[0].lost.dropped_raw, 1);
    assert.match(r.stderr, /"type":"status"/);
    // What the filters took out, as raw lines (readable by `libaudit parse`).
    const filtered = await Deno.readTextFile(`${dir}/filtered.log`);
    assert.equal(filtered.trim().split("\n").length, 5 * 2);
    assert.match(filtered, /^type=SYSCALL msg=audit\(1700000000.061:61\)/m);
    assert.ok(filtered.includes('key="noisy"'));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "plugin outputs: rotation goes on after --user (the user owns the directory; needs root)",
  ignore: ROOT_SKIP,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.chown(dir, 65534, 65534);
      const r = await runCli(
        ["plugin", "--user", "nobody", "-o", `${dir}/events.json`, "--output-size", "4K"],
        { stdin: execEvents(1, 40) },
      );
      assert.equal(r.code, 0, r.stderr);
      const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.ok(files.includes("events.json.1"), `${files}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /warning/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("plugin --raw -f text: auditd's lines as received, ENRICHED and node= included", async () => {
  const line = "node=web1 type=CONFIG_CHANGE msg=audit(1796196911.039:208216): op=set " +
    'audit_backlog_limit=16384 old=16384 auid=4294967295 ses=4294967295 res=1\x1dAUID="unset"';
  const r = await runCli(["plugin", "--raw", "-f", "text", "--no-parent"], { stdin: line + "\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, line + "\n");
});
