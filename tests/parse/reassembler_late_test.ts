import assert from "node:assert/strict";
import {
  type LostSequences,
  reassemble,
  Reassembler,
  type ReassemblerOptions,
  type RecoveredSequences,
  type SequencedMessage,
  SequenceTracker,
} from "../../parse/reassembler.ts";

// Late records: under load the kernel puts records it could not send into a
// retry queue and sends them after thousands of newer ones. Those must not
// be reported as lost; real gaps still must be.

const SYSCALL = 1300, EOE = 1320, USER_LOGIN = 1112;

function rec(recordType: number, sequence: number, node?: string): SequencedMessage {
  return { recordType, sequence, timestamp: 1000, node };
}

function live(options: Partial<ReassemblerOptions<SequencedMessage>> = {}) {
  const clock = { now: 0 };
  const lost: LostSequences[] = [];
  const recovered: RecoveredSequences[] = [];
  const r = new Reassembler<SequencedMessage>({
    onEvent: () => {},
    onLost: (l) => lost.push(l),
    onRecovered: (x) => recovered.push(x),
    maxInFlight: 64,
    lossDelay: 5000,
    now: () => clock.now,
    ...options,
  });
  const event = (seq: number) => {
    r.push(rec(SYSCALL, seq));
    r.push(rec(EOE, seq));
  };
  return { r, clock, lost, recovered, event };
}

Deno.test("reassembler late: a serial arriving after thousands of newer ones within lossDelay is no loss", () => {
  const { r, clock, lost, recovered, event } = live();
  event(1);
  for (let s = 3; s < 10003; s++) {
    clock.now += 0.2; // 10,000 events in 2 s: far more than maxInFlight
    event(s);
  }
  r.tick();
  assert.deepEqual(lost, []);
  event(2); // the retry queue's record, 10,000 serials late
  clock.now += 60000;
  r.tick();
  r.close();
  assert.deepEqual([lost, recovered], [[], []]);
  assert.equal(r.stats.lost, 0);
});

Deno.test("reassembler late: a real gap is reported after lossPatience and lossDelay, not before", () => {
  const { r, clock, lost, event } = live();
  event(1);
  event(5); // 2..4 missing
  for (let s = 6; s < 200; s++) event(s); // past the patience of 64 serials
  assert.deepEqual(lost, []); // but not yet missing for 5 s
  clock.now = 4999;
  r.tick();
  assert.deepEqual(lost, []);
  clock.now = 5000;
  r.tick();
  assert.deepEqual(lost, [{ count: 3, from: 2, node: undefined }]);
  r.close();
  assert.equal(r.stats.lost, 3);
});

Deno.test("reassembler late: the window is also checked on push", () => {
  const { clock, lost, event } = live({ maxInFlight: 4 });
  event(10);
  event(12);
  clock.now = 6000;
  for (let s = 13; s < 16; s++) event(s);
  assert.deepEqual(lost, []); // 4 serials past the gap: not past the patience yet
  event(16);
  assert.deepEqual(lost, [{ count: 1, from: 11, node: undefined }]);
});

Deno.test("reassembler late: a gap still open at the end is reported at flush", () => {
  const { r, lost, event } = live();
  event(1);
  event(3);
  assert.deepEqual(lost, []);
  r.flush();
  assert.deepEqual(lost, [{ count: 1, from: 2, node: undefined }]);
});

Deno.test("reassembler late: a serial arriving after its loss was reported is recovered", () => {
  const { r, clock, lost, recovered, event } = live({ lossDelay: 0, maxInFlight: 4 });
  event(1);
  for (let s = 5; s < 12; s++) event(s); // 2..4 declared lost
  assert.deepEqual(lost, [{ count: 3, from: 2, node: undefined }]);
  clock.now = 100000;
  event(3);
  event(3); // a repeat is not recovered twice
  assert.deepEqual(recovered, [{ count: 1, from: 3, node: undefined }]);
  r.close();
  assert.equal(r.stats.lost, 2);
  assert.equal(r.stats.recovered, 1);
});

Deno.test("reassembler late: many out-of-order serials give no loss, with a bounded number of gaps", () => {
  const { r, clock, lost, recovered } = live({ maxGaps: 100000 });
  // Every other serial of a 20,000-serial window arrives late, in reverse.
  const late: number[] = [];
  for (let s = 1; s <= 20000; s++) {
    clock.now += 0.1;
    if (s % 2 === 0 && s < 19000) late.push(s);
    else r.push(rec(USER_LOGIN, s));
  }
  for (const s of late.reverse()) r.push(rec(USER_LOGIN, s));
  clock.now += 60000;
  r.tick();
  r.close();
  assert.deepEqual([lost, recovered], [[], []]);
  assert.equal(r.stats.events, 20000);
});

Deno.test("reassembler late: past maxGaps the oldest gap is counted lost early, and retracted if it arrives", () => {
  const { r, lost, recovered } = live({ maxGaps: 3 });
  for (const s of [1, 3, 5, 7, 9]) r.push(rec(USER_LOGIN, s)); // gaps 2, 4, 6, 8
  assert.deepEqual(lost, [{ count: 1, from: 2, node: undefined }]);
  assert.equal(r.stats.lostEarly, 1);
  r.push(rec(USER_LOGIN, 2));
  for (const s of [4, 6, 8]) r.push(rec(USER_LOGIN, s));
  r.close();
  assert.deepEqual(recovered, [{ count: 1, from: 2, node: undefined }]);
  assert.equal(r.stats.lost, 0);
});

Deno.test("reassembler late: late serials across the 2^32 wrap", () => {
  const recovered: number[] = [];
  const t = new SequenceTracker(2, { onRecovered: (_, from) => recovered.push(from) });
  assert.equal(t.see(4294967294), 0);
  assert.equal(t.see(1), 0); // 4294967295 and 0 missing
  assert.equal(t.see(2), 0);
  assert.equal(t.see(3), 2); // 3 serials past the gap: lost
  t.see(0); // late after all
  t.see(4294967295);
  assert.deepEqual(recovered, [0, 4294967295]);
  assert.equal(t.see(4294967293), 0); // a late part of a seen serial: nothing
  assert.equal(t.settle(), 0);
});

Deno.test("reassembler late: the stream form yields recovered items", async () => {
  const input = [1, 5, 6, 7, 8, 9, 3].map((s) => rec(USER_LOGIN, s));
  const items = await Array.fromAsync(reassemble(input, { maxInFlight: 2, tickInterval: 0 }));
  const kinds = items.filter((i) => i.kind !== "event");
  assert.deepEqual(kinds, [
    { kind: "lost", count: 3, from: 2, node: undefined },
    { kind: "recovered", count: 1, from: 3, node: undefined },
  ]);
});
