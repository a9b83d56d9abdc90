import assert from "node:assert/strict";
import { type AuditMessage, parseLogLine } from "../../parse/mod.ts";
import { coalesce } from "../../interpret/coalesce.ts";
import { NORMALIZATIONS } from "../../interpret/normalizations.ts";
import { EventJsonCache, VARYING_FIELDS } from "../../interpret/event_json_cache.ts";
import { unixSockaddrCut } from "../../interpret/_unix_sockaddr_cut.ts";
import { textHash } from "../../parse/_text_cache.ts";

/** Interprets events through the cache as `parse -i --format json` does; returns [json, from cache]. */
function run(cache: EventJsonCache, records: AuditMessage[]): [string, boolean] {
  const hit = cache.lookup(records);
  if (hit !== undefined) return [hit, true];
  const event = coalesce(records);
  const json = JSON.stringify(event);
  cache.offer(records, event, json);
  return [json, false];
}

function exec(seq: number, a1: string, pid: number, extra = "", cwd = "/tmp"): AuditMessage[] {
  const stamp = `audit(17000000${String(seq).padStart(2, "0")}.${seq % 10}12:${seq})`;
  return [
    `type=SYSCALL msg=${stamp}: arch=c000003e syscall=59 success=yes exit=0 a0=55d1 a1=${a1} a2=7ffd3 a3=0 items=1 ppid=${
      pid - 1
    } pid=${pid} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="ls" exe="/usr/bin/ls"${extra} key="exec"`,
    `type=EXECVE msg=${stamp}: argc=2 a0="ls" a1="-l"`,
    `type=CWD msg=${stamp}: cwd="${cwd}"`,
    `type=PATH msg=${stamp}: item=0 name="/usr/bin/ls" inode=42 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL`,
    `type=PROCTITLE msg=${stamp}: proctitle=6C73002D6C`,
  ].map(parseLogLine);
}

Deno.test("event JSON cache: no syscall normalization reads the values put in", () => {
  const varying = new Set(VARYING_FIELDS);
  for (const rule of NORMALIZATIONS) {
    if (rule.syscalls.length === 0) continue;
    const read = [
      ...rule.subjectPrimary,
      ...rule.subjectSecondary,
      ...rule.objectPrimary,
      ...rule.objectSecondary,
      ...rule.how,
      ...rule.sourceIp,
      ...rule.hasFields,
      ...rule.ecsMappings.map((m) => m.from.replace(/^(data|uid)\./, "")),
    ];
    for (const field of read) {
      assert.ok(!varying.has(field), `${rule.syscalls.join(",")} reads ${field}`);
    }
  }
});

Deno.test("event JSON cache: repeated events get the JSON interpretation gives, values put in", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  let hits = 0;
  for (let i = 1; i <= 40; i++) {
    const records = exec(i, (0x7ffc00 + i * 7).toString(16), 1000 + i);
    const [json, hit] = run(cache, records);
    assert.equal(json, JSON.stringify(coalesce(records)));
    if (hit) hits++;
  }
  // Kept at the third sighting, used from the fourth on.
  assert.equal(hits, 37);
  assert.equal(cache.hits, 37);
});

Deno.test("event JSON cache: any other difference is a different event", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  for (let i = 1; i <= 3; i++) run(cache, exec(i, "1" + i, 100 + i));
  for (
    const records of [
      exec(4, "14", 104, "", "/root"), // another record's text
      exec(5, "15", 105, " x=1"), // the SYSCALL's text elsewhere
      exec(6, "16", 106).slice(0, 4), // fewer records
      exec(7, "1G", 107), // a value that is not lower-case hex is text like any other
    ]
  ) {
    const [json, hit] = run(cache, records);
    assert.equal(hit, false);
    assert.equal(json, JSON.stringify(coalesce(records)));
  }
  assert.equal(run(cache, exec(8, "18", 108))[1], true);
});

Deno.test("event JSON cache: a value's field name seen twice, or inside another value, is not put in", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  // `a1=` also inside comm: the field's value is not put in, so every a1 is its own event.
  const quoted = (i: number) => exec(i, "2" + i, 200 + i, ' proctitle="x a1=9"');
  for (let i = 1; i <= 6; i++) {
    const records = quoted(i);
    const [json, hit] = run(cache, records);
    assert.equal(hit, false);
    assert.equal(json, JSON.stringify(coalesce(records)));
  }
  // Inside a quoted value only (a field of that name missing): not kept.
  const inside = (i: number) =>
    [
      `type=SYSCALL msg=audit(1700000000.000:${i}): arch=c000003e syscall=2 success=yes exit=3 items=0 pid=${i} comm="a a0=${i}" exe="/x"`,
    ].map(parseLogLine);
  for (let i = 1; i <= 6; i++) {
    const records = inside(i);
    const [json, hit] = run(cache, records);
    assert.equal(json, JSON.stringify(coalesce(records)));
    assert.equal(hit, false);
  }
});

Deno.test("event JSON cache: events with record errors, or whose pid is copied elsewhere, are not kept", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  const broken = (i: number) =>
    [
      `type=SYSCALL msg=audit(1700000000.000:${i}): arch=zz syscall=2 success=yes exit=3 a0=1 items=0 pid=${i} comm="x" exe="/x"`,
    ].map(parseLogLine);
  const login = (i: number) =>
    [
      `type=USER_LOGIN msg=audit(1700000000.000:${i}): pid=${i} uid=0 auid=1000 ses=1 msg='op=login id=1000 exe="/usr/sbin/sshd" hostname=? addr=10.0.0.1 terminal=sshd res=success'`,
    ].map(parseLogLine);
  for (let i = 1; i <= 6; i++) {
    for (const records of [broken(i), login(i)]) {
      const [json, hit] = run(cache, records);
      assert.equal(hit, false);
      assert.equal(json, JSON.stringify(coalesce(records)));
    }
  }
});

Deno.test("event JSON cache: a kept event is used for maxAge ms only", () => {
  let now = 0;
  const cache = new EventJsonCache({ now: () => now, maxAge: 1000 });
  for (let i = 1; i <= 3; i++) run(cache, exec(i, "3" + i, 300 + i));
  assert.equal(run(cache, exec(4, "34", 304))[1], true);
  now = 1001;
  assert.equal(run(cache, exec(5, "35", 305))[1], false);
});

Deno.test("event JSON cache: ENRICHED names are part of the event", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  const line = (i: number, name: string) =>
    [
      `type=SYSCALL msg=audit(1700000000.000:${i}): arch=c000003e syscall=2 success=yes exit=3 a0=${i} items=0 ppid=1 pid=${i} auid=1000 uid=1000 comm="x" exe="/x"\x1dAUID="${name}" UID="${name}"`,
    ].map(parseLogLine);
  for (let i = 1; i <= 4; i++) run(cache, line(i, "alice"));
  const records = line(5, "bob");
  const [json, hit] = run(cache, records);
  assert.equal(hit, false);
  assert.equal(json, JSON.stringify(coalesce(records)));
  assert.equal(run(cache, line(6, "alice"))[1], true);
});

Deno.test("event JSON cache: events that share a hash but differ do not push out the one kept", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  const cwdHash = (records: AuditMessage[]): number => {
    const m = records[2] as AuditMessage & { line: string; bodyStart: number; bodyEnd: number };
    return textHash(m.line, m.bodyStart, m.bodyEnd);
  };
  // Directories whose CWD records differ only in characters the hash skips.
  const base = "/tmp/" + "x".repeat(30);
  const want = cwdHash(exec(1, "41", 401, "", base));
  const twins: string[] = [];
  for (let p = 5; p < base.length && twins.length < 10; p++) {
    const cwd = base.slice(0, p) + "y" + base.slice(p + 1);
    if (cwdHash(exec(1, "41", 401, "", cwd)) === want) twins.push(cwd);
  }
  assert.equal(twins.length, 10);
  let seq = 1;
  const check = (cwd: string): boolean => {
    const records = exec(seq, (0x41 + seq).toString(16), 400 + seq++, "", cwd);
    const [json, hit] = run(cache, records);
    assert.equal(json, JSON.stringify(coalesce(records)));
    return hit;
  };
  for (let i = 0; i < 3; i++) assert.equal(check(base), false); // kept the third time
  // Not kept (eight of them): the event kept with their hash was never found.
  for (const twin of twins.slice(0, 8)) assert.equal(check(twin), false);
  assert.equal(check(base), true); // still kept
  // Once it has been found, another event with its hash is kept too.
  assert.equal(check(twins[0]!), false);
  assert.equal(check(twins[0]!), true);
  assert.equal(check(base), true);
  // An event that repeats with the hash of one never found is kept after a few passes.
  const fresh = new EventJsonCache({ now: () => 0 });
  const other = (cwd: string): boolean => {
    const records = exec(seq, (0x41 + seq).toString(16), 400 + seq++, "", cwd);
    const [json, hit] = run(fresh, records);
    assert.equal(json, JSON.stringify(coalesce(records)));
    return hit;
  };
  for (let i = 0; i < 3; i++) other(base);
  const hits = Array.from({ length: 12 }, () => other(twins[1]!));
  assert.deepEqual(hits, [...new Array(9).fill(false), true, true, true]);
});

function connect(seq: number, saddr: string, tail = ""): AuditMessage[] {
  const stamp = `audit(17000000${String(seq).padStart(2, "0")}.${seq % 10}12:${seq})`;
  return [
    `type=SYSCALL msg=${stamp}: arch=c000003e syscall=42 success=no exit=-2 a0=5 a1=7ffd${seq} a2=6e a3=0 items=1 ppid=1 pid=${
      100 + seq
    } auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 comm="id" exe="/usr/bin/id" key="net"`,
    `type=SOCKADDR msg=${stamp}: saddr=${saddr}${tail}`,
    `type=CWD msg=${stamp}: cwd="/tmp"`,
    `type=PATH msg=${stamp}: item=0 name="/var/run/nscd/socket" nametype=UNKNOWN`,
    `type=PROCTITLE msg=${stamp}: proctitle=6964`,
  ].map(parseLogLine);
}

/** `/var/run/nscd/socket`, its NUL, and `garbage` after it (hex). */
const NSCD = "01002F7661722F72756E2F6E7363642F736F636B657400";

Deno.test("event JSON cache: an AF_UNIX saddr counts up to its path's NUL", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  let hits = 0;
  for (let i = 1; i <= 20; i++) {
    const garbage = (0x1000 * i + 0xabc).toString(16).toUpperCase().padStart(8, "0") + "00FF";
    const records = connect(i, NSCD + garbage);
    const [json, hit] = run(cache, records);
    assert.equal(json, JSON.stringify(coalesce(records)));
    if (hit) hits++;
  }
  assert.equal(hits, 17);
  // A different path, an invalid rest (lower case, odd length), an
  // abstract socket, or a different ENRICHED tail: each its own event.
  for (
    const [saddr, tail] of [
      ["01002F746D702F7800" + "ABCD", ""],
      [NSCD + "abcd", ""],
      [NSCD + "ABC", ""],
      ["0100002F7800" + "ABCD", ""],
      [NSCD + "ABCD", "\x1dSADDR={ saddr_fam=local path=/x }"],
    ]
  ) {
    const records = connect(30, saddr!, tail);
    const [json, hit] = run(cache, records);
    assert.equal(hit, false, saddr);
    assert.equal(json, JSON.stringify(coalesce(records)));
  }
});

Deno.test("event JSON cache: unixSockaddrCut", () => {
  const cut = (body: string): number => unixSockaddrCut(body, 0, body.length);
  assert.equal(cut(": saddr=" + NSCD + "1234"), 8 + NSCD.length);
  assert.equal(cut(": saddr=" + NSCD), 8 + NSCD.length);
  assert.equal(cut(": saddr=01002F78"), -1); // no NUL: all of it counts
  assert.equal(cut(": saddr=0100002F7800"), -1); // abstract
  assert.equal(cut(": saddr=" + NSCD + "12a4"), -1);
  assert.equal(cut(": saddr=" + NSCD + "1"), -1);
  assert.equal(cut(": saddr=020000357F000001"), -1); // AF_INET
  assert.equal(cut(": saddr=" + NSCD + " x=1"), -1);
});

Deno.test("event JSON cache: events led by other records are kept, their pid put in", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  const user = (i: number, type = "USER_START") =>
    [
      `type=${type} msg=audit(1700000000.${String(i).padStart(3, "0")}:${500 + i}): pid=${
        8100 + i
      } uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:session_open grantors=pam_env acct="user" exe="/usr/bin/su" hostname=? addr=? terminal=? res=success'`,
    ].map(parseLogLine);
  let hits = 0;
  for (let i = 1; i <= 10; i++) {
    const records = user(i);
    const [json, hit] = run(cache, records);
    assert.equal(json, JSON.stringify(coalesce(records)));
    if (hit) hits++;
  }
  assert.equal(hits, 7);
  // Another type with the same body is another event.
  const end = user(11, "USER_END");
  const [json, hit] = run(cache, end);
  assert.equal(hit, false);
  assert.equal(json, JSON.stringify(coalesce(end)));
});

/** A `ByteLineTarget` over one buffer, with room while `room()` says so; `fill` is where it ends. */
function lineTarget(start: number, room: () => boolean = () => true): {
  buffer: Uint8Array;
  fill: number;
  lineRoom(bytes: number): number;
  readonly lineBuffer: Uint8Array;
  lineWritten(end: number): void;
} {
  const buffer = new Uint8Array(1 << 16);
  return {
    buffer,
    fill: start,
    lineRoom(bytes: number): number {
      return room() && this.fill + bytes <= buffer.length ? this.fill : -1;
    },
    get lineBuffer(): Uint8Array {
      return buffer;
    },
    lineWritten(end: number): void {
      this.fill = end;
    },
  };
}

Deno.test("event JSON cache: writeFound writes the UTF-8 of foundJson and a line break", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  let room = true;
  const target = lineTarget(3, () => room);
  const buffer = target.buffer;
  const decoder = new TextDecoder();
  let written = 0;
  for (let i = 1; i <= 12; i++) {
    const records = exec(i, (0x7ffc00 + i * 7).toString(16), 1000 + i, "", "/tmp/é—😀");
    if (!cache.find(records)) {
      const event = coalesce(records);
      cache.offer(records, event, JSON.stringify(event));
      continue;
    }
    const json = cache.foundJson();
    assert.equal(json, JSON.stringify(coalesce(records)));
    room = i % 4 !== 0;
    const from = target.fill;
    const done = cache.writeFound(target);
    assert.equal(done, room);
    if (!done) continue;
    written++;
    assert.equal(decoder.decode(buffer.subarray(from, target.fill)), json + "\n");
  }
  // Found from the fourth on (9), written but when there was no room (4, 8, 12).
  assert.equal(written, 6);
});

Deno.test("event JSON cache: kept events that share short pieces each write their own JSON", () => {
  const cache = new EventJsonCache({ now: () => 0 });
  const target = lineTarget(0);
  const buffer = target.buffer;
  const decoder = new TextDecoder();
  let found = 0;
  for (let i = 1; i <= 24; i++) {
    // Two events, alike but for their working directory, in turn.
    const records = exec(i, (0x7ffc00 + i * 7).toString(16), 1000 + i, "", i % 2 ? "/a" : "/bé");
    const json = JSON.stringify(coalesce(records));
    if (!cache.find(records)) {
      cache.offer(records, coalesce(records), json);
      continue;
    }
    found++;
    assert.equal(cache.foundJson(), json);
    const from = target.fill;
    assert.equal(cache.writeFound(target), true);
    assert.equal(decoder.decode(buffer.subarray(from, target.fill)), json + "\n");
  }
  // Each is kept the third time it is offered, then found.
  assert.equal(found, 18);
});
