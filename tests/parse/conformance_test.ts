// Every line of go-libaudit's auparse test logs must give go-libaudit's
// golden output (null ↔ ParseError), except the deviations listed below.
import assert from "node:assert/strict";
import { type AuditMessage, ParseError, parseLogLine } from "../../parse/mod.ts";
import { exists } from "../fs_helpers.ts";

const DIR = new URL("../../../shared/conformance/go-libaudit/auparse/", import.meta.url);

const present = exists(DIR);
if (!present) console.warn(`skipping auparse conformance: ${DIR.pathname} is absent`);

/**
 * Lines of the golden files where we deliberately differ from go-libaudit,
 * by "file:line": the reason, and how to turn the golden entry into ours.
 * Empty: every golden line matches. The deviations that golden files do not
 * cover are listed (and tested) in {@linkcode DEVIATIONS} below.
 */
const GOLDEN_DEVIATIONS: Record<
  string,
  { reason: string; ours: (json: Record<string, unknown>) => void }
> = {};

function files(): string[] {
  return [...Deno.readDirSync(DIR)]
    .map((e) => e.name)
    .filter((n) => n.endsWith(".log"))
    .sort();
}

/** Splits like Go's bufio.Scanner: on "\n", dropping a trailing "\r" and a final empty line. */
function lines(text: string): string[] {
  const out = text.split("\n").map((l) => l.endsWith("\r") ? l.slice(0, -1) : l);
  if (out.at(-1) === "") out.pop();
  return out;
}

Deno.test({
  name: "parse conformance: every go-libaudit auparse line matches its golden entry",
  ignore: !present,
  fn() {
    let total = 0;
    let matching = 0;
    const failures: string[] = [];
    for (const name of files()) {
      const input = lines(Deno.readTextFileSync(new URL(name, DIR)));
      const golden = JSON.parse(Deno.readTextFileSync(new URL(name + ".golden", DIR)));
      assert.equal(input.length, golden.length, `${name}: line count`);
      input.forEach((line, i) => {
        total++;
        const where = `${name}:${i + 1}`;
        let ours: unknown = null;
        try {
          ours = JSON.parse(JSON.stringify(parseLogLine(line)));
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
        const deviation = GOLDEN_DEVIATIONS[where];
        const expected = structuredClone(golden[i]);
        if (deviation !== undefined && expected !== null) deviation.ours(expected);
        try {
          assert.deepStrictEqual(ours, expected);
          matching++;
        } catch (e) {
          failures.push(`${where}: ${(e as Error).message}`);
        }
      });
    }
    console.log(`auparse conformance: ${matching}/${total} lines match`);
    assert.deepStrictEqual(failures, []);
  },
});

/**
 * Where we deliberately differ from go-libaudit (v2, auparse), each fixing a
 * go-libaudit bug or limitation: the input, what go-libaudit gives (from its
 * code), what we give, and why. The README's deviations section lists these.
 */
const DEVIATIONS: {
  name: string;
  line: string;
  goLibaudit: string;
  check: (msg: AuditMessage) => void;
}[] = [
  {
    name: "ENRICHED tail kept apart from the fields",
    line:
      'type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=59 success=yes exit=0 pid=1 exe="/bin/ls" key=(null)\x1dARCH=x86_64 SYSCALL=execve AUID="unset"',
    goLibaudit: 'keys ["x86_64"] (key=(null)\x1dARCH=x86_64 read as one value)',
    check: (msg) => {
      assert.deepEqual(msg.keys, []);
      assert.equal(msg.enrichment?.ARCH, "x86_64");
    },
  },
  {
    name: "ENRICHED tail does not corrupt the last field",
    line:
      'type=PATH msg=audit(1.000:1): item=0 name="/etc/" inode=19 ouid=0 ogid=0 cap_frootid=0\x1dOUID="root" OGID="root"',
    goLibaudit: 'cap_frootid "0\x1dOUID="',
    check: (msg) => {
      assert.equal(msg.data.cap_frootid, "0");
      assert.deepEqual(msg.enrichment, { OUID: "root", OGID: "root" });
    },
  },
  {
    name: "ENRICHED SOCKADDR decodes",
    line:
      "type=SOCKADDR msg=audit(1.000:1): saddr=01002F6465762F6C6F6700\x1dSADDR={ saddr_fam=local path=/dev/log }",
    goLibaudit: 'error "failed to parse saddr" (the tail is read as part of the hex), no data',
    check: (msg) => {
      assert.equal(msg.error, undefined);
      assert.deepEqual(msg.data, { family: "unix", path: "/dev/log" });
    },
  },
  {
    name: "node= prefix",
    line: 'node=web-01 type=CWD msg=audit(1.000:1): cwd="/"',
    goLibaudit: 'error "invalid message type" (the type is read as "web-01 type=CWD")',
    check: (msg) => assert.equal(msg.node, "web-01"),
  },
  {
    name: "numeric record type",
    line: 'type=1307 msg=audit(1.000:1): cwd="/"',
    goLibaudit: 'error "invalid message type"',
    check: (msg) => assert.equal(msg.recordTypeName, "CWD"),
  },
  {
    name: "EXECVE with argc larger than the arguments in this record",
    line: 'type=EXECVE msg=audit(1.000:1): argc=3 a0="ls" a1=2D6C',
    goLibaudit: 'error "failed to find arg a2", no data',
    check: (msg) => {
      assert.equal(msg.error, undefined);
      assert.deepEqual(msg.data, { argc: "3", a0: "ls", a1: "-l" });
    },
  },
  {
    name: "EXECVE continuation record (no argc)",
    line: 'type=EXECVE msg=audit(1.000:1): a2="x" a3=41',
    goLibaudit: 'error "argc key not found", no data',
    check: (msg) => assert.deepEqual(msg.data, { a2: "x", a3: "A" }),
  },
  {
    name: "EXECVE argument chunks aN[i]",
    line: 'type=EXECVE msg=audit(1.000:1): argc=2 a0="cat" a1_len=2 a1[0]=41 a1[1]=42',
    goLibaudit: 'error "failed to find arg a1"; chunks dropped',
    check: (msg) => {
      assert.equal(msg.data.a1, "AB");
      assert.equal(msg.data["a1[1]"], "42");
    },
  },
  {
    name: "SYSCALL of a kernel thread (exe=(null))",
    line:
      'type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=0 success=yes exit=0 pid=2 comm="kworker" exe=(null) key=(null)',
    goLibaudit: 'error "exe key not found", no data (same for a missing proctitle, cmd, data)',
    check: (msg) => {
      assert.equal(msg.error, undefined);
      assert.equal(msg.data.syscall, "read");
    },
  },
  {
    name: "fields kept when enrichment fails",
    line: "type=SYSCALL msg=audit(1.000:1): arch=zz syscall=0 pid=7",
    goLibaudit: "data null next to the error",
    check: (msg) => {
      assert.match(msg.error!, /arch/);
      assert.equal(msg.data.pid, "7");
      assert.equal(msg.toJSON().data.pid, "7");
    },
  },
  {
    name: "abstract unix socket",
    line: "type=SOCKADDR msg=audit(1.000:1): saddr=01000061626300",
    goLibaudit: 'path "" (cut at the leading NUL)',
    check: (msg) => assert.equal(msg.data.path, "@abc"),
  },
  {
    name: "fields start right after the header",
    line: 'type=PATH msg=audit(1.000:1)name="/a/long/path/name/longer/than/the/header" inode=5',
    goLibaudit:
      "inode only: the fields start at an offset measured from the header's end but applied from the start",
    check: (msg) => {
      assert.deepEqual(msg.data, { name: "/a/long/path/name/longer/than/the/header", inode: "5" });
    },
  },
  {
    name: "USER_AVC seresult/seperms",
    line:
      "type=USER_AVC msg=audit(1.000:1): pid=1 uid=0 msg='avc:  denied  { start } for auid=0 tclass=service exe=\"/usr/lib/systemd/systemd\"'",
    goLibaudit: "no seresult/seperms (only kernel AVC records are rewritten)",
    check: (msg) => {
      assert.equal(msg.data.seresult, "denied");
      assert.equal(msg.data.seperms, "start");
      assert.equal(msg.data.pid, "1");
    },
  },
];

/** Headers go-libaudit accepts but that are not audit records. */
const STRICTER_HEADERS: { line: string; goLibaudit: string }[] = [
  {
    line: "xxxxxCWD msg=audit(1.000:1): cwd=/",
    goLibaudit: "CWD (the type= prefix is not checked)",
  },
  { line: "type=CWD msg=junk(1.000:1): cwd=/", goLibaudit: 'CWD (anything before "(")' },
  { line: "type=CWD msg=audit(+1.+0:1): cwd=/", goLibaudit: "CWD (signed numbers)" },
  {
    line: "type=CWD msg=audit(99999999999999.000:1): cwd=/",
    goLibaudit: "a time past year 275760",
  },
];

Deno.test("parse deviations from go-libaudit: each fixes a go-libaudit bug", async (t) => {
  for (const deviation of DEVIATIONS) {
    await t.step(`${deviation.name} (go-libaudit: ${deviation.goLibaudit})`, () => {
      deviation.check(parseLogLine(deviation.line));
    });
  }
  await t.step("stricter headers: ParseError where go-libaudit accepts junk", () => {
    for (const { line, goLibaudit } of STRICTER_HEADERS) {
      assert.throws(() => parseLogLine(line), ParseError, `${line} (go-libaudit: ${goLibaudit})`);
    }
  });
});
