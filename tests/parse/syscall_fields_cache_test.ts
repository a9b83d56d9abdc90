// SYSCALL records' fields kept by their text around the values that change
// with every call (parse/_syscall_fields.ts): every record reads as a parse
// that no cache answers (extraction and enrichment called directly) gives.
import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";
import type { Message } from "../../parse/message.ts";
import { enrichFields } from "../../parse/enrich.ts";
import { FieldMap } from "../../parse/fields.ts";
import { extractFields } from "../../parse/_extract.ts";
import { AUDIT_SYSCALL } from "../../parse/tables/record_type_constants.ts";

/** The fields of a SYSCALL line by extraction and enrichment alone. */
function reference(line: string): { data: Record<string, string>; keys: string[] | undefined } {
  const m = parseLogLine(line) as Message;
  const f = new FieldMap();
  extractFields(m.line, m.bodyStart, m.bodyEnd, f);
  const enriched = enrichFields(AUDIT_SYSCALL, f, "");
  return { data: f.values, keys: enriched.keys };
}

/** The message's fields: `data` as JSON (key order counts) and keys. */
function fields(line: string): { data: string; keys: readonly string[] } {
  const m = parseLogLine(line);
  return { data: JSON.stringify(m.data), keys: m.keys };
}

const syscall = (i: number, rest = ' comm="ls" exe="/usr/bin/ls" key="exec"') =>
  `type=SYSCALL msg=audit(1700000000.${100 + i}:${i}): arch=c000003e syscall=59 ` +
  `success=yes exit=0 a0=55d${i} a1=7ffc${(i * 37).toString(16)} a2=${i % 3} a3=0 items=1 ` +
  `ppid=${i + 99} pid=${i + 100} auid=1000 uid=0 gid=0 tty=pts0 ses=3${rest}`;

Deno.test("SYSCALL field cache: records that repeat but for their values read as a parse gives", () => {
  const rests = [
    ' comm="ls" exe="/usr/bin/ls" key="exec"',
    ' comm="x" exe=2F62696E2F6C73 key=65786563016E6574',
    ' comm="x\\"y" exe="/x" key=(null) subj=u:r:t:s0',
    ' comm="a1=5" exe="/x"',
    " comm=x exe=/x pid=7",
    ' comm="x" exe="/x"\x1dARCH=x86_64 SYSCALL=execve AUID="alice"',
  ];
  for (const rest of rests) {
    for (let i = 1; i <= 12; i++) {
      for (const line of [syscall(i, rest), "node=web1 " + syscall(i, rest)]) {
        const want = reference(line);
        const got = fields(line);
        assert.equal(got.data, JSON.stringify(want.data), line);
        assert.deepEqual(got.keys, want.keys ?? [], line);
      }
    }
  }
  // Kept from the third sighting on: these are answered by the cache, each
  // with its own values.
  for (let i = 20; i <= 30; i++) {
    const m = parseLogLine(syscall(i));
    assert.equal(m.data.a0, `55d${i}`);
    assert.equal(m.data.a1, `7ffc${(i * 37).toString(16)}`);
    assert.equal(m.data.a2, String(i % 3));
    assert.equal(m.data.ppid, String(i + 99));
    assert.equal(m.data.pid, String(i + 100));
    assert.equal(m.data.syscall, "execve");
    assert.equal(m.data.arch, "x86_64");
  }
});

Deno.test("SYSCALL field cache: a hit's fields are its own object", () => {
  const messages = Array.from({ length: 6 }, (_, i) => parseLogLine(syscall(40 + i)));
  const data = messages.map((m) => m.data);
  assert.equal(new Set(data).size, data.length);
  (data[5] as Record<string, string>).comm = "changed";
  assert.equal(parseLogLine(syscall(50)).data.comm, "ls");
});

Deno.test("SYSCALL field cache: a value inside a quoted value is not a field", () => {
  for (let i = 1; i <= 8; i++) {
    const line = `type=SYSCALL msg=audit(1700000000.000:${i}): arch=c000003e syscall=2 ` +
      `success=yes exit=3 items=0 comm="a a0=${i} " exe="/x" a1=${i} pid=${i}`;
    assert.equal(fields(line).data, JSON.stringify(reference(line).data), line);
    assert.equal(parseLogLine(line).data.a0, undefined);
    assert.equal(parseLogLine(line).data.a1, String(i));
  }
});

Deno.test("SYSCALL field cache: a name that starts a key twice is not put in", () => {
  for (let i = 1; i <= 8; i++) {
    const line = `type=SYSCALL msg=audit(1700000000.000:${i}): arch=c000003e syscall=2 ` +
      `success=yes exit=3 a0=${i} items=0 a0=${i + 1} pid=${i} comm="x"`;
    assert.equal(fields(line).data, JSON.stringify(reference(line).data), line);
    assert.equal(parseLogLine(line).data.a0, String(i + 1));
  }
});
