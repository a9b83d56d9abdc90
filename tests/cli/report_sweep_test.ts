/**
 * Regression cases from the differential sweep against aureport 3.0.9
 * (issue 15): each is a few crafted lines where `libaudit report` once
 * differed. The expected rows are aureport's own; with aureport installed
 * every report and variant is compared with it byte for byte as well.
 */
import assert from "node:assert/strict";
import { assertLikeAureport, aureport, HAVE_AUREPORT, ours, runReport } from "./report_helpers.ts";

/** A crafted log, what aureport printed for one report on it, and the reports to cross-check. */
interface SweepCase {
  readonly name: string;
  readonly log: string;
  readonly args: string[];
  readonly rows: string[];
}

const CASES: SweepCase[] = [
  {
    // parse_avc skips the blanks after `{`, finds `}` at once, backs up past
    // those blanks and then copies from the `}` to the end of the record.
    name: "an AVC with an empty permission list `{  }` shows the rest of the record",
    log: [
      'type=AVC msg=audit(1795570600.800:19): avc:  denied  {  } for  pid=500 comm="httpd" ' +
      'name="index.html" scontext=system_u:system_r:httpd_t:s0 ' +
      "tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0",
      'type=AVC msg=audit(1795570601.800:20): avc:  granted  { } for  pid=501 comm="httpd" ' +
      "scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:etc_t:s0 tclass=dir",
    ].join("\n") + "\n",
    args: ["-a"],
    rows: [
      '1. 11/25/26 01:36:40 httpd system_u:system_r:httpd_t:s0 0 file } for  pid=500 comm="httpd" ' +
      'name="index.html" scontext=system_u:system_r:httpd_t:s0 ' +
      "tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0 " +
      "unconfined_u:object_r:user_home_t:s0 denied 19",
      '2. 11/25/26 01:36:41 httpd system_u:system_r:httpd_t:s0 0 dir } for  pid=501 comm="httpd" ' +
      "scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:etc_t:s0 tclass=dir " +
      "system_u:object_r:etc_t:s0 granted 20",
    ],
  },
  {
    // common_path_parser creates the event's file list before it fails, and
    // CONFIG_CHANGE ignores avc_parse_path's failure: the -f report then
    // has a row with no file name.
    name: "a CONFIG_CHANGE with a bad path= is a -f row with an empty name",
    log: [
      'type=CONFIG_CHANGE msg=audit(1795570602.000:21): auid=1000 ses=3 op=add_rule key="k" ' +
      'list=4 res=1 path="/etc/unterminated',
      'type=CONFIG_CHANGE msg=audit(1795570603.000:22): auid=1000 ses=3 op=add_rule path=nothex key="k" list=4 res=1',
      'type=CONFIG_CHANGE msg=audit(1795570604.000:23): auid=1000 ses=3 op=add_rule path="/etc/ok" key="k" list=4 res=1',
      "type=CONFIG_CHANGE msg=audit(1795570605.000:24): auid=1000 ses=3 op=add_rule list=4 res=1",
    ].join("\n") + "\n",
    args: ["-f"],
    rows: [
      "1. 11/25/26 01:36:42  0 yes ? 1000 21",
      "2. 11/25/26 01:36:43  0 yes ? 1000 22",
      "3. 11/25/26 01:36:44 /etc/ok 0 yes ? 1000 23",
    ],
  },
  {
    // safe_print_string(NULL) prints "(null)" without escaping it.
    name: "a missing exe prints as (null) unescaped under --escape shell",
    log: "type=USER_LOGIN msg=audit(1795570600.000:1): pid=1 uid=0 auid=1000 ses=1 " +
      "msg='op=login acct=\"x\" hostname=? addr=? terminal=pts1 res=failed'\n",
    args: ["-tm", "--escape", "shell"],
    rows: ["1. 11/25/26 01:36:40 pts1 ? (null) 1000 1"],
  },
  {
    // getnameinfo names a link-local scope by its interface (1 is lo on Linux).
    name: "a link-local IPv6 address shows its interface, other scopes their number",
    log: [
      'type=SYSCALL msg=audit(1795570600.000:1): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=4 a2=1c a3=0 items=0 ppid=1 pid=9 auid=1000 uid=1000 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=3 comm="ssh" exe="/usr/bin/ssh" key="net"',
      "type=SOCKADDR msg=audit(1795570600.000:1): saddr=0A00001600000000FE80000000000000000000000000000101000000",
      'type=SYSCALL msg=audit(1795570601.000:2): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=4 a2=1c a3=0 items=0 ppid=1 pid=9 auid=1000 uid=1000 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=3 comm="ssh" exe="/usr/bin/ssh" key="net"',
      "type=SOCKADDR msg=audit(1795570601.000:2): saddr=0A0000160000000020010DB800000000000000000000000101000000",
    ].join("\n") + "\n",
    args: ["-h"],
    rows: [
      "1. 11/25/26 01:36:40 fe80::1%lo 42 1000 1",
      "2. 11/25/26 01:36:41 2001:db8::1%1 42 1000 2",
    ],
  },
  {
    // fgets keeps NUL bytes but the line is a C string: it ends at the first
    // one (a crash's padding), and a line that starts with one is empty.
    name: "a line ends at its first NUL byte",
    log: [
      syscallLine("1795570600.000:1", "/bin/a"),
      syscallLine("1795570601.000:2", "/bin/cut").replace('comm="a"', 'comm="a\0b"'),
      syscallLine("1795570602.000:3", "/bin/b") + '\0 exe="/bin/hidden"',
      "\0" + syscallLine("1795570603.000:4", "/bin/nul-first"),
    ].join("\n") + "\n",
    args: ["-x"],
    rows: [
      "1. 11/25/26 01:36:40 /bin/a pts1 ? 1000 1",
      "2. 11/25/26 01:36:42 /bin/b pts1 ? 1000 3",
    ],
  },
  {
    // extract_timestamp copies 80 bytes (340 after node=), not characters:
    // a wide type name pushes the stamp out, a wide node name cuts it short
    // (no ':' left, so the serial is 0).
    name: "the header is read within 80 (or 340) bytes of UTF-8",
    log: [
      syscallLine("1795570600.000:1", "/bin/a"),
      syscallLine("1795570601.000:2", "/bin/wide-type").replace(
        "SYSCALL",
        "SYSCALL" + "é".repeat(25),
      ),
      syscallLine("1795570602.000:3", "/bin/wide-node", `node=${"ñ".repeat(150)} `),
      syscallLine("1795570603.000:4", "/bin/node-fits", `node=${"ñ".repeat(100)} `),
    ].join("\n") + "\n",
    args: ["-x"],
    rows: [
      "1. 11/25/26 01:36:40 /bin/a pts1 ? 1000 1",
      "2. 11/25/26 01:36:42 /bin/wide-node pts1 ? 1000 0",
      "3. 11/25/26 01:36:43 /bin/node-fits pts1 ? 1000 4",
    ],
  },
  {
    // fgets reads 8969 bytes at a time: a line of fewer characters but more
    // bytes (é is two) is cut too, and the next piece can be a record.
    name: "a long line is read in pieces of 8969 bytes of UTF-8",
    log: [
      syscallLine("1795570600.000:1", "/bin/a"),
      longLine(
        syscallLine("1795570601.000:2", "/bin/long"),
        syscallLine("1795570602.000:3", "/bin/hidden"),
      ),
    ].join("\n") + "\n",
    args: ["-x"],
    rows: [
      "1. 11/25/26 01:36:40 /bin/a pts1 ? 1000 1",
      "2. 11/25/26 01:36:41 /bin/long pts1 ? 1000 2",
      "3. 11/25/26 01:36:42 /bin/hidden pts1 ? 1000 3",
    ],
  },
  {
    // The account, marker and configuration events of a 40-second corpus
    // (2026-12-04, useradd/usermod/userdel), RAW and ENRICHED (the \x1d
    // part), with auditctl's netlink SOCKADDR: every report equals aureport's.
    name: "account changes, USER markers and a netlink SOCKADDR of a recorded corpus",
    log: [
      'type=ADD_GROUP msg=audit(1796359505.079:3108192): pid=8072 uid=0 auid=4294967295 ses=4294967295 msg=\'op=adding group acct="corpususer" exe="/usr/sbin/useradd" hostname=? addr=? terminal=? res=success\'',
      "type=ADD_USER msg=audit(1796359505.079:3108194): pid=8072 uid=0 auid=4294967295 ses=4294967295 msg='op=adding user id=1001 exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=? res=success'",
      "type=USER_CHAUTHTOK msg=audit(1796359507.379:3114599): pid=9240 uid=0 auid=4294967295 ses=4294967295 msg='op=changing comment id=1001 exe=\"/usr/sbin/usermod\" hostname=? addr=? terminal=? res=success'",
      "type=DEL_USER msg=audit(1796359545.043:3219686): pid=28472 uid=0 auid=4294967295 ses=4294967295 msg='op=deleting user entries id=1001 exe=\"/usr/sbin/userdel\" hostname=? addr=? terminal=? res=success'",
      'type=DEL_GROUP msg=audit(1796359545.043:3219688): pid=28472 uid=0 auid=4294967295 ses=4294967295 msg=\'op=deleting group acct="corpususer" exe="/usr/sbin/userdel" hostname=? addr=? terminal=? res=success\'',
      'type=DEL_GROUP msg=audit(1796359545.043:3219690): pid=28472 uid=0 auid=4294967295 ses=4294967295 msg=\'op=deleting shadow group acct="corpususer" exe="/usr/sbin/userdel" hostname=? addr=? terminal=? res=success\'',
      'type=CONFIG_CHANGE msg=audit(1796359549.375:3219754): op=set audit_backlog_limit=16384 old=16384 auid=4294967295 ses=4294967295 res=1\x1dAUID="unset"',
      'type=SYSCALL msg=audit(1796359549.375:3219758): arch=c000003e syscall=44 success=yes exit=1060 a0=4 a1=7fffa5e53710 a2=424 a3=0 items=0 ppid=28519 pid=28601 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="auditctl" exe="/usr/sbin/auditctl" key=(null)\x1dARCH=x86_64 SYSCALL=sendto AUID="unset" UID="root" GID="root" EUID="root" SUID="root" FSUID="root" EGID="root" SGID="root" FSGID="root"',
      "type=SOCKADDR msg=audit(1796359549.375:3219758): saddr=100000000000000000000000\x1dSADDR={ saddr_fam=netlink nlnk-fam=16 nlnk-pid=0 }",
      "type=PROCTITLE msg=audit(1796359549.375:3219758): proctitle=617564697463746C002D52002F746D702F746D702E483531786E52547A414D2F72756C6573",
      'type=USER msg=audit(1796359551.719:3226189): pid=29777 uid=0 auid=4294967295 ses=4294967295 msg=\'text=corpus marker 20 exe="/usr/sbin/auditctl" hostname=? addr=? terminal=? res=success\'\x1dUID="root" AUID="unset"',
      'type=USER_CHAUTHTOK msg=audit(1796359551.723:3226197): pid=29778 uid=0 auid=4294967295 ses=4294967295 msg=\'op=changing comment id=1001 exe="/usr/sbin/usermod" hostname=? addr=? terminal=? res=success\'\x1dUID="root" AUID="unset" ID="corpususer"',
    ].join("\n") + "\n",
    args: ["-m"],
    rows: [
      "1. 12/04/26 04:45:05 -1 ? ? /usr/sbin/useradd corpususer yes 3108192",
      "2. 12/04/26 04:45:05 -1 ? ? /usr/sbin/useradd ? yes 3108194",
      "3. 12/04/26 04:45:07 -1 ? ? /usr/sbin/usermod ? yes 3114599",
      "4. 12/04/26 04:45:45 -1 ? ? /usr/sbin/userdel ? yes 3219686",
      "5. 12/04/26 04:45:45 -1 ? ? /usr/sbin/userdel corpususer yes 3219688",
      "6. 12/04/26 04:45:45 -1 ? ? /usr/sbin/userdel corpususer yes 3219690",
      "7. 12/04/26 04:45:51 -1 ? ? /usr/sbin/usermod ? yes 3226197",
    ],
  },
];

/** `line` with its key padded with é to 8969 bytes, then `next` on the same line. */
function longLine(line: string, next: string): string {
  const head = line.replace('key="k"', 'key="');
  const pad = 8969 - new TextEncoder().encode(head + '"').length;
  return head + "é".repeat(pad >> 1) + "k".repeat(pad & 1) + '"' + next;
}

const REPORTS = [
  [],
  ["-a"],
  ["-c"],
  ["-f"],
  ["-e"],
  ["-k"],
  ["-u"],
  ["-x"],
  ["--comm"],
  ["-m"],
  ["-ma"],
  ["-n"],
  ["-tm", "--escape", "shell_quote"],
];
const VARIANTS = [[], ["--summary"], ["-i"], ["--failed"], ["--success"]];

/** Writes `log` to a temporary file and runs `fn` with its path. */
function withLog<T>(log: string, fn: (path: string) => T): T {
  const path = Deno.makeTempFileSync({ suffix: ".log" });
  try {
    Deno.writeTextFileSync(path, log);
    return fn(path);
  } finally {
    Deno.removeSync(path);
  }
}

for (const c of CASES) {
  Deno.test(`report sweep: ${c.name}`, () => {
    withLog(c.log, (path) => {
      const got = ours(path, c.args, "UTC");
      const rows = got.stdout.split("\n").filter((l) => /^\d+\. /.test(l));
      assert.deepEqual(rows, c.rows);
      assert.equal(got.code, 0);
    });
  });

  Deno.test({
    name: `report sweep: ${c.name}: every report equals aureport's${
      HAVE_AUREPORT ? "" : " (ignored: no aureport)"
    }`,
    ignore: !HAVE_AUREPORT,
    fn() {
      withLog(c.log, (path) => {
        for (const tz of ["UTC", "America/New_York"]) {
          for (const report of REPORTS) {
            for (const variant of VARIANTS) {
              const args = [...report, ...variant];
              const want = aureport(["-if", path, ...args], tz);
              const got = ours(path, args, tz);
              assert.equal(got.stdout, want.stdout, `aureport ${args.join(" ")} (${tz})`);
              assert.equal(got.code, want.code, `status of aureport ${args.join(" ")} (${tz})`);
            }
          }
        }
      });
    },
  });
}

/** A SYSCALL line with time stamp `stamp` and executable `exe`, as the kernel writes one. */
function syscallLine(stamp: string, exe: string, node = ""): string {
  return `${node}type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=2 success=no exit=-13 ` +
    "a0=1 a1=0 a2=0 a3=0 items=0 ppid=1 pid=99 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 " +
    `fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts1 ses=3 comm="a" exe="${exe}" key="k"`;
}

// str2event reads sec with strtoul into a time_t (so "-5" is 5 s before the
// epoch), milli into an unsigned int (4294967296 wraps to 0; "-1" is over
// 999) and rejects a serial over 2^64-1; localtime and %y cope with years far
// beyond Date's range.
const STAMPS = [
  syscallLine("99999999999999.000:6", "/bin/far"),
  syscallLine("-5.000:10", "/bin/negative"),
  syscallLine("1795570600.4294967296:20", "/bin/milli-wraps"),
  syscallLine("1795570601.-1:21", "/bin/milli-bad"),
  syscallLine("1795570602.000:18446744073709551616", "/bin/serial-overflow"),
  syscallLine("-9999999999999.000:12", "/bin/far-past", "node=n1 "),
].join("\n") + "\n";

Deno.test("report sweep: time stamps are read as str2event reads them, and far years print", async () => {
  const path = Deno.makeTempFileSync({ suffix: ".log" });
  try {
    Deno.writeTextFileSync(path, STAMPS);
    const r = await runReport(["-if", path, "-x"]);
    assert.deepEqual(r.stdout.split("\n").filter((l) => /^\d+\. /.test(l)), [
      "1. 12/31/69 23:59:55 /bin/negative pts1 ? 1000 10",
      "2. 08/13/82 06:13:21 /bin/far-past pts1 ? 1000 12",
      "3. 11/25/26 01:36:40 /bin/milli-wraps pts1 ? 1000 20",
      "4. 11/07/43 09:46:39 /bin/far pts1 ? 1000 6",
    ]);
    const s = await runReport(["-if", path], { env: { TZ: "America/New_York" } });
    assert.match(
      s.stdout,
      /\nRange of time in logs: 11\/07\/43 04:46:39\.000 - 11\/07\/43 04:46:39\.000\n/,
    );
    await assertLikeAureport(path, ["UTC", "America/New_York", "Asia/Kolkata"], [
      [],
      ["-x"],
      ["-t"],
      ["-e", "--summary"],
    ]);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("report deviation: -ts takes search's this-hour and MM/DD/YYYY (aureport 3.0.9 refuses them)", async () => {
  const path = Deno.makeTempFileSync({ suffix: ".log" });
  try {
    const soon = Math.floor(Date.now() / 1000) + 60;
    Deno.writeTextFileSync(
      path,
      syscallLine("1795570600.000:1", "/bin/a") + "\n" + syscallLine(`${soon}.000:2`, "/bin/b") +
        "\n",
    );
    for (const ts of [["this-hour"], ["11/24/2026"], ["11/24/2026", "10:00:00"]]) {
      const r = await runReport(["-if", path, "-x", "-ts", ...ts]);
      assert.equal(r.code, 0, ts.join(" "));
      assert.match(r.stdout, /^Executable Report$/m);
      if (HAVE_AUREPORT) assert.equal(aureport(["-if", path, "-x", "-ts", ...ts], "UTC").code, 1);
    }
  } finally {
    Deno.removeSync(path);
  }
});
