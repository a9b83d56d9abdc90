import assert from "node:assert/strict";
import { AuditLogsError, parseAuditdConf, selectAuditLogs } from "../../cli/io/audit_logs.ts";
import { readLogLines } from "../../cli/io/audit_log_read.ts";

async function logDir(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "libaudit-search-logs-" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

Deno.test("audit logs: auditd.conf's log_file and end_of_event_timeout", () => {
  const conf = parseAuditdConf("# c\nlog_file = /x/audit.log\nend_of_event_timeout = 5\nfoo\n");
  assert.deepStrictEqual(conf, { logFile: "/x/audit.log", eoeTimeout: 5, loaded: true });
  assert.deepStrictEqual(parseAuditdConf(""), {
    logFile: "/var/log/audit/audit.log",
    eoeTimeout: 2,
    loaded: true,
  });
});

Deno.test("audit logs: -if DIR reads audit.log's rotations oldest first, stopping at a gap", async () => {
  const dir = await logDir({
    "audit.log": "c\n",
    "audit.log.1": "b\n",
    "audit.log.2": "a\n",
    "audit.log.4": "x\n",
  });
  try {
    const sel = await selectAuditLogs({ inputFile: dir, configPath: "/nonexistent" });
    assert.deepStrictEqual(sel.inputs.map((i) => i.name), [
      `${dir}/audit.log.2`,
      `${dir}/audit.log.1`,
      `${dir}/audit.log`,
    ]);
    assert.deepStrictEqual(sel.inputs.map((i) => i.last), [false, false, true]);
    assert.ok(sel.notes.includes(`NOTE - using logs in ${dir}/audit.log`));
    // The default input is auditd.conf's log_file when stdin is not a pipe.
    await Deno.writeTextFile(`${dir}/auditd.conf`, `log_file = ${dir}/audit.log\n`);
    const logs = await selectAuditLogs({ configPath: `${dir}/auditd.conf`, stdinIsPipe: false });
    assert.equal(logs.inputs.length, 3);
    const piped = await selectAuditLogs({ configPath: `${dir}/auditd.conf`, stdinIsPipe: true });
    assert.deepStrictEqual(piped.inputs, [{ name: "stdin", last: true }]);
    const forced = await selectAuditLogs({
      configPath: `${dir}/auditd.conf`,
      stdinIsPipe: true,
      inputLogs: true,
    });
    assert.equal(forced.inputs.length, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("audit logs: -if FILE, a missing -if, and reading from an offset with line numbers", async () => {
  const dir = await logDir({ "one.log": "first\nsecond\nthird" });
  try {
    const sel = await selectAuditLogs({ inputFile: `${dir}/one.log` });
    assert.deepStrictEqual(sel.inputs, [{
      name: `${dir}/one.log`,
      path: `${dir}/one.log`,
      last: true,
    }]);
    await assert.rejects(() => selectAuditLogs({ inputFile: `${dir}/none` }), AuditLogsError);
    const got: string[] = [];
    let offset = 0;
    for await (const b of readLogLines(sel.inputs[0]!, { offset: 6, line: 2 })) {
      b.lines.forEach((l, i) => got.push(`${b.firstLine + i}:${l}`));
      offset = b.offset;
    }
    assert.deepStrictEqual(got, ["2:second", "3:third"]);
    assert.equal(offset, 18);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
