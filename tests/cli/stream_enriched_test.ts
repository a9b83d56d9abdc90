import assert from "node:assert/strict";
import { enrichedTail, logLine } from "../../cli/io/enriched_line.ts";
import { parseLogLine } from "../../parse/mod.ts";
import { AuditClient } from "../../netlink/mod.ts";
import { kernelTest } from "../kernel_harness.ts";
import { ROOT, waitUntil } from "./run_cli.ts";

const NAMES = {
  userName: (uid: string) => ({ "0": "root", "1000": "alice" } as Record<string, string>)[uid],
  groupName: (gid: string) => ({ "0": "root" } as Record<string, string>)[gid],
};

Deno.test("stream --raw-format enriched: the tail auditd 3.0.9 writes", () => {
  // Lines and tails as auditd wrote them (ENRICHED corpus).
  const cases: [number, string, string][] = [
    [
      1300,
      "arch=c000003e syscall=44 success=yes exit=60 a0=4 a1=7ffc3833d360 a2=3c a3=0 items=0 " +
      "ppid=2451 pid=2471 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 " +
      'fsgid=0 tty=(none) ses=4294967295 comm="auditd" exe="/usr/sbin/auditd" key=(null)',
      'ARCH=x86_64 SYSCALL=sendto AUID="unset" UID="root" GID="root" EUID="root" SUID="root" ' +
      'FSUID="root" EGID="root" SGID="root" FSGID="root"',
    ],
    [
      1101,
      "pid=2608 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:accounting grantors=pam_permit " +
      'acct="corpususer" exe="/usr/bin/su" hostname=? addr=? terminal=? res=success\'',
      'UID="root" AUID="unset"',
    ],
    [1306, "saddr=100000000000000000000000", "SADDR={ saddr_fam=netlink nlnk-fam=16 nlnk-pid=0 }"],
    [
      1302,
      'item=0 name="/etc/" inode=19 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 ' +
      "nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0",
      'OUID="root" OGID="root"',
    ],
    [1309, 'argc=3 a0="auditctl" a1="-e" a2="1"', ""],
  ];
  for (const [type, body, tail] of cases) assert.equal(enrichedTail(type, body, NAMES), tail);
});

Deno.test("stream --raw: node= prefix and ENRICHED lines read back with parse", () => {
  const payload = "audit(1796196911.039:208216): op=set audit_backlog_limit=16384 old=16384 " +
    "auid=1000 ses=4294967295 res=1";
  const line = logLine("CONFIG_CHANGE", 1305, payload, {
    node: "web1",
    enriched: true,
    resolver: NAMES,
  });
  assert.equal(line, `node=web1 type=CONFIG_CHANGE msg=${payload}\x1dAUID="alice"`);
  const m = parseLogLine(line);
  assert.equal(m.node, "web1");
  assert.equal(m.sequence, 208216);
  assert.equal(logLine("CONFIG_CHANGE", 1305, payload, {}), `type=CONFIG_CHANGE msg=${payload}`);
});

kernelTest(
  "stream --raw --raw-format enriched --node: auditd's ENRICHED lines, read back",
  async () => {
    const rules = await Deno.makeTempFile({ suffix: ".rules" });
    await Deno.writeTextFile(
      rules,
      `-a always,exit -F arch=b64 -S execve -F path=/usr/bin/true -F key=enriched-${Deno.pid}\n`,
    );
    await Deno.chmod(rules, 0o600);
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `${ROOT}cli.ts`,
          "stream",
          "--raw",
          "--raw-format",
          "enriched",
          "--node",
          "web1",
          "--rules",
          rules,
        ],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const out = new Response(child.stdout).text();
      const err = new Response(child.stderr).text();
      await waitUntil(async () => {
        const c = AuditClient.open();
        try {
          return (await c.getStatus()).pid !== 0;
        } finally {
          await c.close();
        }
      }, "stream to register");
      await new Deno.Command("/usr/bin/true").output();
      await new Promise((r) => setTimeout(r, 700));
      child.kill("SIGINT");
      assert.equal((await child.status).code, 0, await err);
      const lines = (await out).split("\n").filter((l) => l.includes(`enriched-${Deno.pid}`));
      assert.equal(lines.length, 1, await out);
      const line = lines[0]!;
      assert.ok(line.startsWith("node=web1 type=SYSCALL msg=audit("), line);
      // deno-lint-ignore no-control-regex
      assert.match(line, /\x1dARCH=x86_64 SYSCALL=execve AUID="[^"]+" UID="root"/);
      const m = parseLogLine(line);
      assert.equal(m.node, "web1");
      assert.equal(m.recordTypeName, "SYSCALL");
    } finally {
      await Deno.remove(rules);
    }
  },
);
