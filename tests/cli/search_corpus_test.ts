// libaudit search against ausearch on a freshly recorded 3 s corpus (RAW and
// ENRICHED): byte for byte with ausearch's grouping emulated, and with ours
// (no split events) the same records, each printed once.
import assert from "node:assert/strict";
import { corpusSkipReason, daemonRunning, sharedCorpus } from "../corpus_helpers.ts";
import { kernelTest } from "../kernel_harness.ts";
import { ausearch, haveAusearch, search } from "./search_cases.ts";

const SKIP = corpusSkipReason() ?? await daemonRunning() ??
  (haveAusearch() ? undefined : "ausearch is not installed");

const CASES: string[][] = [
  [],
  ["-r"],
  ["-i"],
  ["-k", "exec"],
  ["-k", "exec", "-i"],
  ["-m", "SYSCALL", "-sv", "no"],
  ["-ui", "0", "-x", "bash"],
  ["-f", "/etc"],
  ["-sc", "execve", "--format", "csv"],
  ["--format", "text"],
  ["-ul", "unset", "-ts", "this-year"],
];

for (const format of ["RAW", "ENRICHED"] as const) {
  const name = `search = ausearch on a recorded ${format} corpus`;
  if (SKIP !== undefined) {
    Deno.test({ name: `${name} (skipped: ${SKIP})`, ignore: true, fn() {} });
    continue;
  }
  kernelTest(name, async (t) => {
    const log = await sharedCorpus(format);
    for (const zone of ["UTC", "America/New_York"]) {
      await t.step(`byte for byte in ${zone}`, async () => {
        const failures: string[] = [];
        for (const opts of CASES) {
          const args = ["-if", log.path, ...opts];
          const want = await ausearch(args, zone);
          const got = await search(args, zone, true);
          if (got.stdout !== want.stdout || got.code !== want.code) {
            failures.push(`${opts.join(" ")}: exit ${got.code} vs ${want.code}`);
          }
        }
        assert.deepStrictEqual(failures, []);
      });
    }
    await t.step("without ausearch's splits: the same records, each once", async () => {
      const args = ["-if", log.path, "-r"];
      const want = (await ausearch(args, "UTC")).stdout.split("\n").sort();
      const got = (await search(args, "UTC")).stdout.split("\n").sort();
      assert.deepStrictEqual(got, want);
    });
  });
}
