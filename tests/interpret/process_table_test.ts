// The process table: parents by (pid, start), pid reuse on both sides, bounds.
import assert from "node:assert/strict";
import { ProcessTable } from "../../interpret/mod.ts";
import type { ProcessEventFacts } from "../../interpret/mod.ts";

function ev(p: Partial<ProcessEventFacts> & { pid: number; time: number }): ProcessEventFacts {
  return {
    ppid: undefined,
    syscall: undefined,
    success: true,
    exit: "0",
    a0: undefined,
    exe: undefined,
    name: undefined,
    args: undefined,
    ses: undefined,
    ...p,
  };
}
const exec = (time: number, pid: number, ppid: number, exe: string) =>
  ev({ time, pid, ppid, syscall: "execve", exe, args: [exe] });

Deno.test("process table: a child's parent is its ppid's process, with exe and args", () => {
  const t = new ProcessTable();
  t.observe(exec(1, 100, 1, "/usr/bin/bash"));
  const child = t.observe(exec(2, 101, 100, "/usr/bin/ls"));
  assert.equal(child.parent?.exe, "/usr/bin/bash");
  assert.deepEqual(child.parent?.args, ["/usr/bin/bash"]);
});

Deno.test("process table: a reused child pid gets its new parent (no exit logged)", () => {
  const t = new ProcessTable();
  t.observe(exec(1, 100, 1, "/usr/bin/bash"));
  t.observe(exec(2, 300, 1, "/usr/sbin/cron"));
  const before = t.observe(exec(3, 200, 100, "/usr/bin/ls"));
  const after = t.observe(exec(4, 200, 300, "/usr/bin/date"));
  assert.equal(before.parent?.exe, "/usr/bin/bash");
  assert.equal(after.parent?.exe, "/usr/sbin/cron");
  assert.notEqual(before, after);
  assert.equal(before.exe, "/usr/bin/ls"); // the old process is not rewritten
  assert.equal(t.stats.reused, 1);
});

Deno.test("process table: a reused parent pid: old children keep the old parent, new ones get the new", () => {
  const t = new ProcessTable();
  t.observe(exec(1, 100, 1, "/usr/bin/bash"));
  const old = t.observe(exec(2, 101, 100, "/usr/bin/sleep"));
  t.observe(ev({ time: 3, pid: 100, ppid: 1, syscall: "exit_group" }));
  t.observe(exec(4, 100, 1, "/usr/bin/python3")); // pid 100 again, a new process
  const young = t.observe(exec(5, 102, 100, "/usr/bin/id"));
  assert.equal(young.parent?.exe, "/usr/bin/python3");
  // 101 was bash's child; its parent stays bash even though pid 100 is python now.
  const again = t.observe(ev({ time: 6, pid: 101, ppid: 100, syscall: "openat" }));
  assert.equal(again, old);
  assert.equal(again.parent?.exe, "/usr/bin/bash");
});

Deno.test("process table: fork/clone adds the child with the parent's exe and a start time", () => {
  const t = new ProcessTable();
  t.observe(exec(1, 100, 1, "/usr/bin/bash"));
  t.observe(ev({ time: 5, pid: 100, ppid: 1, syscall: "clone", exit: "150", a0: "1200011" }));
  const child = t.get(150)!;
  assert.equal(child.start, 5);
  assert.equal(child.exe, "/usr/bin/bash");
  assert.equal(child.parent, t.get(100));
  // A thread (CLONE_THREAD) is not a process.
  t.observe(ev({ time: 6, pid: 100, ppid: 1, syscall: "clone", exit: "151", a0: "3d0f00" }));
  assert.equal(t.get(151), undefined);
  // Fork then exit then a new fork of the same pid: a new process.
  t.observe(ev({ time: 7, pid: 150, ppid: 100, syscall: "exit_group" }));
  t.observe(exec(8, 200, 1, "/usr/sbin/cron"));
  t.observe(ev({ time: 9, pid: 200, ppid: 1, syscall: "fork", exit: "150" }));
  assert.equal(t.get(150)!.parent?.exe, "/usr/sbin/cron");
  assert.equal(child.parent?.exe, "/usr/bin/bash");
});

Deno.test("process table: bounded — least recently seen dropped and counted; exited expire", () => {
  const t = new ProcessTable({ maxProcesses: 3, exitedTtl: 10 });
  for (let pid = 1; pid <= 5; pid++) t.observe(exec(pid, pid + 100, 1, "/x"));
  assert.equal(t.size, 3);
  assert.ok(t.stats.evicted >= 2);
  t.observe(ev({ time: 20, pid: 105, ppid: 1, syscall: "exit_group" }));
  assert.ok(t.get(105) !== undefined); // kept for late children
  t.observe(exec(31, 104, 1, "/y"));
  assert.equal(t.get(105), undefined);
  assert.equal(t.stats.expired, 1);
});

Deno.test("process table: live lookup fills unknown processes and their ancestors", () => {
  const facts = new Map([
    [1, { pid: 1, ppid: 0, exe: "/sbin/init", start: 0 }],
    [50, { pid: 50, ppid: 1, exe: "/usr/sbin/sshd", start: 10 }],
    [60, { pid: 60, ppid: 50, exe: "/usr/bin/bash", start: 20 }],
  ]);
  const t = new ProcessTable({ lookup: (pid) => facts.get(pid) });
  const node = t.observe(exec(100, 70, 60, "/usr/bin/ls"));
  assert.equal(node.parent?.exe, "/usr/bin/bash");
  assert.equal(node.parent?.parent?.exe, "/usr/sbin/sshd");
  assert.equal(node.parent?.parent?.parent?.exe, "/sbin/init");
});

Deno.test("process table: memory of 100,000 processes stays bounded by maxProcesses", () => {
  const t = new ProcessTable({ maxProcesses: 1000 });
  for (let i = 0; i < 100_000; i++) t.observe(exec(i, 1000 + (i % 30000), 999, "/bin/x"));
  assert.equal(t.size, 1000);
});

Deno.test("process table: processes that exec the same program share one exe and args copy", () => {
  const t = new ProcessTable();
  const exe = "/tmp/libaudit-storm/storm-true";
  const a = t.observe(
    ev({ time: 1, pid: 200, ppid: 1, syscall: "execve", exe, args: [exe, "-x"] }),
  );
  const b = t.observe(
    ev({ time: 2, pid: 201, ppid: 1, syscall: "execve", exe, args: [exe, "-x"] }),
  );
  assert.equal(a.exe, exe);
  assert.deepEqual(a.args, [exe, "-x"]);
  assert.equal(a.args, b.args, "one array for equal argument lists");
  const c = t.observe(ev({ time: 3, pid: 202, ppid: 1, syscall: "execve", exe, args: [exe] }));
  const d = t.observe(ev({ time: 4, pid: 203, ppid: 1, syscall: "execve", exe, args: [] }));
  const e = t.observe(ev({ time: 5, pid: 204, ppid: 1, syscall: "execve", exe, args: [""] }));
  assert.deepEqual(c.args, [exe]);
  assert.deepEqual(d.args, []);
  assert.deepEqual(e.args, [""]);
});

Deno.test("process table: a lookup for an exec leaves out what the event names; the node is the same", () => {
  const calls: [number, unknown][] = [];
  const facts = (pid: number, omit?: { exe: boolean; args: boolean }) => ({
    pid,
    ppid: pid === 50 ? 1 : 50,
    start: 1000 + pid,
    sid: 50,
    name: pid === 50 ? "sh" : "x",
    cgroup: "0::/a\n",
    ...(omit?.exe ? {} : { exe: pid === 50 ? "/bin/sh" : "/proc/exe/of/x" }),
    ...(omit?.args ? {} : { args: pid === 50 ? ["sh"] : ["proc", "args"] }),
  });
  const t = new ProcessTable({
    lookup: (pid, omit) => {
      calls.push([pid, omit]);
      return pid === 1 ? undefined : facts(pid, omit);
    },
  });
  const full = t.observe(exec(1, 60, 50, "/usr/bin/ls"));
  assert.deepEqual(calls, [[60, { exe: true, args: true }], [50, undefined], [1, undefined]]);
  assert.equal(full.exe, "/usr/bin/ls");
  assert.deepEqual(full.args, ["/usr/bin/ls"]);
  assert.equal(full.start, 1060);
  assert.equal(full.parent?.exe, "/bin/sh"); // a parent is read whole
  // No EXECVE record: the arguments still come from the lookup.
  const noArgs = t.observe(ev({ time: 2, pid: 61, ppid: 50, syscall: "execve", exe: "/bin/x" }));
  assert.deepEqual(calls[3], [61, { exe: true, args: false }]);
  assert.deepEqual(noArgs.args, ["proc", "args"]);
  // A failed exec or another syscall: a whole lookup.
  t.observe(ev({ time: 3, pid: 62, ppid: 50, syscall: "execve", success: false, exe: "/bin/y" }));
  t.observe(ev({ time: 4, pid: 63, ppid: 50, syscall: "openat", exe: "/bin/z" }));
  assert.deepEqual(calls.slice(4), [[62, undefined], [63, undefined]]);
});

Deno.test("process table: eviction drops the least recently seen, across touches, exits and many rounds", () => {
  // A reference LRU: the table must hold exactly its pids after every event.
  let seed = 7;
  const random = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
  const max = 5;
  const t = new ProcessTable({ maxProcesses: max, exitedTtl: 0 });
  let model: { pid: number; exited: boolean }[] = [];
  for (let time = 1; time <= 5000; time++) {
    const pid = 100 + random(20);
    const exit = random(8) === 0;
    model = model.filter((p) => !p.exited); // exitedTtl 0: gone at the next event
    const at = model.findIndex((p) => p.pid === pid);
    const entry = at >= 0 ? model.splice(at, 1)[0]! : { pid, exited: false };
    model.push(entry);
    while (model.length > max) model.shift();
    if (exit) entry.exited = true;
    t.observe(ev({ time, pid, syscall: exit ? "exit_group" : "execve", exe: "/bin/x" }));
    for (let p = 100; p < 120; p++) {
      assert.equal(t.get(p) !== undefined, model.some((m) => m.pid === p), `time ${time} pid ${p}`);
    }
  }
  assert.equal(t.stats.evicted > 500, true, `${t.stats.evicted} evicted`);
});
