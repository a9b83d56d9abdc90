// Live process context on the real kernel: `stream -i` under an execve rule
// gives the parent and an ancestry reaching this test process; processes
// moved into cgroups named as docker, kubernetes and podman name them give
// events with the container id (and pod uid); a pid reused for real (through
// /proc/sys/kernel/ns_last_pid) gets the right parent on both sides.
import assert from "node:assert/strict";
import { AuditClient } from "../../netlink/mod.ts";
import { kernelTest } from "../kernel_harness.ts";
import { jsonLines, kernelRuleCount, ROOT, streamReady, waitUntil } from "./run_cli.ts";

type Ref = { pid: number; executable?: string };
type Event = {
  tags?: string[];
  process: {
    pid: string;
    ppid?: string;
    exe?: string;
    args?: string[];
    parent?: Ref;
    ancestry?: Ref[];
  };
  container?: { id: string; runtime?: string };
  orchestrator?: { resource: { id: string } };
};

const UNIFIED = "/sys/fs/cgroup/unified";

async function backlogEmpty(): Promise<boolean> {
  const client = AuditClient.open();
  try {
    return (await client.getStatus()).backlog === 0;
  } finally {
    await client.close();
  }
}

/** Runs `stream -i -f json` with an execve rule (key `key`) around `body`; returns its events. */
async function streamAround(
  key: string,
  args: string[],
  body: () => Promise<void>,
): Promise<Event[]> {
  const rules = await Deno.makeTempFile({ suffix: ".rules" });
  await Deno.writeTextFile(rules, `-a always,exit -F arch=b64 -S execve -k ${key}\n`);
  const rulesBefore = await kernelRuleCount();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}cli.ts`,
      "stream",
      "--rules",
      rules,
      "-f",
      "json",
      "--backlog",
      "8192",
      ...args,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const done = child.output();
  try {
    await streamReady(child.pid, rulesBefore);
    await body();
    await waitUntil(backlogEmpty, "the kernel backlog to drain");
    await new Promise((r) => setTimeout(r, 700));
  } finally {
    child.kill("SIGINT");
    await Deno.remove(rules);
  }
  const out = await done;
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return (jsonLines(new TextDecoder().decode(out.stdout)) as Event[]).filter((e) =>
    e.tags?.includes(key)
  );
}

async function run(cmd: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  assert.ok(out.success, `${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

kernelTest(
  "context live: sh -c 'sh -c /usr/bin/true' has the shell as parent, ancestry to this test",
  async () => {
    const key = `ctx-tree-${Deno.pid}`;
    const events = await streamAround(
      key,
      ["--ancestry"],
      () => run("sh", "-c", "sh -c /usr/bin/true"),
    );
    const t = events.find((e) => e.process.exe === "/usr/bin/true");
    assert.ok(t !== undefined, `no true event among ${events.length}`);
    assert.equal(t.process.parent?.executable, "/usr/bin/dash");
    const pids = (t.process.ancestry ?? []).map((a) => a.pid);
    assert.ok(
      pids.includes(Deno.pid),
      `ancestry ${JSON.stringify(t.process.ancestry)} lacks ${Deno.pid}`,
    );
  },
);

const HEX = (c: string) => c.repeat(64);
const POD = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CGROUPS = [
  { path: `system.slice/docker-${HEX("d")}.scope`, id: HEX("d"), runtime: "docker" },
  { path: `kubepods/besteffort/pod${POD}/${HEX("e")}`, id: HEX("e"), pod: POD },
  { path: `machine.slice/libpod-${HEX("f")}.scope`, id: HEX("f"), runtime: "podman" },
] as const;

const CGROUP_TEST =
  "context live: processes in docker, kubernetes and podman cgroups give container ids";
if (!existsDir(UNIFIED)) {
  Deno.test({
    name: `${CGROUP_TEST} (skipped: no cgroup v2 at ${UNIFIED})`,
    ignore: true,
    fn() {},
  });
} else {
  kernelTest(CGROUP_TEST, async () => {
    const key = `ctx-cg-${Deno.pid}`;
    const made: string[] = [];
    try {
      const events = await streamAround(key, [], async () => {
        for (const c of CGROUPS) {
          const dir = `${UNIFIED}/${c.path}`;
          const parts = c.path.split("/");
          for (let i = 1; i <= parts.length; i++) {
            const d = `${UNIFIED}/${parts.slice(0, i).join("/")}`;
            if (!existsDir(d)) {
              await Deno.mkdir(d);
              made.push(d);
            }
          }
          // The shell moves itself in, then starts an audited true and waits.
          await run(
            "sh",
            "-c",
            `echo $$ > ${dir}/cgroup.procs && /usr/bin/true ${c.id} && sleep 1`,
          );
        }
      });
      for (const c of CGROUPS) {
        const e = events.find((e) =>
          e.process.exe === "/usr/bin/true" && e.process.args?.[1] === c.id
        );
        assert.ok(e !== undefined, `no event for ${c.path}`);
        assert.equal(e.container?.id, c.id, c.path);
        if ("runtime" in c) assert.equal(e.container?.runtime, c.runtime);
        if ("pod" in c) assert.equal(e.orchestrator?.resource.id, c.pod);
      }
    } finally {
      for (const d of made.reverse()) await Deno.remove(d).catch(() => {});
    }
  });
}

function existsDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** Runs `shell -c` with a /usr/bin/true child forced to pid `pid` (ns_last_pid); its pid, or -1. */
async function trueAtPid(shell: string, pid: number, tag: string): Promise<number> {
  const script = `echo ${
    pid - 1
  } > /proc/sys/kernel/ns_last_pid; /usr/bin/true ${tag} & wait; echo $!`;
  const out = await new Deno.Command(shell, { args: ["-c", script], stdout: "piped" }).output();
  return Number(new TextDecoder().decode(out.stdout).trim() || -1);
}

const REUSE_TEST = "context live: a pid reused for real gets the right parent on both sides";
if (!existsFile("/proc/sys/kernel/ns_last_pid") || !existsFile("/usr/bin/bash")) {
  Deno.test({ name: `${REUSE_TEST} (skipped: no ns_last_pid or bash)`, ignore: true, fn() {} });
} else {
  kernelTest(REUSE_TEST, async () => {
    const key = `ctx-reuse-${Deno.pid}`;
    let pid = -1;
    const events = await streamAround(key, [], async () => {
      // Another process may take the pid between the write and the fork: retry elsewhere.
      for (let attempt = 0; attempt < 20 && pid < 0; attempt++) {
        const want = 20000 + Math.floor(Math.random() * 10000);
        if ((await trueAtPid("/usr/bin/dash", want, `first-${key}`)) !== want) continue;
        if ((await trueAtPid("/usr/bin/bash", want, `second-${key}`)) !== want) continue;
        pid = want;
      }
    });
    assert.ok(pid > 0, "could not get the same pid twice");
    const run = (tag: string) =>
      events.find((e) => e.process.args?.[1] === `${tag}-${key}` && e.process.pid === String(pid));
    const first = run("first");
    const second = run("second");
    assert.ok(first !== undefined && second !== undefined, `events for pid ${pid}`);
    assert.equal(first.process.parent?.executable, "/usr/bin/dash");
    assert.equal(second.process.parent?.executable, "/usr/bin/bash");
    assert.equal(first.process.parent?.pid, Number(first.process.ppid));
    assert.equal(second.process.parent?.pid, Number(second.process.ppid));
  });
}

function existsFile(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
