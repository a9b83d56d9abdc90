import assert from "node:assert/strict";
import { runCli } from "../cli/main.ts";

Deno.test("cli: a missing subcommand is a usage error", async () => {
  assert.equal(await runCli([]), 2);
});
