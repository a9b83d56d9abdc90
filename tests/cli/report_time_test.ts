/**
 * Regression case from the sweep over tests/cli/testdata/search_stamps.log:
 * from the year 5881581 on, glibc's localtime (and so aureport) no longer
 * applies a zone's daylight-saving rule — the offset in force on January 1st
 * holds all year — where Date still applies it. The expected rows are
 * aureport 3.0.9's own; with aureport installed it is compared byte for byte
 * in more zones as well.
 */
import assert from "node:assert/strict";
import { assertLikeAureport, runReport } from "./report_helpers.ts";

/** A SYSCALL record at `stamp` (`sec.milli:serial`). */
function syscall(stamp: string, pid: number): string {
  return `type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=2 success=yes exit=3 a0=1 ` +
    `a1=2 a2=3 a3=4 items=0 ppid=1 pid=${pid} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 ` +
    'egid=0 sgid=0 fsgid=0 ses=3 comm="cat" exe="/usr/bin/cat"';
}

// July and December of 5881580 (the rule still applies), July 5881581 (the
// first year without it), July 31690708 and January 31690709.
const LOG = [
  syscall("185542587187199.000:1", 301),
  syscall("185542600000000.000:2", 302),
  syscall("185542618521672.000:3", 303),
  syscall("999999999999999.000:4", 304),
  syscall("1000000015724800.000:5", 305),
].join("\n") + "\n";

const ROWS: Record<string, string[]> = {
  "America/New_York": [
    "1. 07/11/80 19:59:59 1 SYSCALL 1000 yes",
    "2. 12/07/80 02:06:40 2 SYSCALL 1000 yes",
    "3. 07/09/81 11:01:12 3 SYSCALL 1000 yes",
    "4. 07/04/08 20:46:39 4 SYSCALL 1000 yes",
    "5. 01/02/09 20:46:40 5 SYSCALL 1000 yes",
  ],
  "Australia/Sydney": [
    "1. 07/12/80 09:59:59 1 SYSCALL 1000 yes",
    "2. 12/07/80 18:06:40 2 SYSCALL 1000 yes",
    "3. 07/10/81 03:01:12 3 SYSCALL 1000 yes",
    "4. 07/05/08 12:46:39 4 SYSCALL 1000 yes",
    "5. 01/03/09 12:46:40 5 SYSCALL 1000 yes",
  ],
};

Deno.test("report: past the year 5881580 the offset of January 1st holds all year, as in glibc", async () => {
  const path = Deno.makeTempFileSync({ suffix: ".log" });
  try {
    Deno.writeTextFileSync(path, LOG);
    for (const [tz, rows] of Object.entries(ROWS)) {
      const r = await runReport(["-if", path, "-e"], { env: { TZ: tz } });
      assert.deepEqual(r.stdout.split("\n").filter((l) => /^\d+\. /.test(l)), rows, tz);
    }
    await assertLikeAureport(
      path,
      ["America/New_York", "Australia/Sydney", "Europe/Berlin", "UTC"],
      [["-e"], ["-t"], []],
    );
  } finally {
    Deno.removeSync(path);
  }
});
