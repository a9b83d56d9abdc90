/**
 * Where `libaudit report` deliberately differs from aureport (README,
 * "Deviations from aureport"): hex-encoded values are read as UTF-8, and
 * `-s --summary -i` counts "?" where aureport counts an uninitialized buffer.
 */
import assert from "node:assert/strict";
import { numericHost } from "../../interpret/_parse_sockaddr.ts";
import { unescape } from "../../interpret/_cstr.ts";
import { parseReportArgs } from "../../interpret/report/options.ts";
import { AureportRun } from "../../interpret/report/run.ts";

Deno.test("a link-local IPv6 scope is the interface's name when known, as getnameinfo prints it", () => {
  const v6 = (first: number, second: number, scope: number): Uint8Array => {
    const bytes = new Uint8Array(28);
    bytes[0] = 10;
    bytes[8] = first;
    bytes[9] = second;
    bytes[23] = 1;
    bytes[24] = scope;
    return bytes;
  };
  const ifName = (i: number): string | undefined => i === 2 ? "eth9" : undefined;
  assert.equal(numericHost(v6(0xfe, 0x80, 2), 10), "fe80::1%2");
  assert.equal(numericHost(v6(0xfe, 0x80, 2), 10, ifName), "fe80::1%eth9");
  assert.equal(numericHost(v6(0xfe, 0x80, 3), 10, ifName), "fe80::1%3");
  assert.equal(numericHost(v6(0xff, 0x02, 2), 10, ifName), "ff02::1%eth9");
  // Not link-local: the scope stays a number.
  assert.equal(numericHost(v6(0x20, 0x01, 2), 10, ifName), "2001::1%2");
  assert.equal(numericHost(v6(0xff, 0x05, 2), 10, ifName), "ff05::1%2");
});

Deno.test("deviation: hex values are decoded as UTF-8, invalid bytes as U+FFFD", () => {
  assert.equal(unescape("2F746D702FC3A9", 0), "/tmp/é");
  assert.equal(unescape("2F78FF", 0), "/x\uFFFD");
});

Deno.test("glibc's inet_ntop forms for IPv6 (aureport's getnameinfo)", () => {
  const v6 = (words: number[]): Uint8Array => {
    const b = new Uint8Array(28);
    b[0] = 10;
    words.forEach((w, i) => {
      b[8 + 2 * i] = w >> 8;
      b[9 + 2 * i] = w & 0xff;
    });
    return b;
  };
  assert.equal(numericHost(v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), 10), "2001:db8::1");
  assert.equal(numericHost(v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]), 10), "::ffff:127.0.0.1");
  assert.equal(numericHost(v6([0, 0, 0, 0, 0, 0, 0, 0]), 10), "::");
  assert.equal(numericHost(v6([1, 0, 0, 1, 0, 0, 0, 1]), 10), "1:0:0:1::1");
});

/** Our report of `log` with aureport's `args`, in UTC. */
function reportOf(log: string, args: string[]): string {
  const parsed = parseReportArgs(args, () => ({ used: 0 }));
  if (parsed.kind !== "run") throw new Error(parsed.kind);
  let out = "";
  const run = new AureportRun(parsed.args.config, {
    uidName: () => undefined,
    formatTime: (sec) => new Date(sec * 1000).toISOString(),
    eoeTimeout: 2,
    write: (s) => out += s,
  });
  run.beginFile();
  run.lines(log, "test.log", 1);
  run.endFile("test.log", true);
  run.finish();
  return out;
}

const SYSCALL_ZZ =
  "type=SYSCALL msg=audit(1795570600.000:1): arch=zz syscall=2 success=no exit=-13 " +
  "a0=1 a1=0 a2=0 a3=0 items=0 ppid=1 pid=99 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 " +
  'fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts1 ses=3 comm="a" exe="/bin/a" key="k"\n';

Deno.test("deviation: -s --summary -i of an unknown arch counts '?' (aureport: an uninitialized buffer)", () => {
  // aulookup_syscall returns "?" without writing the buffer that
  // per_event_summary then counts: aureport prints stack garbage.
  const text = reportOf(SYSCALL_ZZ, ["-s", "--summary", "-i"]);
  assert.ok(text.includes("\n1  ?\n"), text);
});

Deno.test("serials beyond 2^53 print exactly, as strtoul reads them (-3 is 2^64-3)", () => {
  const text = reportOf(SYSCALL_ZZ.replace(":1):", ":-3):"), ["-x"]);
  assert.match(text, / 18446744073709551613\n/);
  const big = reportOf(SYSCALL_ZZ.replace(":1):", ":9007199254740993):"), ["-e"]);
  assert.match(big, / 9007199254740993 SYSCALL /);
});
