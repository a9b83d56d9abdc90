// Real data in CI: record ~3 s audit logs from this kernel with
// ../shared/corpus/make-corpus.sh, in RAW and in ENRICHED format, and check
// that every line parses, that the ENRICHED translations agree with our
// fields and the machine's user and group names, that reassembly gives as many
// events as aureport counts with no loss reported, and that the CLI prints one
// JSON event per event. Skipped (with the reason) without root,
// make-corpus.sh or auditd.
import assert from "node:assert/strict";
import { type AuditMessage, ParseError, parseLogLine } from "../parse/mod.ts";
import { kernelTest } from "./kernel_harness.ts";
import {
  aureportEvents,
  corpusSkipReason,
  daemonRunning,
  type IdNames,
  reassembleAndCoalesce,
  sharedCorpus,
} from "./corpus_helpers.ts";

const SECONDS = 3;
const CLI = new URL("../cli.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

/** ENRICHED keys that translate a uid (auditd looks `id` up as a uid too). */
const UID_KEYS: Readonly<Record<string, string>> = {
  AUID: "auid",
  UID: "uid",
  EUID: "euid",
  SUID: "suid",
  FSUID: "fsuid",
  OUID: "ouid",
  ID: "id",
};
/** ENRICHED keys that translate a gid. */
const GID_KEYS: Readonly<Record<string, string>> = {
  GID: "gid",
  EGID: "egid",
  SGID: "sgid",
  FSGID: "fsgid",
  OGID: "ogid",
};

/** Parses every line; returns the messages and a list of problems (ParseErrors, message errors). */
function parseAll(text: string): { messages: AuditMessage[]; problems: string[] } {
  const messages: AuditMessage[] = [];
  const problems: string[] = [];
  let n = 0;
  for (const line of text.split("\n")) {
    n++;
    if (line === "") continue;
    try {
      const msg = parseLogLine(line);
      if (msg.error !== undefined) problems.push(`line ${n}: error ${msg.error}`);
      messages.push(msg);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push(`line ${n}: ParseError ${e.message}`);
    }
  }
  return { messages, problems };
}

/** The names auditd may write for id `value` of our data (`unset`, a name, or `unknown(N)`). */
function expectedNames(
  value: string,
  names: Map<number, Set<string>>,
  sometimesMissing: Set<number>,
): Set<string> {
  if (value === "unset") return new Set(["unset"]);
  if (!/^\d+$/.test(value)) return new Set();
  const id = Number(value);
  const out = new Set(names.get(id) ?? []);
  if (!names.has(id) || sometimesMissing.has(id)) out.add(`unknown(${id})`);
  return out;
}

/** Checks each ENRICHED tail against our fields; returns problems and how often each key was checked. */
function checkEnrichment(
  messages: AuditMessage[],
  names: IdNames,
): { problems: string[]; checked: Record<string, number>; tails: number } {
  const problems: string[] = [];
  const checked: Record<string, number> = {};
  let tails = 0;
  for (const msg of messages) {
    const tail = msg.enrichment;
    if (tail === undefined) continue;
    tails++;
    const where = `${msg.recordTypeName} seq ${msg.sequence}`;
    const bad = (what: string) => problems.push(`${where}: ${what}`);
    if (msg.rawMessage.includes("\x1d")) bad("raw_msg holds the \\x1d separator");
    const tailKeys = Object.keys(tail);
    for (const [key, value] of Object.entries(msg.data)) {
      if (value.includes("\x1d")) bad(`field ${key} holds the \\x1d separator: ${value}`);
      if (tailKeys.includes(key)) bad(`upper-case translation ${key} among the raw fields`);
      for (const t of tailKeys) {
        if (value.includes(`${t}=`)) bad(`field ${key}=${value} holds the translation ${t}=`);
      }
    }
    for (const k of msg.keys) {
      if (k.includes("\x1d") || /[A-Z]+=/.test(k)) {
        bad(`rule key ${JSON.stringify(k)} holds the tail`);
      }
    }
    const compare = (key: string, ours: string | undefined, allowed: Set<string>) => {
      checked[key] = (checked[key] ?? 0) + 1;
      if (!allowed.has(tail[key]!)) {
        bad(`${key}=${tail[key]} but our field is ${ours} (expected one of ${[...allowed]})`);
      }
    };
    for (const key of tailKeys) {
      if (key === "ARCH") compare(key, msg.data.arch, new Set([msg.data.arch ?? "(none)"]));
      else if (key === "SYSCALL") {
        compare(key, msg.data.syscall, new Set([msg.data.syscall ?? "(none)"]));
      } else if (UID_KEYS[key] !== undefined) {
        const ours = msg.data[UID_KEYS[key]!];
        if (ours === undefined) bad(`${key} without our field ${UID_KEYS[key]}`);
        else compare(key, ours, expectedNames(ours, names.users, names.usersSometimesMissing));
      } else if (GID_KEYS[key] !== undefined) {
        const ours = msg.data[GID_KEYS[key]!];
        if (ours === undefined) bad(`${key} without our field ${GID_KEYS[key]}`);
        else compare(key, ours, expectedNames(ours, names.groups, names.groupsSometimesMissing));
      }
    }
  }
  return { problems, checked, tails };
}

/** Runs `libaudit parse -i --format json path` and checks its output; returns the line count. */
async function cliJsonEvents(path: string): Promise<number> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", CONFIG, CLI, "parse", "-i", "--format", "json", path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  const stderr = d.decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  assert.equal(stderr, "");
  const lines = d.decode(out.stdout).split("\n");
  assert.equal(lines.pop(), "", "output ends with a newline");
  lines.forEach((line, i) => {
    try {
      const event = JSON.parse(line);
      assert.equal(typeof event, "object", `line ${i + 1}`);
    } catch (e) {
      throw new Error(`line ${i + 1} is not JSON: ${line.slice(0, 200)}`, { cause: e });
    }
  });
  return lines.length;
}

Deno.test("corpus checker: flags a wrong translation and accepts auditd's unset/unknown(N)", () => {
  const names: IdNames = {
    users: new Map([[0, new Set(["root"])], [1001, new Set(["corpususer"])]]),
    groups: new Map([[0, new Set(["root"])]]),
    usersSometimesMissing: new Set([1001]),
    groupsSometimesMissing: new Set(),
  };
  const line = (tail: string) =>
    parseLogLine(
      "type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=59 success=yes exit=0 " +
        "a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=2 auid=4294967295 uid=1001 gid=0 euid=0 suid=0 " +
        'fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="x" exe="/x" key=(null)' +
        `\x1d${tail}`,
    );
  const good = [
    'ARCH=x86_64 SYSCALL=execve AUID="unset" UID="corpususer" GID="root" EUID="root"',
    'ARCH=x86_64 SYSCALL=execve AUID="unset" UID="unknown(1001)" GID="root" EUID="root"',
  ];
  for (const tail of good) {
    assert.deepEqual(checkEnrichment([line(tail)], names).problems, [], tail);
  }
  const bad = [
    'ARCH=i386 SYSCALL=execve AUID="unset" UID="corpususer"',
    'ARCH=x86_64 SYSCALL=open AUID="unset" UID="corpususer"',
    'ARCH=x86_64 SYSCALL=execve AUID="root" UID="corpususer"',
    'ARCH=x86_64 SYSCALL=execve AUID="unset" UID="root"',
    'ARCH=x86_64 SYSCALL=execve AUID="unset" UID="corpususer" GID="unknown(0)"',
  ];
  for (const tail of bad) {
    assert.equal(checkEnrichment([line(tail)], names).problems.length, 1, tail);
  }
});

const SKIP = corpusSkipReason() ?? await daemonRunning();

for (const format of ["RAW", "ENRICHED"] as const) {
  const name = `corpus ${format}: a ${SECONDS} s make-corpus.sh log parses, enriches, ` +
    `reassembles to aureport's event count, and prints as JSON events`;
  if (SKIP !== undefined) {
    Deno.test({ name: `${name} (skipped: ${SKIP})`, ignore: true, fn() {} });
    continue;
  }
  kernelTest(name, async (t) => {
    const started = performance.now();
    {
      const log = await sharedCorpus(format);
      const lines = log.text.split("\n").filter((l) => l !== "").length;
      console.log(`recorded ${lines} lines in ${(log.ms / 1000).toFixed(1)} s`);
      assert.ok(lines > 100, `only ${lines} lines recorded`);

      const { messages, problems } = parseAll(log.text);
      await t.step("every line parses: no ParseError, no message error", () => {
        assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
      });

      if (format === "ENRICHED") {
        await t.step("ENRICHED tails agree with arch, syscall and the ids' names", () => {
          const r = checkEnrichment(messages, log.names);
          console.log(`${r.tails} tails checked:`, JSON.stringify(r.checked));
          assert.deepEqual(r.problems.slice(0, 20), [], `${r.problems.length} problems`);
          assert.ok(r.tails > messages.length / 10, `only ${r.tails} of ${messages.length} tails`);
          for (const key of ["ARCH", "SYSCALL", "AUID", "UID", "GID", "EUID", "OUID", "OGID"]) {
            assert.ok((r.checked[key] ?? 0) > 0, `no ${key} checked`);
          }
        });
      } else {
        await t.step("RAW records have no enrichment tail", () => {
          assert.equal(messages.filter((m) => m.enrichment !== undefined).length, 0);
        });
      }

      const expected = aureportEvents(log.path);
      const counts = reassembleAndCoalesce(log.text);
      await t.step(
        `reassembly + coalesce: ${
          expected === undefined
            ? "(aureport missing: event count not compared)"
            : `aureport's ${expected} events`
        }, 0 lost, 0 coalesce failures`,
        () => {
          assert.deepEqual(
            counts,
            {
              events: expected ?? counts.events,
              lost: 0,
              jumps: 0,
              badLines: 0,
              coalesceFailures: 0,
            },
          );
        },
      );

      await t.step(
        "cli parse -i --format json: one JSON line per event, exit 0, no stderr",
        async () => {
          assert.equal(await cliJsonEvents(log.path), expected ?? counts.events);
        },
      );
      console.log(`recording and checks: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  });
}
