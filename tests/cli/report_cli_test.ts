/**
 * `libaudit report` as a process: input selection (`-if FILE|DIR`, stdin),
 * exit status and messages as aureport's, and warnings with `file:line`
 * for what aureport skips silently.
 */
import assert from "node:assert/strict";
import { aureport, HAVE_AUREPORT, runReport, TESTDATA } from "./report_helpers.ts";

const ODD = `${TESTDATA}report/odd.log`;

Deno.test("report: a detailed report with nothing to show exits 1 after aureport's message", async () => {
  const r = await runReport(["-if", `${TESTDATA}sample.log`, "--virt"]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /<no events of interest were found>\n\n$/);
});

Deno.test("report: unknown options print aureport's message and usage, exit 1", async () => {
  const r = await runReport(["--bogus"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "--bogus is an unsupported option\n");
  assert.match(r.stdout, /^usage: aureport \[options\]/);
  // After a mistake the usage is aureport's alone; --help adds this program's options.
  assert.doesNotMatch(r.stdout, /libaudit report also takes/);
  if (HAVE_AUREPORT) {
    for (const args of [["--bogus"], ["-ts", "foo"], ["-i", "x"], ["--escape"], ["-x", "-f"]]) {
      const want = aureport(args, "UTC");
      const got = await runReport(args);
      assert.equal(got.stdout, want.stdout, args.join(" "));
      assert.equal(got.code, want.code, args.join(" "));
    }
  }
  const help = await runReport(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: aureport \[options\][^]*\nlibaudit report also takes:\n/);
});

Deno.test("report: two reports are refused as aureport refuses them", async () => {
  const r = await runReport(["-x", "-f"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Error - only one report can be specified/);
});

Deno.test("report: -t --summary is unimplemented in aureport: same output and status", async () => {
  const r = await runReport(["-if", ODD, "-t", "--summary", "--failed"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "\nFailed ");
  assert.match(r.stderr, /Unimplemented option/);
  // aureport stops before it looks for its input: no note, no error about it.
  const missing = await runReport(["-if", "/nonexistent/audit", "--tty", "--summary"]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "Unimplemented option\n");
  assert.equal(missing.stdout, "\n");
  // Into one pipe (2>&1), aureport's message comes first: its stdout is
  // flushed at exit.
  const root = new URL("../../", import.meta.url).pathname;
  const args = ["-if", ODD, "-t", "--summary", "--failed"];
  const merged = new Deno.Command("/bin/sh", {
    args: [
      "-c",
      'exec "$@" 2>&1',
      "sh",
      Deno.execPath(),
      "run",
      "-A",
      `${root}cli.ts`,
      "report",
      ...args,
    ],
    env: { TZ: "UTC", LC_ALL: "C" },
    stdin: "null",
  }).outputSync();
  const text = new TextDecoder().decode(merged.stdout);
  assert.equal(text, "Unimplemented option\n\nFailed ");
  if (HAVE_AUREPORT) {
    const want = new Deno.Command("/bin/sh", {
      args: ["-c", 'exec "$@" 2>&1', "sh", "/usr/sbin/aureport", ...args],
      env: { TZ: "UTC", LC_ALL: "C" },
      stdin: "null",
    }).outputSync();
    assert.equal(text, new TextDecoder().decode(want.stdout));
  }
});

Deno.test("report: --format json of an unimplemented report is aureport's error, not an empty document", async () => {
  for (const report of ["-t", "--tty"]) {
    const r = await runReport(["-if", ODD, report, "--summary", "--format", "json"]);
    assert.equal(r.code, 1, report);
    assert.equal(r.stdout, "", report);
    assert.equal(r.stderr, "Unimplemented option\n", report);
  }
});

Deno.test("report: skipped lines and malformed events are warned about with file:line", async () => {
  const r = await runReport(["-if", ODD]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /odd\.log:\d+: line skipped: /);
  assert.match(r.stderr, /odd\.log:\d+: malformed event skipped as aureport does/);
  assert.match(r.stderr, /\d+ line\(s\) without a time stamp were skipped/);
  assert.match(r.stderr, /\d+ malformed event\(s\) were left out of the report/);
});

Deno.test("report: reads a piped stdin like aureport", async () => {
  const log = Deno.readTextFileSync(`${TESTDATA}sample.log`);
  const r = await runReport(["-x", "--summary"], { stdin: log });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Executable Summary Report/);
  assert.match(r.stdout, /\/usr\/sbin\/useradd/);
});

Deno.test({
  name: `report -if DIR reads DIR/audit.log and its rotations oldest first, as aureport${
    HAVE_AUREPORT ? "" : " (ignored: no aureport)"
  }`,
  ignore: !HAVE_AUREPORT,
  async fn() {
    const dir = Deno.makeTempDirSync();
    try {
      const lines = Deno.readTextFileSync(`${TESTDATA}sample.log`).split("\n");
      const half = Math.floor(lines.length / 2);
      Deno.writeTextFileSync(`${dir}/audit.log.1`, lines.slice(0, half).join("\n") + "\n");
      Deno.writeTextFileSync(`${dir}/audit.log`, lines.slice(half).join("\n"));
      for (const args of [["-t"], [], ["-x"]]) {
        const want = aureport(["-if", dir, ...args], "UTC");
        const r = await runReport(["-if", dir, ...args]);
        assert.equal(r.stdout, want.stdout, args.join(" "));
        assert.equal(r.code, want.code);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `report -ts/-te read search's time forms and select as aureport${
    HAVE_AUREPORT ? "" : " (ignored: no aureport)"
  }`,
  ignore: !HAVE_AUREPORT,
  async fn() {
    const file = `${TESTDATA}sample.log`;
    for (
      const opts of [
        ["-ts", "11/25/26", "01:35:05"],
        ["-te", "01:35:06", "11/25/26"],
        ["-ts", "11/25/26", "01:35:05", "-te", "11/25/26", "01:35:06", "-x"],
        ["-te", "11/25/26", "01:35:06", "-f", "--summary"],
        ["-ts", "this-year"],
      ]
    ) {
      for (const tz of ["UTC", "Asia/Kolkata"]) {
        const want = aureport(["-if", file, ...opts], tz);
        const got = await runReport(["-if", file, ...opts], { env: { TZ: tz } });
        assert.equal(got.stdout, want.stdout, `${tz} ${opts.join(" ")}`);
        assert.equal(got.code, want.code);
      }
    }
  },
});

Deno.test("report --chart into a pipe is plain text; --format json is one document", async () => {
  const chart = await runReport(["-if", ODD, "--chart"]);
  assert.equal(chart.code, 0);
  assert.match(chart.stdout, /^Events over time: \d+ events, \d+ failed/);
  assert.ok(!chart.stdout.includes("\x1b"));
  const json = await runReport(["-if", ODD, "-f", "--summary", "--format", "json"]);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.report, "file");
  assert.equal(doc.summary, true);
  assert.ok(
    doc.rows.every((r: Record<string, unknown>) => typeof r.total === "number" && "file" in r),
  );
});
