import assert from "node:assert/strict";
import {
  type LostSequences,
  Reassembler,
  type SequenceDiscontinuity,
  type SequencedMessage,
  SequenceTracker,
} from "../../parse/reassembler.ts";

const SYSCALL = 1300, EOE = 1320, DAEMON_START = 1200, DAEMON_END = 1201;

function rec(recordType: number, sequence: number, node?: string): SequencedMessage {
  return { recordType, sequence, timestamp: 1000, node };
}

function run(records: SequencedMessage[]) {
  const lost: LostSequences[] = [];
  const jumps: SequenceDiscontinuity[] = [];
  const r = new Reassembler<SequencedMessage>({
    onEvent: () => {},
    onLost: (l) => lost.push(l),
    onDiscontinuity: (j) => jumps.push(j),
    maxInFlight: 4,
  });
  for (const m of records) r.push(m);
  r.close();
  return { lost, jumps, stats: r.stats };
}

/** One auditd run: DAEMON_START with auditd's serial, kernel serials from..to, DAEMON_END. */
function auditdRun(daemonSerial: number, from: number, to: number, node?: string) {
  const out = [rec(DAEMON_START, daemonSerial, node)];
  for (let s = from; s <= to; s++) out.push(rec(SYSCALL, s, node), rec(EOE, s, node));
  out.push(rec(DAEMON_END, daemonSerial + 1, node));
  return out;
}

Deno.test("reassembler: a log of several auditd runs reports restarts, not losses", () => {
  // As bench/compare.sh's 10x input: each copy's kernel serials start well
  // past the previous copy's last one (the kernel kept counting).
  const { lost, jumps, stats } = run([
    ...auditdRun(1428, 8426, 8440),
    ...auditdRun(1430, 9000, 9010),
    ...auditdRun(1432, 20000, 20005),
  ]);
  assert.deepEqual(lost, []);
  assert.deepEqual(jumps, [
    { expected: 8441, received: 9000, node: undefined },
    { expected: 9011, received: 20000, node: undefined },
  ]);
  assert.equal(stats.discontinuities, 2);
});

Deno.test("reassembler: gaps inside a run still count after a restart", () => {
  const { lost, jumps } = run([
    ...auditdRun(1, 100, 110),
    ...auditdRun(3, 500, 505),
    rec(SYSCALL, 509), // 506..508 missing inside the second run
    rec(EOE, 509),
  ]);
  assert.deepEqual(jumps, [{ expected: 111, received: 500, node: undefined }]);
  assert.deepEqual(lost, [{ count: 3, from: 506, node: undefined }]);
});

Deno.test("reassembler: a gap open when auditd restarts is settled as lost", () => {
  const { lost } = run([
    rec(SYSCALL, 10),
    rec(SYSCALL, 12), // 11 missing, not yet declared (patience 4)
    rec(DAEMON_START, 7),
    rec(SYSCALL, 50),
  ]);
  assert.deepEqual(lost, [{ count: 1, from: 11, node: undefined }]);
});

Deno.test("reassembler: restart is per node; the expected serial after it is no jump", () => {
  const { lost, jumps } = run([
    ...auditdRun(1, 1, 3, "a"),
    ...auditdRun(1, 1, 3, "b"),
    rec(DAEMON_START, 2, "a"),
    rec(SYSCALL, 4, "a"), // continues where it stopped
    rec(SYSCALL, 4, "b"),
    rec(SYSCALL, 9, "b"), // no restart on b: 5..8 lost
  ]);
  assert.deepEqual(jumps, []);
  assert.deepEqual(lost, [{ count: 4, from: 5, node: "b" }]);
});

Deno.test("SequenceTracker.restart: before any serial it changes nothing", () => {
  const t = new SequenceTracker(2);
  assert.equal(t.restart(), 0);
  assert.equal(t.see(5), 0);
  assert.equal(t.see(7), 0);
  assert.equal(t.settle(), 1);
});
