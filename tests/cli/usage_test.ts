import assert from "node:assert/strict";
import {
  type CommandSpec,
  formatHelp,
  type NumberRange,
  oneOf,
  parseCount,
  parseFlags,
  parseNumber,
  POSITIVE,
  SECONDS,
  THREADS,
  U32,
  UsageError,
} from "../../cli/usage.ts";
import { runCli } from "./run_cli.ts";

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

Deno.test("usage: parseNumber is the one range check: bounds, fractions, clear messages", () => {
  assert.equal(parseNumber("backlog", "4294967295", U32), 4294967295);
  assert.equal(parseNumber("threads", "64", THREADS), 64);
  assert.equal(parseNumber("watch", "0.5", SECONDS), 0.5);
  const cases: [string, string, NumberRange, RegExp][] = [
    ["backlog", "4294987296", U32, /--backlog needs a non-negative integer of at most 4294967295/],
    ["rate", "4294967306", U32, /--rate needs a non-negative integer of at most 4294967295/],
    ["rate", "-1", U32, /--rate needs a non-negative integer .*not '-1'/],
    ["threads", "0", THREADS, /--threads needs an integer from 1 to 64, not '0'/],
    ["threads", "1000", THREADS, /--threads needs an integer from 1 to 64/],
    ["threads", "1.5", THREADS, /--threads/],
    ["count", "0", POSITIVE, /--count needs an integer of at least 1/],
    ["watch", "0", SECONDS, /--watch needs a number from 0.001 to 86400/],
    ["rate", "1e3", U32, /not '1e3'/],
    ["rate", "", U32, /not ''/],
  ];
  for (const [name, value, range, message] of cases) {
    assert.throws(() => parseNumber(name, value, range), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("usage: a negative number after a flag reaches the validation (not 'ambiguous')", () => {
  const spec = {
    ...SPEC,
    options: { ...SPEC.options, rate: { type: "string", value: "N", description: "rate" } },
  } as const satisfies CommandSpec;
  const flags = parseFlags(spec, ["--rate", "-5", "-f", "-1"]);
  assert.ok(flags);
  assert.equal(flags.values.rate, "-5");
  assert.equal(flags.values.format, "-1");
  assert.throws(
    () => parseNumber("rate", flags.values.rate!, U32),
    /--rate needs a non-negative integer of at most 4294967295, not '-5'/,
  );
  // A negative-looking positional after a boolean stays a positional.
  assert.deepEqual(parseFlags(spec, ["-i", "--", "-5"])?.positionals, ["-5"]);
});

Deno.test("usage e2e: every numeric flag goes through the same check (exit 2, one line)", async () => {
  const cases: [string[], RegExp][] = [
    [["stream", "--backlog", "4294987296"], /--backlog needs a non-negative integer of at most/],
    [["stream", "--rate", "4294967306"], /--rate needs a non-negative integer of at most/],
    [["stream", "--rate", "-1"], /--rate needs a non-negative integer .*not '-1'/],
    [["set", "--backlog", "-5"], /--backlog needs a non-negative integer .*not '-5'/],
    [["parse", "--threads", "0", "x.log"], /--threads needs an integer from 1 to 64, not '0'/],
    [["parse", "--threads", "1000", "x.log"], /--threads needs an integer from 1 to 64/],
    [["parse", "--threads", "-2", "x.log"], /--threads needs an integer from 1 to 64, not '-2'/],
    [["status", "--watch", "1", "--count", "-1"], /--count needs an integer of at least 1/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /ambiguous/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
