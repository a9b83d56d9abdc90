/**
 * TTY records (ausearch-parse.c `parse_tty`) read by the one copy search and
 * report share (interpret/_parse_tty.ts): a number strtoul rejects, a missing
 * `auid=` and an unclosed `comm="` end the record in both tools (search read
 * on past an overflowing `auid=`/`ses=` before: `-ua 0` matched one event too
 * many).
 */
import assert from "node:assert/strict";
import { ausearch, haveAusearch, search } from "./search_cases.ts";
import { aureport, HAVE_AUREPORT, ours } from "./report_helpers.ts";

const LOG = new URL("./testdata/tty_records.log", import.meta.url).pathname;
const noSearch = !haveAusearch();

Deno.test({
  name: `search = ausearch on TTY records${noSearch ? " (ignored: ausearch not installed)" : ""}`,
  ignore: noSearch,
  async fn() {
    for (
      const opts of [
        ["-m", "TTY"],
        ["-p", "1234"],
        ["-ua", "1000"],
        ["-ua", "0"],
        ["-ua", "4294967295"],
        ["--session", "4294967295"],
        ["-ui", "0"],
        ["-ui", "root"],
        ["--session", "3"],
        ["-c", "bash"],
        ["-c", "zsh"],
        ["-m", "TTY", "-i"],
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
  name: `report = aureport on TTY records${
    HAVE_AUREPORT ? "" : " (ignored: aureport not installed)"
  }`,
  ignore: !HAVE_AUREPORT,
  fn() {
    for (
      const opts of [[], ["--tty"], ["--tty", "-i"], ["-au"], ["-u"], ["-p"], ["-e"], ["-x"]]
    ) {
      const want = aureport(["-if", LOG, ...opts], "UTC");
      const got = ours(LOG, opts, "UTC");
      assert.equal(got.stdout, want.stdout, opts.join(" "));
      assert.equal(got.code, want.code, opts.join(" "));
    }
  },
});
