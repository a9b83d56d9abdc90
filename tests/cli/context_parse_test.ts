// `parse -i --ancestry`: parents from the log alone, right on both sides of a
// pid reuse (log edited from a recorded one), per node, across files; without
// the flag the output is unchanged.
import assert from "node:assert/strict";
import { execLines, exitLines } from "../interpret/context_log.ts";
import { jsonLines, runCli } from "./run_cli.ts";

type Event = {
  process: { pid: string; exe?: string; parent?: { pid: number; executable?: string } };
};

const LOG = [
  ...execLines(1, 100, 1, "/usr/bin/bash", ["bash"]),
  ...execLines(2, 300, 1, "/usr/sbin/cron", ["cron"]),
  ...execLines(3, 200, 100, "/usr/bin/ls", ["ls"]),
  ...exitLines(4, 200, 100, "/usr/bin/ls"),
  // pid 200 comes back under cron, pid 100 comes back as python
  ...execLines(5, 200, 300, "/usr/bin/date", ["date"]),
  ...exitLines(6, 100, 1, "/usr/bin/bash"),
  ...execLines(7, 100, 1, "/usr/bin/python3", ["python3"]),
  ...execLines(8, 201, 100, "/usr/bin/id", ["id"]),
].join("\n") + "\n";

Deno.test("parse -i --ancestry: right parents on both sides of pid reuse", async () => {
  const r = await runCli(["parse", "-i", "--ancestry", "-f", "json", "-"], { stdin: LOG });
  assert.equal(r.code, 0, r.stderr);
  const events = jsonLines(r.stdout) as Event[];
  const parentOf = (exe: string) =>
    events.find((e) => e.process.exe === exe)?.process.parent?.executable;
  assert.equal(parentOf("/usr/bin/ls"), "/usr/bin/bash");
  assert.equal(parentOf("/usr/bin/date"), "/usr/sbin/cron");
  assert.equal(parentOf("/usr/bin/id"), "/usr/bin/python3");
});

Deno.test("parse -i --ancestry: across files, per node", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = execLines(1, 100, 1, "/usr/bin/bash", ["bash"]);
    const b = execLines(2, 101, 100, "/usr/bin/ls", ["ls"]);
    await Deno.writeTextFile(`${dir}/1.log`, a.map((l) => "node=h1 " + l).join("\n") + "\n");
    await Deno.writeTextFile(
      `${dir}/2.log`,
      [...b.map((l) => "node=h1 " + l), ...b.map((l) => "node=h2 " + l.replace(":2)", ":3)"))]
        .join("\n") + "\n",
    );
    const r = await runCli([
      "parse",
      "-i",
      "--ancestry",
      "-f",
      "json",
      `${dir}/1.log`,
      `${dir}/2.log`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const events = jsonLines(r.stdout) as (Event & { node: string })[];
    const ls = events.filter((e) => e.process.exe === "/usr/bin/ls");
    assert.equal(ls.length, 2);
    assert.equal(ls.find((e) => e.node === "h1")?.process.parent?.executable, "/usr/bin/bash");
    assert.equal(ls.find((e) => e.node === "h2")?.process.parent?.executable, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse -i without --ancestry adds no process context", async () => {
  const r = await runCli(["parse", "-i", "-f", "json", "-"], { stdin: LOG });
  assert.equal(r.code, 0, r.stderr);
  for (const e of jsonLines(r.stdout) as Event[]) assert.equal(e.process.parent, undefined);
});

Deno.test("parse --label-exe with a bad regex is a usage error naming the rule", async () => {
  const r = await runCli(["parse", "-i", "--label-exe", "x=(", "-"], { stdin: LOG });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /label rule 'x=\('/);
});
