import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { type ArgvOption, parseArgv } from "../../cli/_argv.ts";

const OPTIONS: Record<string, ArgvOption> = {
  format: { type: "string", short: "f" },
  interpret: { type: "boolean", short: "i" },
  raw: { type: "boolean", short: "r" },
  key: { type: "string", short: "k", multiple: true },
  verbose: { type: "boolean", multiple: true, short: "v" },
  output: { type: "string" },
};

/** The first line of node's message, as `usage.ts` used to shorten it. */
function nodeMessage(error: Error): string {
  const first = error.message.split("\n")[0]!;
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /^Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(first);
  if (missing) return `option '${missing[1]}' needs a value`;
  const positional = /^Unexpected argument '([^']*)'/.exec(first);
  if (positional) return `unexpected argument '${positional[1]}'`;
  const bool = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(first);
  if (bool) return `option '${bool[1]}' takes no value`;
  return first;
}

function outcome(
  parse: () => { values: object; positionals: string[] },
  message: (e: Error) => string,
): unknown {
  try {
    const { values, positionals } = parse();
    return { values: { ...values }, positionals };
  } catch (e) {
    return { error: message(e as Error) };
  }
}

const CASES: string[][] = [
  [],
  ["-i", "a.log"],
  ["-ir", "a.log"],
  ["-irf", "json", "a.log"],
  ["-irfjson"],
  ["-fjson", "-i"],
  ["-f", "json"],
  ["-f"],
  ["--format"],
  ["--format", "-x"],
  ["--format", "-"],
  ["--format=-x"],
  ["-f", "-x"],
  ["-f-x"],
  ["--format="],
  ["--format", "--", "a"],
  ["--", "-i", "--format"],
  ["-"],
  ["-x"],
  ["-ix"],
  ["--nope"],
  ["--nope=1"],
  ["--interpret=yes"],
  ["-i=yes"],
  ["--key", "a", "-k", "b", "--key=c", "-kd"],
  ["-vvv"],
  ["--verbose", "--verbose"],
  ["a", "-i", "b", "--", "c"],
  ["---x"],
  ["--=x"],
  ["--__proto__"],
  ["--constructor"],
  ["-ik", "exec"],
  ["-ki"],
  ["--output", "o.json", "--output", "p.json"],
  ["--format", "json", "--format", "text"],
];

Deno.test("argv: parses and fails as node:util parseArgs (strict) does", () => {
  for (const allowPositionals of [true, false]) {
    for (const args of CASES) {
      const ours = outcome(() => parseArgv(args, OPTIONS, allowPositionals), (e) => e.message);
      const node = outcome(
        () => parseArgs({ args, options: OPTIONS as never, strict: true, allowPositionals }),
        nodeMessage,
      );
      assert.deepEqual(ours, node, `${JSON.stringify(args)} allowPositionals=${allowPositionals}`);
    }
  }
});
