import assert from "node:assert/strict";
import {
  type CommandSpec,
  formatHelp,
  oneOf,
  parseCount,
  parseFlags,
  UsageError,
} from "../../cli/usage.ts";

const SPEC = {
  name: "demo",
  summary: "A demo.",
  usage: "libaudit demo [options] [FILE...]",
  positionals: true,
  options: {
    format: { type: "string", short: "f", value: "FORMAT", description: "text or json" },
    interpret: { type: "boolean", short: "i", description: "interpret" },
    key: { type: "string", multiple: true, value: "KEY", description: "rule key" },
  },
  examples: ["libaudit demo -i audit.log"],
} as const satisfies CommandSpec;

Deno.test("usage: parses long, short, repeated flags and positionals", () => {
  const flags = parseFlags(SPEC, ["-i", "--format", "json", "--key", "a", "--key=b", "x.log"]);
  assert.ok(flags);
  assert.equal(flags.values.interpret, true);
  assert.equal(flags.values.format, "json");
  assert.deepEqual(flags.values.key, ["a", "b"]);
  assert.deepEqual(flags.positionals, ["x.log"]);
});

Deno.test("usage: unknown flags and missing values are one-line UsageErrors", () => {
  const cases: [string[], string][] = [
    [["--bogus"], "unknown option '--bogus'"],
    [["--format"], "option '--format' needs a value"],
    [["--interpret=yes"], "option '--interpret' takes no value"],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseFlags(SPEC, args), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, message);
      assert.equal(e.command, "demo");
      return true;
    });
  }
  const noPositionals = { ...SPEC, positionals: false };
  assert.throws(() => parseFlags(noPositionals, ["x"]), /unexpected argument 'x'/);
});

Deno.test("usage: --help prints help and returns undefined", () => {
  const log = console.log;
  const printed: string[] = [];
  console.log = (s: string) => printed.push(s);
  try {
    assert.equal(parseFlags(SPEC, ["--help"]), undefined);
    assert.equal(parseFlags(SPEC, ["-h", "--bogus"]), undefined);
  } finally {
    console.log = log;
  }
  assert.equal(printed.length, 2);
  assert.match(printed[0]!, /Usage:\n {2}libaudit demo/);
  assert.match(printed[0]!, /-f, --format FORMAT {2}text or json/);
  assert.match(printed[0]!, /--key KEY +rule key \(repeatable\)/);
  assert.match(printed[0]!, /Examples:\n {2}libaudit demo -i audit.log/);
  assert.equal(formatHelp(SPEC), printed[0]);
});

Deno.test("usage: oneOf and parseCount validate values", () => {
  assert.equal(oneOf("format", undefined, ["text", "json"], "text"), "text");
  assert.equal(oneOf("format", "json", ["text", "json"], "text"), "json");
  assert.throws(
    () => oneOf("format", "xml", ["text", "json"], "text"),
    /--format must be one of text, json, not 'xml'/,
  );
  assert.equal(parseCount("rate", "100"), 100);
  assert.throws(() => parseCount("rate", "-1"), UsageError);
  assert.throws(() => parseCount("rate", "1e3"), UsageError);
});
