/**
 * Regression cases from the differential sweep against aureport 3.0.9
 * (issue 15): each is a few crafted lines where `libaudit report` once
 * differed. The expected rows are aureport's own; with aureport installed
 * every report and variant is compared with it byte for byte as well.
 */
import assert from "node:assert/strict";
import { aureport, HAVE_AUREPORT, ours } from "./report_helpers.ts";

/** A crafted log, what aureport printed for one report on it, and the reports to cross-check. */
interface SweepCase {
  readonly name: string;
  readonly log: string;
  readonly args: string[];
  readonly rows: string[];
}

const CASES: SweepCase[] = [
  {
    // parse_avc skips the blanks after `{`, finds `}` at once, backs up past
    // those blanks and then copies from the `}` to the end of the record.
    name: "an AVC with an empty permission list `{  }` shows the rest of the record",
    log: [
      'type=AVC msg=audit(1795570600.800:19): avc:  denied  {  } for  pid=500 comm="httpd" ' +
      'name="index.html" scontext=system_u:system_r:httpd_t:s0 ' +
      "tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0",
      'type=AVC msg=audit(1795570601.800:20): avc:  granted  { } for  pid=501 comm="httpd" ' +
      "scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:etc_t:s0 tclass=dir",
    ].join("\n") + "\n",
    args: ["-a"],
    rows: [
      '1. 11/25/26 01:36:40 httpd system_u:system_r:httpd_t:s0 0 file } for  pid=500 comm="httpd" ' +
      'name="index.html" scontext=system_u:system_r:httpd_t:s0 ' +
      "tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0 " +
      "unconfined_u:object_r:user_home_t:s0 denied 19",
      '2. 11/25/26 01:36:41 httpd system_u:system_r:httpd_t:s0 0 dir } for  pid=501 comm="httpd" ' +
      "scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:etc_t:s0 tclass=dir " +
      "system_u:object_r:etc_t:s0 granted 20",
    ],
  },
  {
    // common_path_parser creates the event's file list before it fails, and
    // CONFIG_CHANGE ignores avc_parse_path's failure: the -f report then
    // has a row with no file name.
    name: "a CONFIG_CHANGE with a bad path= is a -f row with an empty name",
    log: [
      'type=CONFIG_CHANGE msg=audit(1795570602.000:21): auid=1000 ses=3 op=add_rule key="k" ' +
      'list=4 res=1 path="/etc/unterminated',
      'type=CONFIG_CHANGE msg=audit(1795570603.000:22): auid=1000 ses=3 op=add_rule path=nothex key="k" list=4 res=1',
      'type=CONFIG_CHANGE msg=audit(1795570604.000:23): auid=1000 ses=3 op=add_rule path="/etc/ok" key="k" list=4 res=1',
      "type=CONFIG_CHANGE msg=audit(1795570605.000:24): auid=1000 ses=3 op=add_rule list=4 res=1",
    ].join("\n") + "\n",
    args: ["-f"],
    rows: [
      "1. 11/25/26 01:36:42  0 yes ? 1000 21",
      "2. 11/25/26 01:36:43  0 yes ? 1000 22",
      "3. 11/25/26 01:36:44 /etc/ok 0 yes ? 1000 23",
    ],
  },
];

const REPORTS = [
  [],
  ["-a"],
  ["-c"],
  ["-f"],
  ["-e"],
  ["-k"],
  ["-u"],
  ["-x"],
  ["--comm"],
  ["-ma"],
  ["-n"],
];
const VARIANTS = [[], ["--summary"], ["-i"], ["--failed"], ["--success"]];

/** Writes `log` to a temporary file and runs `fn` with its path. */
function withLog<T>(log: string, fn: (path: string) => T): T {
  const path = Deno.makeTempFileSync({ suffix: ".log" });
  try {
    Deno.writeTextFileSync(path, log);
    return fn(path);
  } finally {
    Deno.removeSync(path);
  }
}

for (const c of CASES) {
  Deno.test(`report sweep: ${c.name}`, () => {
    withLog(c.log, (path) => {
      const got = ours(path, c.args, "UTC");
      const rows = got.stdout.split("\n").filter((l) => /^\d+\. /.test(l));
      assert.deepEqual(rows, c.rows);
      assert.equal(got.code, 0);
    });
  });

  Deno.test({
    name: `report sweep: ${c.name}: every report equals aureport's${
      HAVE_AUREPORT ? "" : " (ignored: no aureport)"
    }`,
    ignore: !HAVE_AUREPORT,
    fn() {
      withLog(c.log, (path) => {
        for (const tz of ["UTC", "America/New_York"]) {
          for (const report of REPORTS) {
            for (const variant of VARIANTS) {
              const args = [...report, ...variant];
              const want = aureport(["-if", path, ...args], tz);
              const got = ours(path, args, tz);
              assert.equal(got.stdout, want.stdout, `aureport ${args.join(" ")} (${tz})`);
              assert.equal(got.code, want.code, `status of aureport ${args.join(" ")} (${tz})`);
            }
          }
        }
      });
    },
  });
}
