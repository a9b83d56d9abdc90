// Thread count of `parse` (issue 16): two threads by default for a large
// regular file, one for a pipe, a gzipped or a small file; the output and the
// warnings are the same bytes either way, whatever the cuts between ranges.
import assert from "node:assert/strict";
import { defaultThreads, inputKind } from "../../cli/parallel/threads.ts";
import { coresForThreads } from "../../cli/host/system.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MIN = 96 << 20;
const big = { isFile: true, size: MIN };

Deno.test("parse threads: auto is 2 for a large regular file, 1 for a small one, a pipe or one core", () => {
  assert.equal(defaultThreads([big], 2, MIN), 2);
  assert.equal(defaultThreads([big], 8, MIN), 2);
  assert.equal(defaultThreads([{ isFile: true, size: MIN - 1 }], 2, MIN), 1);
  assert.equal(
    defaultThreads([{ isFile: true, size: MIN / 2 }, { isFile: true, size: MIN / 2 }], 2, MIN),
    2,
  );
  assert.equal(defaultThreads([{ isFile: false, size: 0 }], 2, MIN), 1);
  assert.equal(defaultThreads([big, { isFile: false, size: 0 }], 2, MIN), 1);
  assert.equal(defaultThreads([big, undefined], 2, MIN), 1);
  assert.equal(defaultThreads([big], 1, MIN), 1);
  assert.equal(defaultThreads([], 2, MIN), 1);
  assert.equal(defaultThreads([{ ...big, compressed: true }], 2, MIN), 1);
});

Deno.test("parse threads: inputKind tells a regular file from a FIFO", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/log`, new Uint8Array(1234));
    assert.deepEqual(inputKind(`${dir}/log`), { isFile: true, size: 1234, compressed: false });
    await Deno.writeFile(`${dir}/log.gz`, new Uint8Array([0x1f, 0x8b, 8, 0]));
    assert.equal(inputKind(`${dir}/log.gz`)?.compressed, true);
    const fifo = await new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).output();
    assert.equal(fifo.code, 0);
    assert.equal(inputKind(`${dir}/fifo`)?.isFile, false);
    assert.equal(inputKind(`${dir}/missing`), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A log of `copies` shifted copies of the sample (serials and times moved on). */
async function bigLog(copies: number): Promise<string> {
  const sample = (await Deno.readTextFile(`${ROOT}tests/testdata/sample.log`)).trimEnd()
    .split("\n");
  const lines: string[] = [];
  for (let k = 0; k < copies; k++) {
    for (const line of sample) {
      lines.push(line.replace(
        /audit\((\d+)\.(\d+):(\d+)\)/,
        (_, s, ms, seq) => `audit(${Number(s) + k * 100}.${ms}:${Number(seq) + k * 1000000})`,
      ));
    }
  }
  return lines.join("\n") + "\n";
}

async function run(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
  permissions: string[] = ["-A"],
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, `${ROOT}cli.ts`, "parse", ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).spawn();
  // Written while the output is read: a large input would fill both pipes.
  const written = stdin === undefined ? Promise.resolve() : (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  })();
  const [out] = await Promise.all([child.output(), written]);
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

/**
 * A log with what is hard at a cut between ranges: events interleaved and
 * spanning cuts, lone records that stay open to the end, missing serials,
 * a serial restarted by DAEMON_START, a long event, other nodes, bad lines, CRLF and empty lines, invalid UTF-8 and a last
 * line without a newline.
 */
async function oddLog(): Promise<Uint8Array> {
  const lines = (await bigLog(4)).trimEnd().split("\n");
  const out: string[] = [];
  const t = (s: number) => `audit(1795571000.${String(s % 1000).padStart(3, "0")}:${s})`;
  let seq = 5_000_000;
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!);
    if (i % 97 === 0) out.push(`type=PROCTITLE msg=${t(seq++)}: proctitle=6C73`); // never completes
    if (i % 131 === 0) seq += 3; // lost serials
    if (i % 151 === 0) out.push("type=SYSCALL garbage " + i);
    if (i % 173 === 0) out.push("");
    if (i % 211 === 0) {
      // two events interleaved
      const a = seq++, b = seq++;
      out.push(
        `type=SYSCALL msg=${t(a)}: arch=c000003e syscall=59 success=yes exit=0 items=0 pid=1`,
      );
      out.push(
        `type=SYSCALL msg=${t(b)}: arch=c000003e syscall=2 success=yes exit=3 items=0 pid=2`,
      );
      out.push(`type=CWD msg=${t(a)}: cwd="/\xff"`);
      out.push(`type=EOE msg=${t(b)}: \r`);
      out.push(`type=PROCTITLE msg=${t(a)}: proctitle=6C73`);
    }
    if (i % 257 === 0) {
      out.push(`node=n${i % 3} type=USER_LOGIN msg=${t(seq++)}: pid=1 res=success`);
    }
  }
  out.push(`type=DAEMON_START msg=audit(1795572000.000:1): op=start ver=3.0.9 res=success`);
  // An event of 300 records, across several cuts (a serial split in parts
  // across cuts: tests/cli/parse_reassembly_warnings_test.ts).
  out.push(`type=SYSCALL msg=audit(1795572000.000:42): arch=c000003e syscall=59 items=300`);
  for (let i = 0; i < 300; i++) out.push(`type=PATH msg=audit(1795572000.000:42): item=${i}`);
  out.push("type=EOE msg=audit(1795572000.000:42): ");
  out.push(`type=USER_LOGIN msg=audit(1795572000.001:50): pid=1 res=success`);
  out.push(`type=CWD msg=audit(1795572000.002:51): cwd="/"`); // open at the end, no newline
  const text = new TextEncoder().encode(out.join("\n").replaceAll("\\xff", "\u0001"));
  // invalid UTF-8 where the CWD lines had \x01
  return text.map((b) => b === 1 ? 0xff : b);
}

/** Ranges of 3000 bytes from the first byte on (many cuts in a small log). */
const SMALL = { LIBAUDIT_PARALLEL_MIN_BYTES: "1", LIBAUDIT_CHUNK_BYTES: "3000" };

for (const backend of ["process", "worker"]) {
  Deno.test(`parse threads: 2 threads (${backend}) print the bytes of --threads 1, of the default and of a pipe, across many cuts`, async () => {
    const bytes = await oddLog();
    const dir = await Deno.makeTempDir();
    try {
      const path = `${dir}/odd.log`;
      await Deno.writeFile(path, bytes);
      const text = new TextDecoder().decode(bytes);
      const small = { ...SMALL, LIBAUDIT_PARALLEL_BACKEND: backend };
      for (const mode of [["-f", "json"], ["-r", "-f", "json"], ["-i", "-f", "json"], ["-i"], []]) {
        const name = mode.join(" ");
        const one = await run([...mode, "--threads", "1", path], {});
        assert.ok(one.stdout.length > 50_000, name);
        assert.match(one.stderr, /odd\.log:\d+: /);
        const events = mode.includes("-r") || mode.includes("-i");
        if (events) assert.match(one.stderr, /sequence number\(s\) missing/, name);
        // Ranges of 3000 bytes with the default warm-up, none (every cut
        // inside an event is run again from the exact state) and a short one;
        // the default (`auto`) and 3 threads.
        for (
          const [env, args] of [
            [small, []],
            [{ ...small, LIBAUDIT_WARMUP_BYTES: "0" }, ["--threads", "2"]],
            [{ ...small, LIBAUDIT_WARMUP_BYTES: "700" }, ["--threads", "3"]],
            [{ LIBAUDIT_PARALLEL_MIN_BYTES: "1", LIBAUDIT_PARALLEL_BACKEND: backend }, [
              "--threads",
              "auto",
            ]],
          ] as const
        ) {
          const two = await run([...mode, ...args, path], env);
          const what = `${name} ${JSON.stringify(env)} ${args.join(" ")}`;
          assert.equal(two.code, one.code, what);
          assert.ok(equalBytes(two.stdout, one.stdout), `${what}: stdout differs`);
          assert.equal(two.stderr, one.stderr, what);
        }
        if (backend === "worker") continue;
        const piped = await run(mode, small, text);
        assert.ok(equalBytes(piped.stdout, one.stdout), `${name} (pipe)`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("parse threads: the range child (LIBAUDIT_PARALLEL_BACKEND=process) runs and exits with the command; by default, without --allow-run, or when the child cannot start, a worker runs the ranges", async () => {
  const bytes = await oddLog();
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/odd.log`;
    await Deno.writeFile(path, bytes);
    const args = ["-i", "-f", "json", "--threads", "2", path];
    const one = await run(["-i", "-f", "json", "--threads", "1", path], {});
    const env = { ...SMALL, LIBAUDIT_PARALLEL_DEBUG: "1", LIBAUDIT_PARALLEL_BACKEND: "process" };
    const child = await run(args, env);
    assert.ok(equalBytes(child.stdout, one.stdout));
    assert.match(child.stderr, /parallel: range child: CPU [\d.]+ s, peak RSS \d+ MiB\n/);
    // By default, a worker.
    const byDefault = await run(args, { ...SMALL, LIBAUDIT_PARALLEL_DEBUG: "1" });
    assert.ok(equalBytes(byDefault.stdout, one.stdout));
    assert.doesNotMatch(byDefault.stderr, /range child/);
    // How the ranges were shared.
    const sharing =
      /parallel: main thread ran (\d+) of (\d+) ranges, waited \d+ ms for others; first other range after (\d+ ms|none)\n/
        .exec(byDefault.stderr);
    assert.ok(sharing !== null, byDefault.stderr);
    assert.ok(Number(sharing[1]) <= Number(sharing[2]) && Number(sharing[2]) > 10);
    // Without the permission to start `deno`, the worker backend, same bytes.
    const limited = await run(args, env, undefined, ["--allow-read", "--allow-env"]);
    assert.equal(limited.code, 0, limited.stderr);
    assert.ok(equalBytes(limited.stdout, one.stdout));
    assert.doesNotMatch(limited.stderr, /range child/);
    assert.match(limited.stderr, /parallel: 0 range\(s\) run again/);
    // A child that exits before it is ready: a worker again, same bytes.
    const early = await run(args, { ...env, LIBAUDIT_CHILD_DIE_AFTER: "-1" });
    assert.equal(early.code, 0, early.stderr);
    assert.ok(equalBytes(early.stdout, one.stdout));
    assert.doesNotMatch(early.stderr, /range child/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse threads: a range child that dies makes parse fail, not print less", async () => {
  const bytes = await oddLog();
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/odd.log`;
    await Deno.writeFile(path, bytes);
    const one = await run(["-r", "-f", "json", "--threads", "1", path], {});
    // The proxy hands the child two tasks as soon as it is ready, so it gets a
    // second one to die before, unless the main thread (on a loaded machine)
    // has run every range before the child started: then the output must be
    // whole. A few tries each, at least one of which must see the death.
    for (const die of ["0", "1"]) {
      const env = { ...SMALL, LIBAUDIT_PARALLEL_BACKEND: "process", LIBAUDIT_CHILD_DIE_AFTER: die };
      let died = false;
      for (let attempt = 0; attempt < 6 && !died; attempt++) {
        const two = await run(["-r", "-f", "json", "--threads", "2", path], env);
        if (two.code === 0) {
          assert.ok(equalBytes(two.stdout, one.stdout), `die after ${die}: whole output`);
          continue;
        }
        died = true;
        assert.equal(two.code, 1, `die after ${die}: ${two.stderr}`);
        assert.match(two.stderr, /parse worker failed: Error: range child exited \(status 3\)/);
        assert.ok(two.stdout.length < one.stdout.length);
      }
      assert.ok(died, `die after ${die}: the child never died before the main thread was done`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse threads: a cut mismatch is run again from the exact state (counted)", async () => {
  const bytes = await oddLog();
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/odd.log`;
    await Deno.writeFile(path, bytes);
    const env = { LIBAUDIT_PARALLEL_DEBUG: "1", LIBAUDIT_CHUNK_BYTES: "3000" };
    const none = await run(["-r", "-f", "json", "--threads", "2", path], {
      ...env,
      LIBAUDIT_WARMUP_BYTES: "0",
    });
    const warm = await run(["-r", "-f", "json", "--threads", "2", path], env);
    const count = (s: string) => Number(/parallel: (\d+) range/.exec(s)?.[1]);
    assert.ok(count(none.stderr) > 10, none.stderr.slice(-300));
    assert.ok(count(warm.stderr) < count(none.stderr), warm.stderr.slice(-300));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

Deno.test("parse threads: a second thread only while the load leaves a core idle", () => {
  const cores = coresForThreads();
  const online = navigator.hardwareConcurrency ?? 1;
  const load = parseFloat(Deno.readTextFileSync("/proc/loadavg"));
  assert.equal(cores, online >= 2 && load < online - 1 ? online : 1);
});
