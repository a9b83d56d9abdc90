/**
 * Tests of one crafted log against both oracles: `libaudit search` against
 * ausearch and `libaudit report` against aureport, option set by option
 * set, stdout and exit code byte for byte (UTC). Used by the tests of the
 * ausearch-parse.c port's record parsers (interpret/_parse_*.ts).
 */
import assert from "node:assert/strict";
import { ausearch, haveAusearch, search } from "./search_cases.ts";
import { aureport, HAVE_AUREPORT, ours } from "./report_helpers.ts";

/**
 * Registers "search = ausearch on WHAT" and "report = aureport on WHAT".
 *
 * @param what What the log holds (for the test names).
 * @param log The log's path.
 * @param searchOptions Option sets for search/ausearch (`-if LOG` is added).
 * @param reportOptions Option sets for report/aureport (`-if LOG` is added).
 */
export function compareWithOracles(
  what: string,
  log: string,
  searchOptions: readonly string[][],
  reportOptions: readonly string[][],
): void {
  const noSearch = !haveAusearch();
  Deno.test({
    name: `search = ausearch on ${what}${noSearch ? " (ignored: ausearch not installed)" : ""}`,
    ignore: noSearch,
    async fn() {
      for (const opts of searchOptions) {
        const args = ["-if", log, ...opts];
        const want = await ausearch(args, "UTC");
        const got = await search(args, "UTC", false);
        assert.equal(got.stdout, want.stdout, opts.join(" "));
        assert.equal(got.code, want.code, opts.join(" "));
      }
    },
  });
  Deno.test({
    name: `report = aureport on ${what}${
      HAVE_AUREPORT ? "" : " (ignored: aureport not installed)"
    }`,
    ignore: !HAVE_AUREPORT,
    fn() {
      for (const opts of reportOptions) {
        const want = aureport(["-if", log, ...opts], "UTC");
        const got = ours(log, opts, "UTC");
        assert.equal(got.stdout, want.stdout, opts.join(" "));
        assert.equal(got.code, want.code, opts.join(" "));
      }
    },
  });
}
