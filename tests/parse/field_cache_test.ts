// The cache of parsed fields by record body (parse/_field_cache.ts): a
// repeated body gives what a fresh parse gives, under its own type only.
import assert from "node:assert/strict";
import { parseLogLine, parseMessage } from "../../parse/mod.ts";
import { storedJsonLine } from "../../parse/message.ts";
import { TextCache, textHash } from "../../parse/_text_cache.ts";
import { Sightings } from "../../parse/_cache_policy.ts";

const LOGS = ["sample.log", "sample-enriched.log"].map((name) =>
  new URL(`../testdata/${name}`, import.meta.url)
);

Deno.test("field cache: every record of the sample logs reads the same when its body repeats", () => {
  for (const log of LOGS) {
    const lines = Deno.readTextFileSync(log).split("\n").filter((l) => l !== "");
    const first = lines.map((l) => JSON.stringify(parseLogLine(l)));
    // Three more passes: the second sighting of a body caches it, the third hits.
    for (let pass = 0; pass < 3; pass++) {
      lines.forEach((l, i) => assert.equal(JSON.stringify(parseLogLine(l)), first[i], l));
    }
  }
});

Deno.test("field cache: a changed toJSON result does not change other messages of the body", () => {
  const line = 'type=CWD msg=audit(1.000:7): cwd="/root/shared-body"\x1dARCH=x86_64';
  // Parsed in turn (fields are parsed lazily): the third caches the body, the others hit.
  const messages = Array.from({ length: 5 }, () => {
    const m = parseLogLine(line);
    assert.equal(m.data.cwd, "/root/shared-body");
    return m;
  });
  const mine = messages[4]!.toJSON();
  (mine.data as Record<string, string>).cwd = "changed";
  (mine.enrichment as Record<string, string>).ARCH = "changed";
  for (const m of [...messages.slice(0, 4), parseLogLine(line)]) {
    assert.equal(m.data.cwd, "/root/shared-body");
    assert.equal(m.enrichment?.ARCH, "x86_64");
    assert.equal(m.toJSON().data.cwd, "/root/shared-body");
  }
});

Deno.test("field cache: a body is parsed as its record's type, cached or not", () => {
  const body = "arch=c000003e syscall=59 success=yes exit=0 auid=4294967295 key=6578656373";
  for (let i = 0; i < 3; i++) {
    const syscall = parseMessage(1300, `audit(1.000:${i}): ${body}`);
    assert.equal(syscall.data.syscall, "execve");
    assert.deepEqual(syscall.keys, ["execs"]);
    const other = parseMessage(1305, `audit(1.000:${i}): ${body}`);
    assert.equal(other.data.syscall, "59");
    assert.equal(other.data.arch, "c000003e");
    assert.deepEqual(other.keys, ["execs"]);
  }
});

Deno.test("field cache: enrichment errors come back with a cached body", () => {
  const body = "saddr=0 family=x";
  for (let i = 0; i < 3; i++) {
    const m = parseMessage(1306, `audit(1.000:${i}): ${body}`);
    assert.match(m.error ?? "", /failed to parse saddr/);
  }
});

Deno.test("storedJsonLine: the stored shape's JSON, for fresh and cached bodies alike", () => {
  const dirs = [
    new URL("../testdata/", import.meta.url),
    new URL("../cli/testdata/", import.meta.url),
  ];
  const lines = [
    'node=host1 type=SYSCALL msg=audit(1.5:7): arch=c000003e syscall=59 success=yes key="a\\u2028b"',
    "type=SOCKADDR msg=audit(2.25:8): saddr=0",
    "type=USER_CMD msg=audit(3.125:9): pid=1 msg='cmd=6C73 \"x\\ty\" res=success'",
    'type=PATH msg=audit(4.000:10): item=0 name="/tmp/\u00e9\ud800" \x1dUID="root"',
  ];
  for (const dir of dirs) {
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith(".log")) continue;
      lines.push(...Deno.readTextFileSync(new URL(entry.name, dir)).split("\n"));
    }
  }
  for (let pass = 0; pass < 3; pass++) {
    for (const line of lines) {
      let m;
      try {
        m = parseLogLine(line);
      } catch {
        continue;
      }
      assert.equal(storedJsonLine(m), JSON.stringify(m.toJSON()) + "\n", line);
    }
  }
});

Deno.test("text cache: a window of 4096 lookups with few hits pauses it for 61440 texts", () => {
  const cache = new TextCache<object>(4, 64);
  for (let i = 0; i < 4096; i++) {
    assert.equal(cache.active(), true);
    const text = `unique ${i}`;
    const h = textHash(text, 0, text.length);
    assert.equal(cache.get(text, h), undefined);
    cache.offer(text, h, {});
  }
  for (let i = 0; i < 61440; i++) assert.equal(cache.active(), false);
  assert.equal(cache.active(), true);
  // Repeated texts hit again once it is back.
  const value = {};
  for (let i = 0; i < 3; i++) {
    const h = textHash("again", 0, 5);
    if (cache.get("again", h) === undefined) cache.offer("again", h, value);
  }
  assert.equal(cache.get("again", textHash("again", 0, 5)), value);
});

Deno.test("text cache: texts that differ only in characters the hash skips keep their own values", () => {
  // The hash reads every fourth character (and the last few): these differ in
  // character 1, which it skips, and share a hash.
  const texts = [
    "a0c=1 d=2 e=3 f=4 g=5 tail",
    "a1c=1 d=2 e=3 f=4 g=5 tail",
    "a2c=1 d=2 e=3 f=4 g=5 tail",
  ];
  const hashes = texts.map((t) => textHash(t, 0, t.length));
  assert.equal(new Set(hashes).size, 1);
  const cache = new TextCache<{ text: string }>(4, 64);
  const values = texts.map((text) => ({ text }));
  for (let pass = 0; pass < 3; pass++) {
    texts.forEach((t, i) => {
      if (cache.get(t, hashes[i]!) === undefined) cache.offer(t, hashes[i]!, values[i]!);
    });
  }
  texts.forEach((t, i) => assert.equal(cache.get(t, hashes[i]!), values[i]));
  // A text of the same hash never offered is not answered.
  const other = "a3c=1 d=2 e=3 f=4 g=5 tail";
  assert.equal(cache.get(other, textHash(other, 0, other.length)), undefined);
});

Deno.test("sightings: texts seen once do not push out the count of a text that recurs", () => {
  const sightings = new Sightings(64);
  const recurring = 0x12345678;
  // Other hashes that map to the same two slots (they differ in high bits only).
  let other = 1;
  const others = (n: number) => {
    for (let i = 0; i < n; i++) assert.equal(sightings.offered(recurring ^ (other++ << 20)), false);
  };
  assert.equal(sightings.offered(recurring), false);
  assert.equal(sightings.offered(recurring), false);
  others(50);
  assert.equal(sightings.offered(recurring), true);
  others(50);
  assert.equal(sightings.offered(recurring), true);
});
