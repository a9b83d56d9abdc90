import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";
import { coalesce, CoalesceError } from "../../interpret/mod.ts";

const lines = (text: string) => text.trim().split("\n").map((l) => parseLogLine(l.trim()));

Deno.test("coalesce: an AVC without SYSCALL coalesces with a warning (go-libaudit #127)", () => {
  const event = coalesce(lines(`
    type=AVC msg=audit(1700000000.123:77): avc:  denied  { read } for  pid=1234 comm="cat" name="shadow" dev="sda1" ino=42 scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0
    type=PATH msg=audit(1700000000.123:77): item=0 name="/etc/shadow" inode=42 dev=08:01 mode=0100640 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL
  `));
  assert.equal(event.record_type, "avc");
  assert.equal(event.sequence, 77);
  assert.ok(event.warnings!.includes("missing syscall message in compound event"));
  assert.equal(event.summary.action, "violated-selinux-policy");
  assert.equal(event.paths!.length, 1);
  assert.equal(event.process.pid, "1234");
});

Deno.test("coalesce: EXECVE arguments split over several records are joined", () => {
  const event = coalesce(lines(`
    type=SYSCALL msg=audit(1700000000.000:5): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm="echo" exe="/usr/bin/echo" key="exec"
    type=EXECVE msg=audit(1700000000.000:5): argc=4 a0="echo" a1="one"
    type=EXECVE msg=audit(1700000000.000:5): a2="two" a3="three"
    type=EOE msg=audit(1700000000.000:5):
  `));
  assert.deepEqual(event.process.args, ["echo", "one", "two", "three"]);
  assert.equal(event.warnings, undefined);
  assert.deepEqual(event.tags, ["exec"]);
  assert.equal(event.data!.argc, "4");
});

Deno.test("coalesce: missing arguments are a warning, not an exception", () => {
  const event = coalesce(lines(`
    type=SYSCALL msg=audit(1700000000.000:6): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=2 uid=0 comm="x" exe="/x"
    type=EXECVE msg=audit(1700000000.000:6): argc=3 a0="x"
  `));
  assert.equal(event.process.args, undefined);
  assert.deepEqual(event.warnings, ["failed to find arg a1"]);
});

Deno.test("coalesce: node becomes node and ecs.host.name", () => {
  const event = coalesce(lines(`
    node=web-1 type=USER_LOGIN msg=audit(1700000000.000:9): pid=1 uid=0 auid=1000 ses=2 msg='op=login id=1000 exe="/usr/sbin/sshd" hostname=? addr=10.0.0.1 terminal=ssh res=success'
  `));
  assert.equal(event.node, "web-1");
  assert.deepEqual(event.ecs.host, { name: "web-1" });
  assert.equal(event.summary.action, "logged-in");
  assert.deepEqual(event.source, { ip: "10.0.0.1" });
});

Deno.test("coalesce: records with parse errors keep raw text and error", () => {
  const event = coalesce(lines(`
    type=SYSCALL msg=audit(1700000000.000:8):
  `));
  assert.equal(event.errors?.length, 1);
  assert.equal(event.errors![0]!.record_type, "syscall");
  assert.match(event.errors![0]!.raw_msg, /^audit\(1700000000\.000:8\)/);
  assert.ok(event.warnings!.some((w) => w.startsWith("failed to parse SYSCALL message")));
});

Deno.test("coalesce: hostile field names are data like any other", () => {
  const event = coalesce(lines(`
    type=USER_CMD msg=audit(1700000000.000:10): pid=1 uid=0 auid=0 ses=1 msg='__proto__=x valueof=y constructor=z cmd=6C73 res=success'
  `));
  const json = JSON.parse(JSON.stringify(event));
  assert.equal(json.data.__proto__, "x");
  assert.equal(json.data.valueof, "y");
  assert.equal(json.data.constructor, "z");
  assert.equal(Object.getPrototypeOf(event.data), Object.prototype);
});

Deno.test("coalesce: unknown record types and EOE-only input", () => {
  const event = coalesce(lines(`type=UNKNOWN[1999] msg=audit(1700000000.000:11): foo=bar`));
  assert.equal(event.record_type, "unknown[1999]");
  assert.equal(event.category, "unknown");
  assert.deepEqual(event.warnings, ["no normalization found for event"]);
  assert.throws(() => coalesce(lines(`type=EOE msg=audit(1700000000.000:12):`)), CoalesceError);
  assert.throws(() => coalesce([]), CoalesceError);
});

Deno.test("coalesce: the object's type follows the file mode", () => {
  const mk = (mode: string) =>
    coalesce(lines(`
    type=SYSCALL msg=audit(1700000000.000:13): arch=c000003e syscall=87 success=yes exit=0 items=1 pid=2 uid=0 comm="rm" exe="/usr/bin/rm"
    type=PATH msg=audit(1700000000.000:13): item=0 name="/tmp/x" inode=1 dev=08:01 mode=${mode} ouid=0 ogid=0 rdev=00:00 nametype=DELETE
  `)).summary.object.type;
  assert.equal(mk("0100644"), "file");
  assert.equal(mk("040755"), "directory");
  assert.equal(mk("0120777"), "symlink");
  assert.equal(mk("0140777"), "socket");
  assert.equal(mk("020620"), "character-device");
  assert.equal(mk("060660"), "block-device");
  assert.equal(mk("010600"), "named-pipe");
});
