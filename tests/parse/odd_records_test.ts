// Odd records that real logs hold and other parsers choke on.
import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";

Deno.test('odd: AppArmor AVC (apparmor="DENIED" … name="…")', () => {
  const msg = parseLogLine(
    'type=AVC msg=audit(1700000000.123:456): apparmor="DENIED" operation="open" class="file" profile="/usr/sbin/cupsd" name="/etc/ssl/private/" pid=1234 comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
  );
  assert.deepEqual(msg.data, {
    apparmor: "DENIED",
    operation: "open",
    class: "file",
    profile: "/usr/sbin/cupsd",
    name: "/etc/ssl/private/",
    pid: "1234",
    comm: "cupsd",
    requested_mask: "r",
    denied_mask: "r",
    fsuid: "0",
    ouid: "0",
  });
  assert.equal(msg.error, undefined);
  // The ptrace form from go-libaudit's test data.
  const ptrace = parseLogLine(
    'type=AVC msg=audit(1524662933.080:61207): apparmor="DENIED" operation="ptrace" profile="docker-default" pid=5571 comm="metricbeat" requested_mask="trace" denied_mask="trace" peer="unconfined"',
  );
  assert.equal(ptrace.data.peer, "unconfined");
});

Deno.test("odd: SELinux AVC becomes seresult/seperms", () => {
  const msg = parseLogLine(
    'type=AVC msg=audit(1170021493.977:293): avc:  denied  { read write } for  pid=13010 comm="pickup" name="maildrop" scontext=system_u:system_r:postfix_pickup_t:s0 tclass=dir',
  );
  assert.equal(msg.data.seresult, "denied");
  assert.equal(msg.data.seperms, "read,write");
  assert.equal(msg.data.pid, "13010");
});

Deno.test("odd: SYSTEM_SHUTDOWN and other user records with an unterminated msg='", () => {
  const msg = parseLogLine(
    'type=SYSTEM_SHUTDOWN msg=audit(1700000000.000:10): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\' comm="systemd-update-utmp" exe="/usr/lib/systemd/systemd-update-utmp" hostname=? addr=? terminal=? res=success',
  );
  assert.deepEqual(msg.data, {
    pid: "1",
    uid: "0",
    auid: "unset",
    ses: "unset",
    comm: "systemd-update-utmp",
    exe: "/usr/lib/systemd/systemd-update-utmp",
    result: "success",
  });
  // Cut off in the middle of a quoted value.
  const cut = parseLogLine(
    "type=USER_LOGIN msg=audit(1700000000.000:11): pid=9 uid=0 auid=1000 ses=3 msg='op=login id=1000 exe=\"/usr/sbin/ss",
  );
  assert.deepEqual(cut.data, {
    pid: "9",
    uid: "0",
    auid: "1000",
    ses: "3",
    op: "login",
    id: "1000",
  });
  assert.equal(cut.error, undefined);
});

Deno.test("odd: node= values", () => {
  for (const node of ["web-01", "10.1.2.3", "host.example.com", "fe80::1"]) {
    const msg = parseLogLine(
      `node=${node} type=USER_LOGIN msg=audit(1492810797.778:12651): pid=11396 uid=0 auid=1001 ses=36 msg='op=login id=1001 exe="/usr/sbin/sshd" hostname=72.83.230.100 addr=72.83.230.100 terminal=/dev/pts/1 res=success'`,
    );
    assert.equal(msg.node, node);
    assert.equal(msg.data.node, undefined);
    assert.equal(msg.data.addr, "72.83.230.100");
    assert.equal(msg.toJSON().node, node);
  }
});

Deno.test("odd: DAEMON_START in RAW format (auditd 3 and 2)", () => {
  const v3 = parseLogLine(
    "type=DAEMON_START msg=audit(1795570058.606:5640): op=start ver=3.0.9 format=raw kernel=6.18.44-fc-v657 auid=4294967295 pid=3014 uid=0 ses=4294967295 res=success",
  );
  assert.deepEqual(v3.data, {
    op: "start",
    ver: "3.0.9",
    format: "raw",
    kernel: "6.18.44-fc-v657",
    auid: "unset",
    pid: "3014",
    uid: "0",
    ses: "unset",
    result: "success",
  });
  const v2 = parseLogLine(
    "type=DAEMON_START msg=audit(1481076983.819:7798): auditd start, ver=2.4.1 format=raw kernel=3.10.0-327.36.3.el7.x86_64 auid=4294967295 pid=251 subj=system_u:system_r:auditd_t:s0 res=success",
  );
  assert.equal(v2.data.ver, "2.4.1");
  assert.equal(v2.data.subj_domain, "auditd_t");
  assert.equal(v2.data.result, "success");
});

Deno.test("odd: USER_AVC (SELinux user-space AVC) and USER_MAC_POLICY_LOAD", () => {
  const denied = parseLogLine(
    'type=USER_AVC msg=audit(1700000000.000:100): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=\'avc:  denied  { start } for auid=0 uid=0 gid=0 path="/usr/lib/systemd/system/foo.service" cmdline="systemctl start foo" scontext=system_u:system_r:init_t:s0 tcontext=system_u:object_r:systemd_unit_file_t:s0 tclass=service permissive=0  exe="/usr/lib/systemd/systemd" sauid=0 hostname=? addr=? terminal=?\'',
  );
  assert.equal(denied.data.seresult, "denied");
  assert.equal(denied.data.seperms, "start");
  assert.equal(denied.data.path, "/usr/lib/systemd/system/foo.service");
  assert.equal(denied.data.tclass, "service");
  assert.equal(denied.data.subj_domain, "init_t");
  assert.equal(denied.data.pid, "1");
  const notice = parseLogLine(
    "type=USER_AVC msg=audit(1700000000.000:101): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='avc:  received policyload notice (seqno=2)  exe=\"/usr/lib/systemd/systemd\" sauid=0 hostname=? addr=? terminal=?'",
  );
  assert.equal(notice.data.seresult, undefined);
  assert.equal(notice.data.exe, "/usr/lib/systemd/systemd");
  assert.equal(notice.data.seqno, "2)"); // go-libaudit's value syntax keeps the ")"
  const load = parseLogLine(
    "type=USER_MAC_POLICY_LOAD msg=audit(1700000000.000:200): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='avc:  received policyload notice (seqno=3)  exe=\"/usr/lib/systemd/systemd\" sauid=0 hostname=? addr=? terminal=?'",
  );
  assert.equal(load.recordType, 2310);
  assert.equal(load.data.sauid, "0");
  assert.equal(load.error, undefined);
  const kernel = parseLogLine(
    "type=MAC_POLICY_LOAD msg=audit(1700000000.000:201): auid=4294967295 ses=4294967295 lsm=selinux res=1",
  );
  assert.deepEqual(kernel.data, { auid: "unset", ses: "unset", lsm: "selinux", result: "success" });
});

Deno.test("odd: EXECVE whose argc exceeds the arguments present", () => {
  // The kernel splits long argument lists over several EXECVE records.
  const first = parseLogLine(
    'type=EXECVE msg=audit(1700000000.000:300): argc=5 a0="sh" a1="-c" a2=6563686F20224869',
  );
  assert.equal(first.error, undefined); // go-libaudit: "failed to find arg a3", no data
  assert.deepEqual(first.data, { argc: "5", a0: "sh", a1: "-c", a2: 'echo "Hi' });
  const rest = parseLogLine('type=EXECVE msg=audit(1700000000.000:300): a3="x" a4=41');
  assert.equal(rest.error, undefined);
  assert.deepEqual(rest.data, { a3: "x", a4: "A" });
  // A long argument in chunks: a1_len=N a1[0]=… a1[1]=…, joined when complete.
  const chunks = parseLogLine(
    'type=EXECVE msg=audit(1700000000.000:301): argc=2 a0="cat" a1_len=6 a1[0]=414243 a1[1]=444546',
  );
  assert.deepEqual(chunks.data, {
    argc: "2",
    a0: "cat",
    a1_len: "6",
    "a1[0]": "414243",
    "a1[1]": "444546",
    a1: "ABCDEF",
  });
  // Chunks continued in the next record stay as hex pieces to join.
  const partial = parseLogLine(
    'type=EXECVE msg=audit(1700000000.000:302): argc=2 a0="cat" a1_len=9 a1[0]=414243',
  );
  assert.equal(partial.data.a1, undefined);
  assert.equal(partial.data["a1[0]"], "414243");
  // All arguments present: decoded like go-libaudit.
  const full = parseLogLine(
    'type=EXECVE msg=audit(1491930997.196:1068053): argc=4 a0="cat" a1="btest=test" a2="-f" a3="regex=8"',
  );
  assert.deepEqual(full.data, { argc: "4", a0: "cat", a1: "btest=test", a2: "-f", a3: "regex=8" });
});

Deno.test("odd: quoted vs unquoted values decide hex decoding", () => {
  const path = (name: string) =>
    parseLogLine(
      `type=PATH msg=audit(1.000:1): item=0 name=${name} inode=12 dev=fe:00 mode=0100644 ouid=0 ogid=0`,
    )
      .data;
  assert.equal(path('"CAFE"').name, "CAFE"); // a file really named CAFE
  assert.equal(path("CAFE").name, "\ufffd\ufffd"); // unquoted: kernel hex (invalid UTF-8 here)
  assert.equal(path("2F746D702F6120622063").name, "/tmp/a b c");
  assert.equal(path('"/tmp/a"').inode, "12"); // numbers stay numbers
  assert.equal(path('"/tmp/a"').mode, "0100644");
  const execve = parseLogLine('type=EXECVE msg=audit(1.000:1): argc=2 a0="31" a1=31').data;
  assert.equal(execve.a0, "31");
  assert.equal(execve.a1, "1");
  const syscall = parseLogLine(
    'type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=1 success=yes exit=10 a0=1 a1=AB a2=10 a3=0 items=0 ppid=1 pid=10 auid=10 uid=10 gid=10 euid=10 suid=10 fsuid=10 egid=10 sgid=10 fsgid=10 tty=(none) ses=10 comm="41" exe="/x" key=(null)',
  ).data;
  for (const k of ["exit", "a0", "a2", "ppid", "pid", "auid", "uid", "gid", "euid", "ses"]) {
    assert.match(syscall[k]!, /^\d+$/, k);
  }
  assert.equal(syscall.a1, "AB");
  assert.equal(syscall.comm, "41");
});
