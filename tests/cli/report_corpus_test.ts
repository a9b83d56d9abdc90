// libaudit report against aureport on a freshly recorded 3 s corpus (RAW and
// ENRICHED), every report plain, --summary and -i, in two zones, byte for byte.
import assert from "node:assert/strict";
import { AuditClient } from "../../netlink/mod.ts";
import { corpusSkipReason, daemonRunning, recordCorpus } from "../corpus_helpers.ts";
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
    const dir = await Deno.makeTempDir({ prefix: "libaudit-report-corpus-" });
    try {
      const running = await daemonRunning();
      if (running !== undefined) throw new Error(`${running}; make-corpus.sh starts its own`);
      const client = AuditClient.open({ receiveBufferSize: 0 });
      try {
        const status = await client.getStatus();
        if (status.pid !== 0) throw new Error(`pid ${status.pid} is the audit daemon`);
        if (status.enabled !== 0) await client.setEnabled(false);
      } finally {
        await client.close();
      }
      const log = await recordCorpus(`${dir}/log`, format, 3);
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
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
