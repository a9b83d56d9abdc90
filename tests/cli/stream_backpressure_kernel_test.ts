import assert from "node:assert/strict";
import { AuditClient } from "../../netlink/mod.ts";
import { kernelTest } from "../kernel_harness.ts";
import { kernelRuleCount, spawnStream, streamReady, waitUntil } from "./run_cli.ts";

// `libaudit stream` when nobody reads its output for a while (a blocked
// pipe): the loop waits for the writer instead of buffering without bound,
// the client's bounded queue absorbs the pause, and afterwards every exec is
// either printed or counted as lost.

async function auditStatus(): Promise<{ pid: number; backlog: number }> {
  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    return await client.getStatus();
  } finally {
    await client.close();
  }
}

/** Resident memory of a process in bytes (VmRSS). */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m === null ? 0 : Number(m[1]) * 1024;
}

/**
 * Runs /bin/true with a 6000-byte argument (big records: the output passes
 * the stream's 4 MiB limit many times over) 2,600 times (about 40 MB of
 * output), or for at most 40 s on a slow or busy machine; prints how many
 * times. (A fixed 6 s gave too little output under load.)
 */
const EXEC_LOOP = "a=$(printf '%6000s' '' | tr ' ' a); end=$(($(date +%s) + 40)); n=0; " +
  "while [ $n -lt 2600 ] && [ $(date +%s) -lt $end ]; do " +
  "for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true $a; done; n=$((n+10)); done; echo $n";

/**
 * RSS growth allowed per exec while stdout is blocked. The stream may hold
 * the raw records (about 7 KB per exec here) in the client's bounded queue,
 * and V8 keeps up to about as much again as headroom: about 15 KB measured.
 * Holding the output too (about 15 KB per exec) made it about 32 KB.
 */
const MAX_GROWTH_PER_EXEC = 24 * 1024;

kernelTest(
  "stream e2e: a blocked stdout pauses the stream (bounded memory); afterwards events + losses add up",
  async () => {
    const key = `cli-bp-${Deno.pid}`;
    const rules = await Deno.makeTempFile({ suffix: ".rules" });
    await Deno.writeTextFile(
      rules,
      `-a always,exit -F arch=b64 -S execve -F exe=/usr/bin/true -k ${key}\n`,
    );
    const rulesBefore = await kernelRuleCount();
    const child = spawnStream(["--rules", rules, "-r", "-f", "json"]);
    const stderr = new Response(child.stderr).text();
    try {
      await streamReady(child.pid, rulesBefore);
      const baseline = rss(child.pid);
      // Nobody reads stdout: run execs for a few seconds.
      const loop = new Deno.Command("/bin/sh", {
        args: ["-c", EXEC_LOOP],
        stdout: "piped",
      }).output();
      let peak = baseline;
      const sampler = setInterval(() => peak = Math.max(peak, rss(child.pid)), 100);
      const execs = Number(new TextDecoder().decode((await loop).stdout).trim());
      clearInterval(sampler);
      peak = Math.max(peak, rss(child.pid));
      // Resume reading, let the kernel and the stream catch up, then stop.
      const stdout = new Response(child.stdout).text();
      await waitUntil(async () => (await auditStatus()).backlog === 0, "the backlog to drain");
      await new Promise((r) => setTimeout(r, 1500));
      child.kill("SIGINT");
      const [out, err, status] = [await stdout, await stderr, await child.status];
      const facts = JSON.stringify({ execs, baseline, peak, bytes: out.length, stderr: err });
      assert.equal(status.code, 0, facts);
      // Many times the stream's 4 MiB output limit, or this tests nothing.
      assert.ok(out.length > 32 * 1024 * 1024, `too little output to test: ${facts}`);
      assert.ok(peak - baseline < execs * MAX_GROWTH_PER_EXEC, `memory grew too much: ${facts}`);
      let events = 0;
      let losses: Record<string, number> = {};
      for (const line of out.split("\n")) {
        if (line.includes(`"${key}"`)) events++;
        else if (line.startsWith('{"type":"lost"')) losses = JSON.parse(line);
      }
      const { queue_dropped = 0, overruns = 0, kernel_lost = 0, serial_gaps = 0 } = losses;
      if (queue_dropped + overruns + kernel_lost === 0) {
        // Nothing dropped: every exec printed, and no false serial gaps.
        assert.equal(events, execs, facts);
        assert.equal(serial_gaps, 0, facts);
      } else {
        // Dropped records are reported: the missing events show as serial gaps.
        assert.ok(events + serial_gaps >= execs, `${events} + ${serial_gaps}: ${facts}`);
      }
    } finally {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await Deno.remove(rules);
    }
  },
);
