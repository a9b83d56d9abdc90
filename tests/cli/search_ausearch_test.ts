import assert from "node:assert/strict";
import { ausearch, haveAusearch, OPTION_ERRORS, OPTION_SETS, search } from "./search_cases.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const LOGS = [
  `${ROOT}tests/testdata/sample.log`,
  `${ROOT}tests/testdata/sample-enriched.log`,
  `${ROOT}tests/cli/testdata/search_odd.log`,
  // Lines with leading spaces (ausearch's audit_strsplit reads past them).
  `${ROOT}tests/cli/testdata/search_spaces.log`,
  // NUL bytes (a crash's padding): a line ends at its first NUL, as C strings do.
  `${ROOT}tests/cli/testdata/search_nul.log`,
  // Type names libaudit 3.0.9 does not know (DM_CTRL, LANDLOCK_ACCESS) or writes in
  // another case: ausearch reads their type as -1 (so it splits LANDLOCK_ACCESS +
  // SYSCALL), or as the name in capitals.
  `${ROOT}tests/cli/testdata/search_newtypes.log`,
  // A link-local IPv6 SOCKADDR (scope 1, `lo`): ausearch prints and matches its scope as
  // getnameinfo gives it, `fe80::1%lo`.
  `${ROOT}tests/cli/testdata/search_linklocal.log`,
];
const ZONES = ["UTC", "America/New_York"];
const missing = !haveAusearch();
if (missing) console.error("search_ausearch_test: ausearch is not installed; comparisons ignored");

/**
 * Runs `libaudit search` and ausearch with `-if log` and each option set under each zone;
 * lists where their stdout or exit status differ.
 */
async function differences(
  log: string,
  optionSets: readonly (readonly string[])[],
  zones: readonly string[],
  splits = false,
): Promise<string[]> {
  const failures: string[] = [];
  for (const tz of zones) {
    for (const opts of optionSets) {
      const args = ["-if", log, ...opts];
      const want = await ausearch(args, tz);
      const got = await search(args, tz, splits);
      if (got.stdout !== want.stdout || got.code !== want.code) {
        failures.push(`${tz} ${opts.join(" ")}: exit ${got.code} vs ${want.code}`);
      }
    }
  }
  return failures;
}

for (const log of LOGS) {
  const name = log.slice(log.lastIndexOf("/") + 1);
  // The odd log holds events ausearch splits (README "Deviations from
  // ausearch"): there the comparison groups records as ausearch does, and
  // search_deviations_test.ts checks the difference itself.
  const splits = name === "search_odd.log" || name === "search_newtypes.log";
  for (const tz of ZONES) {
    Deno.test({
      name: `search = ausearch byte for byte: ${name}, TZ=${tz}, ${OPTION_SETS.length} option sets${
        missing ? " (ignored: ausearch not installed)" : ""
      }`,
      ignore: missing,
      async fn() {
        assert.deepStrictEqual(await differences(log, OPTION_SETS, [tz], splits), []);
      },
    });
  }
}

Deno.test({
  name: `search = ausearch on odd command lines, stderr too: ${OPTION_ERRORS.length} option sets${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const failures: string[] = [];
    for (const opts of OPTION_ERRORS) {
      const args = ["-if", LOGS[0]!, ...opts];
      const want = await ausearch(args, "UTC");
      const got = await search(args, "UTC");
      if (got.stdout !== want.stdout || got.code !== want.code || got.stderr !== want.stderr) {
        failures.push(
          `${opts.join(" ")}: exit ${got.code} vs ${want.code}, stderr ${
            JSON.stringify(got.stderr.slice(0, 120))
          } vs ${JSON.stringify(want.stderr.slice(0, 120))}`,
        );
      }
    }
    assert.deepStrictEqual(failures, []);
  },
});

// Events around New York's DST changes: -ts/-te dates and times there.
const DST = `${ROOT}tests/cli/testdata/search_dst.log`;
const DST_CASES: string[][] = [];
for (const edge of ["-ts", "-te"]) {
  for (const date of ["03/08/26", "07/04/26", "11/01/26"]) {
    DST_CASES.push([edge, date]);
    for (const time of ["00:00", "01:00:00", "01:30:00", "02:00:00", "02:30", "03:00:00"]) {
      DST_CASES.push([edge, date, time]);
    }
  }
}

Deno.test({
  name: `search = ausearch on -ts/-te around DST changes: ${DST_CASES.length} option sets${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe"];
    assert.deepStrictEqual(await differences(DST, DST_CASES, zones), []);
  },
});

// Events whose records auparse splits when ausearch feeds them for csv/text
// (an EOE or a PROCTITLE before other records), compared with ausearch's grouping.
const FEED = `${ROOT}tests/cli/testdata/search_feed.log`;
Deno.test({
  name: `search = ausearch, csv and text of events auparse splits${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const failures: string[] = [];
    for (
      const opts of [
        [],
        ["-r"],
        ["-i"],
        ["--format", "text"],
        ["--format", "csv"],
        ["--format", "csv", "--extra-time", "--extra-keys"],
        ["--format", "text", "-a", "186"],
      ]
    ) {
      const args = ["-if", FEED, ...opts];
      const want = await ausearch(args, "UTC");
      const got = await search(args, "UTC", true);
      if (got.stdout !== want.stdout || got.code !== want.code) {
        failures.push(`${opts.join(" ")}: exit ${got.code} vs ${want.code}`);
      }
    }
    assert.deepStrictEqual(failures, []);
  },
});

Deno.test({
  name: `search = ausearch, csv of an event auparse cannot normalize: stderr too${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const args = ["-if", `${ROOT}tests/cli/testdata/search_norm.log`, "--format", "csv"];
    const want = await ausearch(args, "UTC");
    const got = await search(args, "UTC");
    assert.deepStrictEqual(got, want);
    assert.equal(got.stderr, "error normalizing CWD\n");
  },
});

// Time stamps ausearch's str2event reads leniently (strtoul: blanks, signs, no
// digits as 0, the first "." and the ":" after it), and headers cut at 80 bytes.
Deno.test({
  name: `search = ausearch on odd time stamps (default, raw and filters)${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const failures: string[] = [];
    const log = `${ROOT}tests/cli/testdata/search_stamps.log`;
    for (
      const opts of [
        [],
        ["-r"],
        ["-k", "k101"],
        ["-a", "42"],
        ["-a", "7"],
        ["-ts", "11/25/26"],
        ["-k", "far"], // years past Date's range; past an int's: "(null)"
        // -i, csv and text print the event's time stamp, as ausearch read it
        ["-i", "-k", "k10"],
        ["--format", "csv", "-a", "7"],
        ["--format", "csv", "-a", "100284"],
        ["--format", "text", "-a", "10"],
        ["--format", "text", "-a", "12"],
        ["-i", "-k", "far"],
        ["--format", "csv", "--extra-time", "-k", "far"],
        ["--format", "text", "-k", "far"],
        // second 0 ("((" reads as 0): auparse reads no field
        ["--format", "csv", "-k", "k100"],
        ["--format", "text", "-k", "k100"],
        // a serial of -1: strtoul's 18446744073709551615, printed whole
        ["-i", "-k", "k114"],
        ["--format", "csv", "-k", "k114"],
        ["-i"],
      ]
    ) {
      const args = ["-if", log, ...opts];
      const want = await ausearch(args, "UTC");
      const got = await search(args, "UTC");
      if (got.stdout !== want.stdout || got.code !== want.code) {
        failures.push(`${opts.join(" ")}: exit ${got.code} vs ${want.code}`);
      }
    }
    assert.deepStrictEqual(failures, []);
  },
});

// Events stamped at second 0 (a "((" header reads as 0, or a plain 0): auparse, which
// --format csv and text go through, then finds, reads and interprets no field
// (`if (au->le->e.sec)` in its accessors), so the rows are nearly empty and a
// node prints as "(null)"; -i and the default format print the fields.
Deno.test({
  name: `search = ausearch on events stamped at second 0 (csv and text)${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const log = `${ROOT}tests/cli/testdata/search_epoch0.log`;
    const optionSets = [
      ["--format", "csv"],
      ["--format", "csv", "--extra-keys", "--extra-labels", "--extra-obj2", "--extra-time"],
      ["--format", "text"],
      ["-i"],
      [],
    ];
    assert.deepStrictEqual(await differences(log, optionSets, ZONES), []);
  },
});

Deno.test({
  name: `search = ausearch: -hn and -i on a link-local IPv6 address (interface name as scope)${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const log = `${ROOT}tests/cli/testdata/search_linklocal.log`;
    const failures: string[] = [];
    for (
      const opts of [
        ["-hn", "fe80::1%lo"],
        ["-hn", "fe80::1"],
        ["-hn", "fe80::1%1"],
        ["-i"],
        ["--format", "csv"],
        ["--format", "text"],
      ]
    ) {
      const args = ["-if", log, ...opts];
      const want = await ausearch(args, "UTC");
      const got = await search(args, "UTC");
      if (got.stdout !== want.stdout || got.code !== want.code) {
        failures.push(
          `${opts.join(" ")}: exit ${got.code} vs ${want.code}\n${got.stdout}\n${want.stdout}`,
        );
      }
    }
    assert.deepStrictEqual(failures, []);
  },
});
