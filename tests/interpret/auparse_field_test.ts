// interpretField and friends without ausearch: the behaviours ausearch -i
// shows (checked against it in auparse_ausearch_test.ts), on fixed inputs.
import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";
import {
  AUDIT_USERSPACE_VERSION,
  csvHeader,
  escapeAuparse,
  fieldType,
  formatCsvEvent,
  formatInterpretedLine,
  formatInterpretedRecord,
  formatTextEvent,
  interpretField,
  interpretRecord,
  LocalClock,
  type NameResolver,
  normalizeAuparse,
  parseInterpretations,
} from "../../interpret/mod.ts";

const SYSCALL = 1300;
const X86_64 = 0xc000003e;
const names: NameResolver = {
  userName: (id) => ({ "1000": "alice", "65534": "nobody" } as Record<string, string>)[id],
  groupName: (id) => ({ "100": "users" } as Record<string, string>)[id],
};

Deno.test("auparse: tables come from audit-userspace 3.0.9", () => {
  assert.equal(AUDIT_USERSPACE_VERSION, "3.0.9");
});

Deno.test("auparse: ids: unset, root, names, unknown(N) as a signed int", () => {
  assert.equal(interpretField(1302, "ouid", "4294967295", { resolver: names }), "unset");
  assert.equal(interpretField(1302, "ouid", "0"), "root");
  assert.equal(interpretField(1302, "ouid", "1000", { resolver: names }), "alice");
  assert.equal(interpretField(1302, "ogid", "100", { resolver: names }), "users");
  assert.equal(interpretField(1302, "ouid", "4294967294"), "unknown(-2)");
  assert.equal(
    interpretField(1302, "ouid", "99999999999999999999"),
    "conversion error(99999999999999999999)",
  );
  // id= is a uid, but a gid in group records; new-*/old-* ids too
  assert.equal(interpretField(2311, "id", "65534", { resolver: names }), "nobody");
  assert.equal(fieldType(1116, "id", "100"), "GID");
  assert.equal(fieldType(1101, "old-auid", "1"), "UID");
  assert.equal(fieldType(1101, "new_gid", "1"), "GID");
});

Deno.test("auparse: syscall arguments by syscall and arch", () => {
  const ctx = (syscall: number, a1 = 0n) => ({ arch: X86_64, syscall, a1, resolver: names });
  assert.equal(interpretField(SYSCALL, "syscall", "257", ctx(257)), "openat");
  assert.equal(interpretField(SYSCALL, "a0", "ffffff9c", ctx(257)), "AT_FDCWD");
  assert.equal(interpretField(SYSCALL, "a2", "80000", ctx(257)), "O_RDONLY|O_CLOEXEC");
  assert.equal(interpretField(SYSCALL, "a2", "1a4", ctx(2, 0x241n)), "0644");
  assert.equal(interpretField(SYSCALL, "a0", "2", ctx(41)), "inet");
  assert.equal(interpretField(SYSCALL, "a1", "80801", ctx(41)), "SOCK_STREAM");
  assert.equal(interpretField(SYSCALL, "a2", "11", ctx(56)), "SIGCHLD");
  assert.equal(interpretField(SYSCALL, "a3", "22", ctx(9)), "MAP_PRIVATE|MAP_ANONYMOUS");
  assert.equal(interpretField(SYSCALL, "a1", "5401", ctx(16)), "TCGETS");
  assert.equal(interpretField(SYSCALL, "a0", "3e8", ctx(105)), "alice");
  assert.equal(
    interpretField(SYSCALL, "a1", "7", { arch: 0x40000003, syscall: 5 }),
    "O_WRONLY|O_RDWR",
  );
  assert.equal(interpretField(SYSCALL, "a1", "7", { arch: 0x40000003, syscall: 99999 }), "0x7");
  assert.equal(interpretField(SYSCALL, "arch", "c00000b7"), "aarch64");
  assert.equal(interpretField(SYSCALL, "arch", "1234"), "unknown-elf-type(1234)");
});

Deno.test("auparse: exit, mode, perm, caps, success, session, signals", () => {
  assert.equal(interpretField(SYSCALL, "exit", "-2"), "ENOENT(No such file or directory)");
  assert.equal(interpretField(SYSCALL, "exit", "-200"), "(null)(Unknown error 200)");
  assert.equal(interpretField(SYSCALL, "exit", "3"), "3");
  assert.equal(interpretField(1302, "mode", "0100755"), "file,755");
  assert.equal(interpretField(1302, "mode", "0104755"), "file,suid,755");
  assert.equal(interpretField(1312, "mode", "0600"), "0600");
  assert.equal(interpretField(1305, "perm", "0"), "read,write,exec,attr");
  assert.equal(interpretField(1302, "cap_fp", "0"), "none");
  assert.equal(interpretField(1321, "cap_pe", "3000"), "net_admin,net_raw");
  assert.equal(interpretField(1300, "success", "yes"), "yes");
  assert.equal(interpretField(1305, "res", "1"), "yes");
  assert.equal(interpretField(1300, "ses", "4294967295"), "unset");
  assert.equal(interpretField(1701, "sig", "11"), "SIGSEGV");
  assert.equal(interpretField(1326, "code", "0x7fff0000"), "allow");
});

Deno.test("auparse: hex strings, proctitle, sockaddr, tty data", () => {
  assert.equal(interpretField(1307, "cwd", "2F746D70"), "/tmp");
  assert.equal(interpretField(1307, "cwd", '"/root"'), "/root");
  assert.equal(interpretField(1327, "proctitle", "6C73002D6C"), "ls -l");
  assert.equal(
    interpretField(1306, "saddr", "020000357F0000010000000000000000"),
    "{ saddr_fam=inet laddr=127.0.0.1 lport=53 }",
  );
  assert.equal(
    interpretField(1306, "saddr", "0A0001BB00000000200108B8000000000000000000000001000000000000"),
    "{ saddr_fam=inet6 laddr=2001:8b8::1 lport=443 }",
  );
  assert.equal(interpretField(1306, "saddr", "zz"), "malformed-host(zz)");
  assert.equal(interpretField(1124, "data", "6C730D1B5B41"), '"ls",<ret>,<up>');
});

Deno.test("auparse: escape modes", () => {
  assert.equal(escapeAuparse("a\nb", "tty"), "a\\012b");
  assert.equal(escapeAuparse("a b$", "shell"), "a\\ b\\$");
  assert.equal(escapeAuparse("a;b", "shell_quote"), "a\\;b");
  assert.equal(escapeAuparse("a\nb", "raw"), "a\nb");
  assert.equal(interpretField(1307, "cwd", "2F610A62"), "/a\\012b");
});

Deno.test("auparse: ENRICHED translations are preferred, unknown- ones redone", () => {
  const interpretations = parseInterpretations(
    'ARCH=x86_64 SYSCALL=foo AUID="bob" UID="unknown-x"',
  );
  assert.equal(interpretField(SYSCALL, "syscall", "59", { interpretations }), "foo");
  assert.equal(interpretField(SYSCALL, "auid", "1000", { interpretations }), "bob");
  assert.equal(
    parseInterpretations("SADDR={ saddr_fam=local path=/dev/log }").get("saddr"),
    "{ saddr_fam=local path=/dev/log }",
  );
});

Deno.test("auparse: formatInterpretedLine and formatInterpretedRecord agree", () => {
  const clock = new LocalClock("UTC");
  const line =
    'node=h1 type=SYSCALL msg=audit(1795570504.898:7): arch=c000003e syscall=2 success=no exit=-13 a0=7ffd a1=241 a2=1a4 a3=0 items=1 ppid=1 pid=2 auid=4294967295 uid=0 key="k"';
  const want =
    "node=h1 type=SYSCALL msg=audit(11/25/26 01:35:04.898:7) : arch=x86_64 syscall=open success=no exit=EACCES(Permission denied) a0=0x7ffd a1=O_WRONLY|O_CREAT|O_TRUNC a2=0644 a3=0x0 items=1 ppid=1 pid=2 auid=unset uid=root key=k \n";
  assert.equal(formatInterpretedLine(line, { clock }), want);
  assert.equal(formatInterpretedRecord(parseLogLine(line), { clock }), want);
  assert.equal(
    new LocalClock("America/New_York").ausearchTime(1795570504),
    "11/24/26 20:35:04",
  );
  const fields = interpretRecord(parseLogLine(line));
  assert.deepEqual(fields.find((f) => f.name === "a1"), {
    name: "a1",
    value: "241",
    type: "A1",
    interpreted: "O_WRONLY|O_CREAT|O_TRUNC",
  });
});

Deno.test("auparse: normalizer: subject, action, object, how of an exec and a login", () => {
  const exec = normalizeAuparse([
    'type=SYSCALL msg=audit(1.000:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=4 comm="ls" exe="/usr/bin/ls" key="exec"',
    'type=EXECVE msg=audit(1.000:7): argc=1 a0="ls"',
    'type=CWD msg=audit(1.000:7): cwd="/home/alice"',
    'type=PATH msg=audit(1.000:7): item=0 name="/usr/bin/ls" inode=5 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  ], { resolver: names });
  assert.equal(exec.kind, "audit-rule");
  assert.equal(exec.subject.primary, "alice");
  assert.equal(exec.subject.secondary, "root");
  assert.equal(exec.subject.kind, "privileged-acct");
  assert.equal(exec.action, "executed");
  assert.equal(exec.object.primary, "/usr/bin/ls");
  assert.equal(exec.object.kind, "file");
  assert.equal(exec.how, "/usr/bin/ls");
  assert.equal(exec.key, "exec");
  assert.equal(exec.results, "yes");
  const login = normalizeAuparse([
    'type=USER_LOGIN msg=audit(1.000:8): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=10.0.0.1 terminal=sshd res=failed\'',
  ]);
  assert.equal(login.kind, "user-login");
  assert.equal(login.action, "logged-in");
  assert.equal(login.object.primary, "sshd");
  assert.equal(login.results, "failed");
});

Deno.test("auparse: csv and text lines of one event", () => {
  const clock = new LocalClock("UTC");
  const lines = [
    "type=DAEMON_START msg=audit(1795570503.890:9251): op=start ver=3.0.9 format=raw kernel=6.1 auid=4294967295 pid=1 uid=0 ses=4294967295 res=success",
  ];
  assert.equal(
    csvHeader(),
    "NODE,EVENT,DATE,TIME,SERIAL_NUM,EVENT_KIND,SESSION,SUBJ_PRIME,SUBJ_SEC,SUBJ_KIND,ACTION,RESULT,OBJ_PRIME,OBJ_SEC,OBJ_KIND,HOW\n",
  );
  assert.equal(
    formatCsvEvent(lines, { clock }),
    ",DAEMON_START,11/25/26,01:35:03,9251,audit-daemon,unset,system,root,auditd,started-audit,success,,,service,init\n",
  );
  assert.equal(
    formatTextEvent(lines, { clock }),
    "At 01:35:03 11/25/26 system, acting as root, successfully started-audit using init\n",
  );
});

Deno.test("auparse: an event stamped at second 0 has no fields to normalize (csv, text)", () => {
  // auparse's field accessors answer nothing when the event's seconds are 0
  // (`if (au->le->e.sec)`), so only what the record type gives is left, and a
  // node prints as "(null)" (ausearch 3.0.9, tests/cli/testdata/search_epoch0.log).
  const clock = new LocalClock("UTC");
  const syscall =
    'type=SYSCALL msg=audit(0.902:7): arch=c000003e syscall=2 success=yes exit=3 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=100 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 comm="cat" exe="/usr/bin/cat" key="k"';
  assert.equal(
    formatCsvEvent([syscall], { clock }),
    ",SYSCALL,01/01/70,00:00:00,7,audit-rule,,,,,triggered-unknown-audit-rule,,,,admin-defined-rule,\n",
  );
  assert.equal(
    formatTextEvent(["node=h1 " + syscall], { clock }),
    "On (null) at 00:00:00 01/01/70  triggered-unknown-audit-rule \n",
  );
  // One second later, the same record has its fields.
  assert.match(
    formatCsvEvent([syscall.replace("(0.902", "(1.902")], { clock, resolver: names }),
    /,alice,/,
  );
  assert.equal(normalizeAuparse([syscall]).subject.primary, undefined);
});

Deno.test("auparse: LocalClock takes IANA zones, POSIX TZ without rules, and UTC for unknown", () => {
  const at = 1795570504;
  assert.equal(new LocalClock("UTC").ausearchTime(at), "11/25/26 01:35:04");
  assert.equal(new LocalClock("America/New_York").ausearchTime(at), "11/24/26 20:35:04");
  assert.equal(new LocalClock("JST-9").ausearchTime(at), "11/25/26 10:35:04");
  assert.equal(new LocalClock("UTC0").ausearchTime(at), "11/25/26 01:35:04");
  assert.equal(new LocalClock("<+0530>-5:30").ausearchTime(at), "11/25/26 07:05:04");
  assert.equal(new LocalClock("Bogus/Zone").ausearchTime(at), "11/25/26 01:35:04");
  assert.equal(new LocalClock("America/New_York").local(at).gmtoff, -5 * 3600);
});

Deno.test("auparse: formatInterpretedRecord of parsed records equals formatInterpretedLine on the samples", async () => {
  const clock = new LocalClock("UTC");
  for (const file of ["tests/testdata/sample.log", "tests/testdata/sample-enriched.log"]) {
    const lines = (await Deno.readTextFile(file)).split("\n").filter((l) => l !== "");
    for (const line of lines) {
      assert.equal(
        formatInterpretedRecord(parseLogLine(line), { clock, resolver: names }),
        formatInterpretedLine(line, { clock, resolver: names }),
        line,
      );
    }
  }
});
