import assert from "node:assert/strict";
import { ausearch, haveAusearch, search } from "./search_cases.ts";
import { runCli } from "./run_cli.ts";

const ODD = new URL("./testdata/search_odd.log", import.meta.url).pathname;
const missing = !haveAusearch();

/** The `----` blocks of default output that hold serial `serial`. */
function blocks(text: string, serial: number): string[] {
  return text.split("----\n").filter((b) => b.includes(`:${serial}): `));
}

Deno.test("search deviation: LOGIN + SYSCALL + PROCTITLE stay one event (ausearch splits off LOGIN)", async () => {
  const ours = await search(["-if", ODD, "-a", "200"], "UTC");
  const got = blocks(ours.stdout, 200);
  assert.equal(got.length, 1);
  assert.deepStrictEqual(
    got[0]!.split("\n").slice(1, 4).map((l) => l.split(" ")[0]),
    ["type=PROCTITLE", "type=SYSCALL", "type=LOGIN"],
  );
  // -ul 1000 matches the whole event through LOGIN's auid.
  const login = await search(["-if", ODD, "-m", "LOGIN"], "UTC");
  assert.equal(blocks(login.stdout, 200)[0]!.split("\n").length, 5);
});

Deno.test("search deviation: an event whose PROCTITLE comes first stays one event", async () => {
  const ours = await search(["-if", ODD, "-a", "205", "-r"], "UTC");
  assert.equal(ours.stdout.split("\n").filter((l) => l !== "").length, 2);
  const lines = (await search(["-if", ODD, "-a", "205"], "UTC")).stdout;
  assert.equal(blocks(lines, 205).length, 1);
});

Deno.test({
  name: `search deviation: ausearch splits both events${
    missing ? " (ignored: ausearch not installed)" : ""
  }`,
  ignore: missing,
  async fn() {
    const theirs = await ausearch(["-if", ODD, "-a", "200"], "UTC");
    assert.equal(blocks(theirs.stdout, 200).length, 2);
    const theirs205 = await ausearch(["-if", ODD, "-a", "205"], "UTC");
    assert.equal(blocks(theirs205.stdout, 205).length, 2);
    // Everything else is the same: with ausearch's grouping the outputs are equal.
    const ours = await search(["-if", ODD, "-a", "200"], "UTC", true);
    assert.equal(ours.stdout, theirs.stdout);
  },
});

Deno.test("search: a record arriving after its event was printed starts a new event (as ausearch)", async () => {
  const ours = await search(["-if", ODD, "-a", "207", "-r"], "UTC");
  assert.equal(ours.stdout.split("\n").filter((l) => l !== "").length, 3);
  assert.equal(blocks((await search(["-if", ODD, "-a", "207"], "UTC")).stdout, 207).length, 2);
});

Deno.test("search: bad lines warn with file:line and the search goes on; exit 1 and <no matches> when nothing matched", async () => {
  const all = await runCli(["search", "-if", ODD, "-k", "net"]);
  assert.equal(all.code, 0);
  assert.match(all.stderr, /search_odd\.log:11: no msg=audit\(\.\.\.\) header/);
  assert.match(all.stderr, /1 line\(s\) could not be parsed/);
  assert.equal(all.stdout.split("----\n").length - 1, 3);
  const none = await runCli(["search", "-if", ODD, "-k", "nosuchkey"]);
  assert.equal(none.code, 1);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /<no matches>/);
  // Nothing can match (the key is in no line): no grouping, but the same warnings.
  assert.match(none.stderr, /search_odd\.log:11: no msg=audit\(\.\.\.\) header/);
  const raw = await runCli(["search", "-if", ODD, "-k", "nosuchkey", "-r"]);
  assert.equal(raw.code, 1);
  assert.doesNotMatch(raw.stderr, /<no matches>/);
});

Deno.test("search: stdin when it is a pipe, and ausearch's option errors", async () => {
  const text = await Deno.readTextFile(ODD);
  const piped = await runCli(["search", "-k", "exec", "-r"], { stdin: text });
  assert.equal(piped.code, 0);
  assert.equal(piped.stdout.split("\n").filter((l) => l.includes('key="exec"')).length, 3);
  const bad = await runCli(["search", "-zz"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /-zz is an unsupported option/);
});

Deno.test("search deviation: in Europe/Dublin (negative DST) -ts 01/01/27 is Jan 1, not Dec 31 as ausearch", async () => {
  const dst = new URL("./testdata/search_dst.log", import.meta.url).pathname;
  const args = ["-if", dst, "-ts", "01/01/27", "-r"];
  const ours = await search(args, "Europe/Dublin");
  assert.deepStrictEqual(ours.stdout.match(/:\d+\): /g), [":721): "]);
  if (missing) return;
  // ausearch's mktime reads Jan 1 00:00 as Irish summer time: Dec 31 23:00, then Dec 31 00:00.
  const theirs = await ausearch(args, "Europe/Dublin");
  assert.deepStrictEqual(theirs.stdout.match(/:\d+\): /g), [":720): ", ":721): "]);
});

Deno.test("search deviation: -ui NAME with -ua N matches by the name (ausearch 3.0.9 crashes)", async () => {
  const log = new URL("../testdata/sample-enriched.log", import.meta.url).pathname;
  const ours = await search(["-if", log, "-ui", "root", "-ua", "1000", "-i"], "UTC");
  assert.equal(ours.code, 0);
  // Every event printed has uid=root; -ua's number is not used (ausearch's event_tuid wins).
  const blocks = ours.stdout.split("----\n").filter((b) => b !== "");
  assert.ok(blocks.length > 0);
  for (const b of blocks) assert.match(b, / uid=root /);
  if (missing) return;
  const theirs = await ausearch(["-if", log, "-ui", "root", "-ua", "1000"], "UTC");
  assert.equal(theirs.code, 139); // SIGSEGV: strcmp(NULL, ...) in user_match
});

Deno.test("search: a line that starts with NUL bytes is skipped with a warning (ausearch skips it silently)", async () => {
  const log = new URL("./testdata/search_nul.log", import.meta.url).pathname;
  const out = await runCli(["search", "-if", log, "-r"]);
  assert.equal(out.code, 0);
  assert.match(out.stderr, /search_nul\.log:13: starts with a NUL byte/);
  assert.doesNotMatch(out.stdout, /\0|trailing after a NUL/);
});
