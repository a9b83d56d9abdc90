import assert from "node:assert/strict";
import { lossFields, LossReport, type LossTotals } from "../../cli/io/loss_report.ts";

const totals = (queueDropped: number, serialGaps = 0): LossTotals => ({
  kernelLost: 0,
  overruns: 0,
  queueDropped,
  serialGaps,
});

Deno.test("stream losses: a flood of drops gives at most one report per interval, with running totals", async () => {
  const lines: string[] = [];
  const records: Record<string, number>[] = [];
  const report = new LossReport({
    warn: (m) => lines.push(m),
    record: (f) => records.push(f),
    intervalMs: 100,
  });
  // 5,000 drops, one callback each, within a few milliseconds.
  for (let i = 1; i <= 5000; i++) report.update(totals(i));
  assert.equal(lines.length, 1); // the first at once
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(lines.length, 2); // then the running total once the interval has passed
  assert.match(
    lines[1]!,
    /^lost so far: kernel_lost=0 overruns=0 queue_dropped=5000 serial_gaps=0/,
  );
  assert.match(lines[1]!, /queue_dropped: records; .*serial_gaps: events/);
  assert.deepEqual(records.at(-1), {
    kernel_lost: 0,
    overruns: 0,
    queue_dropped: 5000,
    serial_gaps: 0,
  });
  // Nothing new: nothing printed.
  report.update(totals(5000));
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(lines.length, 2);
  report.late = 3;
  assert.match(report.final(totals(5000, 7)), /^lost: .*serial_gaps=7 serial_gaps_retracted=3/);
});

Deno.test("stream losses: the final line is there even when nothing was lost", () => {
  const report = new LossReport({ warn: () => {} });
  assert.match(
    report.final(totals(0)),
    /^lost: kernel_lost=0 overruns=0 queue_dropped=0 serial_gaps=0/,
  );
  assert.deepEqual(lossFields({ ...totals(1), kernelLost: undefined }, 0), {
    overruns: 0,
    queue_dropped: 1,
    serial_gaps: 0,
  });
});

Deno.test("stream losses: a report held back by the interval comes out at the end; zeros are quiet", () => {
  const lines: string[] = [];
  const report = new LossReport({ warn: (m) => lines.push(m), intervalMs: 60_000 });
  report.update(totals(0));
  assert.equal(lines.length, 0);
  report.update(totals(1));
  report.update(totals(9));
  assert.equal(lines.length, 1);
  report.final(totals(9));
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /queue_dropped=9/);
});
