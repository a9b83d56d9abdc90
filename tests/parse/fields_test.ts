// Field extraction and enrichment with go-libaudit's semantics.
import assert from "node:assert/strict";
import { parseLogLine, parseMessage } from "../../parse/mod.ts";
import { compareExtraction } from "./go_reference.ts";

/** The fields of a record of `type` whose body is `body`. */
function fields(body: string, type = 1305): Readonly<Record<string, string>> {
  return parseMessage(type, `audit(1.000:1): ${body}`).data;
}

Deno.test("fields: go-libaudit extractKeyValuePairs cases", () => {
  assert.deepEqual(fields(`argc=4 a0="cat" a1="btest=test" a2="-f" a3="regex=8"'`), {
    argc: "4",
    a0: "cat",
    a1: "btest=test",
    a2: "-f",
    a3: "regex=8",
  });
  assert.deepEqual(fields(`x='grep "test" file' y=z`), { x: 'grep "test" file', y: "z" });
  assert.deepEqual(fields(`x="grep 'test' file" y=z`), { x: "grep 'test' file", y: "z" });
  assert.deepEqual(fields(`x="grep \\"test\\" file" y=z`), { x: 'grep \\"test\\" file', y: "z" });
  assert.deepEqual(fields(`x='grep \\'test\\' file' y=z`), { x: "grep \\'test\\' file", y: "z" });
});

Deno.test("fields: dropped values, key syntax, later keys win", () => {
  assert.deepEqual(fields(`a= b="" c=? d=?, e=(null) f='?' g=ok`), { g: "ok" });
  // Keys are [a-z0-9_-]+ directly before "="; upper-case letters end a key.
  assert.deepEqual(fields(`fooBar=1 UID=2 x.y=3 old-auid=4`), { ar: "1", y: "3", "old-auid": "4" });
  assert.deepEqual(fields(`pid=1 pid=2`), { pid: "2" });
  // Values stop at quotes and whitespace; "=" inside a value is kept.
  assert.deepEqual(fields(`a=b=c d=e"f" g=h\ti=j`), { a: "b=c", d: "e", g: "h", i: "j" });
  // Quotes and spaces are trimmed from both ends of a quoted value.
  assert.deepEqual(fields(`a="  'x'  " b='"y"'`), { a: "x", b: "y" });
});

Deno.test("fields: unterminated quotes behave like go-libaudit's regexp", () => {
  // No closing quote and no escaped quote: the key is skipped and what
  // follows parses as fields.
  assert.deepEqual(fields(`a='b c=d e="f`), { c: "d" });
  // No closing quote, but an escaped one: the value ends at the last one.
  assert.deepEqual(fields(`a='x\\'y\\' z=1`), { a: "x\\'y\\", z: "1" });
  // "\\'" inside: the backslash pair ends the value only if nothing closes later.
  assert.deepEqual(fields(`a='x\\\\' b=2`), { a: "x\\\\", b: "2" });
});

Deno.test("fields: nested msg='…' of user records; its fields overwrite", () => {
  assert.deepEqual(
    fields(`pid=1 uid=0 auid=1000 msg='op=login acct="bob" exe="/bin/login" res=failed'`, 1112),
    {
      pid: "1",
      uid: "0",
      auid: "1000",
      op: "login",
      acct: "bob",
      exe: "/bin/login",
      result: "fail",
    },
  );
  assert.deepEqual(fields(`pid=1 msg='pid=2'`), { pid: "2" });
  assert.deepEqual(fields(`msg=a=b`), { a: "b" });
});

Deno.test("enrichment: unset ids, result, exit names, SELinux contexts", () => {
  assert.deepEqual(fields(`auid=4294967295 old-auid=-1 ses=4294967295 uid=4294967295`), {
    auid: "unset",
    "old-auid": "unset",
    ses: "unset",
    uid: "4294967295",
  });
  assert.equal(fields(`res=1`).result, "success");
  assert.equal(fields(`res=success`).result, "success");
  assert.equal(fields(`res=SUCCEEDED`).result, "success");
  assert.equal(fields(`res=0`).result, "fail");
  assert.equal(fields(`res=failed`).result, "fail");
  assert.equal(fields(`success=yes`).result, "success");
  assert.equal(fields(`success=no`).result, "fail");
  assert.equal(fields(`res=0`).res, undefined);
  // With both, success decides and res stays.
  assert.deepEqual(fields(`success=yes res=0`), { res: "0", result: "success" });
  assert.equal(fields(`exit=-13`).exit, "EACCES");
  assert.equal(fields(`exit=-115`).exit, "EINPROGRESS");
  assert.equal(fields(`exit=-99999`).exit, "-99999");
  assert.equal(fields(`exit=3`).exit, "3");
  assert.deepEqual(fields(`subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023`), {
    subj_user: "unconfined_u",
    subj_role: "unconfined_r",
    subj_domain: "unconfined_t",
    subj_level: "s0-s0",
    subj_category: "c0.c1023",
  });
  // AppArmor labels have no colons: the whole label is the "user".
  assert.deepEqual(fields(`subj=unconfined`), { subj_user: "unconfined" });
  // obj is split in PATH records only.
  assert.deepEqual(fields(`obj=system_u:object_r:etc_t:s0`, 1302), {
    obj_user: "system_u",
    obj_role: "object_r",
    obj_domain: "etc_t",
    obj_level: "s0",
  });
  assert.deepEqual(fields(`obj=system_u:object_r:etc_t:s0`, 1305), {
    obj: "system_u:object_r:etc_t:s0",
  });
});

Deno.test("enrichment: arch and syscall names per arch; SECCOMP signal", () => {
  const syscall = (arch: string, nr: string) => fields(`arch=${arch} syscall=${nr} exe="/x"`, 1300);
  assert.deepEqual(syscall("c000003e", "59"), { arch: "x86_64", syscall: "execve", exe: "/x" });
  assert.equal(syscall("40000003", "11").syscall, "execve");
  assert.equal(syscall("c00000b7", "221").arch, "aarch64");
  assert.equal(syscall("c00000b7", "221").syscall, "execve");
  assert.equal(syscall("c000003e", "99999").syscall, "99999");
  assert.equal(syscall("deadbeef", "1").arch, "unknown[deadbeef]");
  assert.deepEqual(
    fields(
      `auid=20003 uid=22 ses=21 pid=11217 comm="sshd" exe="/usr/sbin/sshd" sig=31 arch=40000003 syscall=132 compat=0 ip=0xb7670aac code=0x0`,
      1326,
    ),
    {
      auid: "20003",
      uid: "22",
      ses: "21",
      pid: "11217",
      comm: "sshd",
      exe: "/usr/sbin/sshd",
      sig: "SIGSYS",
      arch: "i386",
      syscall: "getpgid",
      compat: "0",
      ip: "0xb7670aac",
      code: "0x0",
    },
  );
});

Deno.test("enrichment: errors name what failed, fields are kept", () => {
  const bad = parseMessage(1300, "audit(1.000:1): arch=zz syscall=1 pid=5");
  assert.match(bad.error!, /^failed to parse arch/);
  assert.equal(bad.data.pid, "5");
  assert.equal(parseMessage(1300, "audit(1.000:1): syscall=1").error, "arch key not found");
  assert.match(parseMessage(1300, "audit(1.000:1): arch=c000003e syscall=x").error!, /syscall/);
  assert.equal(parseMessage(1326, "audit(1.000:1): arch=c000003e").error, "sig key not found");
  assert.equal(parseMessage(1306, "audit(1.000:1): x=1").error, "saddr key not found");
  const sock = parseMessage(1306, "audit(1.000:1): saddr=02");
  assert.match(sock.error!, /^failed to parse saddr: invalid family: too short/);
  assert.equal(sock.data.saddr, "02");
  assert.match(parseMessage(1309, 'audit(1.000:1): argc=x a0="a"').error!, /argc/);
});

Deno.test("rule keys: plain, key=name, hex with \\x01 separators", () => {
  const keys = (v: string) => parseMessage(1305, `audit(1.000:1): op=add_rule key=${v}`).keys;
  assert.deepEqual(keys(`"pam"`), ["pam"]);
  assert.deepEqual(keys(`"key=net"`), ["net"]);
  assert.deepEqual(keys(`65786563013634626974`), ["exec", "64bit"]);
  assert.deepEqual(keys(`(null)`), []);
  assert.deepEqual(keys(`"41"`), ["41"]); // quoted: never hex
  assert.equal(parseMessage(1305, `audit(1.000:1): key="pam"`).data.key, undefined);
});

Deno.test("hex: quoted values are never decoded, unquoted upper-case hex is", () => {
  assert.equal(fields(`name="41424344"`, 1302).name, "41424344");
  assert.equal(fields(`name=41424344`, 1302).name, "ABCD");
  assert.equal(fields(`name=4142434`, 1302).name, "4142434"); // odd length
  assert.equal(fields(`name=6162`, 1302).name, "ab");
  assert.equal(fields(`name=6a6b`, 1302).name, "6a6b"); // lower-case is not kernel hex
  assert.equal(fields(`cwd=2F746D702F6120622063`, 1307).cwd, "/tmp/a b c");
  assert.equal(fields(`cwd="2F"`, 1307).cwd, "2F");
  assert.equal(fields(`proctitle=6C73002D6C00`, 1327).proctitle, "ls -l ");
  assert.equal(fields(`proctitle="bash"`, 1327).proctitle, "bash");
  assert.equal(fields(`cmd=6C73`, 1123).cmd, "ls");
  assert.equal(fields(`data=6C730D`, 1319).data, "ls\r");
  assert.equal(fields(`acct=28696E76616C6964207573657229`, 1112).acct, "(invalid user)");
  assert.equal(fields(`acct="4142"`, 1112).acct, "4142");
  assert.equal(fields(`exe=2F62696E2F6C73 arch=c000003e syscall=0`, 1300).exe, "/bin/ls");
  // Numbers and ids are never hex-decoded, even when they look like hex.
  const ids = fields(
    `arch=c000003e syscall=0 pid=1234 uid=1000 gid=10 ses=12 exit=10 a0=10 items=2 exe="/x"`,
    1300,
  );
  assert.deepEqual(
    [ids.pid, ids.uid, ids.gid, ids.ses, ids.exit, ids.a0, ids.items],
    ["1234", "1000", "10", "12", "10", "10", "2"],
  );
  // Hex-encoded UTF-8 is decoded as UTF-8; like Go, each invalid byte is
  // one U+FFFD, and a byte-order mark is kept.
  assert.equal(fields(`name=C3A9`, 1302).name, "é");
  assert.equal(fields(`name=41E2822F`, 1302).name, "A\ufffd\ufffd/");
  assert.equal(fields(`name=EDA080`, 1302).name, "\ufffd\ufffd\ufffd"); // a surrogate
  assert.equal(fields(`name=F09F9880`, 1302).name, "\u{1F600}");
  assert.equal(fields(`name=EFBBBF41`, 1302).name, "\ufeffA");
  // EXECVE: like go-libaudit, arguments a0…a(argc-1) are decoded.
  assert.deepEqual(fields(`argc=1 a0=41 a1=42`, 1309), { argc: "1", a0: "A", a1: "42" });
  // A later unquoted value for the same key is decodable again.
  assert.equal(fields(`name="x" name=41`, 1302).name, "A");
});

Deno.test("saddr: go-libaudit sockaddr cases and more", () => {
  const saddr = (hex: string) => fields(`saddr=${hex}`, 1306);
  assert.deepEqual(saddr("02000050080808080000000000000000"), {
    family: "ipv4",
    addr: "8.8.8.8",
    port: "80",
  });
  assert.deepEqual(saddr("0A000050000000002607F8B0400C0C06000000000000006700000000"), {
    family: "ipv6",
    addr: "2607:f8b0:400c:c06::67",
    port: "80",
  });
  assert.deepEqual(
    saddr(
      "01007075626C69632F7069636B75700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    ),
    { family: "unix", path: "public/pickup" },
  );
  assert.deepEqual(
    saddr(
      "0A00084300000000000000000000000000000000000000000000000000000000281E7423FD7F0000C05034088F7F000007000000000000001E2D440000000000000000000000000060D758078F7F00000300000000000000C00F020000000000000000000000000005202302000000000200000000000000FFFFFFFFFFFFFFFF",
    ),
    { family: "ipv6", addr: "::", port: "2115" },
  );
  assert.deepEqual(saddr("0A0000350000000100000000000000000000FFFF7F00000100000000"), {
    family: "ipv6",
    addr: "127.0.0.1", // IPv4-mapped, printed like Go's net.IP
    port: "53",
    flow: "1",
  });
  assert.deepEqual(saddr("0A00003500000000FE800000000000000000000000000001000000000"), {
    family: "ipv6",
    addr: "fe80::1",
    port: "53",
  });
  assert.deepEqual(saddr("100000000000000000000000"), {
    family: "netlink",
    saddr: "100000000000000000000000",
  });
  assert.deepEqual(saddr("1100"), { family: "17", saddr: "1100" });
  // Abstract unix sockets (leading NUL) show as "@name" (go-libaudit: "").
  assert.deepEqual(saddr("0100002F746D702F782E736F636B00"), {
    family: "unix",
    path: "@/tmp/x.sock",
  });
  assert.deepEqual(saddr("0100"), { family: "unix", path: "" });
  assert.match(parseMessage(1306, "audit(1.000:1): saddr=0200").error!, /ipv4/);
});

Deno.test("LOGIN and CRED_DISP/USER_START/USER_END rewrites", () => {
  assert.deepEqual(
    parseLogLine(
      "type=LOGIN msg=audit(1170021601.343:296): login pid=13015 uid=0 old auid=4294967295 new auid=0 old ses=4294967295 new ses=1172",
    ).data,
    {
      pid: "13015",
      uid: "0",
      old_auid: "4294967295",
      new_auid: "0",
      old_ses: "4294967295",
      new_ses: "1172",
    },
  );
  assert.deepEqual(
    parseLogLine(
      "type=USER_END msg=audit(1170021601.366:299): user pid=13015 uid=0 auid=0 msg='PAM: session close acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'",
    ).data,
    {
      pid: "13015",
      uid: "0",
      auid: "0",
      acct: "root",
      exe: "/usr/sbin/crond",
      terminal: "cron",
      result: "success",
    },
  );
});

Deno.test("fields: differential test against go-libaudit's regexp on random text", () => {
  // Deterministic PRNG (mulberry32).
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const atoms = [
    "a",
    "b",
    "k",
    "msg",
    "=",
    "=",
    "'",
    "'",
    '"',
    '"',
    "\\",
    " ",
    " ",
    "\t",
    "?",
    "(null)",
    "x=",
    "key=",
    "A",
    "-",
    "_",
    "1",
    "\n",
    "é",
    "?,",
  ];
  for (let n = 0; n < 20000; n++) {
    let text = "";
    const len = 1 + Math.floor(random() * 24);
    for (let i = 0; i < len; i++) text += atoms[Math.floor(random() * atoms.length)];
    const { ours, go } = compareExtraction(text);
    assert.equal(ours, go, JSON.stringify(text));
  }
});
