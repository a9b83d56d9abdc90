// Nested msg= values: go-libaudit's semantics, linear time, capped depth (issue 10 item 1).
import assert from "node:assert/strict";
import { parseLogLine, parseMessage } from "../../parse/mod.ts";
import { MAX_MSG_DEPTH } from "../../parse/_extract.ts";
import { compareExtraction } from "./go_reference.ts";

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("nested msg: same fields as go-libaudit's recursive extraction (random nesting)", () => {
  const random = prng(10);
  const atoms = [
    "msg=",
    "msg=",
    "msg='",
    'msg="',
    "'",
    '"',
    "\\'",
    '\\"',
    "\\",
    " ",
    "a=1",
    "b='x y'",
    'c="p q"',
    "audit(1.2:3):",
    "x=",
    "?",
    "k",
    "=",
  ];
  let compared = 0;
  for (let n = 0; n < 20000; n++) {
    let text = "";
    const len = 1 + Math.floor(random() * 30);
    for (let i = 0; i < len; i++) text += atoms[Math.floor(random() * atoms.length)];
    const msg = parseMessage(1305, `audit(1.000:1): ${text}`);
    if (msg.error !== undefined) continue; // nested deeper than the cap: see below
    const { ours, go } = compareExtraction(text);
    assert.equal(ours, go, JSON.stringify(text));
    compared++;
  }
  assert.ok(compared > 19000, `${compared} compared`);
});

Deno.test("nested msg: deeper than the cap keeps the fields, the rest in msg, and says so", () => {
  const chain = (levels: number) => "x=1 " + "msg=audit(1.2:3):".repeat(levels) + "last=1";
  // Unquoted: every level ends at the same place.
  const deep = parseMessage(1305, `audit(1.000:1): ${chain(MAX_MSG_DEPTH + 3)}`);
  assert.equal(deep.data.x, "1");
  assert.equal(deep.data.last, undefined);
  assert.equal(deep.data.msg, "audit(1.2:3):" + "msg=audit(1.2:3):".repeat(2) + "last=1");
  assert.match(deep.error ?? "", /msg= values nested more than 8 deep/);
  // Up to the cap: no warning, no msg field.
  const fine = parseMessage(1305, `audit(1.000:1): ${chain(MAX_MSG_DEPTH)}`);
  assert.equal(fine.error, undefined);
  assert.equal(fine.data.last, "1");
  assert.equal(fine.data.msg, undefined);
  // Quoted levels count too, and later fields of the outer levels are kept.
  const quoted = parseMessage(
    1305,
    `audit(1.000:1): msg='a=1 msg="b=2 ${chain(MAX_MSG_DEPTH)}" c=3' d=4`,
  );
  assert.equal(quoted.data.a, "1");
  assert.equal(quoted.data.b, "2");
  assert.equal(quoted.data.d, "4");
  assert.equal(quoted.data.c, "3");
  assert.equal(quoted.data.msg, "audit(1.2:3):msg=audit(1.2:3):last=1");
  assert.match(quoted.error ?? "", /nested more than/);
});

/** The fastest of `runs` parses of `line` (all fields), in ms. */
function parseTime(line: string, runs = 5): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const m = parseLogLine(line);
    void m.data;
    void m.error;
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** `unit` repeated after `head` up to `length` characters. */
function fill(head: string, unit: string, length: number): string {
  return head + unit.repeat(Math.ceil((length - head.length) / unit.length)).slice(
    0,
    length - head.length,
  );
}

Deno.test("nested msg: crafted lines parse within 10x a plain line of the same length", () => {
  const length = 256 * 1024;
  const head = "type=USER_ACCT msg=audit(1700000000.000:1): ";
  const plain = fill(head, "a0=audit(1700000000.000:1): ", length);
  const crafted = [
    fill("type=SOCKADDR msg=audit(1700000000.000:1): ", "msg=audit(1700000000.000:1):", length),
    fill(head, "msg=", length),
    fill(head, "msg=a:", length),
    fill(head, `x=' msg="y='" `, length),
    fill(head, `msg='a msg="b `, length),
    fill(head, `x="\\" `, length),
    fill(head, `x=' `, length),
    fill(head, `msg="x=\\" `, length),
  ];
  parseTime(plain, 2); // warm up
  for (const line of crafted) {
    assert.equal(line.length, length);
    const base = parseTime(plain);
    const took = parseTime(line);
    assert.ok(
      took < 10 * Math.max(base, 1),
      `${JSON.stringify(line.slice(head.length, head.length + 30))}…: ${took.toFixed(1)} ms, ` +
        `plain ${base.toFixed(1)} ms`,
    );
    assert.doesNotMatch(parseLogLine(line).error ?? "", /internal error/);
  }
});
