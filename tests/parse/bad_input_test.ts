// Bad input gives a ParseError or a message with an error: never another
// exception, never a hang; the next line parses normally.
import assert from "node:assert/strict";
import { type AuditMessage, ParseError, parseLogLine, parseMessage } from "../../parse/mod.ts";

/** Parses `line` (or, with `type`, the netlink payload `line`) and touches everything lazily computed. */
function exercise(line: string, type?: number): AuditMessage | ParseError {
  let msg: AuditMessage;
  try {
    msg = type === undefined ? parseLogLine(line) : parseMessage(type, line);
  } catch (e) {
    if (e instanceof ParseError) {
      assert.equal(typeof e.reason, "string");
      assert.ok(e.position >= 0 && e.position <= line.length, `position ${e.position}`);
      return e;
    }
    throw new Error(`non-ParseError exception for ${JSON.stringify(line.slice(0, 300))}`, {
      cause: e,
    });
  }
  const data = msg.data;
  for (const key in data) assert.equal(typeof data[key], "string", key);
  assert.ok(Array.isArray(msg.keys));
  void msg.enrichment;
  void msg.rawMessage;
  void msg.recordTypeName;
  assert.ok(Number.isFinite(msg.timestamp));
  const json = JSON.parse(JSON.stringify(msg));
  assert.equal(json.sequence, msg.sequence);
  if (msg.error !== undefined) {
    assert.ok(
      !msg.error.startsWith("internal error"),
      `${msg.error} for ${JSON.stringify(line.slice(0, 300))}`,
    );
  }
  return msg;
}

const GOOD = 'type=CWD msg=audit(1481077231.371:479):  cwd="/home/user"';

Deno.test("bad input: malformed lines give ParseError, the next line parses", () => {
  const bad = [
    "",
    " ",
    "no header at all",
    "type=SYSCALL msg=audit(abc.def:1): x=1", // bad timestamp
    "type=SYSCALL msg=audit(1.2:3", // unterminated header
    "type=SYSCALL msg=audit(-1.2:3): x=1",
    "type=SYSCALL msg=audit(1.2:-3): x=1",
    "type=SYSCALL msg=audit(1.2:3:4): x=1",
    "type=\x00\x01 msg=audit(1.2:3): x=1",
    "\x1d\x1d\x1d",
    "type=SYSCALL msg=\x1daudit(1.2:3): x=1",
    "type=SYSCALL msg=audit(1.2\x1d:3): x=1",
  ];
  for (const line of bad) {
    assert.ok(exercise(line) instanceof ParseError, JSON.stringify(line));
    assert.equal((exercise(GOOD) as AuditMessage).data.cwd, "/home/user");
  }
});

Deno.test("bad input: odd bodies give a message (maybe with an error)", () => {
  const odd = [
    "type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=59 x='unterminated",
    'type=PATH msg=audit(1.2:3): name="unterminated',
    "type=PROCTITLE msg=audit(1.2:3): proctitle=ABC", // odd hex
    "type=PROCTITLE msg=audit(1.2:3): proctitle=ZZ", // not hex
    "type=SOCKADDR msg=audit(1.2:3): saddr=0A00", // short ipv6
    "type=SOCKADDR msg=audit(1.2:3): saddr=0200XXXX00000000",
    "type=SOCKADDR msg=audit(1.2:3): saddr=01000",
    "type=EXECVE msg=audit(1.2:3): argc=99999999999 a0=41",
    "type=EXECVE msg=audit(1.2:3): argc=3 a0[99999]=41 a1[0]=4 a1_len=zz",
    "type=SECCOMP msg=audit(1.2:3): sig=x arch=c000003e syscall=1",
    "type=AVC msg=audit(1.2:3): avc:  denied  { read } for",
    "type=AVC msg=audit(1.2:3): avc: denied { read } for pid=1 }}}} for x",
    "type=LOGIN msg=audit(1.2:3): old new old new",
    "type=USER_START msg=audit(1.2:3): msg=')))'''",
    "type=SYSCALL msg=audit(1.2:3): __proto__=x constructor=y toString=z",
    "type=SYSCALL msg=audit(1.2:3): arch=ffffffffffffffffff syscall=1",
    "type=SYSCALL msg=audit(1.2:3): arch=-1 syscall=99999999999999999999",
    "type=CWD msg=audit(1.2:3): \x00\x00=\x00 cwd=\x00",
    'type=SYSCALL msg=audit(1.2:3): key=(null)\x1d\x1d\x1dARCH="x SADDR={ unterminated',
    "type=SYSCALL msg=audit(1.2:3): a=b\x1d__proto__=1 =2 X= Y",
  ];
  for (const line of odd) {
    const result = exercise(line);
    assert.ok(!(result instanceof ParseError), `${JSON.stringify(line)}: ${result}`);
  }
  const proto = exercise(
    "type=SYSCALL msg=audit(1.2:3): __proto__=x constructor=y",
  ) as AuditMessage;
  assert.equal(Object.getOwnPropertyDescriptor(proto.data, "__proto__")?.value, "x");
  assert.equal(proto.data.constructor, "y");
});

Deno.test("bad input: binary garbage and invalid UTF-8", () => {
  const bytes = new Uint8Array(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = x >> 16;
  }
  const garbage = new TextDecoder().decode(bytes); // invalid UTF-8 → U+FFFD
  exercise(garbage);
  exercise("type=PATH msg=audit(1.2:3): name=" + garbage);
  exercise("type=EXECVE msg=audit(1.2:3): argc=1 a0=" + garbage);
  exercise("type=AVC msg=audit(1.2:3): avc:  " + garbage);
  const latin1 = String.fromCharCode(...bytes.subarray(0, 2048));
  exercise("type=USER_ACCT msg=audit(1.2:3): msg='" + latin1);
  const invalid = new TextDecoder().decode(
    new Uint8Array([
      ...new TextEncoder().encode('type=CWD msg=audit(1.2:3): cwd="'),
      0xff,
      0xfe,
      0x22,
    ]),
  );
  assert.equal((exercise(invalid) as AuditMessage).data.cwd, "\ufffd\ufffd");
});

Deno.test("bad input: 1 MB lines parse in linear time", () => {
  const mb = 1 << 20;
  const lines = [
    "type=EXECVE msg=audit(1.2:3): argc=1 a0=" + "41".repeat(mb / 2),
    'type=EXECVE msg=audit(1.2:3): argc=1 a0="' + "x".repeat(mb),
    "type=SYSCALL msg=audit(1.2:3): " + "a=b ".repeat(mb / 4),
    "type=SYSCALL msg=audit(1.2:3): " + "a='\\' ".repeat(mb / 6),
    "type=SYSCALL msg=audit(1.2:3): " + "k=\"'".repeat(mb / 4),
    "type=AVC msg=audit(1.2:3): " + "avc:  denied  { r ".repeat(mb / 18) + "} x",
    "type=AVC msg=audit(1.2:3): " + "avc:  denied  { r } for ".repeat(mb / 24),
    "type=AVC msg=audit(1.2:3): " + "} for ".repeat(mb / 6),
    "type=EXECVE msg=audit(1.2:3): " + "]=]=".repeat(mb / 4),
    "type=EXECVE msg=audit(1.2:3): " + "a1[1]=4".repeat(mb / 7),
    "type=USER_ACCT msg=audit(1.2:3): " + "msg='".repeat(mb / 5),
    "type=SOCKADDR msg=audit(1.2:3): " + "msg=audit(1.2:3):".repeat(mb / 17),
    "type=USER_ACCT msg=audit(1.2:3): " + `x=' msg="y='" `.repeat(mb / 14),
    "type=LOGIN msg=audit(1.2:3): " + "old ".repeat(mb / 4),
    "type=SYSCALL msg=audit(1.2:3): x=1\x1d" + 'A="'.repeat(mb / 3),
    "type=SYSCALL msg=audit(1.2:3): x=1\x1d" + "A={".repeat(mb / 3),
    "type=SOCKADDR msg=audit(1.2:3): saddr=01" + "00".repeat(mb / 2),
    "type=" + "A".repeat(mb) + " msg=audit(1.2:3): x=1",
    "node=" + "n".repeat(mb) + ' type=CWD msg=audit(1.2:3): cwd="/"',
    "type=CWD msg=audit(" + "1".repeat(mb) + ".2:3): x=1",
  ];
  // Time relative to a plain line of dense fields of the same size: per
  // byte, no line may take 10 times as long (a quadratic one takes 1000s).
  const plain = "type=SYSCALL msg=audit(1.2:3): " + "a=1 ".repeat(mb / 4);
  const perByte = (line: string): number => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      exercise(line);
      best = Math.min(best, performance.now() - started);
    }
    return Math.max(best, 1) / line.length;
  };
  perByte(plain); // warm up
  const budget = 10 * perByte(plain);
  for (const line of lines) {
    const took = perByte(line);
    assert.ok(
      took < budget,
      `${JSON.stringify(line.slice(0, 40))}…: ${(took * line.length).toFixed(0)} ms, ` +
        `${(took / budget * 10).toFixed(1)}x the plain line's time per byte`,
    );
  }
});

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function realLines(): string[] {
  const out: string[] = [];
  for (const name of ["sample.log", "sample-enriched.log"]) {
    const url = new URL(`../testdata/${name}`, import.meta.url);
    try {
      out.push(...Deno.readTextFileSync(url).split("\n").filter((l) => l !== ""));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  const conformance = new URL("../../../shared/conformance/go-libaudit/auparse/", import.meta.url);
  try {
    for (const entry of Deno.readDirSync(conformance)) {
      if (!entry.name.endsWith(".log")) continue;
      out.push(
        ...Deno.readTextFileSync(new URL(entry.name, conformance)).split("\n").filter((l) =>
          l !== ""
        ),
      );
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

const INSERTS = [
  "'",
  '"',
  "=",
  " ",
  "\\",
  "\x1d",
  "\x00",
  "\n",
  "msg='",
  "a0[1]=",
  "(",
  ")",
  ":",
  ".",
  "é",
  "\ud800",
  "ABCDEF",
  "}",
  "{",
  " for ",
  "avc:  denied  { ",
  "key=",
  "=(null)",
  "4294967295",
];

function mutate(line: string, random: () => number): string {
  const at = () => Math.floor(random() * (line.length + 1));
  const steps = 1 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const i = at();
    switch (Math.floor(random() * 7)) {
      case 0: // insert a tricky token
        line = line.slice(0, i) + INSERTS[Math.floor(random() * INSERTS.length)] + line.slice(i);
        break;
      case 1: { // delete a range
        const j = Math.min(line.length, i + Math.floor(random() * 20));
        line = line.slice(0, i) + line.slice(j);
        break;
      }
      case 2: // truncate
        line = line.slice(0, i);
        break;
      case 3: { // replace a character with a random code unit
        const c = String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 65536)));
        line = line.slice(0, i) + c + line.slice(i + 1);
        break;
      }
      case 4: { // duplicate a range
        const j = Math.min(line.length, i + Math.floor(random() * 40));
        line = line.slice(0, j) + line.slice(i, j) + line.slice(j);
        break;
      }
      case 5: { // swap two halves
        line = line.slice(i) + line.slice(0, i);
        break;
      }
      default: { // flip the case of a range
        const j = Math.min(line.length, i + Math.floor(random() * 10));
        line = line.slice(0, i) + line.slice(i, j).toUpperCase() + line.slice(j);
      }
    }
  }
  return line;
}

Deno.test("fuzz: 30,000 mutated real lines never throw anything but ParseError", () => {
  const lines = realLines();
  assert.ok(lines.length > 0, "no real lines found (tests/testdata/*.log)");
  const random = prng(0xa0d17);
  let parsed = 0;
  let rejected = 0;
  let withError = 0;
  for (let n = 0; n < 30_000; n++) {
    const line = mutate(lines[Math.floor(random() * lines.length)]!, random);
    const result = exercise(line);
    if (result instanceof ParseError) rejected++;
    else {
      parsed++;
      if (result.error !== undefined) withError++;
    }
  }
  console.log(`fuzz: ${parsed} parsed (${withError} with an error), ${rejected} ParseErrors`);
  assert.ok(parsed > 10_000);
});

/** Record types with their own parsing or enrichment, and a plain one. */
const SPECIAL_TYPES = [
  1300,
  1302,
  1306,
  1307,
  1309,
  1319,
  1326,
  1327,
  1006,
  1104,
  1105,
  1106,
  1107,
  1112,
  1123,
  1124,
  1400,
  1305,
  65535,
];

Deno.test("fuzz: mutated bodies through every record type's enrichment (parseMessage)", () => {
  const bodies = realLines().map((line) => line.slice(line.indexOf("msg=") + 4));
  const random = prng(0xb0d1e5);
  let parsed = 0;
  for (let n = 0; n < 20_000; n++) {
    const body = mutate(bodies[Math.floor(random() * bodies.length)]!, random);
    const type = SPECIAL_TYPES[Math.floor(random() * SPECIAL_TYPES.length)]!;
    if (!(exercise(body, type) instanceof ParseError)) parsed++;
  }
  assert.ok(parsed > 5_000, `${parsed} parsed`);
});
