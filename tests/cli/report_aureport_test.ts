/**
 * `libaudit report` against aureport 3.0.9 itself: every report, plain and
 * `--summary`, with `-i`, `--failed` and `--success`, on the sample logs and
 * an odd log, in two time zones under LC_ALL=C — byte for byte, and the same
 * exit status.
 */
import assert from "node:assert/strict";
import { aureport, HAVE_AUREPORT, ours, TESTDATA } from "./report_helpers.ts";

const REPORTS = [
  "",
  "-au",
  "-a",
  "-c",
  "-cr",
  "-e",
  "-f",
  "-h",
  "-k",
  "-l",
  "-m",
  "-ma",
  "-n",
  "-p",
  "-r",
  "-s",
  "-t",
  "-tm",
  "-u",
  "-x",
  "--comm",
  "--virt",
  "--integrity",
  "--tty",
];
const VARIANTS = [[], ["--summary"], ["-i"], ["--summary", "-i"], ["--failed"], ["--success"], [
  "--summary",
  "--failed",
]];
const FILES = ["sample.log", "sample-enriched.log", "report/odd.log"];
const ZONES = ["UTC", "America/New_York"];

for (const file of FILES) {
  for (const tz of ZONES) {
    Deno.test({
      name: `report equals aureport on ${file} in ${tz}${
        HAVE_AUREPORT ? "" : " (ignored: no aureport)"
      }`,
      ignore: !HAVE_AUREPORT,
      fn() {
        const path = `${TESTDATA}${file}`;
        for (const report of REPORTS) {
          for (const variant of VARIANTS) {
            const args = [...(report === "" ? [] : [report]), ...variant];
            const want = aureport(["-if", path, ...args], tz);
            const got = ours(path, args, tz);
            assert.equal(got.stdout, want.stdout, `aureport ${args.join(" ")}`);
            assert.equal(got.code, want.code, `exit status of aureport ${args.join(" ")}`);
          }
        }
      },
    });
  }
}
