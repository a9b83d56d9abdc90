import assert from "node:assert/strict";
import { type AuditMessage, parseLogLine } from "../../parse/mod.ts";
import { coalesce } from "../../interpret/coalesce.ts";
import { EventJsonCache } from "../../interpret/event_json_cache.ts";
import { ProcessContext, type ProcessContextOptions } from "../../interpret/process_context.ts";
import { parseLabelRule } from "../../interpret/labels.ts";

const ID = "a".repeat(64);

/** An exec (or a clone when `syscall` is 56) of `pid` by `ppid`. */
function event(
  seq: number,
  pid: number,
  ppid: number,
  exe: string,
  opts: { key?: string; syscall?: number; a0?: string } = {},
): AuditMessage[] {
  const stamp = `audit(1700000000.${String(seq).padStart(3, "0")}:${seq})`;
  const syscall = opts.syscall ?? 59;
  const key = opts.key === undefined ? "key=(null)" : `key="${opts.key}"`;
  const lines = [
    `type=SYSCALL msg=${stamp}: arch=c000003e syscall=${syscall} success=yes exit=${
      syscall === 56 ? pid + 1 : 0
    } a0=${opts.a0 ?? "55d1"} a1=7ffc a2=7ffd3 a3=0 items=${
      syscall === 59 ? 2 : 0
    } ppid=${ppid} pid=${pid} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="x" exe="${exe}" ${key}`,
  ];
  if (syscall === 59) {
    lines.push(
      `type=EXECVE msg=${stamp}: argc=2 a0="x" a1="-l"`,
      `type=CWD msg=${stamp}: cwd="/tmp"`,
      `type=PATH msg=${stamp}: item=0 name="${exe}" inode=42 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL`,
      `type=PATH msg=${stamp}: item=1 name="/lib64/ld-linux-x86-64.so.2" inode=43 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL`,
    );
  }
  lines.push(`type=PROCTITLE msg=${stamp}: proctitle=78002D6C`);
  return lines.map(parseLogLine);
}

/** The events of a busy parent: children exec'd under two parents, some in a container. */
function storm(): AuditMessage[][] {
  const out: AuditMessage[][] = [];
  let seq = 1;
  out.push(event(seq++, 100, 1, "/usr/bin/bash", { key: "exec" }));
  out.push(event(seq++, 200, 1, "/usr/bin/zsh", { key: "exec" }));
  for (let i = 0; i < 60; i++) {
    const parent = i % 3 === 0 ? 200 : 100;
    const child = 1000 + i;
    // A fork first now and then (the table learns the child from it).
    if (i % 5 === 0) {
      out.push(
        event(seq++, parent, 1, parent === 100 ? "/usr/bin/bash" : "/usr/bin/zsh", {
          syscall: 56,
          a0: "1200011",
        }),
      );
    }
    out.push(event(seq++, child, parent, "/usr/bin/ls", i % 4 === 0 ? {} : { key: "exec" }));
    out.push(event(seq++, child, parent, "/usr/bin/true", { key: "exec" }));
  }
  return out;
}

function options(): ProcessContextOptions {
  return {
    ancestry: 3,
    container: true,
    unit: true,
    cgroupOf: (pid) =>
      pid % 2 === 0 ? `0::/system.slice/docker-${ID}.scope\n` : `0::/user.slice/session-3.scope\n`,
    labels: {
      exe: [parseLabelRule("shell=/(ba|z)sh$")],
      keys: [parseLabelRule("k=^exec$")],
      propagate: ["shell"],
    },
  };
}

for (
  const [name, make] of [
    ["parent, ancestry, leaders, labels, container and unit", options],
    ["parent only", (): ProcessContextOptions => ({})],
    ["no leaders, labels without propagation", (): ProcessContextOptions => ({
      leaders: false,
      labels: { exe: [parseLabelRule("t=/true$")] },
    })],
  ] as const
) {
  Deno.test(`event JSON cache with process context (${name}): the JSON of a full interpretation`, () => {
    const cached = new ProcessContext(make());
    const reference = new ProcessContext(make());
    const cache = new EventJsonCache({ now: () => 0, context: cached });
    let hits = 0;
    for (const records of storm()) {
      const time = records[0]!.timestamp;
      const want = JSON.stringify(reference.apply(coalesce(records), time));
      let json = cache.lookup(records);
      if (json === undefined) {
        const interpreted = cached.apply(coalesce(records), time);
        json = JSON.stringify(interpreted);
        cache.offer(records, interpreted, json);
      } else hits++;
      assert.equal(json, want);
    }
    assert.equal(cache.hits, hits);
    assert.ok(hits > 40, `${hits} hits`);
    assert.deepEqual(cached.stats, reference.stats);
  });
}
