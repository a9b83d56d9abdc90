import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { type AuditClient, NetlinkError } from "../../netlink/mod.ts";
import { executeLoad } from "../../cli/commands/rules_load.ts";

const CLI = new URL("../../cli.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
const CONFORMANCE =
  new URL("../../../shared/conformance/go-libaudit/rule/", import.meta.url).pathname;
const HAVE_CONFORMANCE = (() => {
  try {
    return Deno.statSync(CONFORMANCE).isDirectory;
  } catch {
    return false;
  }
})();
const AUDITCTL_FOUND = (() => {
  try {
    Deno.statSync("/usr/sbin/auditctl");
    return "/usr/sbin/auditctl";
  } catch {
    return undefined;
  }
})();
const AUDITCTL: string = AUDITCTL_FOUND ?? "auditctl";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(cmd: string, args: string[]): Promise<Result> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

function libaudit(...args: string[]): Promise<Result> {
  return run(Deno.execPath(), ["run", "-A", "--config", CONFIG, CLI, "rules", ...args]);
}

function tempRules(text: string): string {
  const path = Deno.makeTempFileSync({ suffix: ".rules" });
  Deno.writeTextFileSync(path, text);
  Deno.chmodSync(path, 0o640);
  return path;
}

Deno.test("cli rules check: a good file exits 0 and counts its lines", async () => {
  const file = tempRules("# c\n\n-D\n-b 8192\n-w /etc/passwd -p wa -k identity\n-e 2\n");
  try {
    const r = await libaudit("check", file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 rule, 3 control lines, 0 errors/);
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("cli rules check: every bad line is reported with file:line:col and exit 1", async () => {
  const file = tempRules(
    "-w /etc/passwd -p wa\n-a always,exit -F arch=aarch64 -S open\n-a always,exit -S nope\n-k alone\n",
  );
  try {
    const r = await libaudit("check", file);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`${file}:2:35: unknown syscall 'open' on aarch64`), r.stderr);
    assert.ok(r.stderr.includes(`${file}:3:19: unknown syscall 'nope'`), r.stderr);
    assert.ok(r.stderr.includes(`${file}:4:1: -k needs a watch`), r.stderr);
    assert.match(r.stdout, /1 rule, 0 control lines, 3 errors/);
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("cli rules check --machine: checks syscalls against another machine's table", async () => {
  const file = tempRules("-a always,exit -S open\n-a always,exit -S openat\n");
  try {
    const arm = await libaudit("check", "--machine", "aarch64", file);
    assert.equal(arm.code, 1);
    assert.ok(arm.stderr.includes(`${file}:1:19: unknown syscall 'open' on aarch64`), arm.stderr);
    assert.equal((await libaudit("check", "--machine", "x86_64", file)).code, 0);
    const bad = await libaudit("check", "--machine", "vax", file);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown --machine 'vax'/);
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("cli rules check: a missing file is an error, no files is a usage error", async () => {
  const missing = await libaudit("check", "/nonexistent/x.rules");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nonexistent/);
  const none = await libaudit("check");
  assert.equal(none.code, 2);
  assert.match(none.stderr, /needs at least one FILE/);
});

Deno.test("cli rules: unknown action and unknown flag are usage errors", async () => {
  const action = await libaudit("frobnicate");
  assert.equal(action.code, 2);
  assert.match(action.stderr, /unknown action 'frobnicate'/);
  const flag = await libaudit("list", "--bogus");
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /unknown option '--bogus'/);
  const help = await libaudit("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /libaudit rules apply FILE/);
});

Deno.test("cli rules add: a malformed rule is reported and nothing is sent", async () => {
  const r = await libaudit("add", "-a always,exit -F arch=b64 -S nosuch -k x");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /rule 1:1:31: unknown syscall 'nosuch' on x86_64/);
  const control = await libaudit("add", "-b 10");
  assert.equal(control.code, 1);
  assert.match(control.stderr, /not a rule/);
});

kernelTest(
  "cli rules: load of each conformance file lists like auditctl -R, list prints auditctl -l",
  async () => {
    for (
      const entry of [...Deno.readDirSync(CONFORMANCE)].filter((e) => e.name.endsWith(".rules"))
    ) {
      const file = CONFORMANCE + entry.name;
      await run(AUDITCTL, ["-D"]);
      const theirs: Result = await run(AUDITCTL, ["-R", file]);
      const theirList: string = (await run(AUDITCTL, ["-l"])).stdout;
      const ourList: string = (await libaudit("list")).stdout;
      assert.equal(ourList, theirList, `rules list vs auditctl -l for ${entry.name}`);
      await run(AUDITCTL, ["-D"]);
      const ours = await libaudit("load", file);
      assert.equal(ours.code === 0, theirs.code === 0, `${entry.name}: ${ours.stderr}`);
      assert.equal((await run(AUDITCTL, ["-l"])).stdout, theirList, `load of ${entry.name}`);
    }
  },
  {
    skip: (!HAVE_CONFORMANCE || AUDITCTL_FOUND === undefined)
      ? "auditctl or ../shared/conformance is missing"
      : undefined,
  },
);

kernelTest(
  "cli rules: add, delete, flush, and list in auditctl's order and syscall naming",
  async () => {
    await run(AUDITCTL, ["-D"]);
    const added = await libaudit(
      "add",
      "-a always,exit -F arch=b32 -S open -k x",
      "-a always,exit -S openat -F exit=-EPERM",
      "-w /etc/passwd -p wa -k a -k b",
      "-A never,exit -F arch=b64 -S execve -C euid!=uid",
    );
    assert.equal(added.code, 0, added.stderr);
    assert.equal((await libaudit("list")).stdout, (await run(AUDITCTL, ["-l"])).stdout);
    const again = await libaudit("add", "-w /etc/passwd -p wa -k a -k b");
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists/);
    const deleted = await libaudit("delete", "-w /etc/passwd -p wa -k a -k b");
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.doesNotMatch((await run(AUDITCTL, ["-l"])).stdout, /passwd/);
    const flushed = await libaudit("flush");
    assert.equal(flushed.code, 0);
    assert.equal((await libaudit("list")).stdout, "No rules\n");
  },
  { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined },
);

kernelTest(
  "cli rules: apply makes the kernel match, a second apply changes nothing, diff --exit-code",
  async () => {
    const file = tempRules(
      "-D\n-b 8192\n-a never,exit -F arch=b64 -S rt_sigreturn\n-w /etc/passwd -p wa -k identity\n" +
        "-a always,exit -F arch=b64 -S openat -F exit=-EACCES -k access\n-w /etc/shadow -p wa -k identity\n",
    );
    try {
      await run(AUDITCTL, ["-D"]);
      await run(AUDITCTL, ["-w", "/etc/shadow", "-p", "wa", "-k", "identity"]);
      await run(AUDITCTL, ["-w", "/etc/hosts", "-p", "wa", "-k", "stale"]);
      const drift = await libaudit("diff", "--exit-code", file);
      assert.equal(drift.code, 1);
      assert.match(drift.stdout, /^- -w \/etc\/hosts -p wa -k stale$/m);
      assert.match(drift.stdout, /^\+ -w \/etc\/passwd -p wa -k identity$/m);
      const backlog = /backlog_limit (\d+)/.exec((await run(AUDITCTL, ["-s"])).stdout)?.[1];
      if (backlog !== "8192") assert.match(drift.stdout, /^~ -b 8192 \(kernel: \d+\)$/m);
      const applied = await libaudit("apply", file);
      assert.equal(applied.code, 0, applied.stderr);
      const want = [
        "-a never,exit -F arch=b64 -S rt_sigreturn",
        "-w /etc/passwd -p wa -k identity",
        "-a always,exit -F arch=b64 -S openat -F exit=-EACCES -F key=access",
        "-w /etc/shadow -p wa -k identity",
        "",
      ].join("\n");
      assert.equal((await run(AUDITCTL, ["-l"])).stdout, want);
      assert.match((await run(AUDITCTL, ["-s"])).stdout, /^backlog_limit 8192$/m);
      const second = await libaudit("apply", file);
      assert.equal(second.code, 0);
      assert.equal(second.stdout, "");
      await run(AUDITCTL, ["-w", "/etc/hosts", "-p", "wa", "-k", "stale"]);
      const json = await libaudit("diff", "--format", "json", file);
      assert.deepEqual(json.stdout.trim().split("\n").map((l) => JSON.parse(l).change), ["delete"]);
      assert.equal(JSON.parse(json.stdout).rule, "-w /etc/hosts -p wa -k stale");
      assert.equal((await libaudit("apply", file)).code, 0);
      const clean = await libaudit("diff", "--exit-code", file);
      assert.equal(clean.code, 0);
      assert.equal(clean.stdout, "");
    } finally {
      Deno.removeSync(file);
    }
  },
  { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined },
);

kernelTest(
  "cli rules load: stops at the first bad line; -c goes on and exits 1; -i exits 0",
  async () => {
    const file = tempRules("-w /etc/passwd -p wa\n-a always,exit -S nope\n-w /etc/shadow -p wa\n");
    try {
      await run(AUDITCTL, ["-D"]);
      const stop = await libaudit("load", file);
      assert.equal(stop.code, 1);
      assert.match(stop.stderr, /error in line 2/);
      assert.equal((await run(AUDITCTL, ["-l"])).stdout, "-w /etc/passwd -p wa\n");
      await run(AUDITCTL, ["-D"]);
      const cont = await libaudit("load", "-c", file);
      assert.equal(cont.code, 1);
      assert.equal(
        (await run(AUDITCTL, ["-l"])).stdout,
        "-w /etc/passwd -p wa\n-w /etc/shadow -p wa\n",
      );
      await run(AUDITCTL, ["-D"]);
      const ignore = await libaudit("load", "-i", file);
      assert.equal(ignore.code, 0);
      assert.equal(
        (await run(AUDITCTL, ["-l"])).stdout,
        "-w /etc/passwd -p wa\n-w /etc/shadow -p wa\n",
      );
    } finally {
      Deno.removeSync(file);
    }
  },
  { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined },
);

kernelTest(
  "cli rules list: --key filters like auditctl -l -k, --format json describes rules",
  async () => {
    await run(AUDITCTL, ["-D"]);
    await run(AUDITCTL, ["-w", "/etc/passwd", "-p", "wa", "-k", "identity"]);
    await run(AUDITCTL, [
      "-a",
      "always,exit",
      "-F",
      "arch=b64",
      "-S",
      "openat",
      "-k",
      "access",
      "-k",
      "x",
    ]);
    const filtered = await libaudit("list", "--key", "acc");
    assert.equal(filtered.stdout, (await run(AUDITCTL, ["-l", "-k", "acc"])).stdout);
    const json = await libaudit("list", "--format", "json");
    const records = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(records[1], {
      rule: "-a always,exit -F arch=b64 -S openat -F key=access -F key=x",
      list: "exit",
      action: "always",
      arch: "x86_64",
      syscalls: ["openat"],
      fields: [],
      keys: ["access", "x"],
    });
    assert.deepEqual(records[0].fields, [{ name: "path", op: "=", value: "/etc/passwd" }, {
      name: "perm",
      op: "=",
      value: "wa",
    }]);
  },
  { skip: (AUDITCTL_FOUND === undefined) ? "auditctl is not installed" : undefined },
);

Deno.test("cli rules check: notes that --loginuid-immutable locks until reboot on load", async () => {
  const file = tempRules("-w /etc/passwd -p wa\n--loginuid-immutable\n");
  try {
    const r = await libaudit("check", file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 rule, 1 control line, 0 errors/);
    assert.match(r.stderr, new RegExp(`note: ${file}:2: --loginuid-immutable: .*until reboot`));
  } finally {
    Deno.removeSync(file);
  }
});

/** A stand-in for the kernel (locking loginuid_immutable on the real one lasts until reboot). */
function fakeClient(calls: string[], immutableError?: Error): AuditClient {
  const fake = {
    getStatus: () => Promise.resolve({ featureBitmap: 0x7f }),
    addRule: () => (calls.push("addRule"), Promise.resolve()),
    setLoginuidImmutable: (confirm: string) => {
      calls.push(`setLoginuidImmutable(${confirm})`);
      return immutableError ? Promise.reject(immutableError) : Promise.resolve();
    },
  };
  return fake as unknown as AuditClient;
}

Deno.test({
  name:
    "cli rules load: --loginuid-immutable sets and locks the feature as auditctl, in file order",
  ignore: Deno.uid() !== 0, // auditctl -R semantics: rules files must be owned by root
  async fn() {
    const file = tempRules("-w /etc/passwd -p wa\n--loginuid-immutable\n-w /etc/shadow -p wa\n");
    try {
      const ok: string[] = [];
      const opts = { continueOnError: false, ignoreErrors: false, yesReally: false };
      assert.equal(await executeLoad(fakeClient(ok), [file], opts), 0);
      assert.deepEqual(ok, ["addRule", "setLoginuidImmutable(until-reboot)", "addRule"]);
      // A refusal (e.g. already locked) is the line's error: stop there, exit 1.
      const refused: string[] = [];
      const eperm = new NetlinkError("set audit feature loginuid_immutable", 1);
      assert.equal(await executeLoad(fakeClient(refused, eperm), [file], opts), 1);
      assert.deepEqual(refused, ["addRule", "setLoginuidImmutable(until-reboot)"]);
    } finally {
      Deno.removeSync(file);
    }
  },
});
