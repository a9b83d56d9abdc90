// Differential test: InterpretedLineWriter (ausearch -i from the bytes as
// read) writes exactly what formatInterpretedLine (checked against ausearch
// in auparse_ausearch_test and auparse_fuzz_test) returns, for every line of
// the crafted logs, the samples, mutated records and odd bytes, in each
// escape mode, with and without an event node.
import assert from "node:assert/strict";
import { formatInterpretedLine, LocalClock } from "../../interpret/mod.ts";
import { InterpretedLineWriter } from "../../interpret/auparse/format_bytes.ts";
import type { EscapeMode } from "../../interpret/auparse/types.ts";
import { eventsOf, mutatedLog, resolver } from "./auparse_oracle.ts";
import { craftedEvents, craftedLog } from "./auparse_crafted.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MODES: EscapeMode[] = ["tty", "raw", "shell", "shell_quote"];

/** Lines that take the writer's less common paths. */
function oddLines(): Uint8Array[] {
  const h = (type: string, n: number) => `type=${type} msg=audit(1795570504.898:${n}): `;
  const text = [
    `${h("SYSCALL", 1)}arch=c000003e syscall=59 success=yes exit=0 a0=55 a1=56 a2=57 a3=0 ` +
    `items=2 ppid=1 pid=2 auid=1000 uid=0 comm="caf\u00e9" exe="/usr/bin/x" key=(null)`,
    `${h("PROCTITLE", 2)}proctitle=6C73002D6C00`,
    `${h("PROCTITLE", 3)}proctitle=6C73002D6`,
    `${h("PROCTITLE", 4)}proctitle=006C73`,
    `${h("PROCTITLE", 5)}proctitle=6C7309010A1B7F20`,
    `${h("PROCTITLE", 6)}proctitle=C3A96C73`,
    `${h("PROCTITLE", 7)}proctitle="ls -l"`,
    `${h("PROCTITLE", 8)}proctitle=6C7G`,
    `${h("CWD", 9)}cwd="/tmp/a b"`,
    `${h("CWD", 10)}cwd=2F746D702F61006220`,
    `${h("CWD", 11)}cwd="/tmp/unclosed`,
    `${h("CWD", 12)}cwd=(null)`,
    `${h("CWD", 13)}cwd=`,
    `${h("EXECVE", 14)}argc=3 a0="ls" a1=2D6C00 a2="$(x)|y;z*?[1]<>{}"`,
    `${h("EXECVE", 15)}argc=2 a0=22616222 a1=27615C27`,
    `${
      h("USER_LOGIN", 16)
    }pid=1 uid=0 auid=1000 ses=2 msg='op=login acct="root" exe="/bin/login" ` +
    `hostname=? addr=? terminal=tty1 res=success'`,
    `${h("USER_AUTH", 17)}pid=1 uid=0 msg='op=PAM:auth acct=726F6F74 exe="/x" res=failed'`,
    `${h("USER_ACCT", 18)}pid=1 uid=0 msg='op=PAM:accounting acct=root: exe="/x" res=success'`,
    `${h("TRUSTED_APP", 19)}pid=1 uid=0 msg='x="quoted" y=1234 z=abcd w=xyz'`,
    `${h("AVC", 20)}avc:  denied  { read } for  pid=1 comm="x" ` +
    `scontext=system_u:object_r:a_t:s0:c0,c1 tcontext=u:r:t:s0 tclass=file permissive=0`,
    `${h("SYSCALL", 21)}arch=zzzz syscall=2 a0=1 a1=2 subj=a,b key="k"`,
    `${h("SYSCALL", 22)}arch=c000003e syscall=99999999999999999999 a0=1`,
    `${h("CONFIG_CHANGE", 23)}op=add_rule key=6B31016B32 list=4 res=1`,
    `${h("CONFIG_CHANGE", 24)}op=x,y res=1`,
    `${h("CONFIG_CHANGE", 25)}nothing here`,
    `${h("UNKNOWN[2999]", 26)}a=1 b=2`,
    `${h("NOSUCHTYPE", 27)}a=1 b=2`,
    `node=host1 ${h("CWD", 28)}cwd="/"`,
    `node=host1 ${h("SYSCALL", 29)}arch=40000028 syscall=5 a0=0 a1=0 uid=1000 gid=1000`,
    `type=CWD msg=audit(1795570504.898:30`,
    `type=CWD msg=(1795570504.898:31): cwd="/"`,
    `type=CWD msg=audit(x.898:32): cwd="/"`,
    `type=CWD msg=audit(1795570504.0000898:33): cwd="/"`,
    `typo`,
    `type=CWD`,
    `${h("CWD", 34)}cwd="/"\x1dUID="root" CWD=/elsewhere`,
    `${h("SYSCALL", 35)}arch=c000003e syscall=2 a0=1 uid=0 auid=1001\x1dARCH=x86_64 ` +
    `SYSCALL=open AUID="alice" UID="unknown-x"`,
    `${h("USER_AUTH", 43)}pid=1 uid=0 auid=1000 msg='op=PAM:auth acct="root" exe="/x" ` +
    `res=success'\x1dUID="root" AUID="alice" ACCT="nobody"`,
    `${h("USER_ACCT", 44)}pid=1 uid=0 msg='acct=726F6F74: res=success'\x1dACCT="x" OP="y"`,
    `${h("TTY", 36)}tty=pts0 data=6C730D`,
    `${h("SOCKADDR", 37)}saddr=02000050C0A80001000000000000000000000000`,
    `${h("PATH", 38)}item=0 name="/etc/passwd" inode=1 dev=fe:00 mode=0100644 ouid=0 ogid=0 ` +
    `rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`,
    `${h("BPRM_FCAPS", 39)}fver=0 fp=0 fi=0 fe=0 old_pp=000001ffffffffff pp=1ffffffffff`,
  ].map((l) => encoder.encode(l));
  // bytes that are not UTF-8, and controls as written
  const raw = [
    [...encoder.encode(`${h("CWD", 40)}cwd="/tmp/`), 0xff, 0xfe, ...encoder.encode(`"`)],
    [...encoder.encode(`${h("USER", 41)}msg='x=`), 0x80, 0x01, 0x1b, ...encoder.encode(` y=2'`)],
    [...encoder.encode(`${h("CWD", 42)}cwd=`), 0x09, ...encoder.encode(`x`)],
  ].map((a) => new Uint8Array(a));
  return [...text, ...raw];
}

function check(lines: Uint8Array[], mode: EscapeMode, node: string | undefined): void {
  const clock = new LocalClock("UTC");
  const writer = new InterpretedLineWriter({ resolver, clock, escape: mode });
  // Names that never change: ids and whole bodies are kept (each line goes twice).
  const stable = new InterpretedLineWriter({
    resolver: {
      userName: (uid) => resolver.userName(uid),
      groupName: (gid) => resolver.groupName(gid),
      stable: true,
    },
    clock,
    escape: mode,
  });
  const opts = { resolver, clock, escape: mode, eventNode: node ?? null };
  for (const b of lines) {
    const gs = b.indexOf(0x1d);
    // the line sits inside a larger buffer, as lines read from a file do
    const buf = new Uint8Array(b.length + 20).fill(0x20);
    buf.set(b, 10);
    const want = formatInterpretedLine(decoder.decode(b), opts);
    for (const w of [writer, stable, stable]) {
      w.length = 0;
      w.line(buf, 10, 10 + b.length, 10 + (gs < 0 ? b.length : gs), node);
      const got = decoder.decode(w.buf.subarray(0, w.length));
      assert.equal(got, want, `${mode} ${node}: ${decoder.decode(b)}`);
    }
  }
}

function linesOf(text: string): Uint8Array[] {
  return text.split("\n").filter((l) => l !== "").map((l) => encoder.encode(l));
}

Deno.test("auparse: -i from bytes = formatInterpretedLine on crafted, sample and odd lines", async () => {
  const lines = [
    ...linesOf(craftedEvents()),
    ...linesOf(craftedLog()),
    ...linesOf(await Deno.readTextFile("tests/testdata/sample.log")),
    ...linesOf(await Deno.readTextFile("tests/testdata/sample-enriched.log")),
    ...oddLines(),
  ];
  for (const mode of MODES) {
    for (const node of [undefined, "host1"]) check(lines, mode, node);
  }
});

Deno.test("auparse: -i from bytes = formatInterpretedLine on mutated records", async () => {
  const sources = [
    ...eventsOf(craftedEvents()),
    ...eventsOf(craftedLog()),
    ...eventsOf(await Deno.readTextFile("tests/testdata/sample-enriched.log")),
  ];
  for (let seed = 1; seed <= 12; seed++) {
    const lines = linesOf(mutatedLog(sources, 400, seed));
    check(lines, MODES[seed % MODES.length]!, seed % 3 === 0 ? "n" : undefined);
  }
});
