// The -i writer's SYSCALL templates (interpret/auparse/_syscall_template.ts):
// records that differ only in a0-a3, pid and ppid share a text, with the
// values put back in, only where the value prints as it is. Each line here
// is written by a writer with names that never change (templates on) and
// must equal formatInterpretedLine's text; the records come in runs that
// share the text around their values, so that a template kept for one is
// tried on the next.
import assert from "node:assert/strict";
import { formatInterpretedLine, LocalClock } from "../../interpret/mod.ts";
import { InterpretedLineWriter } from "../../interpret/auparse/format_bytes.ts";
import { SyscallTemplates } from "../../interpret/auparse/_syscall_template.ts";
import type { EscapeMode } from "../../interpret/auparse/types.ts";
import { resolver } from "./auparse_oracle.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const clock = new LocalClock("UTC");

function stableWriter(escape: EscapeMode): InterpretedLineWriter {
  return new InterpretedLineWriter({
    resolver: {
      userName: (uid) => resolver.userName(uid),
      groupName: (gid) => resolver.groupName(gid),
      stable: true,
    },
    clock,
    escape,
  });
}

/** Writes each line with one writer (in a larger buffer) and compares with formatInterpretedLine. */
function check(lines: string[], escape: EscapeMode = "tty"): void {
  const writer = stableWriter(escape);
  const opts = { resolver, clock, escape, eventNode: null };
  for (const line of lines) {
    const b = encoder.encode(line);
    const gs = b.indexOf(0x1d);
    const buf = new Uint8Array(b.length + 13).fill(0x20);
    buf.set(b, 7);
    writer.length = 0;
    writer.line(buf, 7, 7 + b.length, 7 + (gs < 0 ? b.length : gs), undefined);
    assert.equal(
      decoder.decode(writer.buf.subarray(0, writer.length)),
      formatInterpretedLine(line, opts),
      line,
    );
  }
}

let serial = 0;
function sys(body: string): string {
  return `type=SYSCALL msg=audit(1795570504.898:${++serial}): ${body}`;
}

Deno.test("auparse SYSCALL templates: new a0-a3, pid and ppid in a kept text", () => {
  const lines: string[] = [];
  for (const [a0, pid, ppid] of [["55da", "3961", "1"], ["7f", "12", "99999"], ["0", "4", "3"]]) {
    lines.push(sys(
      `arch=c000003e syscall=59 success=yes exit=0 a0=${a0} a1=${a0}1 a2=2 a3=abcdef0123456789 ` +
        `items=2 ppid=${ppid} pid=${pid} auid=4294967295 uid=0 gid=0 euid=0 tty=(none) ` +
        `ses=4294967295 comm="useradd" exe="/usr/sbin/useradd" key="exec"`,
    ));
  }
  // The values last in the message, before an ENRICHED part, and at the line's end.
  for (const pid of ["1", "22", "333"]) {
    lines.push(
      sys(`arch=c000003e syscall=59 a0=1 ppid=2 pid=${pid}\x1dARCH=x86_64 SYSCALL=execve`),
    );
    lines.push(sys(`arch=c000003e syscall=59 a0=1 ppid=2 pid=${pid}`));
  }
  for (const mode of ["tty", "raw", "shell", "shell_quote"] as const) check(lines, mode);
});

Deno.test("auparse SYSCALL templates: values that an interpreter reads are not put back", () => {
  const lines: string[] = [];
  // openat: a0 (dirfd) and a2 (flags) are interpreted, a3 (mode) with O_CREAT in a2.
  for (const [a0, a2] of [["ffffff9c", "80000"], ["3", "241"], ["ffffff9c", "241"], ["3", "0"]]) {
    lines.push(sys(
      `arch=c000003e syscall=257 success=yes exit=3 a0=${a0} a1=7ffd a2=${a2} a3=1b6 items=1 ` +
        `ppid=1 pid=2 auid=0 uid=0 comm="x" exe="/x" key="open"`,
    ));
  }
  // fcntl: a2 by a1 (F_SETOWN prints a uid, F_SETFD a flag), and by its
  // value (F_SETFD: 1 is FD_CLOEXEC, 0 prints as 0x0, as an argument with
  // no interpreter would).
  for (const [a1, a2] of [["8", "1"], ["2", "1"], ["8", "1"], ["0", "1"], ["2", "0"], ["2", "1"]]) {
    lines.push(sys(`arch=c000003e syscall=72 a0=3 a1=${a1} a2=${a2} a3=0 ppid=1 pid=2 key=(null)`));
  }
  // socketcall on i386: the syscall's name comes from a0.
  for (const a0 of ["1", "3", "1", "9"]) {
    lines.push(sys(`arch=40000003 syscall=102 success=yes exit=0 a0=${a0} a1=ff a2=0 a3=0 pid=7`));
  }
  // ipc on i386: no interpreter of a0, but the syscall's name comes from it.
  for (const a0 of ["1", "2", "1", "3", "3"]) {
    lines.push(sys(`arch=40000003 syscall=117 success=yes exit=0 a0=${a0} a1=ff a2=0 a3=0 pid=7`));
  }
  // The same syscall number, another machine: another syscall, other interpreters.
  for (const arch of ["c000003e", "40000003", "c00000b7", "c000003e"]) {
    lines.push(sys(`arch=${arch} syscall=2 a0=1 a1=241 a2=1b6 a3=0 pid=5`));
    lines.push(sys(`arch=${arch} syscall=2 a0=2 a1=0 a2=0 a3=0 pid=6`));
  }
  check(lines);
});

Deno.test("auparse SYSCALL templates: names in quoted text and odd values stay as they are", () => {
  const lines: string[] = [];
  // A quoted comm holding " pid=" before the field: found first, so must match.
  for (const [q, pid] of [["12", "34"], ["12", "35"], ["13", "35"], ["13", "36"]]) {
    lines.push(sys(`arch=c000003e syscall=59 comm="a pid=${q} b" a0=1 pid=${pid} key=(null)`));
  }
  // Values that are not taken: upper case, too long, followed by a comma or quote.
  for (const v of ["AB", "ab", "123456789012345678901", "1,2", '1"', "", "12"]) {
    lines.push(sys(`arch=c000003e syscall=59 a0=${v} a1=1 pid=${v} ppid=9 key=(null)`));
  }
  // A field twice: the first is taken, the second is text.
  for (const [x, y] of [["1", "2"], ["3", "2"], ["3", "4"]]) {
    lines.push(sys(`arch=c000003e syscall=59 pid=${x} a0=0 pid=${y} ppid=${x}`));
  }
  // ENRICHED translations: of a0 (printed from the translation), of the syscall.
  for (const a0 of ["1", "2"]) {
    lines.push(sys(`arch=c000003e syscall=59 a0=${a0} pid=3\x1dA0="zero" SYSCALL=execve`));
    lines.push(sys(`arch=c000003e syscall=2 a0=${a0} a1=${a0} pid=3\x1dSYSCALL=open`));
  }
  check(lines);
});

Deno.test("auparse SYSCALL templates: a full cache starts again empty", () => {
  const t = new SyscallTemplates(2, 1 << 12);
  const out = stableWriter("tty");
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    for (const pid of ["1", "2"]) {
      lines.push(sys(`arch=c000003e syscall=59 a0=1 pid=${pid} comm="p${i}" key=(null)`));
    }
  }
  check(lines);
  // Unit level: found after add with another pid (a hole), not with another
  // a0 (printed elsewhere: not a hole), nothing after the cache filled.
  const body = (a0: string, pid: string, comm: string): Uint8Array =>
    encoder.encode(`): a0=${a0} pid=${pid} comm="${comm}"`);
  const b1 = body("1", "10", "a");
  assert.equal(t.find(b1, 0, b1.length, b1.length), false);
  const text = encoder.encode(`a0=one pid=10 comm=a \n`);
  t.hole(12, 11);
  t.add(b1, 0, b1.length, text, 0, text.length, false);
  const b2 = body("1", "99", "a");
  assert.equal(t.find(b2, 0, b2.length, b2.length), true);
  out.length = 0;
  t.write(out, b2);
  assert.equal(decoder.decode(out.buf.subarray(0, out.length)), "a0=one pid=99 comm=a \n");
  const b3 = body("2", "99", "a");
  assert.equal(t.find(b3, 0, b3.length, b3.length), false);
  for (const comm of ["b", "c"]) {
    const b = body("1", "10", comm);
    assert.equal(t.find(b, 0, b.length, b.length), false);
    t.add(b, 0, b.length, text, 0, text.length, false);
  }
  assert.equal(t.find(b2, 0, b2.length, b2.length), false);
});

Deno.test("auparse SYSCALL templates: where records do not repeat, few are kept", () => {
  const t = new SyscallTemplates();
  const body = (i: number, pid: string): Uint8Array =>
    encoder.encode(`): a0=1 pid=${pid} comm="p${i}"`);
  const text = encoder.encode(`pid=5 \n`);
  for (let i = 0; i < 600; i++) {
    const b = body(i, "5");
    assert.equal(t.find(b, 0, b.length, b.length), false);
    t.hole(b.indexOf(0x3d, 10) + 1, 4);
    t.add(b, 0, b.length, text, 0, text.length, false);
  }
  // Looked up (and kept) one in 16 now: few found.
  let found = 0;
  for (let i = 0; i < 600; i++) {
    const b = body(i, "6");
    if (t.find(b, 0, b.length, b.length)) found++;
  }
  assert.ok(found <= 600 / 8, `${found}`);
  // Records that repeat again: kept at the next one in 16, then found.
  found = 0;
  for (let pid = 1; pid <= 100; pid++) {
    const b = body(9999, String(pid));
    if (t.find(b, 0, b.length, b.length)) found++;
    else {
      const printed = encoder.encode(`pid=${pid} \n`);
      t.hole(b.indexOf(0x3d, 10) + 1, 4);
      t.add(b, 0, b.length, printed, 0, printed.length, false);
    }
  }
  assert.ok(found >= 100 - 17, `${found}`);
});
