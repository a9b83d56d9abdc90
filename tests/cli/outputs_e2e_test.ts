import assert from "node:assert/strict";
import { ROOT, runCli } from "./run_cli.ts";
import { HAS_RSYSLOG, Rsyslog } from "./rsyslog_harness.ts";

const SAMPLE = Deno.readTextFileSync(`${ROOT}tests/testdata/sample.log`);

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

/** The events `plugin -f json` writes to stdout for the sample log. */
async function expected(): Promise<string[]> {
  const r = await runCli(["plugin", "-f", "json"], { stdin: SAMPLE });
  assert.equal(r.code, 0, r.stderr);
  return lines(r.stdout);
}

Deno.test("outputs e2e: plugin -o with rotation: every event once, in order, files within the size, a status record last", async () => {
  const want = await expected();
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-e2e-" });
  try {
    const path = `${dir}/events.json`;
    const r = await runCli(
      [
        "plugin",
        "-f",
        "json",
        "-o",
        path,
        "--output-size",
        "20K",
        "--output-generations",
        "50",
        "--status-to",
        "both",
      ],
      { stdin: SAMPLE },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "", "a file output replaces stdout");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    const generations = names.length - 1;
    assert.ok(generations >= 3, `rotated files: ${names}`);
    const files = [
      ...Array.from({ length: generations }, (_, i) => `${path}.${generations - i}`),
      path,
    ];
    const got: string[] = [];
    for (const f of files) {
      const info = Deno.statSync(f);
      assert.equal(info.mode! & 0o777, 0o600, f);
      assert.ok(
        f === path || info.size <= 20 * 1024 || lines(Deno.readTextFileSync(f)).length === 1,
      );
      got.push(...lines(Deno.readTextFileSync(f)));
    }
    const status = JSON.parse(got.pop()!);
    assert.equal(status.type, "status");
    assert.equal(status.events, want.length);
    assert.equal(status.rotations, generations);
    assert.deepEqual(got, want);
    assert.match(r.stderr, /"type":"status"/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "outputs e2e: plugin --syslog to a real rsyslogd: every event arrives as one message",
  ignore: !HAS_RSYSLOG,
  async fn() {
    const want = await expected();
    const dir = Deno.makeTempDirSync({ prefix: "libaudit-e2e-" });
    const rsyslog = await Rsyslog.start({ dir });
    try {
      const r = await runCli(
        ["plugin", "-f", "json", "--syslog", `tcp://127.0.0.1:${rsyslog.port}`, "--stdout"],
        { stdin: SAMPLE },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(lines(r.stdout), want);
      const received = await rsyslog.waitFor(want.length);
      // rsyslog's template: APP HOST FACILITY SEVERITY PROCID MSG.
      assert.deepEqual(received.map((l) => l.split(" ").slice(5).join(" ")), want);
      assert.match(received[0]!, /^libaudit \S+ authpriv info \d+ \{/);
      const status = JSON.parse(lines(r.stderr).find((l) => l.startsWith('{"type":"status"'))!);
      const syslog = status.outputs.find((o: { name: string }) => o.name.startsWith("syslog:"));
      assert.equal(syslog.written, want.length);
      assert.deepEqual(syslog.dropped, {});
    } finally {
      await rsyslog.stop();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
