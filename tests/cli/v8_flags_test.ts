/**
 * The V8 flags have one definition (`CHILD_V8_FLAGS`): `deno task libaudit`
 * and `deno task compile` in deno.json must carry exactly them, and the
 * benchmarks read them from the `libaudit` task (bench/_v8_flags.sh).
 */
import assert from "node:assert/strict";
import { CHILD_V8_FLAGS } from "../../cli/parallel/range_backend.ts";
import { ROOT } from "./run_cli.ts";

Deno.test("deno.json's libaudit and compile tasks run V8 with CHILD_V8_FLAGS", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  for (const task of ["libaudit", "compile"]) {
    const flags = /--v8-flags=(\S+)/.exec(config.tasks[task])?.[1];
    assert.equal(flags, CHILD_V8_FLAGS, `task ${task}`);
  }
});

Deno.test("bench/_v8_flags.sh prints the libaudit task's flags", async () => {
  const out = await new Deno.Command("sh", {
    args: ["-c", `. "${ROOT}bench/_v8_flags.sh" && v8_flags "${ROOT}"`],
  }).output();
  assert.equal(new TextDecoder().decode(out.stdout).trim(), CHILD_V8_FLAGS);
});
