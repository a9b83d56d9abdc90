/**
 * Numbers past `unsigned long` read as C's strtoul reads them (ULONG_MAX,
 * stored in a 32-bit field: 4294967295), as ausearch does: the C string
 * helper search shares with report (interpret/_cstr.ts).
 */
import assert from "node:assert/strict";
import { ausearch, haveAusearch, search } from "./search_cases.ts";

const LOG = new URL("./testdata/search_overflow.log", import.meta.url).pathname;
const missing = !haveAusearch();

Deno.test({
  name: `search = ausearch on numbers that overflow strtoul${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    for (
      const opts of [
        ["-p", "4294967295"],
        ["-m", "DAEMON_START", "-p", "4294967295"],
        ["-k", "k"],
        ["-ua", "0"],
      ]
    ) {
      const args = ["-if", LOG, ...opts];
      const want = await ausearch(args, "UTC");
      const got = await search(args, "UTC", false);
      assert.equal(got.stdout, want.stdout, opts.join(" "));
      assert.equal(got.code, want.code, opts.join(" "));
    }
  },
});
