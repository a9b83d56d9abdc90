// parse says on stderr what reassembly could not do (issue 10 items 2 and 3).
import assert from "node:assert/strict";
import { jsonLines, runCli } from "./run_cli.ts";
import { runCli as runCliEnv } from "../fuzz/checks.ts";

/**
 * Runs `parse -r -f json` on a temporary file holding `lines`, and checks
 * that `--threads 2` (with small byte ranges) prints the same bytes.
 */
async function parseLines(lines: string[]) {
  const file = await Deno.makeTempFile({ suffix: ".log" });
  try {
    await Deno.writeTextFile(file, lines.join("\n") + "\n");
    const one = await runCli(["parse", "-r", "-f", "json", file]);
    const two = await runCliEnv(["parse", "-r", "-f", "json", "--threads", "2", file], {
      LIBAUDIT_CHUNK_BYTES: "65536",
    });
    assert.ok(one.stdout === two.stdout, "--threads 2 prints other events");
    assert.equal(two.stderr, one.stderr);
    return one;
  } finally {
    await Deno.remove(file);
  }
}

Deno.test("parse e2e: a never-ending serial is split with a warning and a total", async () => {
  const lines = ["type=SYSCALL msg=audit(1700000000.000:42): arch=c000003e syscall=59 items=10050"];
  for (let i = 0; i < 10050; i++) {
    lines.push(`type=PATH msg=audit(1700000000.000:42): item=${i} name="/x"`);
  }
  lines.push("type=EOE msg=audit(1700000000.000:42): ");
  const r = await parseLines(lines);
  assert.equal(r.code, 0, r.stderr);
  const events = jsonLines(r.stdout) as { records: unknown[]; part?: number }[];
  assert.deepEqual(events.map((e) => e.records.length), [10000, 51]);
  assert.deepEqual(events.map((e) => e.part), [1, 2]);
  assert.match(
    r.stderr,
    /warning: event 42: more than 10000 records with one serial; printed in parts of 10000\n/,
  );
  assert.match(r.stderr, /warning: 1 serial\(s\) with too many records were split into 2 events\n/);
});

Deno.test("parse e2e: nodes past the loss-tracking bound are reported", async () => {
  const lines: string[] = [];
  for (let seq = 1; seq <= 3; seq += 2) {
    for (let n = 0; n < 4100; n++) {
      lines.push(`node=h${n} type=USER_LOGIN msg=audit(1700000000.000:${seq}): pid=1 res=success`);
    }
  }
  const r = await parseLines(lines);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: more than 4096 nodes: missing serials of node h4096 and of later new nodes are not tracked\n/,
  );
  assert.match(
    r.stderr,
    /missing serials not tracked for 4 node\(s\) past the bound \(8 records\): h4096, h4097, h4098, h4099\n/,
  );
  assert.match(r.stderr, /warning: 4096 sequence number\(s\) missing from the input/);
});
