import assert from "node:assert/strict";
import {
  type AuditMessage,
  ParseError,
  parseLogLine,
  parseMessage,
  recordTypeName,
  recordTypeNumber,
} from "../../parse/mod.ts";

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ParseError, `expected ParseError, got ${e}`);
    assert.ok(e instanceof SyntaxError);
    return e;
  }
  assert.fail("expected a ParseError");
}

Deno.test("parseLogLine: type, timestamp, sequence, raw message", () => {
  const msg = parseLogLine(
    'type=CWD msg=audit(1481077231.371:479):  cwd="/home/andrew_kroh"',
  );
  assert.equal(msg.recordType, 1307);
  assert.equal(msg.recordTypeName, "CWD");
  assert.equal(msg.timestamp, 1481077231371);
  assert.equal(msg.sequence, 479);
  assert.equal(msg.node, undefined);
  assert.equal(msg.rawMessage, 'audit(1481077231.371:479):  cwd="/home/andrew_kroh"');
  assert.deepEqual(msg.data, { cwd: "/home/andrew_kroh" });
  assert.deepEqual(msg.keys, []);
  assert.equal(msg.enrichment, undefined);
  assert.equal(msg.error, undefined);
});

Deno.test("parseLogLine: node= prefix", () => {
  const msg = parseLogLine(
    'node=web-01.example.com type=SYSCALL msg=audit(1700000000.001:7): arch=c000003e syscall=59 success=yes exit=0 pid=10 auid=1000 comm="ls" exe="/usr/bin/ls" key=(null)',
  );
  assert.equal(msg.node, "web-01.example.com");
  assert.equal(msg.recordTypeName, "SYSCALL");
  assert.equal(msg.data.syscall, "execve");
  assert.equal(msg.toJSON().node, "web-01.example.com");
});

Deno.test("parseLogLine: numeric and UNKNOWN[n] types", () => {
  const numeric = parseLogLine('type=1300 msg=audit(1.000:1): arch=c000003e syscall=0 exe="/x"');
  assert.equal(numeric.recordType, 1300);
  assert.equal(numeric.recordTypeName, "SYSCALL");
  assert.equal(numeric.data.syscall, "read");
  const unknown = parseLogLine("type=UNKNOWN[1234] msg=audit(1.000:2): a=b");
  assert.equal(unknown.recordType, 1234);
  assert.equal(unknown.recordTypeName, "UNKNOWN[1234]");
  assert.equal(unknown.toJSON().record_type, "unknown[1234]");
  assert.deepEqual(unknown.data, { a: "b" });
  assert.equal(parseLogLine("type=syscall msg=audit(1.000:3): x=1").recordType, 1300);
});

Deno.test("parseLogLine: the kernel's console form (dmesg) without msg=", () => {
  const msg = parseLogLine(
    'type=1400 audit(1700000000.123:456): apparmor="DENIED" operation="open" profile="snap.x" name="/etc/shadow" pid=42 comm="x" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
  );
  assert.equal(msg.recordTypeName, "AVC");
  assert.equal(msg.sequence, 456);
  assert.equal(msg.data.name, "/etc/shadow");
  assert.equal(msg.rawMessage.slice(0, 27), "audit(1700000000.123:456): ");
  const body =
    'audit(1700000000.123:457): apparmor="DENIED" operation="open" name="/etc/shadow" pid=42';
  for (const prefix of ["[   12.345678] audit: ", "Nov 25 01:00:00 host kernel: audit: "]) {
    const line = parseLogLine(`${prefix}type=1400 ${body}`);
    assert.equal(line.sequence, 457);
    assert.equal(line.data.name, "/etc/shadow");
  }
  assert.throws(() => parseLogLine(`[1.0] something: type=1400 ${body}`), ParseError);
});

Deno.test("parseMessage: netlink payload", () => {
  const msg = parseMessage(
    1327,
    "audit(1451781471.394:194435): proctitle=737368643A206275726E205B707269765D",
  );
  assert.equal(msg.recordTypeName, "PROCTITLE");
  assert.equal(msg.sequence, 194435);
  assert.equal(msg.data.proctitle, "sshd: burn [priv]");
  const terminated = parseMessage(1307, 'audit(1.000:2): cwd="/root"\0');
  assert.equal(terminated.rawMessage, 'audit(1.000:2): cwd="/root"');
  assert.equal(
    parseMessage(1300, 'audit(1.000:2): arch=c000003e syscall=1 exe="/x"\0\0').data.syscall,
    "write",
  );
  const unknown = parseMessage(1999, "audit(1.5:9): x=1");
  assert.equal(unknown.recordTypeName, "UNKNOWN[1999]");
  assert.equal(unknown.timestamp, 1005); // go-libaudit: the digits after "." are milliseconds
});

Deno.test("recordTypeName / recordTypeNumber", () => {
  assert.equal(recordTypeName(1300), "SYSCALL");
  assert.equal(recordTypeName(1107), "USER_AVC");
  assert.equal(recordTypeName(4321), "UNKNOWN[4321]");
  assert.equal(recordTypeNumber("SYSCALL"), 1300);
  assert.equal(recordTypeNumber("user_avc"), 1107);
  assert.equal(recordTypeNumber("UNKNOWN[1329]"), 1329);
  assert.equal(recordTypeNumber("1300"), 1300);
  assert.equal(recordTypeNumber("NOPE"), undefined);
  assert.equal(recordTypeNumber("UNKNOWN[]"), undefined);
  assert.equal(recordTypeNumber("UNKNOWN[70000]"), undefined);
  assert.equal(recordTypeNumber(""), undefined);
});

Deno.test("ENRICHED: the tail after \\x1d goes to enrichment, never into fields", () => {
  const line =
    'type=SYSCALL msg=audit(1795570509.306:100554): arch=c000003e syscall=42 success=no exit=-2 a0=d items=1 ppid=1 pid=2 auid=4294967295 uid=0 tty=(none) ses=4294967295 comm="useradd" exe="/usr/sbin/useradd" key=(null)\x1dARCH=x86_64 SYSCALL=connect AUID="unset" UID="root"';
  const msg = parseLogLine(line);
  // go-libaudit turns key=(null)\x1dARCH=x86_64 into the rule key "x86_64".
  assert.deepEqual(msg.keys, []);
  assert.equal(msg.data.key, undefined);
  assert.equal(msg.data.ARCH, undefined);
  assert.deepEqual(msg.enrichment, {
    ARCH: "x86_64",
    SYSCALL: "connect",
    AUID: "unset",
    UID: "root",
  });
  assert.ok(!msg.rawMessage.includes("\x1d"));
  assert.ok(msg.rawMessage.endsWith("key=(null)"));
  assert.equal(msg.data.exit, "ENOENT");
  const json = msg.toJSON();
  assert.deepEqual(json.enrichment, msg.enrichment);
  assert.equal(json.raw_msg, msg.rawMessage);

  const keyed = parseLogLine(line.replace("key=(null)", 'key="net"'));
  assert.deepEqual(keyed.keys, ["net"]);
});

Deno.test("ENRICHED: SADDR group and user records", () => {
  const sock = parseLogLine(
    "type=SOCKADDR msg=audit(1795570460.414:53716): saddr=100000000000000000000000\x1dSADDR={ saddr_fam=netlink nlnk-fam=16 nlnk-pid=0 }",
  );
  assert.deepEqual(sock.enrichment, { SADDR: "{ saddr_fam=netlink nlnk-fam=16 nlnk-pid=0 }" });
  assert.deepEqual(sock.data, { family: "netlink", saddr: "100000000000000000000000" });
  const user = parseLogLine(
    'type=USER_ACCT msg=audit(1795570460.558:54105): pid=20276 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:accounting grantors=pam_permit acct="corpususer" exe="/usr/bin/su" hostname=? addr=? terminal=? res=success\'\x1dUID="root" AUID="unset"',
  );
  assert.deepEqual(user.enrichment, { UID: "root", AUID: "unset" });
  assert.equal(user.data.acct, "corpususer");
  assert.equal(user.data.result, "success");
  assert.ok(user.rawMessage.endsWith("res=success'"));
});

Deno.test("toJSON: go-libaudit stored shape and timestamp format", () => {
  const msg = parseLogLine(
    'type=SYSCALL msg=audit(1492000940.860:1095517): arch=c000003e syscall=62 success=yes exit=0 pid=8158 exe="/usr/bin/bash" key="kill_signals"',
  );
  const json = msg.toJSON();
  assert.deepEqual(Object.keys(json), [
    "@timestamp",
    "record_type",
    "sequence",
    "raw_msg",
    "keys",
    "data",
  ]);
  assert.equal(json["@timestamp"], "2017-04-12T12:42:20.86Z");
  assert.equal(json.record_type, "syscall");
  assert.deepEqual(json.keys, ["kill_signals"]);
  assert.equal(
    parseLogLine('type=CWD msg=audit(1.000:1): cwd="/"').toJSON()["@timestamp"],
    "1970-01-01T00:00:01Z",
  );
  assert.equal(
    parseLogLine('type=CWD msg=audit(1.100:1): cwd="/"').toJSON()["@timestamp"],
    "1970-01-01T00:00:01.1Z",
  );
});

Deno.test("header errors: ParseError with reason and position", () => {
  const cases: [string, string, number][] = [
    ["", 'expected "type="', 0],
    ["garbage", 'expected "type="', 0],
    ["type=SYSCALL", 'expected "msg="', 12],
    ["type= msg=audit(1.2:3): x", "missing record type", 5],
    ["type=NOPE msg=audit(1.2:3): x", 'invalid record type "NOPE"', 5],
    ["type=UNKNOWN[1329] msg=?", 'expected "audit("', 23],
    ["type=CWD msg=audit(x.2:3): x", "invalid timestamp seconds", 19],
    ["type=CWD msg=audit(1:3): x", 'expected "." in timestamp', 20],
    ["type=CWD msg=audit(1.:3): x", "invalid timestamp milliseconds", 21],
    ["type=CWD msg=audit(1.2): x", 'expected ":" after timestamp', 22],
    ["type=CWD msg=audit(1.2:): x", "invalid sequence number", 23],
    ["type=CWD msg=audit(1.2:4294967296): x", "invalid sequence number", 23],
    ["type=CWD msg=audit(1.2:3", 'expected ")" after sequence number', 24],
    ["type=CWD msg=audit(99999999999999.2:3): x", "invalid timestamp seconds", 19],
    ["node=host", 'expected a space after "node="', 9],
  ];
  for (const [line, reason, position] of cases) {
    const e = parseError(() => parseLogLine(line));
    assert.equal(e.reason, reason, line);
    assert.equal(e.position, position, line);
    assert.equal(e.line, undefined);
  }
  const e = new ParseError("bad", 3, 17);
  assert.equal(e.line, 17);
  assert.equal(e.message, "line 17: bad at position 3");
  assert.equal(e.name, "ParseError");
  assert.equal(parseError(() => parseMessage(1300, "nope")).reason, 'expected "audit("');
});

Deno.test("a header without content: message with an error, no exception", () => {
  const msg: AuditMessage = parseLogLine("type=CWD msg=audit(1.002:3)");
  assert.equal(msg.error, "message has no data content");
  assert.deepEqual(msg.data, {});
  assert.deepEqual(parseLogLine("type=CWD msg=audit(1.002:3): ").data, {});
  assert.equal(parseLogLine("type=CWD msg=audit(1.002:3): ").error, undefined);
});

Deno.test("go-libaudit: DAEMON_CONFIG without ':' after the header", () => {
  const msg = parseLogLine(
    "type=DAEMON_CONFIG msg=audit(1490239800.477:34) config changed, auid=0 pid=1512 subj=system_u:system_r:unconfined_service_t:s0 res=success",
  );
  assert.equal(msg.data.auid, "0");
  assert.equal(msg.data.result, "success");
});
