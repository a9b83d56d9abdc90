// Byte-for-byte comparison of formatInterpretedLine with the installed
// ausearch -i (3.0.9) on the sample logs and a crafted log covering the
// interpreters, in two time zones with LC_ALL=C.
import assert from "node:assert/strict";
import { AUSEARCH, ausearch, interpretLog, normalizeLog } from "./auparse_oracle.ts";
import { craftedEvents, craftedLog } from "./auparse_crafted.ts";

const SAMPLES = ["tests/testdata/sample.log", "tests/testdata/sample-enriched.log"];
const ZONES = ["UTC", "America/New_York"];

function firstDifference(want: string, got: string): string {
  const a = want.split("\n");
  const b = got.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\nausearch: ${a[i]}\nours:     ${b[i]}`;
  }
  return "";
}

for (const zone of ZONES) {
  for (const file of SAMPLES) {
    Deno.test({
      name: `auparse: ausearch -i on ${file} in ${zone}, byte for byte (needs ausearch)`,
      ignore: AUSEARCH === undefined,
      async fn() {
        const want = await ausearch(["-i", "-if", file], zone);
        const got = interpretLog(await Deno.readTextFile(file), zone);
        assert.ok(want.length > 1000, "ausearch printed the log");
        assert.equal(got, want, firstDifference(want, got));
      },
    });
  }
}

Deno.test({
  name: "auparse: ausearch -i on a crafted log of every interpreter (needs ausearch)",
  ignore: AUSEARCH === undefined,
  async fn() {
    const log = craftedLog();
    const path = await Deno.makeTempFile({ suffix: ".log" });
    try {
      await Deno.writeTextFile(path, log);
      for (const zone of ZONES) {
        const want = await ausearch(["-i", "-if", path], zone);
        const got = interpretLog(log, zone);
        assert.ok(want.split("----").length > 150, "ausearch printed the crafted events");
        assert.equal(got, want, firstDifference(want, got));
      }
    } finally {
      await Deno.remove(path);
    }
  },
});

Deno.test({
  name: "auparse: ausearch -i --escape modes on control characters (needs ausearch)",
  ignore: AUSEARCH === undefined,
  async fn() {
    const log = [
      "type=CWD msg=audit(1795570504.898:1): cwd=2F746D702F61200A62247C3B2A",
      "type=PATH msg=audit(1795570504.898:2): item=0 name=2F746D702F2728293C3E7B7D5B5D0962 nametype=NORMAL",
      "type=PROCTITLE msg=audit(1795570504.898:3): proctitle=6563686F00612062002428696429",
      "type=CONFIG_CHANGE msg=audit(1795570504.898:4): op=add_rule key=6B2401611B62 list=4 res=1",
      // ENRICHED translations come out as written, in every mode
      "type=SOCKADDR msg=audit(1795570504.898:5): saddr=100000000000000000000000\x1dSADDR={ saddr_fam=netlink nlnk-fam=16 nlnk-pid=0 }",
      'type=USER_LOGIN msg=audit(1795570504.898:6): pid=1 uid=0 auid=1000 ses=2 msg=\'op=login acct="a" exe="/bin/login" res=success\'\x1dUID="ro(o)t|x" AUID="a b"',
    ].join("\n") + "\n";
    const path = await Deno.makeTempFile({ suffix: ".log" });
    try {
      await Deno.writeTextFile(path, log);
      for (const mode of ["raw", "tty", "shell", "shell_quote"] as const) {
        const want = await ausearch(["-i", "--escape", mode, "-if", path], "UTC");
        const { formatInterpretedLine, LocalClock } = await import("../../interpret/mod.ts");
        const clock = new LocalClock("UTC");
        const got = log.trim().split("\n").map((l) =>
          "----\n" + formatInterpretedLine(l, { clock, escape: mode })
        ).join("");
        assert.equal(got, want, `--escape ${mode}\n${firstDifference(want, got)}`);
      }
    } finally {
      await Deno.remove(path);
    }
  },
});

const FORMATS = [
  ["text", []],
  ["csv", []],
  ["csv", ["--extra-keys", "--extra-labels", "--extra-obj2", "--extra-time"]],
] as const;

for (const [format, extra] of FORMATS) {
  Deno.test({
    name: `auparse: ausearch --format ${format} ${
      extra.join(" ")
    } on the sample logs and crafted events (needs ausearch)`,
    ignore: AUSEARCH === undefined,
    async fn() {
      const events = await Deno.makeTempFile({ suffix: ".log" });
      const crafted = await Deno.makeTempFile({ suffix: ".log" });
      try {
        await Deno.writeTextFile(events, craftedEvents());
        await Deno.writeTextFile(crafted, craftedLog());
        for (const file of [...SAMPLES, events, crafted]) {
          for (const zone of ZONES) {
            const want = await ausearch(["--format", format, ...extra, "-if", file], zone);
            const got = normalizeLog(await Deno.readTextFile(file), zone, format, extra);
            assert.ok(want.split("\n").length > 20, `ausearch printed ${file}`);
            assert.equal(got, want, `${file} ${zone}\n${firstDifference(want, got)}`);
          }
        }
      } finally {
        await Deno.remove(events);
        await Deno.remove(crafted);
      }
    },
  });
}
