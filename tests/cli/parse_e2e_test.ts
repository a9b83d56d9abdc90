import assert from "node:assert/strict";
import { parse as yamlParse, parseAllDocuments } from "yaml";
import { jsonLines, ROOT, runCli, TESTDATA } from "./run_cli.ts";
import { LiveCli } from "./live_cli.ts";

const SMALL = `${TESTDATA}small.log`;
const SMALL_TEXT = Deno.readTextFileSync(SMALL);
const SMALL_LINES = SMALL_TEXT.trimEnd().split("\n");

type Stored = {
  record_type: string;
  sequence: number;
  raw_msg: string;
  data: Record<string, string>;
};

Deno.test("parse e2e: --format json prints one stored message per line", async () => {
  const r = await runCli(["parse", "--format", "json", SMALL]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const records = jsonLines(r.stdout) as Stored[];
  assert.equal(records.length, SMALL_LINES.length);
  assert.equal(records[0]!.record_type.toUpperCase(), "SYSCALL");
  assert.equal(records[0]!.sequence, 84);
  assert.equal(records[0]!.data.syscall, "execve");
  assert.ok(records.every((r) => typeof r.raw_msg === "string"));
});

Deno.test("parse e2e: default text output repeats the lines", async () => {
  const r = await runCli(["parse", SMALL]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, SMALL_TEXT);
});

Deno.test("parse e2e: stdin, '-' and gzip input", async () => {
  const gz = new Uint8Array(
    await new Response(new Blob([SMALL_TEXT]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer(),
  );
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/audit.log.gz`, gz);
    for (
      const [args, stdin] of [
        [["parse"], SMALL_TEXT],
        [["parse", "-"], SMALL_TEXT],
        [["parse"], gz],
        [["parse", `${dir}/audit.log.gz`], undefined],
      ] as const
    ) {
      const r = await runCli([...args], stdin === undefined ? {} : { stdin });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, SMALL_TEXT, args.join(" "));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse e2e: malformed lines warn with file:line and parsing goes on", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/bad.log`;
    const lines = [
      SMALL_LINES[0]!,
      "garbage \x1b[2J here",
      "",
      "type=SYSCALL msg=audit(bad",
      SMALL_LINES[2]!,
    ];
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    const r = await runCli(["parse", "--format", "json", path]);
    assert.equal(r.code, 0);
    assert.equal(jsonLines(r.stdout).length, 2);
    const warnings = r.stderr.trim().split("\n");
    assert.equal(warnings.length, 3, r.stderr);
    assert.match(warnings[0]!, new RegExp(`^libaudit parse: warning: ${path}:2: `));
    assert.match(warnings[1]!, new RegExp(`^libaudit parse: warning: ${path}:4: `));
    assert.match(warnings[2]!, /2 line\(s\) could not be parsed/);
    assert.ok(!r.stderr.includes("\x1b"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse e2e: unreadable files exit 1 after the readable ones", async () => {
  const r = await runCli(["parse", "/nonexistent/x.log", SMALL]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, SMALL_TEXT);
  assert.match(r.stderr, /^libaudit parse: cannot open \/nonexistent\/x.log: /);
  const dir = await Deno.makeTempDir();
  try {
    const d = await runCli(["parse", dir]);
    assert.equal(d.code, 1);
    assert.match(d.stderr, /cannot (open|read)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse e2e: usage errors exit 2 with one line", async () => {
  for (
    const [args, message] of [
      [["--bogus"], /unknown option '--bogus'/],
      [["--format", "xml"], /--format must be one of text, json, yaml/],
      [["-i", "-r"], /either -i or -r/],
      [["--follow", "-"], /--follow needs exactly one FILE/],
      [["--success", "maybe"], /yes or no/],
      [["--type", "NOPE"], /unknown record type 'NOPE'/],
      [["--uid", "no-such-user-here"], /unknown user/],
    ] as const
  ) {
    const r = await runCli(["parse", ...args, SMALL]);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /\(try 'libaudit parse --help'\)\n$/);
    assert.equal(r.stderr.split("\n").length, 2);
  }
});

Deno.test("parse e2e: -r groups records into events", async () => {
  const text = await runCli(["parse", "-r", SMALL]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout.split("----\n").length - 1, 4);
  const json = await runCli(["parse", "-r", "--format", "json", SMALL]);
  const events = jsonLines(json.stdout) as { sequence: number; records: Stored[] }[];
  assert.deepEqual(events.map((e) => e.sequence).sort((a, b) => a - b), [25, 84, 90, 382]);
  const exec = events.find((e) => e.sequence === 84)!;
  assert.deepEqual(exec.records.map((r) => r.record_type.toUpperCase()), [
    "SYSCALL",
    "BPRM_FCAPS",
    "EXECVE",
    "CWD",
    "PATH",
    "PATH",
    "PROCTITLE",
  ]);
  const yaml = await runCli(["parse", "-r", "--format", "yaml", SMALL]);
  const docs = parseAllDocuments(yaml.stdout);
  assert.ok(Array.isArray(docs));
  assert.equal(docs.length, 4);
});

Deno.test("parse e2e: filters select events (records printed whole)", async () => {
  const seqs = async (...args: string[]): Promise<number[]> => {
    const r = await runCli(["parse", "--format", "json", ...args, SMALL]);
    assert.equal(r.code, 0, r.stderr);
    return [...new Set((jsonLines(r.stdout) as Stored[]).map((x) => x.sequence))].sort((a, b) =>
      a - b
    );
  };
  assert.deepEqual(await seqs("--key", "exec"), [84]);
  assert.deepEqual(await seqs("--key", "net,files"), [25, 90]);
  assert.deepEqual(await seqs("--type", "USER_AUTH"), [382]);
  assert.deepEqual(await seqs("--type", "sockaddr"), [25]);
  assert.deepEqual(await seqs("--success", "no"), [25, 90]);
  assert.deepEqual(await seqs("--success", "yes"), [84, 382]);
  assert.deepEqual(await seqs("--syscall", "execve"), [84]);
  assert.deepEqual(await seqs("--syscall", "59"), [84]);
  assert.deepEqual(await seqs("--uid", "1000"), [90]);
  assert.deepEqual(await seqs("--uid", "root"), [25, 84, 382]);
  assert.deepEqual(await seqs("--auid", "unset"), [25, 84, 382]);
  assert.deepEqual(await seqs("--pid", "4242"), [90]);
  assert.deepEqual(await seqs("--exe", "ls"), [84]);
  assert.deepEqual(await seqs("--exe", "/usr/sbin/useradd"), [25]);
  assert.deepEqual(await seqs("--file", "/usr/bin/ls"), [84]);
  assert.deepEqual(await seqs("--since", "@1795570059.700"), [90, 382]);
  assert.deepEqual(await seqs("--until", "2026-11-25T01:27:39.620Z"), [25]);
  assert.deepEqual(await seqs("--key", "exec", "--success", "no"), []);
});

Deno.test("parse e2e: control characters never reach the terminal raw", async () => {
  for (const format of ["text", "yaml"]) {
    for (const mode of [[], ["-r"], ["-i"]]) {
      const r = await runCli(["parse", ...mode, "--format", format, SMALL]);
      assert.equal(r.code, 0, r.stderr);
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(r.stdout, /[\x00-\x09\x0b-\x1f\x7f-\x9f]/, `${format} ${mode}`);
    }
  }
  const json = await runCli(["parse", "--format", "json", SMALL]);
  const path = (jsonLines(json.stdout) as Stored[]).find((r) =>
    r.sequence === 90 && r.record_type.toUpperCase() === "PATH"
  )!;
  assert.equal(path.data.name, "/tmp/\x1b[31mevil\x07");
  const yaml = await runCli(["parse", "--format", "yaml", SMALL]);
  const docs = yaml.stdout.split(/^---\n/m).filter((d) => d !== "").map((d) =>
    yamlParse(d) as Stored
  );
  assert.equal(
    docs.find((d) => d.sequence === 90 && d.record_type.toUpperCase() === "PATH")!.data.name,
    "/tmp/\x1b[31mevil\x07",
  );
});

Deno.test("parse e2e: no progress output when stderr is a pipe", async () => {
  const r = await runCli(["parse", "-i", "--format", "json", SMALL]);
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stderr, /MB|events\/s|\r/);
});

Deno.test("parse e2e: gaps in sequence numbers are summed up once on stderr", async () => {
  const r = await runCli(["parse", "-r", SMALL]);
  assert.equal(r.code, 0);
  assert.equal(
    r.stderr,
    "libaudit parse: warning: 296 sequence number(s) missing from the input (events lost or filtered out before)\n",
  );
});

Deno.test("parse e2e: --follow prints appended events across rotation, exits 0 on SIGINT", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/audit.log`;
  try {
    await Deno.writeTextFile(path, SMALL_LINES.slice(0, 7).join("\n") + "\n"); // event 84
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli.ts", "parse", "-i", "--format", "json", "--follow", path],
      cwd: new URL("../../", import.meta.url).pathname,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderrText = new Response(child.stderr).text();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const waitForEvents = async (n: number): Promise<void> => {
      while (jsonLines(seen).length < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`output ended after ${seen}`);
        seen += value;
      }
    };
    await waitForEvents(1);
    await Deno.writeTextFile(path, SMALL_LINES.slice(7, 12).join("\n") + "\n", { append: true });
    await waitForEvents(2);
    await Deno.rename(path, `${path}.1`);
    await Deno.writeTextFile(path, SMALL_LINES.slice(12).join("\n") + "\n");
    await waitForEvents(4);
    child.kill("SIGINT");
    const { code } = await child.status;
    while (!(await reader.read()).done) { /* drain */ }
    assert.equal(code, 0);
    const events = jsonLines(seen) as { sequence: number }[];
    assert.deepEqual(events.map((e) => e.sequence), [84, 25, 382, 90]);
    assert.match(await stderrText, /rotated/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse e2e: --threads 2 prints the same events as one thread, across segment boundaries", async () => {
  // ~3 MB: the bundled sample repeated with shifted serials, so many segment boundaries
  // fall inside interleaved multi-record events.
  const sample = (await Deno.readTextFile(new URL("../testdata/sample.log", import.meta.url)))
    .trimEnd().split("\n");
  const copies: string[] = [];
  for (let k = 0; k < 30; k++) {
    for (const line of sample) {
      copies.push(
        line.replace(
          /audit\((\d+)\.(\d+):(\d+)\)/,
          (_, s, ms, seq) => `audit(${Number(s) + k * 100}.${ms}:${Number(seq) + k * 1000000})`,
        ),
      );
    }
  }
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/big.log`;
    await Deno.writeTextFile(path, copies.join("\n") + "\n");
    for (
      const args of [["-i", "--format", "json"], ["-r", "--format", "json"], ["--key", "exec"]]
    ) {
      const one = await runCli(["parse", "--threads", "1", ...args, path]);
      const two = await runCli(["parse", "--threads", "2", ...args, path]);
      assert.equal(one.code, 0, one.stderr);
      assert.equal(two.code, 0, two.stderr);
      const sorted = (s: string): string[] => s.split("\n").sort();
      assert.equal(two.stdout.length, one.stdout.length, args.join(" "));
      assert.deepEqual(sorted(two.stdout), sorted(one.stdout), args.join(" "));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse e2e: -i in text, json and yaml; --no-resolve-ids keeps numeric ids", async () => {
  const text = await runCli(["parse", "-i", SMALL]);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.match(
    lines[0]!,
    /^2026-11-25T01:27:39\.63Z 84 audit-rule syscall success .*action=executed/,
  );
  assert.match(lines[0]!, /tags=exec/);
  const json = jsonLines((await runCli(["parse", "-i", "-f", "json", SMALL])).stdout) as {
    sequence: number;
    user: { names?: Record<string, string> };
    summary: { action: string };
  }[];
  assert.deepEqual(json.map((e) => e.sequence), [84, 25, 382, 90]);
  assert.equal(json[0]!.summary.action, "executed");
  assert.equal(json[0]!.user.names?.uid, "root");
  const bare = jsonLines(
    (await runCli(["parse", "-i", "-f", "json", "--no-resolve-ids", SMALL])).stdout,
  ) as {
    user: { names?: Record<string, string> };
  }[];
  assert.equal(bare[0]!.user.names, undefined);
  const yaml = await runCli(["parse", "-i", "-f", "yaml", SMALL]);
  const docs = parseAllDocuments(yaml.stdout).map((d) => d.toJS() as { sequence: number });
  assert.deepEqual(docs.map((d) => d.sequence), [84, 25, 382, 90]);
});

Deno.test("parse e2e: --help shows usage, filters and examples", async () => {
  const r = await runCli(["parse", "--help"]);
  assert.equal(r.code, 0);
  for (
    const flag of [
      "--interpret",
      "--reassemble",
      "--format",
      "--follow",
      "--threads",
      "--key",
      "--since",
    ]
  ) {
    assert.match(r.stdout, new RegExp(flag), flag);
  }
  assert.match(r.stdout, /Examples:\n {2}libaudit parse/);
});

Deno.test("parse e2e: progress (bytes, events/s) on stderr when it is a terminal", async (t) => {
  const script = ["/usr/bin/script", "/bin/script"].find((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
  if (script === undefined) {
    t.step({ name: "needs script(1) for a pseudo-terminal", ignore: true, fn() {} });
    return;
  }
  const dir = await Deno.makeTempDir();
  try {
    const transcript = `${dir}/typescript`;
    const command = `'${Deno.execPath()}' run -A cli.ts parse -i -f json '${SMALL}' > /dev/null`;
    const r = await new Deno.Command(script, {
      args: ["-qec", command, transcript],
      cwd: new URL("../../", import.meta.url).pathname,
      stdout: "null",
      stderr: "null",
    }).output();
    assert.equal(r.code, 0);
    const text = await Deno.readTextFile(transcript);
    assert.match(text, /small\.log: 0\.0 MB, \d+ events, \d+ events\/s/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse e2e: --drop-raw drops records before parsing and says how many", async () => {
  const all = await runCli(["parse", "--format", "json", `${TESTDATA}small.log`]);
  const kept = await runCli([
    "parse",
    "--format",
    "json",
    "--drop-raw",
    "^type=PROCTITLE ",
    `${TESTDATA}small.log`,
  ]);
  assert.equal(kept.code, 0, kept.stderr);
  const before = jsonLines(all.stdout).length;
  const types = jsonLines(kept.stdout).map((r) => (r as { type: string }).type);
  const dropped = before - types.length;
  assert.ok(dropped > 0, "small.log has PROCTITLE records");
  assert.ok(!types.includes("PROCTITLE"));
  assert.match(kept.stderr, new RegExp(`${dropped} record\\(s\\) dropped by --drop-raw`));
});

Deno.test("parse e2e: --exclude-key leaves out the events --key selects", async () => {
  const file = `${TESTDATA}small.log`;
  const all = jsonLines((await runCli(["parse", "-r", "--format", "json", file])).stdout);
  const keyed = jsonLines((await runCli(["parse", "-r", "-f", "json", "-k", "exec", file])).stdout);
  const rest = await runCli(["parse", "-r", "-f", "json", "--exclude-key", "exec", file]);
  assert.equal(rest.code, 0, rest.stderr);
  assert.ok(keyed.length > 0);
  assert.equal(keyed.length + jsonLines(rest.stdout).length, all.length);
});

Deno.test("parse e2e: reading a pipe, events are written as they complete (not at EOF)", async () => {
  const lines = (await Deno.readTextFile(`${ROOT}tests/testdata/sample.log`)).split("\n");
  const cli = new LiveCli(["parse", "-i", "-f", "json"]);
  // (head -40 sample.log; sleep; tail -5 sample.log) | libaudit parse -i -f json
  await cli.write(lines.slice(0, 40).join("\n") + "\n");
  const early = (await cli.waitLines(1)).length;
  await cli.write(lines.slice(-6).join("\n"));
  await cli.closeInput();
  const { code, stderr } = await cli.finish();
  assert.equal(code, 0, stderr);
  const file = await runCli(["parse", "-i", "-f", "json", `${ROOT}tests/testdata/sample.log`]);
  const all = jsonLines(file.stdout) as { sequence: number }[];
  const got = cli.lines.map((l) => JSON.parse(l) as { sequence: number });
  // The first events (from the first 40 lines) came before the rest was written.
  assert.deepEqual(got.slice(0, early), all.slice(0, early));
});
