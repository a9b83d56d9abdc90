// Process context on interpreted events: parent, ancestry, leaders, script,
// labels in tags, container and unit, from a log edited from a recorded one.
import assert from "node:assert/strict";
import { parseLogLine, Reassembler } from "../../parse/mod.ts";
import { coalesce, parseLabelRule, ProcessContext } from "../../interpret/mod.ts";
import { execLines, interpretAll } from "./context_log.ts";

const ID = "c".repeat(64);

Deno.test("context: parent, ancestry to the depth asked, entry leader by audit session", () => {
  const events = interpretAll([
    ...execLines(1, 100, 1, "/usr/sbin/sshd", ["sshd"], undefined, 4294967295),
    ...execLines(2, 200, 100, "/usr/bin/bash", ["-bash"]),
    ...execLines(3, 300, 200, "/usr/bin/sh", ["sh", "-c", "ls"]),
    ...execLines(4, 400, 300, "/usr/bin/ls", ["ls"]),
  ], new ProcessContext({ ancestry: 2 }));
  const ls = events[3]!;
  assert.deepEqual(ls.process.parent, {
    pid: 300,
    executable: "/usr/bin/sh",
    name: "sh",
    args: ["sh", "-c", "ls"],
  });
  assert.deepEqual(ls.process.ancestry, [
    { pid: 300, executable: "/usr/bin/sh" },
    { pid: 200, executable: "/usr/bin/bash" },
  ]);
  assert.deepEqual(ls.process.entry_leader, {
    pid: 200,
    executable: "/usr/bin/bash",
    name: "bash",
  });
  assert.equal(events[0]!.process.parent?.executable, undefined); // pid 1 is not in the log
});

Deno.test("context: process.script when an exec runs a script, not for binaries", () => {
  const events = interpretAll([
    ...execLines(1, 100, 1, "/usr/bin/bash", ["bash"]),
    ...execLines(2, 101, 100, "/usr/bin/dash", ["/bin/sh", "./deploy.sh"], [
      "./deploy.sh",
      "/bin/sh",
      "/lib64/ld-linux-x86-64.so.2",
    ]),
    ...execLines(3, 102, 100, "/usr/bin/python3.11", ["python3"], [
      "/usr/bin/python3",
      "/lib64/ld-linux-x86-64.so.2",
    ]),
  ], new ProcessContext());
  assert.deepEqual(events[1]!.process.script, { path: "/home/alice/deploy.sh" });
  assert.equal(events[2]!.process.script, undefined);
  assert.equal(events[0]!.process.script, undefined);
});

Deno.test("context: labels attach by exe, propagate to descendants only when chosen, go to tags", () => {
  const context = new ProcessContext({
    labels: {
      exe: [parseLabelRule("interactive=/sshd$"), parseLabelRule("shell=/bash$")],
      propagate: ["interactive"],
    },
  });
  const events = interpretAll([
    ...execLines(1, 100, 1, "/usr/sbin/sshd", ["sshd"]),
    ...execLines(2, 200, 100, "/usr/bin/bash", ["-bash"]),
    ...execLines(3, 300, 200, "/usr/bin/id", ["id"]),
  ], context);
  assert.deepEqual(events[0]!.tags, ["exec", "interactive"]);
  assert.deepEqual(events[1]!.tags, ["exec", "interactive", "shell"]);
  assert.deepEqual(events[2]!.tags, ["exec", "interactive"]); // "shell" does not propagate
});

Deno.test("context: container, pod and unit from the live cgroup; parent's when the process is gone", () => {
  const cgroups = new Map([
    [200, `0::/kubepods/besteffort/pod11111111-2222-3333-4444-555555555555/${ID}\n`],
  ]);
  const context = new ProcessContext({
    container: true,
    unit: true,
    cgroupOf: (pid) => cgroups.get(pid),
  });
  const events = interpretAll([
    ...execLines(1, 200, 1, "/usr/bin/sh", ["sh"]),
    ...execLines(2, 201, 200, "/usr/bin/true", ["true"]),
  ], context);
  for (const e of events) {
    assert.deepEqual(e.container, { id: ID });
    assert.deepEqual(e.orchestrator, {
      type: "kubernetes",
      resource: { type: "pod", id: "11111111-2222-3333-4444-555555555555" },
    });
  }
  cgroups.set(300, `0::/system.slice/cron.service\n`);
  const [cron] = interpretAll(execLines(3, 300, 1, "/usr/sbin/cron", ["cron"]), context);
  assert.deepEqual(cron!.systemd, { unit: "cron.service" });
  assert.equal(cron!.container, undefined);
});

Deno.test("context: filtered events still feed the table (observe)", () => {
  const context = new ProcessContext();
  const lines = [...execLines(1, 100, 1, "/usr/bin/bash", ["bash"])];
  const r = new Reassembler({ onEvent: (rs) => context.observe(coalesce(rs), rs[0]!.timestamp) });
  for (const line of lines) r.push(parseLogLine(line));
  r.close();
  const [ls] = interpretAll(execLines(2, 101, 100, "/usr/bin/ls", ["ls"]), context);
  assert.equal(ls!.process.parent?.executable, "/usr/bin/bash");
});

Deno.test("context: live facts give process.start, parent start and the session leader", () => {
  const facts = new Map([
    [500, { pid: 500, ppid: 1, start: 1_000, exe: "/usr/sbin/sshd", name: "sshd", sid: 500 }],
    [600, { pid: 600, ppid: 500, start: 2_000, exe: "/usr/bin/bash", name: "bash", sid: 600 }],
  ]);
  const context = new ProcessContext({ lookup: (pid) => facts.get(pid) });
  context.seed(facts.values());
  const [e] = interpretAll(execLines(1, 600, 500, "/usr/bin/bash", ["bash"]), context);
  assert.equal(e!.process.start, "1970-01-01T00:00:02.000Z");
  assert.equal(e!.process.parent?.start, "1970-01-01T00:00:01.000Z");
  assert.deepEqual(e!.process.session_leader, {
    pid: 600,
    executable: "/usr/bin/bash",
    name: "bash",
  });
});
