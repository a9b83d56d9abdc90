import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { kernelRuleCount, spawnStream, streamReady } from "./run_cli.ts";

/**
 * A copy of /usr/bin/true of this test run's own: the rules below audit only
 * it, so other processes on the host running /usr/bin/true (an exec storm in
 * a benchmark) neither add events nor use up the rate limit.
 */
const TRUE = `${Deno.makeTempDirSync({ prefix: "libaudit-losses-" })}/true`;
Deno.copyFileSync("/usr/bin/true", TRUE);
Deno.chmodSync(TRUE, 0o755);
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(TRUE.slice(0, -"/true".length), { recursive: true });
  } catch { /* gone */ }
});

async function rulesFile(key: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".rules" });
  await Deno.writeTextFile(
    path,
    `-a always,exit -F arch=b64 -S execve -F path=${TRUE} -F key=${key}\n`,
  );
  await Deno.chmod(path, 0o600);
  return path;
}

async function execTrue(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Deno.Command(TRUE).output();
}

kernelTest("stream --raw: serial gaps are counted as in the other modes", async () => {
  const rules = await rulesFile(`raw-gaps-${Deno.pid}`);
  const rulesBefore = await kernelRuleCount();
  try {
    // The kernel's rate limit drops records after their serials were given out.
    const child = spawnStream(["--raw", "--rules", rules, "--rate", "1"]);
    const stderr = new Response(child.stderr).text();
    const stdout = new Response(child.stdout).text();
    await streamReady(child.pid, rulesBefore);
    // One record that gets through (the stream's own rule loading used the
    // window before), so the tracker has a serial before the burst ...
    await new Promise((r) => setTimeout(r, 1100));
    await execTrue(1);
    // ... then a burst the rate limit drops after its serials were given out ...
    await execTrue(30);
    // ... then more records once the rate window has passed: a later serial
    // shows the gap. Several rounds, since any other record of the host can
    // take a window's one allowed message.
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 1100));
      await execTrue(1);
    }
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGINT");
    assert.equal((await child.status).code, 0);
    const err = await stderr;
    await stdout;
    const gaps = Number(/totals: .* serial_gaps=(\d+)/.exec(err)?.[1]);
    assert.ok(gaps > 0, err);
  } finally {
    await Deno.remove(rules);
  }
});

kernelTest("stream: a reader that goes away (EPIPE) still gets the final totals", async () => {
  const rules = await rulesFile(`epipe-${Deno.pid}`);
  const rulesBefore = await kernelRuleCount();
  try {
    const child = spawnStream(["--raw", "--rules", rules]);
    const stderr = new Response(child.stderr).text();
    await streamReady(child.pid, rulesBefore);
    await child.stdout.cancel(); // the reader exits
    await execTrue(20);
    const status = await child.status;
    const err = await stderr;
    assert.equal(status.code, 0, err);
    assert.match(err, /output closed \(EPIPE\)/);
    assert.match(err, /totals: records=\d+ events=\d+ .*lost: kernel_lost=\d+/);
    // One warning line per second at most: no line per dropped record.
    assert.ok(err.trim().split("\n").length < 10, err);
  } finally {
    await Deno.remove(rules);
  }
});
