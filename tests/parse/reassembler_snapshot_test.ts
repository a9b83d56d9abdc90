// Reassembler state for parallel readers (issue 16): a snapshot restored into
// a fresh reassembler continues exactly; serials sent to a sink and replayed
// elsewhere count the same losses.
import assert from "node:assert/strict";
import { type AuditMessage, parseLogLine, Reassembler } from "../../parse/mod.ts";

const line = (type: string, seq: number, rest = "") =>
  parseLogLine(`type=${type} msg=audit(1700000000.000:${seq}): ${rest}`);

function records(): AuditMessage[] {
  return [
    line("PROCTITLE", 1, "proctitle=6C73"), // never completes
    line("SYSCALL", 2, "arch=c000003e syscall=59"),
    line("SYSCALL", 5, "arch=c000003e syscall=2"),
    line("CWD", 2, 'cwd="/"'),
    line("EOE", 2),
    line("USER_LOGIN", 9, "pid=1 res=success"),
    line("EOE", 5),
    line("SYSCALL", 12, "arch=c000003e syscall=2"),
  ];
}

Deno.test("reassembler: snapshot and restore continue where the first left off", () => {
  const all = records();
  for (let cut = 0; cut <= all.length; cut++) {
    const whole: string[] = [];
    const one = new Reassembler({ onEvent: (m) => whole.push(m.map((r) => r.sequence).join()) });
    for (const r of all) one.push(r);
    one.flush();

    const parts: string[] = [];
    const onEvent = (m: AuditMessage[]) => parts.push(m.map((r) => r.sequence).join());
    const first = new Reassembler({ onEvent });
    for (const r of all.slice(0, cut)) first.push(r);
    const second = new Reassembler({ onEvent });
    second.restore(first.snapshot());
    assert.deepEqual(second.snapshot(), first.snapshot());
    for (const r of all.slice(cut)) second.push(r);
    second.flush();
    assert.deepEqual(parts, whole, `cut at ${cut}`);
  }
  const busy = new Reassembler({ onEvent: () => {} });
  busy.push(records()[1]!);
  assert.throws(() => busy.restore({ open: [], split: [] }), RangeError);
});

Deno.test("reassembler: serials sent to a sink and replayed count the same losses", () => {
  const direct = new Reassembler({ onEvent: () => {}, lossPatience: 1 });
  const log: [string | undefined, number, boolean][] = [];
  const logged = new Reassembler({
    onEvent: () => {},
    serials: {
      see: (node, seq) => log.push([node, seq, false]),
      restart: (node) => log.push([node, 0, true]),
    },
  });
  for (const r of records()) {
    direct.push(r);
    logged.push(r);
  }
  const start = parseLogLine("type=DAEMON_START msg=audit(1700000001.000:3): op=start res=success");
  direct.push(start);
  logged.push(start);
  direct.flush();
  logged.flush();
  assert.equal(logged.stats.lost, 0);
  const replay = new Reassembler({ onEvent: () => {}, lossPatience: 1 });
  for (const [node, seq, restart] of log) {
    if (restart) replay.trackRestart(node);
    else replay.trackSerial(node, seq);
  }
  replay.flush();
  assert.ok(direct.stats.lost > 0);
  assert.equal(replay.stats.lost, direct.stats.lost);
});
