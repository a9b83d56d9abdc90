// ausearch -i, --format text and --format csv against ours on a freshly
// recorded 3 s corpus (RAW and ENRICHED), event by event (ausearch prints
// events in the order they complete; we compare the sets of events).
import assert from "node:assert/strict";
import { corpusSkipReason, daemonRunning, sharedCorpus } from "../corpus_helpers.ts";
import { kernelTest } from "../kernel_harness.ts";
import { AUSEARCH, ausearch, interpretLog, normalizeLog } from "./auparse_oracle.ts";

const SKIP = corpusSkipReason() ?? await daemonRunning() ??
  (AUSEARCH === undefined ? "ausearch is not installed" : undefined);

function blocks(text: string, sep: string): string[] {
  return text.split(sep).filter((b) => b !== "").sort();
}

function compare(want: string[], got: string[], what: string): void {
  const missing = want.filter((b) => !got.includes(b));
  const extra = got.filter((b) => !want.includes(b));
  assert.deepEqual(
    { missing: missing.slice(0, 3), extra: extra.slice(0, 3) },
    { missing: [], extra: [] },
    `${what}: ${missing.length} of ${want.length} events differ`,
  );
  assert.equal(got.length, want.length, what);
}

for (const format of ["RAW", "ENRICHED"] as const) {
  const name = `auparse: ausearch -i, --format text|csv on a recorded ${format} corpus`;
  if (SKIP !== undefined) {
    Deno.test({ name: `${name} (skipped: ${SKIP})`, ignore: true, fn() {} });
    continue;
  }
  kernelTest(name, async (t) => {
    const log = await sharedCorpus(format);
    for (const zone of ["UTC", "America/New_York"]) {
      await t.step(`-i in ${zone}`, async () => {
        const want = await ausearch(["-i", "-if", log.path], zone);
        compare(blocks(want, "----\n"), blocks(interpretLog(log.text, zone), "----\n"), "-i");
      });
    }
    await t.step("--format text", async () => {
      const want = await ausearch(["--format", "text", "-if", log.path], "UTC");
      compare(
        blocks(want, "\n"),
        blocks(normalizeLog(log.text, "UTC", "text", []), "\n"),
        "text",
      );
    });
    await t.step(
      "--format csv --extra-keys --extra-labels --extra-obj2 --extra-time",
      async () => {
        const extra = ["--extra-keys", "--extra-labels", "--extra-obj2", "--extra-time"];
        const want = await ausearch(["--format", "csv", ...extra, "-if", log.path], "UTC");
        compare(
          blocks(want, "\n"),
          blocks(normalizeLog(log.text, "UTC", "csv", extra), "\n"),
          "csv",
        );
      },
    );
  });
}
