// search's byte path: the -k test on an event's bytes gives matchEvent's
// answer whenever it answers; the per-run flags (ENRICHED, control
// characters, non-ASCII) are those of a byte-by-byte look; and the default
// and raw output are ausearch's bytes, invalid UTF-8 included.
import assert from "node:assert/strict";
import { recordTypeNumber } from "../../parse/record_type.ts";
import {
  EventGrouper,
  type GroupedEvent,
  keyMatcher,
  lineFlagsOf,
  LineIndex,
  MATCH_UNSURE,
  MATCH_YES,
  matchEvent,
  MAY_BE_ENRICHED,
  MAY_BE_NON_ASCII,
  MAY_HAVE_CONTROLS,
  parseSearchArgs,
} from "../../interpret/search/mod.ts";
import { haveAusearch } from "./search_cases.ts";

const SYSCALL_HEAD =
  "arch=c000003e syscall=59 success=yes exit=0 a0=55d1 a1=55d2 a2=55d3 a3=0 items=2 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1";

function syscall(serial: number, tail: string): string {
  return `type=SYSCALL msg=audit(1796207220.962:${serial}): ${SYSCALL_HEAD} ${tail}`;
}

const EVENTS: string[][] = [
  [
    syscall(1, 'comm="ls" exe="/bin/ls" key="exec"'),
    'type=CWD msg=audit(1796207220.962:1): cwd="/"',
  ],
  [syscall(2, 'comm="ls" exe="/bin/ls" key=(null)')],
  [syscall(3, 'comm="key=exec" exe="/bin/ls" key="other"')],
  [syscall(4, 'comm="ls" exe="/bin/ls" key=65786563016F74686572')],
  [syscall(5, 'comm="ls" exe="/bin/ls" key="ex\u00e9c"')],
  [syscall(6, 'comm="ls" exe="/bin/ls" key="exec')],
  [`type=SYSCALL msg=audit(1796207220.962:7): arch=c000003e syscall=59 a0=1 key="exec"`],
  [syscall(8, 'key="exec"\x1dARCH=x86_64 SYSCALL=execve key="nothing"')],
  [syscall(9, 'key="execs"'), "type=PROCTITLE msg=audit(1796207220.962:9): proctitle=6C73"],
  [
    "type=USER_CMD msg=audit(1796207220.962:10): pid=1 uid=0 auid=0 ses=1 msg='cmd=6C73 key=\"exec\" res=success'",
  ],
  [syscall(11, "key=(exec"), 'type=PATH msg=audit(1796207220.962:11): item=0 name="/x" inode=1'],
  [syscall(12, "key=(exec)")],
  [syscall(13, 'key=""')],
  [
    `type=SYSCALL msg=audit(1796207220.962:14): arch=c000003e syscall=18446744073709551616 a0=1 a1=2 key="exec"`,
  ],
  [
    `type=SYSCALL msg=audit(1796207220.962:15): arch=1c000003e0000000000 syscall=59 a0=1 a1=2 key="exec"`,
  ],
  [
    `type=SYSCALL msg=audit(1796207220.962:16): arch=c000003e syscall=59 a0=100000000000000000000 a1=2 key="exec"`,
  ],
  [
    `type=SYSCALL msg=audit(1796207220.962:17): arch=c000003e syscall=59 a0=0000000000000000000001 a1=2 key="exec"`,
  ],
  // User space messages, malformed ones too: parse_user reads nothing for a key.
  [
    "type=USER_AUTH msg=audit(1796207220.962:18): pid=x uid= msg='op=PAM:auth key=\"exec\" res=failed'",
  ],
  [
    "type=ADD_GROUP msg=audit(1796207220.962:19): pid=1 uid=0 auid=0 ses=1 msg='op=add-group id=abc exe=\"/usr/sbin/groupadd\" res=success'",
  ],
  ["type=VIRT_RESOURCE msg=audit(1796207220.962:20): pid=1 uid=0 msg='vm=\"x key=\"exec'"],
  [
    "type=USER_LOGIN msg=audit(1796207220.962:21): pid=1 uid=0 msg='op=login id=0 exe=\"/bin/login\" res=success'",
    syscall(21, 'comm="login" exe="/bin/login" key="exec"'),
  ],
];

function grouped(lines: string[]): GroupedEvent[] {
  const out: GroupedEvent[] = [];
  const g = new EventGrouper({ typeNumber: recordTypeNumber });
  for (const line of lines) g.add(line, (e) => out.push(e));
  g.finish((e) => out.push(e));
  return out;
}

Deno.test("search -k on bytes: matchEvent's answer whenever it answers", () => {
  const events = grouped(EVENTS.flat());
  assert.equal(events.length, EVENTS.length);
  let sure = 0;
  for (const args of [["-k", "exec"], ["-k", "exec", "-w"], ["-k", "ex"], ["-k", "(exec)", "-w"]]) {
    for (const more of [[], ["-i"]]) {
      const { criteria } = parseSearchArgs([...args, ...more], { now: 0, machine: "x86_64" });
      const quick = keyMatcher(criteria);
      assert.ok(quick !== undefined, args.join(" "));
      for (const e of events) {
        const verdict = quick(e);
        if (verdict === MATCH_UNSURE) continue;
        sure++;
        assert.equal(verdict === MATCH_YES, matchEvent(e, criteria), `${args} ${e.serial}`);
      }
    }
  }
  assert.ok(sure > 40, `only ${sure} answers`);
});

Deno.test("search -k on bytes: a SYSCALL record repeated but for its time stamp, the same answer", () => {
  // Each event again right after it under the next serial (the answer kept
  // for the last body is used), then with node= (a header that is not plain,
  // holding the key's text).
  const serial = (lines: string[], k: number, prefix = ""): string[] =>
    lines.map((l) => prefix + l.replace(/:(\d+)\)/, (_, n) => `:${10 * Number(n) + k})`));
  const again = EVENTS.flatMap((lines) => [
    serial(lines, 0),
    serial(lines, 1),
    serial(lines, 2, "node=key=exec "),
  ]);
  const events = grouped(again.flat());
  assert.equal(events.length, again.length);
  let hits = 0;
  for (const args of [["-k", "exec"], ["-k", "exec", "-w"], ["-k", "ex"]]) {
    const { criteria } = parseSearchArgs(args, { now: 0, machine: "x86_64" });
    const quick = keyMatcher(criteria)!;
    const bySerial = new Map<number, number>();
    for (const e of events) {
      const verdict = quick(e);
      bySerial.set(e.serial, verdict);
      if (e.serial % 10 === 1) {
        assert.equal(verdict, bySerial.get(e.serial - 1), `${args} ${e.serial}`);
        hits++;
      }
      if (verdict !== MATCH_UNSURE) {
        assert.equal(verdict === MATCH_YES, matchEvent(e, criteria), `${args} ${e.serial}`);
      }
    }
  }
  assert.equal(hits, 3 * EVENTS.length);
});

Deno.test("search grouper: holds the buffers of its open events (and of those handed out, without recycling)", () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  for (const recycle of [true, false]) {
    const g = new EventGrouper({ typeNumber: recordTypeNumber, recycle });
    const a = enc(syscall(1, 'key="exec"') + "\n");
    const b = enc('type=CWD msg=audit(1796207220.962:1): cwd="/"\n');
    const c = enc(syscall(2, 'key="exec"').replace("1796207220.962", "1796207299.000") + "\n");
    const out: GroupedEvent[] = [];
    const emit = (e: GroupedEvent) => out.push(e);
    g.addRun(a, emit, true);
    g.addRun(b, emit, true);
    assert.ok(g.holds(a.buffer) && g.holds(b.buffer) && !g.holds(c.buffer));
    // A later event's time hands the first one out.
    g.addRun(c, emit, true);
    assert.equal(out.length, 1);
    assert.equal(g.holds(a.buffer), !recycle);
    assert.equal(g.holds(b.buffer), !recycle);
    assert.ok(g.holds(c.buffer));
    g.finish(emit);
    assert.equal(g.holds(c.buffer), !recycle);
  }
});

Deno.test("search -k on bytes: only for a key alone", () => {
  const opts = { now: 0, machine: "x86_64" };
  assert.equal(keyMatcher(parseSearchArgs(["-k", "a", "-ui", "0"], opts).criteria), undefined);
  assert.equal(keyMatcher(parseSearchArgs(["-x", "a"], opts).criteria), undefined);
  assert.equal(keyMatcher(parseSearchArgs(["-k", "\u00e9"], opts).criteria), undefined);
  assert.ok(keyMatcher(parseSearchArgs(["-k", "a", "-ts", "recent"], opts).criteria));
});

Deno.test("search: run flags and line breaks four bytes at a time are those of each byte", () => {
  const naive = (b: Uint8Array): number => {
    let f = 0;
    for (const c of b) {
      if (c >= 0x80) f |= MAY_BE_NON_ASCII;
      else if (c === 0x1d) f |= MAY_BE_ENRICHED;
      else if (c < 32 && c !== 10) f |= MAY_HAVE_CONTROLS;
    }
    return f;
  };
  let seed = 7;
  // The high bits: an LCG's low bits repeat with a short period, which kept
  // short views at odd offsets (a run shorter than its way to a word
  // boundary, which threw) out of the rounds.
  const rand = (n: number): number =>
    Math.floor((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000 * n);
  const backing = new Uint8Array(64);
  for (let round = 0; round < 20000; round++) {
    for (let i = 0; i < backing.length; i++) backing[i] = 32 + rand(95);
    for (let k = rand(10); k > 0; k--) {
      // Bytes on each side of what the word masks test (\n, \x1d, 0x20, 0x80).
      const odd = [
        0x0a,
        0x09,
        0x0b,
        0x1d,
        0x1c,
        0x1e,
        0x01,
        0x1f,
        0x20,
        0x7f,
        0x80,
        0x8a,
        0x9d,
        0xff,
        0x00,
      ];
      backing[rand(64)] = odd[rand(odd.length)]!;
    }
    const start = rand(8);
    const buf = backing.subarray(start, start + rand(57));
    assert.equal(lineFlagsOf(buf), naive(buf), `round ${round}`);
    // The same flags and each \n's and \x1d's offset in one pass (a small index grows).
    const index = new LineIndex();
    index.ends = new Int32Array(1);
    index.seps = new Int32Array(1);
    assert.equal(index.scan(buf), naive(buf), `round ${round}`);
    const breaks = [...buf.keys()].filter((i) => buf[i] === 10);
    assert.deepEqual([...index.ends.subarray(0, index.count)], breaks, `round ${round}`);
    const seps = [...buf.keys()].filter((i) => buf[i] === 0x1d);
    assert.deepEqual([...index.seps.subarray(0, index.sepCount)], seps, `round ${round}`);
  }
});

const ODD_LOG = [
  syscall(1, 'comm="a\xff\xfeb\x01" exe="/bin/ls" key="exec"'),
  'type=CWD msg=audit(1796207220.962:1): cwd="/t\xc3\xa9"',
  syscall(2, 'comm="x" exe="/bin/ls" key=(null)'),
  syscall(3, 'comm="x" exe="/bin/ls" key="exec"\x1dARCH=x86_64 SYSCALL=execve'),
  "type=PROCTITLE msg=audit(1796207220.962:3): proctitle=6C73",
  "type=DAEMON_END msg=audit(1796207221.000:4): op=terminate auid=0 res=success \x02",
].join("\n") + "\n";

Deno.test({
  name: "search default and raw output = ausearch's bytes (invalid UTF-8, controls, ENRICHED)",
  ignore: !haveAusearch(),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const log = `${dir}/audit.log`;
    // The log's bytes as written above (each char one byte).
    await Deno.writeFile(log, Uint8Array.from(ODD_LOG, (c) => c.charCodeAt(0)));
    const env = { LC_ALL: "C", TZ: "UTC" };
    const run = async (cmd: string, args: string[]): Promise<Uint8Array> =>
      (await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "null" }).output())
        .stdout;
    try {
      for (
        const opts of [[], ["-r"], ["-k", "exec"], ["-k", "exec", "-r"], ["--escape", "shell"]]
      ) {
        const want = await run("ausearch", ["-if", log, ...opts]);
        const got = await run(Deno.execPath(), [
          "run",
          "-A",
          new URL("../../cli.ts", import.meta.url).pathname,
          "search",
          "-if",
          log,
          ...opts,
        ]);
        assert.deepEqual(got, want, opts.join(" "));
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
