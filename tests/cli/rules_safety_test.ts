/**
 * `rules load`, `rules apply` and `stream --rules` as root on a shared host:
 * rules files others could have written are refused, `-e 2`/`-f 2` need
 * `--yes-really`, an interrupt never leaves half a plan applied, and a load
 * that stops says how far it got.
 */
import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient } from "../../netlink/mod.ts";
import { ROOT } from "./run_cli.ts";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function libaudit(...args: string[]): Promise<Result> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

function tempRules(text: string, mode = 0o640): string {
  const path = Deno.makeTempFileSync({ suffix: ".rules" });
  Deno.writeTextFileSync(path, text);
  Deno.chmodSync(path, mode);
  return path;
}

async function ruleCount(): Promise<number> {
  const client = AuditClient.open();
  try {
    return (await client.getRules()).length;
  } finally {
    await client.close();
  }
}

const IS_ROOT = Deno.uid() === 0;

/** `n` distinct watch rules (each one kernel rule). */
function manyRules(n: number): string {
  let text = "";
  for (let i = 0; i < n; i++) text += `-w /tmp/libaudit-rules-safety-${i} -p wa -k safety\n`;
  return text;
}

Deno.test({
  name: "stream --rules: a rules file not owned by root is refused before anything runs",
  ignore: !IS_ROOT,
  async fn() {
    const file = tempRules("-w /etc/passwd -p wa -k identity\n");
    try {
      Deno.chownSync(file, 65534, 65534);
      const r = await libaudit("stream", "--rules", file);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /not owned by root; refusing to read it/);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    } finally {
      Deno.removeSync(file);
    }
  },
});

kernelTest(
  "rules apply and load: a world-writable rules file is refused, nothing done",
  async () => {
    const before = await ruleCount();
    const file = tempRules("-w /etc/passwd -p wa -k identity\n", 0o646);
    try {
      Deno.chmodSync(file, 0o646);
      for (const action of ["apply", "load"]) {
        const r = await libaudit("rules", action, file);
        assert.equal(r.code, 1, `${action}: ${r.stderr}`);
        assert.match(r.stderr, /writable by others; refusing to read it/, action);
        assert.equal(await ruleCount(), before, action);
      }
    } finally {
      Deno.removeSync(file);
    }
  },
);

kernelTest(
  "rules apply and load: -e 2 and -f 2 need --yes-really; without it nothing is done",
  async () => {
    const before = await ruleCount();
    for (const line of ["-e 2", "-f 2"]) {
      const file = tempRules(`-w /etc/passwd -p wa -k identity\n${line}\n`);
      try {
        for (const action of ["apply", "load"]) {
          const r = await libaudit("rules", action, file);
          assert.equal(r.code, 1, `${action} ${line}: ${r.stderr}`);
          assert.match(r.stderr, /add --yes-really to allow it/, `${action} ${line}`);
          assert.match(r.stderr, /nothing (applied|loaded)/, `${action} ${line}`);
          assert.equal(await ruleCount(), before, `${action} ${line}: rules changed`);
        }
      } finally {
        Deno.removeSync(file);
      }
    }
    const client = AuditClient.open();
    try {
      const status = await client.getStatus();
      assert.notEqual(status.enabled, 2);
      assert.notEqual(status.failure, 2);
    } finally {
      await client.close();
    }
  },
);

/** Starts `rules ACTION FILE`, sends SIGINT as soon as it writes anything, returns its result. */
async function interrupted(action: string, file: string): Promise<Result> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, "rules", action, file],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const d = new TextDecoder();
  let stdout = "";
  const reader = child.stdout.getReader();
  if (action === "apply") {
    // The plan is printed before the kernel changes start: interrupt right then.
    const first = await reader.read();
    stdout += d.decode(first.value ?? new Uint8Array());
    child.kill("SIGINT");
  } else {
    // load prints nothing: interrupt once the kernel shows the first rules.
    for (let i = 0; i < 2000 && (await ruleCount()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 1));
    }
    child.kill("SIGINT");
  }
  for (let r = await reader.read(); !r.done; r = await reader.read()) stdout += d.decode(r.value);
  const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
  return { code: status.code, stdout, stderr };
}

kernelTest(
  "rules apply: SIGINT while applying 500 rules finishes the plan, then says so",
  async () => {
    const client = AuditClient.open();
    await client.deleteAllRules();
    await client.close();
    const file = tempRules(manyRules(500));
    try {
      const r = await interrupted("apply", file);
      assert.equal(await ruleCount(), 500, r.stderr);
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /SIGINT received; finished first: 500 of 500 changes applied/);
    } finally {
      Deno.removeSync(file);
    }
  },
);

kernelTest(
  "rules load: SIGINT while loading 500 rules finishes the load, then says so",
  async () => {
    const client = AuditClient.open();
    await client.deleteAllRules();
    await client.close();
    const file = tempRules(manyRules(500));
    try {
      const r = await interrupted("load", file);
      assert.equal(await ruleCount(), 500, r.stderr);
      if (r.code === 0) {
        // The signal came after the load had ended: nothing to report.
        assert.doesNotMatch(r.stderr, /received/);
      } else {
        assert.equal(r.code, 130, r.stderr);
        assert.match(r.stderr, /SIGINT received; finished the load first: 500 rules and 0 control/);
      }
    } finally {
      Deno.removeSync(file);
    }
  },
);

kernelTest(
  "rules load: stopping at a bad line says how many rules were loaded before it",
  async () => {
    const client = AuditClient.open();
    await client.deleteAllRules();
    await client.close();
    const file = tempRules(
      "-D\n-w /tmp/a -p wa -k x\n-w /tmp/b -p wa -k x\n-a always,exit -S nosuch\n-w /tmp/c -p wa\n",
    );
    try {
      const r = await libaudit("rules", "load", file);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /there was an error in line 4/);
      assert.match(r.stderr, /stopped there; 2 rules and 1 control line applied before it/);
      assert.equal(await ruleCount(), 2);
    } finally {
      Deno.removeSync(file);
    }
  },
);
