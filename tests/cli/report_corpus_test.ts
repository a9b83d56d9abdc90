// libaudit report against aureport on the shared recorded 3 s corpus (RAW and
// ENRICHED), every report plain, --summary and -i, in two zones, byte for byte.
import assert from "node:assert/strict";
import { corpusSkipReason, daemonRunning, sharedCorpus } from "../corpus_helpers.ts";
import { kernelTest } from "../kernel_harness.ts";
import { aureport, HAVE_AUREPORT, ours } from "./report_helpers.ts";

const SKIP = corpusSkipReason() ?? await daemonRunning() ??
  (HAVE_AUREPORT ? undefined : "aureport is not installed");

const REPORTS = [
  "",
  "-au",
  "-c",
  "-e",
  "-f",
  "-h",
  "-k",
  "-l",
  "-m",
  "-p",
  "-s",
  "-tm",
  "-u",
  "-x",
  "--comm",
];
const VARIANTS = [[], ["--summary"], ["-i"], ["--summary", "-i"], ["--failed"]];

for (const format of ["RAW", "ENRICHED"] as const) {
  const name = `report = aureport on a recorded ${format} corpus`;
  if (SKIP !== undefined) {
    Deno.test({ name: `${name} (skipped: ${SKIP})`, ignore: true, fn() {} });
    continue;
  }
  kernelTest(name, async (t) => {
    const log = await sharedCorpus(format);
    for (const zone of ["UTC", "America/New_York"]) {
      await t.step(`byte for byte in ${zone}`, () => {
        const failures: string[] = [];
        for (const report of REPORTS) {
          for (const variant of VARIANTS) {
            const args = [...(report === "" ? [] : [report]), ...variant];
            const want = aureport(["-if", log.path, ...args], zone);
            const got = ours(log.path, args, zone);
            if (got.stdout !== want.stdout || got.code !== want.code) {
              failures.push(`${args.join(" ")}: exit ${got.code} vs ${want.code}`);
            }
          }
        }
        assert.deepStrictEqual(failures, []);
      });
    }
  });
}
