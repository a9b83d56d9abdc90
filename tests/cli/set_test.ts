import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient } from "../../netlink/client.ts";
import { runCli, runCliWithoutCapabilities } from "./run_cli.ts";

async function kernelStatus() {
  const c = AuditClient.open({ receiveBufferSize: 0 });
  try {
    return await c.getStatus();
  } finally {
    await c.close();
  }
}

kernelTest("cli set: changes each setting and prints the new status", async () => {
  const r = await runCli([
    "set",
    "--rate",
    "11",
    "--backlog",
    "7777",
    "--backlog-wait-time",
    "1500",
    "--failure",
    "silent",
    "--enabled",
    "on",
    "--format",
    "json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const shown = JSON.parse(r.stdout);
  assert.equal(shown.rate_limit, 11);
  assert.equal(shown.backlog_limit, 7777);
  assert.equal(shown.backlog_wait_time, 1500);
  assert.equal(shown.failure, 0);
  assert.equal(shown.enabled, 1);
  const s = await kernelStatus();
  assert.equal(s.rateLimit, 11);
  assert.equal(s.backlogLimit, 7777);
  assert.equal(s.backlogWaitTime, 1500);
  assert.equal(s.failure, 0);
  assert.equal(s.enabled, 1);
  const back = await runCli(["set", "--enabled", "off", "--failure", "printk"]);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /^enabled 0\nfailure 1\n/);
});

kernelTest("cli set: a value the kernel rejects is exit 1 with one line", async () => {
  const before = await kernelStatus();
  const r = await runCli(["set", "--backlog-wait-time", "4000000000"]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, /^libaudit set: .*EINVAL/);
  assert.equal((await kernelStatus()).backlogWaitTime, before.backlogWaitTime);
});

Deno.test("cli set: usage errors exit 2 with one line and change nothing", async () => {
  for (
    const [args, pattern] of [
      [[], /nothing to set/],
      [["--enabled", "maybe"], /--enabled must be one of/],
      [["--rate", "-1"], /--rate needs a non-negative integer of at most 4294967295, not '-1'/],
      // Issue 10 item 12: the values `stream` once wrapped silently (20000 and 10).
      [["--backlog", "4294987296"], /--backlog .*at most 4294967295, not '4294987296'/],
      [["--rate", "4294967306"], /--rate .*at most 4294967295, not '4294967306'/],
      [["--backlog-wait-time", "-5"], /--backlog-wait-time needs a non-negative integer/],
      [["--backlog", "1e3"], /--backlog needs a non-negative integer/],
      [["--backlog", "0x10"], /--backlog needs a non-negative integer/],
      [["--rate", "abc"], /--rate needs a non-negative integer/],
      [["--backlog", "99999999999"], /at most 4294967295/],
      [["--failure", "loud"], /--failure must be one of/],
      [["--failure", "panic"], /--yes-really/],
      [["--immutable"], /until reboot.*--yes-really/],
      [["--immutable", "--yes-really", "--enabled", "off"], /contradict/],
      [["--format", "xml", "--rate", "1"], /--format must be one of/],
      [["--bogus"], /unknown option '--bogus'/],
    ] as const
  ) {
    const r = await runCli(["set", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^libaudit set: /);
    assert.match(r.stderr, pattern);
    assert.equal(r.stdout, "");
  }
});

Deno.test("cli set: --help warns that --immutable lasts until reboot", async () => {
  const r = await runCli(["set", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /until reboot/);
  assert.match(r.stdout, /Examples:/);
});

kernelTest("cli set: without CAP_AUDIT_CONTROL, exit 1 with one EPERM line", async () => {
  const { code, stderr } = await runCliWithoutCapabilities(["set", "--rate", "5"]);
  assert.equal(code, 1, stderr);
  assert.equal(stderr.trim().split("\n").length, 1, stderr);
  assert.match(stderr, /^libaudit set: .*EPERM.*CAP_AUDIT_CONTROL/);
  assert.notEqual((await kernelStatus()).rateLimit, 5);
});
