// SYSCALL records' stored-shape JSON kept by their text around the values
// that change with every call (parse/_record_json_cache.ts, parse/_varying.ts):
// every line reads as a fresh parse and JSON.stringify give.
import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";
import { storedJsonLine } from "../../parse/message.ts";
import { VaryingValues } from "../../parse/_varying.ts";

/** The line from the cache (or not), and what `toJSON` gives for a fresh message of it. */
function both(line: string): [string, string] {
  return [storedJsonLine(parseLogLine(line)), JSON.stringify(parseLogLine(line).toJSON()) + "\n"];
}

const syscall = (i: number, rest = ' comm="ls" exe="/usr/bin/ls" key="exec"') =>
  `type=SYSCALL msg=audit(1700000000.${
    100 + i
  }:${i}): arch=c000003e syscall=59 success=yes exit=0 a0=55d${i} a1=7ffc${
    (i * 37).toString(16)
  } a2=${i % 3} a3=0 items=1 ppid=${i + 99} pid=${
    i + 100
  } auid=1000 uid=0 gid=0 tty=pts0 ses=3${rest}`;

Deno.test("record JSON cache: repeated SYSCALL records read as a fresh parse gives", () => {
  for (let i = 1; i <= 30; i++) {
    const [cached, fresh] = both(syscall(i));
    assert.equal(cached, fresh);
  }
  // ENRICHED and node= lines, hex keys, odd values.
  for (let i = 1; i <= 30; i++) {
    for (
      const line of [
        "node=web1 " + syscall(i) + '\x1dARCH=x86_64 SYSCALL=execve AUID="alice"',
        syscall(i, ' comm="x" exe=2F62696E2F6C73 key=65786563016E6574'),
        syscall(i, ' comm="x\\"y" exe="/x" key=(null) subj=u:r:t:s0'),
        syscall(i, ' comm="a1=5" exe="/x"'),
        syscall(i, " comm=x exe=/x pid=7"),
        syscall(i, ` comm=x exe=/x a${i % 4}x=1 ${"z".repeat(i)}=1`),
      ]
    ) {
      const [cached, fresh] = both(line);
      assert.equal(cached, fresh, line);
    }
  }
});

Deno.test("record JSON cache: a value inside a quoted value is not a field", () => {
  for (let i = 1; i <= 8; i++) {
    const line =
      `type=SYSCALL msg=audit(1700000000.000:${i}): arch=c000003e syscall=2 success=yes exit=3 items=0 comm="a a0=${i} " exe="/x"`;
    const [cached, fresh] = both(line);
    assert.equal(cached, fresh);
    assert.equal(parseLogLine(line).data.a0, undefined);
  }
});

Deno.test("varying values: found only where another value splits the record alike", () => {
  const values = new VaryingValues();
  /** The values found, and whether their names start a key once only. */
  const find = (body: string): [Record<string, string>, boolean] => {
    values.scan(body, 0, body.length);
    const out: Record<string, string> = {};
    ["a0", "a1", "a2", "a3", "ppid", "pid"].forEach((k, i) => {
      if (values.mask & (1 << i)) out[k] = values.value(body, i);
    });
    return [out, values.unique(body, 0)];
  };
  assert.deepEqual(find("a0=1f a1=2 ppid=3 pid=4 x=y"), [
    { a0: "1f", a1: "2", ppid: "3", pid: "4" },
    true,
  ]);
  // Not lower-case hex, not followed by a space, too long.
  assert.deepEqual(find("a0=1F a1=2, a2=" + "1".repeat(21) + " x=1"), [{}, true]);
  // A name twice: the first is found, and the record is not one to keep.
  assert.deepEqual(find("a3=1 a3=2 pid=5 x"), [{ a3: "1", pid: "5" }, false]);
  // A name after a key character is another key (xa0=, ppid= for pid=).
  assert.deepEqual(find("xa0=1 a0=2 ppid=3 x=1"), [{ a0: "2", ppid: "3" }, true]);
  // Names are looked for after the fields too (an ENRICHED tail).
  assert.deepEqual(find("a0=1 x=1\x1da0=2"), [{ a0: "1" }, false]);
});
