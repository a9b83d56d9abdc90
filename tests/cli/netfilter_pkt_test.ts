/**
 * NETFILTER_PKT records (ausearch-parse.c `parse_pkt`) read by the one copy
 * search and report share (interpret/_parse_pkt.ts): `saddr=` as host, then
 * `obj=` searched after it, a `saddr=` at the end of the line malformed.
 */
import assert from "node:assert/strict";
import { ausearch, haveAusearch, search } from "./search_cases.ts";
import { aureport, HAVE_AUREPORT, ours } from "./report_helpers.ts";

const LOG = new URL("./testdata/netfilter_pkt.log", import.meta.url).pathname;
const noSearch = !haveAusearch();

Deno.test({
  name: `search = ausearch on NETFILTER_PKT${noSearch ? " (ignored: ausearch not installed)" : ""}`,
  ignore: noSearch,
  async fn() {
    for (
      const opts of [
        ["-m", "NETFILTER_PKT"],
        ["-hn", "10.0.0.1"],
        ["-hn", "10.0.0.5"],
        ["-hn", "10.0.0.9"],
        ["-o", "system_u:object_r:foo_t:s0"],
        ["-o", "unconfined_u:object_r:x_t:s0"],
        ["-o", "unconfined_u:object_r:y_t:s0"],
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

Deno.test({
  name: `report = aureport on NETFILTER_PKT${
    HAVE_AUREPORT ? "" : " (ignored: aureport not installed)"
  }`,
  ignore: !HAVE_AUREPORT,
  fn() {
    for (const opts of [[], ["-h"], ["-h", "--summary"], ["-e"], ["-h", "-i"]]) {
      const want = aureport(["-if", LOG, ...opts], "UTC");
      const got = ours(LOG, opts, "UTC");
      assert.equal(got.stdout, want.stdout, opts.join(" "));
      assert.equal(got.code, want.code, opts.join(" "));
    }
  },
});
