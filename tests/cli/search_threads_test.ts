// Two threads for `libaudit search` (issue 14): the same output, warnings
// and exit status as one thread, whatever the cuts between ranges (small
// ranges, with and without a warm-up), and ausearch's output.
import assert from "node:assert/strict";
import { rangeSearch, searchThreads } from "../../cli/parallel/search_threads.ts";
import { parseSearchArgs } from "../../interpret/search/mod.ts";
import { ausearch, haveAusearch } from "./search_cases.ts";

const DATA = new URL("../testdata/", import.meta.url).pathname;

const ROOT = new URL("../../", import.meta.url).pathname;

const SYSCALL = (stamp: string, key: string) =>
  `type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 ppid=1 pid=9 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="a" exe="/usr/bin/a" key="${key}"`;

/** Events 100 ms apart (a few KB a second): the open events at a cut span a few KB. */
function spread(): string {
  const t = 1795570800;
  const out: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const ms = i * 100;
    const stamp = `${t + Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}:${i + 1}`;
    out.push(SYSCALL(stamp, i % 3 === 0 ? "exec" : "net"));
    out.push(`type=CWD msg=audit(${stamp}): cwd="/root"`);
    out.push(`type=PATH msg=audit(${stamp}): item=0 name="/bin/x${i}" nametype=NORMAL`);
    if (i % 50 === 7) out.push(`type=PATH msg=audit(${stamp}) no colon here`);
    out.push(`type=PROCTITLE msg=audit(${stamp}): proctitle=2F62696E2F7800`);
  }
  return out.join("\n") + "\n";
}

/** Two nodes' logs merged, node b's clock 5 s behind: its events come after later ones. */
function skewed(): string {
  return spread().trimEnd().split("\n").flatMap((line) => [
    `node=a ${line}`,
    `node=b ${line.replace(/audit\((\d+)/, (_, s) => `audit(${Number(s) - 5}`)}`,
  ]).join("\n") + "\n";
}

/** An event opened first gets a record near the end: no warm-up rebuilds it. */
function straddling(): string {
  const t = 1795570600;
  const out = [SYSCALL(`${t}.000:1`, "exec")];
  for (let i = 0; i < 3000; i++) {
    const v = Math.floor((i * 1999) / 3000);
    const stamp = `${t + Math.floor(v / 1000)}.${String(v % 1000).padStart(3, "0")}:${i + 10}`;
    out.push(SYSCALL(stamp, i % 3 === 0 ? "exec" : "other"));
    out.push(`type=PATH msg=audit(${stamp}): item=0 name="/bin/x${i}" nametype=NORMAL`);
  }
  out.splice(out.length - 10, 0, `type=PATH msg=audit(${t}.000:1): item=0 name="/late"`);
  return out.join("\n") + "\n";
}

/**
 * Two nodes' logs merged: from the middle on, events with the same time and
 * serial are open at once.
 */
function twoNodes(): string {
  const t = 1795570700;
  const out: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const stamp = `${t + Math.floor(i / 100)}.${String(i % 1000).padStart(3, "0")}:${i + 1}`;
    // Node b's events get their own serials until the middle of the log.
    const nodes = i < 1000 ? ["a"] : ["b", "a"];
    for (const node of nodes) {
      out.push(`node=${node} ${SYSCALL(stamp, i % 2 === 0 ? "exec" : "x")}`);
    }
    if (i < 1000) out.push(`node=b ${SYSCALL(stamp.replace(/:/, ":9"), "exec")}`);
    for (const node of nodes.reverse()) {
      out.push(`node=${node} type=PATH msg=audit(${stamp}): item=0 name="/n/${node}${i}"`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * One run of `libaudit search` (a process of its own: a worker started in
 * `deno test` would be type-checked each time): stdout, stderr lines and exit
 * status.
 */
async function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string[]; code: number }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, "search", ...args],
    env: { ...env, NO_COLOR: "1", TZ: "UTC", LC_ALL: "C" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  const stderr = d.decode(out.stderr).split("\n").filter((l) => l !== "");
  return { stdout: d.decode(out.stdout), stderr, code: out.code };
}

const OPTIONS = [[], ["-r"], ["-i"], ["-k", "exec", "-w"]];

/** Compares one and two threads over ranges of `chunk` bytes; returns the debug lines. */
async function compare(log: string, chunk: number, warmup: number): Promise<string[]> {
  const notes: string[] = [];
  for (const opts of OPTIONS) {
    const args = ["-if", log, ...opts];
    const one = await run(args, { LIBAUDIT_SEARCH_THREADS: "1" });
    const two = await run(args, {
      LIBAUDIT_SEARCH_THREADS: "2",
      LIBAUDIT_CHUNK_BYTES: String(chunk),
      LIBAUDIT_SEARCH_WARMUP_BYTES: String(warmup),
      LIBAUDIT_SEARCH_DEBUG: "1",
    });
    const debug = two.stderr.filter((l) => l.startsWith("search: "));
    assert.equal(debug.length, 1, `${opts.join(" ")}: ran in ranges`);
    notes.push(debug[0]!);
    const what = `${log} ${opts.join(" ")} (${chunk}/${warmup})`;
    assert.equal(two.stdout, one.stdout, what);
    assert.deepEqual(two.stderr.filter((l) => !l.startsWith("search: ")), one.stderr, what);
    assert.equal(two.code, one.code, what);
  }
  return notes;
}

Deno.test("search threads: one thread for stdin-like, small, csv, checkpoint or just-one searches", () => {
  const opts = (args: string[]) => parseSearchArgs(args, { now: 0, machine: "x86_64" });
  assert.equal(rangeSearch(opts(["-k", "x"])), true);
  assert.equal(rangeSearch(opts(["-i"])), true);
  assert.equal(rangeSearch(opts(["--format", "csv"])), false);
  assert.equal(rangeSearch(opts(["--just-one"])), false);
  assert.equal(rangeSearch(opts(["--checkpoint", "/tmp/x"])), false);
  const big = { isFile: true, size: 1 << 30 };
  assert.equal(searchThreads(big, false), 1);
  assert.equal(searchThreads({ isFile: false, size: 1 << 30 }, true), 1);
  assert.equal(searchThreads({ ...big, compressed: true }, true), 1);
  Deno.env.set("LIBAUDIT_SEARCH_THREADS", "2");
  try {
    assert.equal(searchThreads({ isFile: true, size: 10 }, true), 2);
    Deno.env.set("LIBAUDIT_SEARCH_THREADS", "1");
    assert.equal(searchThreads(big, true), 1);
  } finally {
    Deno.env.delete("LIBAUDIT_SEARCH_THREADS");
  }
});

Deno.test("search threads: the test logs, cut every few KB, print what one thread prints", async () => {
  for (const name of ["sample.log", "sample-enriched.log", "report/odd.log"]) {
    for (const [chunk, warmup] of [[1500, 0], [9000, 1 << 20]]) {
      await compare(`${DATA}${name}`, chunk!, warmup!);
    }
  }
  await compare(`${ROOT}tests/cli/testdata/search_odd.log`, 300, 500);
});

Deno.test("search threads: warm-ups rebuild the state, or the range runs again", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const spreadLog = `${dir}/spread.log`;
    Deno.writeTextFileSync(spreadLog, spread());
    const agree = await compare(spreadLog, 20000, 40000);
    assert.ok(agree.every((l) => / 0 run again$/.test(l)), agree.join("\n"));
    const late = `${dir}/late.log`;
    Deno.writeTextFileSync(late, straddling());
    const differ = await compare(late, 30000, 30000);
    assert.ok(differ.every((l) => /ranges, [1-9]\d* run again$/.test(l)), differ.join("\n"));
    const lagging = `${dir}/skewed.log`;
    Deno.writeTextFileSync(lagging, skewed());
    await compare(lagging, 30000, 60000);
    const nodes = `${dir}/nodes.log`;
    Deno.writeTextFileSync(nodes, twoNodes());
    const tied = await compare(nodes, 30000, 30000);
    assert.ok(tied.every((l) => l.includes("the rest on one thread")), tied.join("\n"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "search threads: two threads print what ausearch prints",
  ignore: !haveAusearch(),
  async fn() {
    const dir = Deno.makeTempDirSync();
    try {
      const log = `${dir}/audit.log`;
      Deno.writeTextFileSync(log, spread());
      const lagging = `${dir}/skewed.log`;
      Deno.writeTextFileSync(lagging, skewed());
      for (
        const [file, opts] of [
          [log, ["-k", "exec"]],
          [log, ["-r"]],
          [log, ["-m", "SYSCALL", "-sv", "no"]],
          [log, []],
          [lagging, []],
          [lagging, ["-k", "exec"]],
        ] as const
      ) {
        const args = ["-if", file, ...opts];
        const two = await run(args, {
          LIBAUDIT_SEARCH_THREADS: "2",
          LIBAUDIT_CHUNK_BYTES: "50000",
        });
        const want = await ausearch(args, "UTC");
        assert.equal(two.stdout, want.stdout, opts.join(" "));
        assert.equal(two.code, want.code, opts.join(" "));
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
