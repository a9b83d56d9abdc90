// Real logs recorded from a kernel parse with zero errors, in both RAW and
// ENRICHED formats, and the ENRICHED translations agree with our fields.
import assert from "node:assert/strict";
import { type AuditMessage, ParseError, parseLogLine } from "../../parse/mod.ts";
import { exists } from "../fs_helpers.ts";
import { compareExtraction } from "./go_reference.ts";

interface Log {
  name: string;
  url: URL;
}

const bundled: Log[] = ["sample.log", "sample-enriched.log"].map((name) => ({
  name: `tests/testdata/${name}`,
  url: new URL(`../testdata/${name}`, import.meta.url),
}));
// Bigger corpora recorded with ../shared/corpus/make-corpus.sh, when present.
const corpus: Log[] = ["raw", "enriched"].map((format) => ({
  name: `../corpus/${format}/audit.log`,
  url: new URL(`../../../corpus/${format}/audit.log`, import.meta.url),
})).filter((log) => exists(log.url));
if (corpus.length === 0) {
  console.warn("skipping corpus checks: ../corpus/{raw,enriched}/audit.log absent");
}

/** Parses every line; fails on any ParseError or enrichment error. */
function parseAll(log: Log): AuditMessage[] {
  const text = Deno.readTextFileSync(log.url);
  const messages: AuditMessage[] = [];
  const problems: string[] = [];
  let lineNumber = 0;
  for (const line of text.split("\n")) {
    lineNumber++;
    if (line === "") continue;
    try {
      const msg = parseLogLine(line);
      if (msg.error !== undefined) problems.push(`${log.name}:${lineNumber}: ${msg.error}`);
      messages.push(msg);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push(`${log.name}:${lineNumber}: ${e.message}`);
    }
  }
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  return messages;
}

/** What the ENRICHED translations must agree with. */
function checkEnriched(log: Log, messages: AuditMessage[]): number {
  let checked = 0;
  for (const msg of messages) {
    const tail = msg.enrichment;
    if (tail === undefined) continue;
    checked++;
    const where = `${log.name} seq ${msg.sequence} ${msg.recordTypeName}`;
    assert.ok(!msg.rawMessage.includes("\x1d"), where);
    for (const key of Object.keys(tail)) assert.match(key, /^[A-Z][A-Z0-9_-]*$/, where);
    for (const key of Object.keys(msg.data)) assert.doesNotMatch(key, /^[A-Z]/, where);
    for (const key of msg.keys) assert.ok(!key.includes("\x1d") && !key.includes("="), where);
    if (tail.ARCH !== undefined) assert.equal(msg.data.arch, tail.ARCH, where);
    if (tail.SYSCALL !== undefined) assert.equal(msg.data.syscall, tail.SYSCALL, where);
    if (tail.AUID === "unset") assert.equal(msg.data.auid, "unset", where);
    // The translations never change the fields: the line without its tail
    // gives the same fields and keys.
    const raw = parseLogLine(`type=${msg.recordTypeName} msg=${msg.rawMessage}`);
    assert.deepEqual(raw.data, msg.data, where);
    assert.deepEqual(raw.keys, msg.keys, where);
  }
  return checked;
}

for (const log of [...bundled, ...corpus]) {
  Deno.test(`real logs: ${log.name} parses with zero errors`, () => {
    const messages = parseAll(log);
    assert.ok(messages.length > 0);
    const enriched = checkEnriched(log, messages);
    if (log.name.includes("enriched")) assert.ok(enriched > messages.length / 4, "ENRICHED tails");
    else assert.equal(enriched, 0);
    console.log(`${log.name}: ${messages.length} records, ${enriched} with ENRICHED translations`);
  });
}

Deno.test("real logs: the bundled sample holds the record types the README promises", () => {
  const types = new Set(parseAll(bundled[0]!).map((m) => m.recordTypeName));
  for (
    const type of [
      "DAEMON_START",
      "SYSCALL",
      "EXECVE",
      "PATH",
      "PROCTITLE",
      "SOCKADDR",
      "USER_ACCT",
    ]
  ) {
    assert.ok(types.has(type), type);
  }
});

for (const log of [...bundled, ...corpus]) {
  Deno.test(`real logs: ${log.name}: fields extracted exactly like go-libaudit's regexp`, () => {
    let lines = 0;
    // The regexp oracle is slow: the first 50,000 lines of a big corpus.
    for (const line of Deno.readTextFileSync(log.url).split("\n", 50_000)) {
      if (line === "") continue;
      const body = line.slice(line.indexOf("): ") + 3).split("\x1d")[0]!;
      const { ours, go } = compareExtraction(body);
      assert.equal(ours, go, line);
      lines++;
    }
    assert.ok(lines > 0);
  });
}
