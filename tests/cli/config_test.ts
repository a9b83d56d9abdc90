import assert from "node:assert/strict";
import { ConfigError, locateErrors, mergeSettings, parseConfig } from "../../cli/outputs/config.ts";
import { type OptionSpec, U32, UsageError } from "../../cli/usage.ts";
import { runCli } from "./run_cli.ts";
import { execEvents, LiveCli } from "./live_cli.ts";

const OPTIONS: Record<string, OptionSpec> = {
  config: { type: "string", description: "file" },
  format: { type: "string", choices: ["text", "json"], description: "format" },
  raw: { type: "boolean", description: "raw" },
  key: { type: "string", multiple: true, description: "key" },
  rate: { type: "string", range: U32, description: "rate" },
};

function problems(text: string): string[] {
  try {
    parseConfig(text, "c.yaml", OPTIONS);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.lines();
  }
  return [];
}

Deno.test("config: values in the flags' shape, with where each one is", () => {
  const c = parseConfig("format: json\nraw: true\nkey: [a, b]\nrate: 100\n", "c.yaml", OPTIONS);
  assert.deepEqual(c.values, { format: "json", raw: true, key: ["a", "b"], rate: "100" });
  assert.equal(c.where.rate, "c.yaml:4:1");
  // A single value for a repeatable setting is a list of one.
  assert.deepEqual(parseConfig("key: a\n", "c.yaml", OPTIONS).values, { key: ["a"] });
  assert.deepEqual(parseConfig("", "c.yaml", OPTIONS).values, {});
  assert.deepEqual(parseConfig("# only a comment\n", "c.yaml", OPTIONS).values, {});
});

Deno.test("config: unknown keys and bad values are errors at file:line:col", () => {
  assert.deepEqual(problems("fromat: json\n"), [
    "c.yaml:1:1: unknown key 'fromat' (did you mean 'format'?)",
  ]);
  assert.deepEqual(problems("raw: true\n  \nformat: xml\n"), [
    "c.yaml:3:9: format must be one of text, json, not 'xml'",
  ]);
  assert.deepEqual(problems("rate: -1\nraw: yes\n"), [
    "c.yaml:1:7: rate needs a non-negative integer of at most 4294967295, not '-1'",
    "c.yaml:2:6: raw: needs true or false",
  ]);
  assert.deepEqual(problems("format: [a]\n"), ["c.yaml:1:9: format: takes one value, not a list"]);
  assert.deepEqual(problems("config: other.yaml\n"), ["c.yaml:1:1: unknown key 'config'"]);
  assert.match(problems("- a\n- b\n")[0]!, /^c\.yaml:1:1: the file must be a mapping/);
  assert.match(
    problems("format: json\nformat: text\n")[0]!,
    /^c\.yaml:2:1: .*[Mm]ap keys must be unique/,
  );
  assert.match(problems("key: [a\n")[0]!, /^c\.yaml:\d+:\d+: /);
});

Deno.test("config: flags win; errors of file values point into the file", () => {
  const c = parseConfig("format: json\nkey: [a]\n", "c.yaml", OPTIONS);
  assert.deepEqual(mergeSettings({ key: ["b"] }, c), { format: "json", key: ["b"] });
  const fail = (): never => {
    throw new UsageError("--key: unknown thing 'a'");
  };
  assert.throws(
    () => locateErrors(fail, c, {}),
    /^Error: c\.yaml:2:1: key: unknown thing 'a'$|c\.yaml:2:1: key: unknown thing 'a'/,
  );
  assert.throws(() => locateErrors(fail, c, { key: ["a"] }), UsageError);
});

async function configFile(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".yaml" });
  await Deno.writeTextFile(path, text);
  return path;
}

Deno.test("plugin config: `plugin --config=FILE` (auditd's two args) holds every setting", async () => {
  const path = await configFile("format: json\nexclude-key: [noisy]\nreassemble: true\n");
  try {
    const input = execEvents(1, 2, "exec") + execEvents(3, 2, "noisy");
    const r = await runCli(["plugin", `--config=${path}`], { stdin: input });
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => e.sequence), [1, 2]);
    assert.ok(events.every((e) => Array.isArray(e.records)), "reassembled events");
    const check = await runCli(["plugin", "--check-config", `--config=${path}`]);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /OK/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("plugin config: bad settings give one line naming file:line:col, before anything runs", async () => {
  const cases: [string, RegExp][] = [
    ["format: json\nfromat: text\n", /:2:1: unknown key 'fromat' \(did you mean 'format'\?\)$/],
    ["exclude-uid: [nobody-at-all]\n", /:1:1: exclude-uid: unknown user 'nobody-at-all'$/],
    ["exe-regex: ['(']\n", /:1:1: exe-regex: bad regular expression/],
    ["format: xml\n", /:1:9: format must be one of text, json, yaml, not 'xml'$/],
  ];
  for (const [text, message] of cases) {
    const path = await configFile(text);
    try {
      for (const extra of [[], ["--check-config"]]) {
        const r = await runCli(["plugin", ...extra, `--config=${path}`], { stdin: "" });
        assert.notEqual(r.code, 0, text);
        const lines = r.stderr.trim().split("\n");
        assert.equal(lines.length, 1, r.stderr);
        assert.ok(lines[0]!.startsWith(`libaudit plugin: ${path}:`), r.stderr);
        assert.match(lines[0]!, message);
        assert.equal(r.stdout, "");
      }
    } finally {
      await Deno.remove(path);
    }
  }
  const missing = await runCli(["plugin", "--config=/nonexistent/plugin.yaml"], { stdin: "" });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /^libaudit plugin: \/nonexistent\/plugin\.yaml:1:1: cannot read/);
});

Deno.test("plugin config: SIGHUP rereads the filters", async () => {
  const path = await configFile("format: json\n");
  const cli = new LiveCli(["plugin", `--config=${path}`]);
  try {
    await cli.write(execEvents(1, 2, "noisy"));
    await cli.waitLines(2);
    await Deno.writeTextFile(path, "format: json\nexclude-key: noisy\n");
    cli.child.kill("SIGHUP");
    // The reload is acknowledged on stderr; then noisy events are left out.
    await new Promise((r) => setTimeout(r, 500));
    await cli.write(execEvents(3, 2, "noisy") + execEvents(5, 1, "exec"));
    await cli.waitLines(3);
    await cli.closeInput();
    const { code, stderr } = await cli.finish();
    assert.equal(code, 0, stderr);
    assert.deepEqual(cli.lines.map((l) => JSON.parse(l).sequence), [1, 2, 5]);
    assert.match(stderr, /SIGHUP: configuration reread/);
    assert.match(stderr, /filtered=2/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("config: the README's reference is generated from the definitions", async () => {
  const { normalize, renderReadme } = await import("../../tools/gen_config_reference.ts");
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  assert.equal(
    normalize(renderReadme(readme)),
    normalize(readme),
    "run tools/gen_config_reference.ts",
  );
});
