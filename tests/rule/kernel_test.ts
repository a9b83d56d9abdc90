import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient } from "../../netlink/client.ts";
import {
  decodeRule,
  encodeRule,
  formatRules,
  kernelForm,
  parseRule,
  RuleSyntaxError,
} from "../../rule/mod.ts";
import { hostParseOptions } from "../../cli/host/rules_host.ts";

const AUDITCTL_FOUND = (() => {
  for (const p of ["/usr/sbin/auditctl", "/sbin/auditctl"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  return undefined;
})();
const AUDITCTL: string = AUDITCTL_FOUND ?? "auditctl";

async function auditctl(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(AUDITCTL!, { args, stdout: "piped", stderr: "piped" })
    .output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

/** Rules auditctl accepts; each must give the bytes the kernel lists after auditctl adds it. */
const ACCEPTED = [
  "-w /etc/passwd -p wa -k identity",
  "-w /etc/ -p rwxa",
  "-w /etc/shadow -k a -k b",
  "-w /etc/group -k a -F key=b -k c",
  "-a always,exit -F arch=b64 -S openat -F key=a -F key=b",
  "-a always,exit -F arch=b64 -S open,openat -k one -k two -F exit=-EACCES",
  "-a always,exit -F arch=b32 -S open -S truncate -F exit=-EPERM -k perm",
  "-A always,exit -F arch=b64 -S execve -C euid!=uid -F euid=0 -k setuid",
  "-a always,exit -F arch=x86_64 -S connect -F a2=16 -F saddr_fam=2 -F success=1",
  "-a always,exit -F arch=b64 -S clone -F a0&0x7C020000 -k container",
  "-a always,exit -F dir=/var/log/audit/ -F perm=r -F auid>=1000 -F auid!=unset",
  "-a always,exit -F path=/usr/bin/su -F perm=x -F auid!=-1",
  "-a always,exit -F arch=b64 -S all -F exit=-EWOULDBLOCK",
  "-a always,exit -F arch=b64 -S 59 -F uid=root -F gid=root",
  "-a never,exit -F arch=b64 -S rt_sigreturn",
  "-a always,exclude -F msgtype=CRYPTO_KEY_USER",
  "-a always,exclude -F exe=/bin/ls",
  "-a never,user -F subj_type=crond_t",
  "-a always,exit -F arch=b64 -S openat -F filetype=file -F inode=12345 -F devmajor=8",
  "-a always,exit -S all -F sessionid=unset -F pid=1 -F ppid=1 -F pers=0",
  "-a always,exit -F arch=aarch64 -S openat -k arm",
  "-a exit,always -F arch=b64 -S mount -F obj_uid=0 -F obj_gid=0",
  "-a always,exit -F arch=b64 -S execve -F exe=/usr/bin/sudo -k sudo",
  "-a always,exit -F arch=b64 -S chmod -F a1&=0x800 -F a3<=10 -F a2>5",
  "-a always,exit -F arch=b64 -S setuid -F euid<1000 -F egid>=0",
  "-a always,exit -F arch=b64 -S openat -F auid=0x10 -F uid=010",
  "-a always,exit -F arch=b64 -S openat -F key!=x",
  "-w /tmp -p x -F auid=0 -k tmp",
  "-a always,exit -S all -F exit=EPERM",
  "-a always,exit -F arch=b64 -S openat -F a0=-1",
  "-a always,filesystem -F fstype=tracefs",
  "-a always,exit -F arch=b64 -S open -F EXIT=-eacces",
  "-a always,exit -F arch=0xc000003e -S OPENAT",
  "-a always,exit -F arch=i686 -S socketcall -F a0=3",
  "-a always,exit -F arch=b64 -S openat -F subj_user=system_u -F obj_type=etc_t",
  "-a always,user -F msgtype=1100 -F sessionid=3",
];

/** Rules auditctl refuses; our parser must refuse them too. */
const REFUSED = [
  "-a always,exit -F arch=aarch64 -S open",
  "-a always,exit -S openat -F arch=b64",
  "-a always,task -S openat",
  "-a never,exclude -S openat",
  "-a always,exit -F msgtype=CRYPTO_KEY_USER",
  "-a always,exclude -F perm=wa",
  "-a always,exit -S all -F key=a!=b",
  "-k lonely",
  "-a always,exit -F nosuchfield=1",
  "-a always,exit -F uid=nosuchuserhere",
  "-a always,exit -C uid=gid",
  "-w etc/passwd",
  "-w /etc/passwd -p z",
  "-a always,exit -S nosuchsyscall",
  "-a always,exit -F exit=-ENOSUCHERR",
  "-a possible,exit",
  "-a always,nosuchlist",
  "-a always,exit -F success=-1",
  "-a always,exit -F inode>5",
  "-a always,exit -F exe~/bin/ls",
];

kernelTest(
  "rule kernel: accepted rules encode to the bytes the kernel lists after auditctl adds them",
  async () => {
    const client = AuditClient.open();
    try {
      const failures: string[] = [];
      for (const text of ACCEPTED) {
        await client.deleteAllRules();
        const res = await auditctl(...text.split(" "));
        if (res.code !== 0) {
          failures.push(`${text}: auditctl refused: ${res.stderr.trim()}`);
          continue;
        }
        const listed = await client.getRules();
        const ours = kernelForm(encodeRule(parseRule(text, hostParseOptions())));
        if (listed.length !== 1 || hex(kernelForm(listed[0]!)) !== hex(ours)) {
          failures.push(`${text}: bytes differ`);
        }
        // Our bytes delete auditctl's rule: the kernel sees the same rule.
        await client.deleteRule(
          encodeRule({ ...parseRule(text, hostParseOptions()), operation: "delete" }),
        );
        assert.equal((await client.getRules()).length, 0, text);
      }
      assert.deepEqual(failures, []);
    } finally {
      await client.close();
    }
  },
  { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined },
);

kernelTest("rule kernel: rules auditctl refuses are refused by the parser", async () => {
  const failures: string[] = [];
  for (const text of REFUSED) {
    const res = await auditctl(...text.split(" "));
    await auditctl("-D");
    let ours: string | undefined;
    try {
      parseRule(text, hostParseOptions());
    } catch (e) {
      if (!(e instanceof RuleSyntaxError)) throw e;
      ours = e.message;
    }
    if (res.code === 0) failures.push(`${text}: auditctl accepted it`);
    if (ours === undefined) failures.push(`${text}: we accepted it`);
  }
  assert.deepEqual(failures, []);
}, { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined });

const STRACE_FOUND = (() => {
  try {
    Deno.statSync("/usr/bin/strace");
    return "/usr/bin/strace";
  } catch {
    return undefined;
  }
})();
const STRACE: string = STRACE_FOUND ?? "strace";

/** The AUDIT_ADD_RULE payload auditctl sends, from `strace -xx` output. */
function sentRule(trace: string): Uint8Array | undefined {
  const m = /nlmsg_type=AUDIT_ADD_RULE[^\]]*?\}, "((?:\\x[0-9a-f]{2})*)"/.exec(trace);
  if (!m) return undefined;
  const hexes = m[1]!.split("\\x").slice(1);
  return new Uint8Array(hexes.map((h) => parseInt(h, 16)));
}

/** Rules whose sent bytes differ from the kernel's listing, or that are prepended. */
const SENT = [
  "-A always,exit -S all -k a -k b",
  "-a always,exit -F arch=b64 -S openat -F key=a -k b",
  "-w /etc/passwd -p wa -k identity",
  "-a always,exit -F dir=/var/log/audit/ -F perm=r -F auid>=1000 -F auid!=unset",
  "-a never,user -F subj_type=crond_t",
  "-a always,exit -S all -C euid!=uid",
];

kernelTest("rule kernel: encodeRule equals the bytes auditctl sends (strace)", async () => {
  const client = AuditClient.open();
  try {
    const failures: string[] = [];
    for (const text of SENT) {
      await client.deleteAllRules();
      const out = await new Deno.Command(STRACE, {
        args: ["-f", "-e", "trace=sendto", "-xx", "-s", "65535", AUDITCTL, ...text.split(" ")],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const sent = sentRule(new TextDecoder().decode(out.stderr));
      const ours = encodeRule(parseRule(text, hostParseOptions()));
      if (sent === undefined) {
        failures.push(`${text}: no AUDIT_ADD_RULE in the trace`);
        continue;
      }
      const rest = sent.subarray(ours.length);
      if (hex(sent.subarray(0, ours.length)) !== hex(ours) || rest.some((b) => b !== 0)) {
        failures.push(`${text}: sent bytes differ`);
      }
    }
    await client.deleteAllRules();
    assert.deepEqual(failures, []);
  } finally {
    await client.close();
  }
}, {
  skip: (AUDITCTL_FOUND === undefined || STRACE_FOUND === undefined)
    ? "auditctl or strace is not installed"
    : undefined,
});

kernelTest(
  "rule kernel: formatRules prints what auditctl -l prints for all accepted forms",
  async () => {
    const client = AuditClient.open();
    try {
      await client.deleteAllRules();
      for (const text of ACCEPTED) await auditctl(...text.split(" "));
      const ours = formatRules((await client.getRules()).map(decodeRule), {
        machine: Deno.build.arch,
      });
      const theirs = (await auditctl("-l")).stdout.trimEnd().split("\n");
      assert.deepEqual(ours, theirs);
      await client.deleteAllRules();
    } finally {
      await client.close();
    }
  },
  { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined },
);
