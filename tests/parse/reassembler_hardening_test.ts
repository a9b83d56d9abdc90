// Issue 10 items 2, 3 and 5: never-ending serials, loss tracking past the
// node bound, and records out of order.
import assert from "node:assert/strict";
import {
  AUDIT_CWD,
  AUDIT_EOE,
  AUDIT_EXECVE,
  AUDIT_PATH,
  AUDIT_PROCTITLE,
  AUDIT_SYSCALL,
  AUDIT_URINGOP,
  type EventInfo,
  type LostSequences,
  parseLogLine,
  Reassembler,
  type SequencedMessage,
  type UntrackedNode,
} from "../../parse/mod.ts";

function rec(recordType: number, sequence: number, node?: string): SequencedMessage {
  return { recordType, sequence, timestamp: 1000, node };
}

function collect(options: { maxRecords?: number; maxNodes?: number } = {}) {
  const events: { records: SequencedMessage[]; info: EventInfo }[] = [];
  const lost: LostSequences[] = [];
  const untracked: UntrackedNode[] = [];
  const r = new Reassembler<SequencedMessage>({
    onEvent: (records, info) => events.push({ records, info }),
    onLost: (l) => lost.push(l),
    onUntracked: (u) => untracked.push(u),
    ...options,
  });
  return { r, events, lost, untracked };
}

// A log as laurel's test data has it: PROCTITLE first, then PATH, SYSCALL
// and EOE of the same serial.
const PROCTITLE_FIRST = [
  "type=PROCTITLE msg=audit(1615114232.375:15558): proctitle=636174002F6574632F706173737764",
  'type=PATH msg=audit(1615114232.375:15558): item=0 name="/etc/passwd" inode=3147 dev=fe:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0',
  'type=SYSCALL msg=audit(1615114232.375:15558): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=7ffe6ea1b70e a2=0 a3=0 items=1 ppid=2486 pid=2519 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts1 ses=3 comm="cat" exe="/usr/bin/cat" key="passwd"',
  "type=EOE msg=audit(1615114232.375:15558): ",
  'type=SYSCALL msg=audit(1615114232.379:15559): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=2 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts1 ses=3 comm="ls" exe="/usr/bin/ls" key=(null)',
  "type=PROCTITLE msg=audit(1615114232.379:15559): proctitle=6C73",
  "type=EOE msg=audit(1615114232.379:15559): ",
];

Deno.test("out of order: PROCTITLE, PATH, SYSCALL, EOE of one serial make one event", () => {
  const { r, events } = collect();
  for (const line of PROCTITLE_FIRST) r.push(parseLogLine(line));
  r.close();
  assert.deepEqual(
    events.map((e) => e.records.map((m) => m.recordType)),
    [[AUDIT_PROCTITLE, AUDIT_PATH, AUDIT_SYSCALL], [AUDIT_SYSCALL, AUDIT_PROCTITLE]],
  );
  assert.deepEqual(events.map((e) => e.info.reason), ["eoe", "eoe"]);
});

Deno.test("out of order: EOE before SYSCALL waits for it; EOE still ends a SYSCALL event", () => {
  const { r, events } = collect();
  for (const t of [AUDIT_CWD, AUDIT_EOE, AUDIT_PATH, AUDIT_SYSCALL]) r.push(rec(t, 7));
  assert.equal(events.length, 1, "complete once its SYSCALL arrived");
  assert.deepEqual(events[0]!.records.map((m) => m.recordType), [
    AUDIT_CWD,
    AUDIT_PATH,
    AUDIT_SYSCALL,
  ]);
  for (const t of [AUDIT_SYSCALL, AUDIT_EXECVE, AUDIT_EOE]) r.push(rec(t, 8));
  assert.equal(events.length, 2);
  // io_uring events have URINGOP instead of SYSCALL.
  for (const t of [AUDIT_URINGOP, AUDIT_PATH, AUDIT_EOE]) r.push(rec(t, 9));
  assert.equal(events.length, 3);
  // PROCTITLE without SYSCALL stays open until more records, overflow or the end.
  r.push(rec(AUDIT_PROCTITLE, 10));
  assert.equal(events.length, 3);
  r.close();
  assert.deepEqual(events[3]!.records.map((m) => m.recordType), [AUDIT_PROCTITLE]);
  assert.equal(events[3]!.info.reason, "flush");
});

Deno.test("never-ending serial: pieces are counted and numbered", () => {
  const { r, events } = collect({ maxRecords: 100 });
  r.push(rec(AUDIT_SYSCALL, 5));
  for (let i = 1; i < 350; i++) r.push(rec(AUDIT_PATH, 5));
  r.push(rec(AUDIT_EOE, 5));
  r.push(rec(AUDIT_SYSCALL, 6));
  r.push(rec(AUDIT_EOE, 6));
  r.close();
  assert.deepEqual(events.map((e) => e.records.length), [100, 100, 100, 50, 1]);
  assert.deepEqual(events.map((e) => e.info.part), [1, 2, 3, 4, 0]);
  assert.deepEqual(
    events.map((e) => e.info.reason),
    ["oversized", "oversized", "oversized", "eoe", "eoe"],
  );
  assert.equal(r.stats.splitSerials, 1);
  assert.equal(r.stats.splitEvents, 4);
  assert.equal(r.stats.completed.oversized, 3);
});

Deno.test("loss tracking past the node bound: which nodes, how many, and the records", () => {
  const { r, lost, untracked } = collect({ maxNodes: 3 });
  // 5 nodes, each missing every other serial.
  for (let seq = 1; seq <= 41; seq += 2) {
    for (let n = 0; n < 5; n++) {
      r.push(rec(AUDIT_SYSCALL, seq, `host${n}`));
      r.push(rec(AUDIT_EOE, seq, `host${n}`));
    }
  }
  r.close();
  // The 3 tracked nodes report their 20 missing serials each…
  assert.deepEqual(
    [...new Set(lost.map((l) => l.node))].sort(),
    ["host0", "host1", "host2"],
  );
  assert.equal(r.stats.lost, 3 * 20);
  // …and the others are reported as not tracked, not silently.
  assert.deepEqual(untracked.map((u) => [u.node, u.untracked, u.maxNodes]), [
    ["host3", 1, 3],
    ["host4", 2, 3],
  ]);
  assert.equal(r.stats.untrackedNodes, 2);
  assert.deepEqual(r.stats.untrackedNodeNames, ["host3", "host4"]);
  assert.equal(r.stats.untrackedRecords, 2 * 21);
});

Deno.test("loss tracking past the node bound: 5000 nodes with the default bound", () => {
  const { r, untracked } = collect();
  for (let seq = 1; seq <= 5; seq += 2) {
    for (let n = 0; n < 5000; n++) r.push(rec(AUDIT_SYSCALL, seq, `n${n}`));
  }
  r.close();
  assert.equal(r.stats.lost, 4096 * 2);
  assert.equal(r.stats.untrackedNodes, 5000 - 4096);
  assert.equal(untracked.length, 5000 - 4096);
  assert.equal(r.stats.untrackedNodeNames.length, 16);
  assert.equal(r.stats.untrackedNodeNames[0], "n4096");
});
