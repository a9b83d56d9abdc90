import assert from "node:assert/strict";
import {
  isSingleRecordType,
  type LostSequences,
  Reassembler,
  ReassemblerClosedError,
  type ReassemblerOptions,
  type SequenceDiscontinuity,
  type SequencedMessage,
  SequenceTracker,
} from "../../parse/reassembler.ts";
import { reassemble, ReassemblyStream } from "../../parse/reassembler.ts";

import { parseLogLine } from "../../parse/mod.ts";

const CONFORMANCE = new URL(
  "../../../shared/conformance/go-libaudit/reassembler/",
  import.meta.url,
);

interface Rec extends SequencedMessage {
  readonly id: number;
}

let nextId = 0;
function rec(recordType: number, sequence: number, timestamp = 1000, node?: string): Rec {
  return { recordType, sequence, timestamp, node, id: nextId++ };
}

const SYSCALL = 1300, PATH = 1302, CWD = 1307, EOE = 1320, PROCTITLE = 1327;
const USER_LOGIN = 1112, DAEMON_START = 1200, LOGIN = 1006, AVC = 1400;

function collect(options: Partial<ReassemblerOptions<Rec>> = {}) {
  const events: Rec[][] = [];
  const lost: LostSequences[] = [];
  const jumps: SequenceDiscontinuity[] = [];
  const r = new Reassembler<Rec>({
    onEvent: (m) => events.push(m),
    onLost: (l) => lost.push(l),
    onDiscontinuity: (j) => jumps.push(j),
    ...options,
  });
  return { r, events, lost, jumps, seqs: () => events.map((e) => [e[0]!.sequence, e.length]) };
}

Deno.test("reassembler: EOE completes an event and is not part of it", () => {
  const { r, events } = collect();
  r.push(rec(SYSCALL, 1));
  r.push(rec(CWD, 1));
  assert.equal(events.length, 0);
  r.push(rec(EOE, 1));
  assert.deepEqual(events.map((e) => e.map((m) => m.recordType)), [[SYSCALL, CWD]]);
  assert.equal(r.stats.completed.eoe, 1);
});

Deno.test("reassembler: PROCTITLE completes an event; the EOE after it is dropped", () => {
  const { r, events } = collect();
  r.push(rec(SYSCALL, 1));
  r.push(rec(PROCTITLE, 1));
  r.push(rec(EOE, 1));
  r.close();
  assert.equal(events.length, 1);
  assert.equal(events[0]!.length, 2);
});

Deno.test("reassembler: single-record types complete at once; LOGIN waits for its SYSCALL", () => {
  const { r, events, seqs } = collect();
  r.push(rec(USER_LOGIN, 5));
  r.push(rec(DAEMON_START, 77));
  assert.deepEqual(seqs(), [[5, 1], [77, 1]]);
  r.push(rec(LOGIN, 6));
  r.push(rec(SYSCALL, 6));
  r.push(rec(EOE, 6));
  assert.deepEqual(events.at(-1)!.map((m) => m.recordType), [LOGIN, SYSCALL]);
  for (const t of [1005, 1100, 1107, 1124, 1200, 1299, 2000, 1414, 2100, 2300, 2500]) {
    assert.ok(isSingleRecordType(t), `${t}`);
  }
  for (const t of [1006, 1300, 1305, 1320, 1327, 1400, 1700, 1800]) {
    assert.ok(!isSingleRecordType(t), `${t}`);
  }
});

Deno.test("reassembler: interleaved records go to their own events", () => {
  const { r, events } = collect();
  r.push(rec(AVC, 10));
  r.push(rec(SYSCALL, 11));
  r.push(rec(SYSCALL, 10));
  r.push(rec(PATH, 11));
  r.push(rec(EOE, 11));
  r.push(rec(EOE, 10));
  assert.deepEqual(events.map((e) => e.map((m) => [m.recordType, m.sequence])), [
    [[SYSCALL, 11], [PATH, 11]],
    [[AVC, 10], [SYSCALL, 10]],
  ]);
});

Deno.test("reassembler: records of other nodes or times never merge", () => {
  const { r, events } = collect();
  r.push(rec(SYSCALL, 1, 1000, "a"));
  r.push(rec(SYSCALL, 1, 1000, "b"));
  r.push(rec(SYSCALL, 1, 2000, "a"));
  r.push(rec(PATH, 1, 1000, "b"));
  r.push(rec(EOE, 1, 1000, "a"));
  r.push(rec(EOE, 1, 2000, "a"));
  r.push(rec(EOE, 1, 1000, "b"));
  assert.deepEqual(events.map((e) => e.map((m) => `${m.node}@${m.timestamp}`)), [
    ["a@1000"],
    ["a@2000"],
    ["b@1000", "b@1000"],
  ]);
  assert.equal(r.stats.open, 0);
});

Deno.test("reassembler: more than maxInFlight open events complete the oldest first", () => {
  const { r, seqs } = collect({ maxInFlight: 2 });
  r.push(rec(SYSCALL, 1));
  r.push(rec(SYSCALL, 2));
  r.push(rec(SYSCALL, 3));
  assert.deepEqual(seqs(), [[1, 1]]);
  r.push(rec(PATH, 2));
  r.push(rec(SYSCALL, 4));
  assert.deepEqual(seqs(), [[1, 1], [2, 2]]);
  assert.equal(r.stats.completed.overflow, 2);
});

Deno.test("reassembler: events time out by the injected clock (tick and push)", () => {
  let now = 0;
  const { r, seqs } = collect({ timeout: 2000, now: () => now });
  r.push(rec(SYSCALL, 1));
  now = 1000;
  r.push(rec(SYSCALL, 2));
  now = 1999;
  r.tick();
  assert.deepEqual(seqs(), []);
  now = 2000;
  r.tick();
  assert.deepEqual(seqs(), [[1, 1]]);
  now = 3500;
  r.push(rec(SYSCALL, 3)); // opening an event also expires old ones
  assert.deepEqual(seqs(), [[1, 1], [2, 1]]);
  assert.equal(r.stats.completed.timeout, 2);
});

Deno.test("reassembler: maxRecords bounds one event", () => {
  const { r, seqs } = collect({ maxRecords: 3 });
  for (let i = 0; i < 7; i++) r.push(rec(PATH, 9));
  r.close();
  assert.deepEqual(seqs(), [[9, 3], [9, 3], [9, 1]]);
});

Deno.test("reassembler: flush emits the rest in opening order; push after close throws", () => {
  const { r, seqs } = collect();
  r.push(rec(SYSCALL, 3));
  r.push(rec(SYSCALL, 1));
  r.push(rec(SYSCALL, 2));
  r.close();
  assert.deepEqual(seqs(), [[3, 1], [1, 1], [2, 1]]);
  assert.throws(() => r.push(rec(SYSCALL, 4)), ReassemblerClosedError);
  r.close();
});

Deno.test("reassembler: gaps are lost sequences, counted once past the window", () => {
  const { r, lost } = collect({ maxInFlight: 3 });
  r.push(rec(USER_LOGIN, 1));
  r.push(rec(USER_LOGIN, 5)); // 2..4 missing
  r.push(rec(USER_LOGIN, 3)); // late, within the window: not lost
  assert.deepEqual(lost, []);
  for (const s of [6, 7, 8]) r.push(rec(USER_LOGIN, s));
  assert.deepEqual(lost, [
    { count: 1, from: 2, node: undefined },
    { count: 1, from: 4, node: undefined },
  ]);
  r.close();
  assert.equal(r.stats.lost, 2);
});

Deno.test("reassembler: serials wrap at 2^32 without losses", () => {
  const { r, lost, jumps } = collect();
  for (const s of [4294967294, 4294967295, 0, 1, 2]) r.push(rec(USER_LOGIN, s));
  r.close();
  assert.deepEqual([lost, jumps], [[], []]);
  const t = new SequenceTracker(2);
  assert.equal(t.see(4294967295), 0);
  assert.equal(t.see(3), 0); // 0..2 missing
  assert.equal(t.settle(), 3);
});

Deno.test("reassembler: restarts and DAEMON_* serials are no losses", () => {
  const { r, lost, jumps } = collect();
  r.push(rec(SYSCALL, 4000000));
  r.push(rec(EOE, 4000000));
  r.push(rec(DAEMON_START, 12)); // auditd's own counter: not tracked
  r.push(rec(SYSCALL, 4000001));
  r.push(rec(EOE, 4000001));
  r.push(rec(SYSCALL, 1)); // kernel rebooted
  r.push(rec(EOE, 1));
  r.push(rec(SYSCALL, 2));
  r.push(rec(EOE, 2));
  r.push(rec(SYSCALL, 3000000000)); // a jump far ahead
  r.close();
  assert.deepEqual(lost, []);
  assert.deepEqual(jumps, [
    { expected: 4000002, received: 1, node: undefined },
    { expected: 3, received: 3000000000, node: undefined },
  ]);
  assert.equal(r.stats.discontinuities, 2);
});

Deno.test("reassembler: nodes are tracked separately", () => {
  const { r, lost } = collect();
  for (const s of [1, 2, 3]) r.push(rec(USER_LOGIN, s, 0, "a"));
  for (const s of [100, 101]) r.push(rec(USER_LOGIN, s, 0, "b"));
  r.push(rec(USER_LOGIN, 4, 0, "a"));
  r.close();
  assert.deepEqual(lost, []);
});

Deno.test("reassembler: state stays bounded with endless node names", () => {
  const { r, lost, events } = collect();
  for (let i = 0; i < 20000; i++) r.push(rec(USER_LOGIN, i * 7, 0, `n${i}`));
  r.close();
  assert.equal(events.length, 20000);
  assert.deepEqual(lost, []);
  assert.equal(r.stats.open, 0);
});

Deno.test("reassembler: ReassemblyStream and reassemble() emit events and losses", async () => {
  const input = [rec(SYSCALL, 1), rec(EOE, 1), rec(USER_LOGIN, 3), rec(SYSCALL, 4)];
  const items = await Array.fromAsync(reassemble(input, { maxInFlight: 5 }));
  assert.deepEqual(items.map((i) => i.kind), ["event", "event", "event", "lost"]);
  const stream = new ReassemblyStream<Rec>({ tickInterval: 0 });
  const out = await Array.fromAsync(ReadableStream.from(input).pipeThrough(stream));
  assert.equal(out.length, 4);
  assert.equal(stream.stats.lost, 1);
});

Deno.test("reassembler: the stream's timer completes events while input is idle", async () => {
  let now = 0;
  const stream = new ReassemblyStream<Rec>({ timeout: 100, tickInterval: 5, now: () => now });
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const pending = reader.read(); // the readable side applies backpressure until read
  await writer.write(rec(SYSCALL, 1));
  now = 200;
  const first = await pending;
  assert.equal(first.value?.kind, "event");
  await writer.close();
  assert.equal((await reader.read()).done, true);
});

Deno.test("reassembler: cancelling the stream stops its timer", async () => {
  const stream = new ReassemblyStream<Rec>({ tickInterval: 5 });
  await stream.readable.cancel();
  // The test sanitizer fails the test if the interval were still running.
});

// go-libaudit's reassembler test data (max 5 in flight, 2 s timeout).
const CASES: Record<string, { lost: number; events: [number, number][] }> = {
  "normal.log": { lost: 0, events: [[58, 2], [59, 5], [60, 5], [61, 4], [62, 1]] },
  "lost_messages.log": { lost: 9, events: [[49, 2], [59, 5], [60, 5], [61, 4], [62, 1]] },
  "out_of_order.log": { lost: 0, events: [[58, 2], [59, 5], [60, 5], [61, 4], [62, 1]] },
  "rollover.log": {
    lost: 0,
    events: [[4294967294, 1], [4294967295, 1], [0, 1], [1, 1], [2, 1]],
  },
};

function readConformance(name: string): string | undefined {
  try {
    return Deno.readTextFileSync(new URL(name, CONFORMANCE));
  } catch {
    return undefined;
  }
}

for (const [name, expected] of Object.entries(CASES)) {
  const text = readConformance(name);
  Deno.test({
    name: `reassembler: go-libaudit conformance ${name}`,
    ignore: text === undefined,
    fn() {
      if (text === undefined) return;
      let now = 0;
      const events: SequencedMessage[][] = [];
      let lost = 0;
      const r = new Reassembler({
        maxInFlight: 5,
        timeout: 2000,
        now: () => now++,
        onEvent: (m) => events.push(m),
        onLost: (l) => lost += l.count,
      });
      for (const line of text.split("\n")) if (line !== "") r.push(parseLogLine(line));
      r.close();
      assert.equal(lost, expected.lost);
      assert.deepEqual(events.map((e) => [e[0]!.sequence, e.length]), expected.events);
      for (const e of events) for (const m of e) assert.equal(m.sequence, e[0]!.sequence);
    },
  });
}
if (readConformance("normal.log") === undefined) {
  console.warn("reassembler conformance skipped: ../shared/conformance is absent");
}
