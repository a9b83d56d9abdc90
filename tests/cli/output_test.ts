import assert from "node:assert/strict";
import { parse as yamlParse } from "yaml";
import {
  BatchWriter,
  escapeControl,
  loadYaml,
  renderer,
  toJsonLine,
  toYamlDocument,
} from "../../cli/io/output.ts";

await loadYaml();

const EVIL = "/tmp/\x1b]0;pwned\x07\x1b[31mred\r\n\u0085\u009b2J\u202egnp.exe\x7f";

Deno.test("output: escapeControl escapes C0, DEL, C1 and bidi controls", () => {
  assert.equal(escapeControl("plain /bin/ls"), "plain /bin/ls");
  assert.equal(
    escapeControl(EVIL),
    "/tmp/\\x1b]0;pwned\\x07\\x1b[31mred\\r\\n\\x85\\x9b2J\\u202egnp.exe\\x7f",
  );
  assert.equal(escapeControl("tab\there é ü 中"), "tab\\there é ü 中");
});

Deno.test("output: text renderer escapes, one line per record", () => {
  const text = renderer("text")(EVIL);
  assert.equal(text.split("\n").length, 2);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text.slice(0, -1), /[\x00-\x1f\x7f-\x9f\u202e]/);
});

Deno.test("output: JSON lines are valid JSON and round-trip", () => {
  const value = { name: EVIL, lone: "\ud800x", n: 1 };
  const line = toJsonLine(value);
  assert.ok(line.endsWith("\n"));
  assert.equal(line.indexOf("\n"), line.length - 1);
  assert.deepEqual(JSON.parse(line), { ...value, lone: "\ud800x" });
  assert.match(line, /\\ud800/);
});

Deno.test("output: YAML escapes control characters and round-trips", () => {
  for (const value of [{ name: EVIL, ok: "fine" }, { name: "a\x1bb" }, { list: ["x\u2066y"] }]) {
    const doc = toYamlDocument(value);
    assert.ok(doc.startsWith("---\n"));
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(doc, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u2066]/);
    assert.deepEqual(yamlParse(doc), value);
  }
  assert.equal(toYamlDocument({ a: "b" }), "---\na: b\n");
});

Deno.test("output: BatchWriter writes in large chunks, in order", async () => {
  const chunks: Uint8Array[] = [];
  const sink = {
    write(p: Uint8Array): Promise<number> {
      // Accept at most 100 bytes per call to exercise partial writes.
      const n = Math.min(p.length, 100);
      chunks.push(p.slice(0, n));
      return Promise.resolve(n);
    },
  };
  const out = new BatchWriter(sink, 1000, 2000);
  let expected = "";
  for (let i = 0; i < 500; i++) {
    const line = `line ${i} é\n`;
    out.write(line);
    expected += line;
    if (i % 50 === 0) await out.drain();
  }
  await out.close();
  const total = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    total.set(c, o);
    o += c.length;
  }
  assert.equal(new TextDecoder().decode(total), expected);
});

Deno.test("output: BatchWriter reports a failing sink", async () => {
  const out = new BatchWriter({ write: () => Promise.reject(new Error("broken pipe")) }, 1, 16);
  out.write("x".repeat(20));
  await assert.rejects(out.drain(), /broken pipe/);
});

Deno.test("output: BatchWriter.queued counts what a blocked sink has not taken; drain waits", async () => {
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => release = r);
  let written = 0;
  const sink = {
    async write(p: Uint8Array): Promise<number> {
      await gate; // a pipe nobody reads
      const n = Math.min(p.length, 4096);
      written += n;
      return n;
    },
  };
  const out = new BatchWriter(sink, 1024, 16 * 1024);
  const line = "x".repeat(99) + "\n";
  for (let i = 0; i < 1000; i++) out.write(line);
  let drained = false;
  const waiting = out.flush().then(() => drained = true); // hands everything to the sink
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(out.queued, 100_000);
  assert.equal(drained, false);
  release();
  gate = Promise.resolve();
  await waiting;
  assert.equal(out.queued, 0);
  assert.equal(written, 100_000);
});
