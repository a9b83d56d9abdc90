// Every line of go-libaudit's auparse test logs must give go-libaudit's
// golden output (null ↔ ParseError), except the deviations listed below.
import assert from "node:assert/strict";
import { ParseError, parseLogLine } from "../../parse/mod.ts";

const DIR = new URL("../../../shared/conformance/go-libaudit/auparse/", import.meta.url);

function exists(url: URL): boolean {
  try {
    Deno.statSync(url);
    return true;
  } catch {
    return false;
  }
}

const present = exists(DIR);
if (!present) console.warn(`skipping auparse conformance: ${DIR.pathname} is absent`);

/**
 * Lines where we deliberately differ from go-libaudit, by "file:line", with
 * the reason and the fields that differ (our value).
 */
const DEVIATIONS: Record<
  string,
  { reason: string; ours: (json: Record<string, unknown>) => void }
> = {};

function files(): string[] {
  return [...Deno.readDirSync(DIR)]
    .map((e) => e.name)
    .filter((n) => n.endsWith(".log"))
    .sort();
}

/** Splits like Go's bufio.Scanner: on "\n", dropping a trailing "\r" and a final empty line. */
function lines(text: string): string[] {
  const out = text.split("\n").map((l) => l.endsWith("\r") ? l.slice(0, -1) : l);
  if (out.at(-1) === "") out.pop();
  return out;
}

Deno.test({
  name: "parse conformance: every go-libaudit auparse line matches its golden entry",
  ignore: !present,
  fn() {
    let total = 0;
    let matching = 0;
    const failures: string[] = [];
    for (const name of files()) {
      const input = lines(Deno.readTextFileSync(new URL(name, DIR)));
      const golden = JSON.parse(Deno.readTextFileSync(new URL(name + ".golden", DIR)));
      assert.equal(input.length, golden.length, `${name}: line count`);
      input.forEach((line, i) => {
        total++;
        const where = `${name}:${i + 1}`;
        let ours: unknown = null;
        try {
          ours = JSON.parse(JSON.stringify(parseLogLine(line)));
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
        const deviation = DEVIATIONS[where];
        const expected = structuredClone(golden[i]);
        if (deviation !== undefined && expected !== null) deviation.ours(expected);
        try {
          assert.deepStrictEqual(ours, expected);
          matching++;
        } catch (e) {
          failures.push(`${where}: ${(e as Error).message}`);
        }
      });
    }
    console.log(`auparse conformance: ${matching}/${total} lines match`);
    assert.deepStrictEqual(failures, []);
  },
});
