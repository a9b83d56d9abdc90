import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { jsonLines, ROOT, runCli, runCliWithoutCapabilities } from "./run_cli.ts";

function auditctlStatus(): string | undefined {
  try {
    const r = new Deno.Command("auditctl", { args: ["-s"], stdout: "piped", stderr: "null" })
      .outputSync();
    return r.success ? new TextDecoder().decode(r.stdout) : undefined;
  } catch {
    return undefined;
  }
}

kernelTest("cli status: --format json agrees field by field with auditctl -s", async (t) => {
  const r = await runCli(["status", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const ours = JSON.parse(r.stdout) as Record<string, number | boolean>;
  const ref = auditctlStatus();
  if (ref === undefined) {
    await t.step({ name: "auditctl missing", ignore: true, fn() {} });
    return;
  }
  let compared = 0;
  for (const line of ref.trim().split("\n")) {
    const [name, value, lock] = line.split(" ");
    if (name === undefined || value === undefined) continue;
    assert.equal(ours[name], Number(value), name);
    if (lock !== undefined) assert.equal(ours[`${name}_locked`], lock === "locked");
    compared++;
  }
  assert.ok(compared >= 9, `compared ${compared} fields`);
});

kernelTest("cli status: text output is line for line auditctl -s", async () => {
  const r = await runCli(["status"]);
  assert.equal(r.code, 0, r.stderr);
  const ref = auditctlStatus();
  if (ref !== undefined) assert.equal(r.stdout, ref);
  else assert.match(r.stdout, /^enabled \d\nfailure \d\npid \d+\n/);
});

kernelTest("cli status: --format yaml", async () => {
  const r = await runCli(["status", "-f", "yaml"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^---\nenabled: \d\n/);
});

kernelTest("cli status: --watch prints JSON lines with lost, backlog and wait time", async () => {
  const r = await runCli(["status", "--watch", "0.1", "--count", "3"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = jsonLines(r.stdout) as Record<string, unknown>[];
  assert.equal(lines.length, 3);
  for (const l of lines) {
    assert.equal(typeof l["@timestamp"], "string");
    assert.equal(typeof l.lost, "number");
    assert.equal(typeof l.backlog, "number");
    assert.equal(typeof l.backlog_wait_time_actual, "number");
    assert.equal(l.lost_since_start, 0);
  }
});

kernelTest("cli status: --watch ends with exit 0 on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, "status", "--watch", "60"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const first = await reader.read();
  assert.match(first.value ?? "", /^\{"@timestamp":/);
  child.kill("SIGTERM");
  const status = await child.status;
  await reader.cancel();
  await child.stderr.cancel();
  assert.equal(status.code, 0);
});

Deno.test("cli status: usage errors exit 2 with one line", async () => {
  for (
    const args of [
      ["--format", "xml"],
      ["--watch", "abc"],
      ["--watch", "0"],
      ["--count", "2"],
      ["--watch", "1", "--count", "0"],
      ["--watch", "1", "--format", "text"],
      ["--bogus"],
      ["extra"],
    ]
  ) {
    const r = await runCli(["status", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^libaudit status: /);
    assert.equal(r.stdout, "");
  }
});

Deno.test("cli status: --help shows usage and examples", async () => {
  const r = await runCli(["status", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage:\n {2}libaudit status/);
  assert.match(r.stdout, /--watch SECONDS/);
  assert.match(r.stdout, /Examples:/);
});

Deno.test("cli status: without FFI permission, exit 1 and say which flag", async () => {
  const r = await runCli(["status"], { permissions: ["--allow-read", "--allow-env"] });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /^libaudit status: .*--allow-ffi/);
});

kernelTest("cli status: without CAP_AUDIT_CONTROL, exit 1 with one EPERM line", async () => {
  const { code, stderr } = await runCliWithoutCapabilities(["status"]);
  assert.equal(code, 1, stderr);
  assert.equal(stderr.trim().split("\n").length, 1, stderr);
  assert.match(stderr, /^libaudit status: .*EPERM.*CAP_AUDIT_CONTROL/);
});
