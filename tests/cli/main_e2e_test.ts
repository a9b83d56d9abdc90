import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import { runCli } from "./run_cli.ts";

Deno.test("cli e2e: --help lists the subcommands", async () => {
  const r = await runCli(["--help"]);
  assert.equal(r.code, 0);
  for (const sub of ["parse", "stream", "status", "set", "rules"]) {
    assert.match(r.stdout, new RegExp(`^  ${sub} `, "m"), `${sub} listed`);
  }
  assert.equal(r.stderr, "");
});

Deno.test("cli e2e: --version prints the version from deno.json", async () => {
  const r = await runCli(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `libaudit ${denoJson.version}\n`);
});

Deno.test("cli e2e: missing or unknown subcommand is a usage error (2)", async () => {
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^libaudit: missing subcommand/);
  const bad = await runCli(["frobnicate"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "libaudit: unknown subcommand 'frobnicate' (try 'libaudit --help')\n");
});

Deno.test("cli e2e: every subcommand has --help with examples", async () => {
  for (const sub of ["parse", "stream", "status", "set", "rules"]) {
    const r = await runCli([sub, "--help"]);
    assert.equal(r.code, 0, `${sub}: ${r.stderr}`);
    assert.match(r.stdout, /Usage:/, sub);
  }
});

Deno.test("cli e2e: errors are one line, stack traces only with --debug", async () => {
  const r = await runCli(["parse", "/nonexistent/audit.log"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const bad = await runCli(["parse", "--since", "whenever"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  const debug = await runCli(["parse", "--debug", "--since", "whenever"]);
  assert.equal(debug.code, 2);
  assert.match(debug.stderr, /\n\s+at /);
});
