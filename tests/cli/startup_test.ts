/**
 * What `libaudit` loads before it runs: only the modules of the subcommand
 * it runs (cli/_lazy.ts), and the bundle (`cli_bundle.ts`) carries every
 * subcommand.
 */
import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import { LAZY_MODULE_PATHS } from "../../cli/_lazy.ts";
import { ROOT, runCli } from "./run_cli.ts";

const SAMPLE = `${ROOT}tests/testdata/sample.log`;

/** The modules Deno prepares for `entry` before running it (static and literal dynamic imports). */
async function graph(entry: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    roots: string[];
    modules: { specifier: string; dependencies?: { code?: { specifier: string } }[] }[];
  };
  // What runs: code imports only (type-only imports are not loaded by `deno run`).
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>(info.roots);
  const queue = [...info.roots];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const dep of bySpecifier.get(s)?.dependencies ?? []) {
      const code = dep.code?.specifier;
      if (code !== undefined && !seen.has(code)) {
        seen.add(code);
        queue.push(code);
      }
    }
  }
  return [...seen].map((m) => m.replace(`file://${ROOT}`, ""));
}

Deno.test("startup: cli.ts's module graph holds no subcommand", async () => {
  const modules = await graph("cli.ts");
  assert.deepEqual(modules.filter((m) => m.startsWith("cli/commands/")), []);
  assert.ok(modules.length <= 8, `cli.ts prepares ${modules.length} modules: ${modules}`);
});

Deno.test("startup: search without -i does not prepare the auparse formatter", async () => {
  const modules = await graph("cli/commands/search.ts");
  // Its option parser and default format read auparse's tables (record type names,
  // machines) and local time, not its formatter.
  const facts = [
    "interpret/auparse/tables.ts",
    "interpret/auparse/_c.ts",
    "interpret/auparse/_machines.ts",
    "interpret/auparse/_msg_type_names.ts",
    "interpret/auparse/time.ts",
  ];
  assert.deepEqual(
    modules.filter((m) => m.startsWith("interpret/auparse/") && !facts.includes(m)),
    [],
  );
  // libaudit's record type names are shared with report; its engine is not.
  assert.deepEqual(
    modules.filter((m) =>
      m.startsWith("interpret/report/") && m !== "interpret/report/msg_types.ts"
    ),
    [],
  );
});

Deno.test("startup: search -i does not prepare the csv/text normalizer", async () => {
  // --format csv|text have their own lazily loaded module (cli/_lazy.ts).
  const modules = await graph("cli/commands/search_interpret.ts");
  const normalizer = modules.filter((m) =>
    m === "cli/commands/search_normalize.ts" || m === "interpret/auparse/normalize.ts" ||
    m.startsWith("interpret/auparse/_normalize")
  );
  assert.deepEqual(normalizer, []);
  assert.ok((await graph("cli/commands/search_normalize.ts")).includes(
    "interpret/auparse/normalize.ts",
  ));
});

Deno.test("startup: search does not prepare the output formats or the batching writer", async () => {
  // Warnings (every subcommand) need only the escaping (cli/io/escape.ts).
  const modules = await graph("cli/commands/search.ts");
  for (const m of ["cli/io/output.ts", "cli/io/yaml.ts", "cli/io/batch_writer.ts"]) {
    assert.ok(!modules.includes(m), `search prepares ${m}`);
  }
});

Deno.test("startup: the bundle runs every subcommand's code like cli.ts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bundle = `${dir}/libaudit.js`;
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--output", bundle, "cli_bundle.ts"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(built.success, new TextDecoder().decode(built.stderr));
    const cases = [
      ["--version"],
      ["search", "-k", "ex", "-if", SAMPLE],
      ["search", "-i", "-k", "ex", "-if", SAMPLE],
      ["report", "-if", SAMPLE],
      ["parse", "-i", "--format", "json", SAMPLE],
      ["rules", "--help"],
    ];
    for (const args of cases) {
      const run = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", bundle, ...args],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      const source = await runCli(args);
      const text = (b: Uint8Array) => new TextDecoder().decode(b);
      assert.equal(run.code, source.code, args.join(" "));
      assert.ok(text(run.stdout).length > 0, args.join(" "));
      assert.equal(text(run.stdout), source.stdout, args.join(" "));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startup: the compiled binary includes every lazily loaded module", () => {
  const compile = denoJson.tasks.compile;
  for (const path of Object.values(LAZY_MODULE_PATHS)) {
    assert.ok(compile.includes(`--include ${path.replace("./", "cli/")}`), path);
  }
});
