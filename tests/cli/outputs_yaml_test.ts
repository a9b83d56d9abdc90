import assert from "node:assert/strict";
import { parseAllDocuments, parseDocument } from "yaml";
import { loadYaml, needsYamlQuotes, toYamlDocument } from "../../cli/io/yaml.ts";
import { ROOT, runCli } from "./run_cli.ts";

const TESTDATA = `${ROOT}tests/testdata/`;

await loadYaml();

// Raw in output only as line ends: C0 but newline, DEL, C1, bidi and line
// separators, BOM, non-characters, lone surrogates.
const RAW_UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|\p{Noncharacter_Code_Point}|\p{Cs}/u;

/** Loads `text` (one or more documents) strictly as YAML `version`; throws on any error or warning. */
function loadStrict(text: string, version: "1.1" | "1.2"): unknown[] {
  const docs = parseAllDocuments(text, { version, strict: true, uniqueKeys: true });
  assert.ok(Array.isArray(docs), "documents");
  return docs.map((d) => {
    if (d.errors.length > 0 || d.warnings.length > 0) {
      throw new Error(`YAML ${version}: ${[...d.errors, ...d.warnings][0]!.message}`);
    }
    return d.toJS();
  });
}

/** Checks that every document of `text` loads back under 1.1 and 1.2 as `values`. */
function assertSafe(text: string, values: unknown[], what: string): void {
  assert.doesNotMatch(text, RAW_UNSAFE, what);
  for (const version of ["1.1", "1.2"] as const) {
    const loaded = loadStrict(text, version);
    assert.equal(loaded.length, values.length, `${what} ${version}`);
    for (let i = 0; i < values.length; i++) {
      // JSON form: what a reader gets, compared as data (1.1 dates or booleans would differ).
      assert.deepEqual(JSON.stringify(loaded[i]), JSON.stringify(values[i]), `${what} ${version}`);
    }
  }
}

const TRICKY = [
  "a\tb",
  "file\nname",
  "cr\r",
  "\x1b[31mred",
  "\x00nul",
  "del\x7f",
  "nel\x85",
  "\u2028ls",
  "\u202egnp.exe",
  "bom\ufeff",
  "\uffff",
  "x\ufffe",
  "\ufdd0",
  "\u{1fffe}",
  "\u{10ffff}",
  "lone\ud800",
  "\udc00",
  "=",
  "<<",
  "y",
  "N",
  "yes",
  "No",
  "on",
  "OFF",
  "true",
  "Null",
  "~",
  "",
  "1:20",
  "190:20:30.15",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "0b1010",
  "0o17",
  "017",
  "0x1F",
  "1_000",
  "-1",
  "+12",
  ".5",
  ".inf",
  "-.Inf",
  ".NaN",
  "1e3",
  "- item",
  "a: b",
  "a #b",
  "#c",
  "@at",
  "`tick",
  "!tag",
  "&anchor",
  "*alias",
  "{x}",
  "[x]",
  "|",
  ">",
  "'",
  '"',
  "%YAML",
  "---",
  "...",
  " lead",
  "trail ",
  "é中😀",
  "/usr/bin/ls",
  "E5367482",
  "e5",
  "._",
];

Deno.test("outputs/yaml: tricky strings as values and keys load back under strict YAML 1.1 and 1.2", () => {
  for (const s of TRICKY) {
    const value = { [s]: s, list: [s], nested: { k: s } };
    assertSafe(toYamlDocument(value), [value], JSON.stringify(s));
  }
});

Deno.test("outputs/yaml: one line per scalar, escapes in double quotes, ambiguous words quoted", () => {
  assert.equal(toYamlDocument({ name: "a\nb" }), '---\nname: "a\\nb"\n');
  assert.equal(toYamlDocument({ t: "a\tb" }), '---\nt: "a\\tb"\n');
  assert.equal(toYamlDocument({ cap_fi: "=" }), '---\ncap_fi: "="\n');
  assert.equal(toYamlDocument({ x: "\uffff" }), '---\nx: "\\uffff"\n');
  assert.equal(toYamlDocument({ x: "\u{1fffe}" }), '---\nx: "\\U0001fffe"\n');
  assert.equal(toYamlDocument({ success: "yes", y: 1 }), '---\nsuccess: "yes"\n"y": 1\n');
  assert.equal(toYamlDocument({ a: "b", num: 2, ok: true }), "---\na: b\nnum: 2\nok: true\n");
  assert.ok(needsYamlQuotes("On"));
  assert.ok(!needsYamlQuotes("/bin/ls"));
});

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  "\t",
  "\x1b",
  "\x85",
  "\u2028",
  "\uffff",
  "\ufdd0",
  "\u{1fffe}",
  "=",
  " = ",
  "<<",
  " y ",
  "yes",
  "1:20",
  "2001-12-14",
  ": ",
  " #",
  "'",
  '"',
  "\\",
  "%",
  "é",
  "\ufeff",
  "\x7f",
  "\u202e",
];

/** Mutates `line`: inserted strings, hex-encoded random bytes as a value, or a cut. */
function mutate(line: string, rand: () => number): string {
  const at = Math.floor(rand() * (line.length + 1));
  switch (Math.floor(rand() * 4)) {
    case 0:
      return line.slice(0, at) + INSERTS[Math.floor(rand() * INSERTS.length)]! + line.slice(at);
    case 1: {
      // A hex-encoded value decodes to arbitrary bytes (controls, bad UTF-8, newlines).
      const bytes = Array.from(
        { length: 1 + Math.floor(rand() * 12) },
        () => Math.floor(rand() * 256).toString(16).padStart(2, "0").toUpperCase(),
      );
      const key =
        ["name", "exe", "comm", "proctitle", "cwd", "a0", "cap_fi"][Math.floor(rand() * 7)];
      return `${line} ${key}=${bytes.join("")}`;
    }
    case 2:
      return `${line} ${["cap_fi", "op", "res", "key"][Math.floor(rand() * 4)]}=${
        INSERTS[Math.floor(rand() * INSERTS.length)]
      }`;
    default:
      return line.slice(0, at);
  }
}

/** The JSON values printed, without loss records (JSON output only). */
function jsonValues(stdout: string): unknown[] {
  return stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l)).filter((v) =>
    v.type !== "lost"
  );
}

async function checkLog(path: string, what: string, modes: string[][]): Promise<void> {
  for (const mode of modes) {
    const yaml = await runCli(["parse", ...mode, "-f", "yaml", path]);
    const json = await runCli(["parse", ...mode, "-f", "json", path]);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.equal(json.code, 0, json.stderr);
    assertSafe(yaml.stdout, jsonValues(json.stdout), `${what} ${mode}`);
  }
}

Deno.test("outputs/yaml: the sample logs print YAML that strict 1.1 and 1.2 readers load as the JSON", async () => {
  await checkLog(`${TESTDATA}sample.log`, "sample.log", [[]]);
  await checkLog(`${TESTDATA}sample-enriched.log`, "sample-enriched.log", [["-i"]]);
});

Deno.test("outputs/yaml: bounded fuzz — mutated sample lines still give safe YAML", async () => {
  const lines = Deno.readTextFileSync(`${TESTDATA}sample.log`).split("\n").filter((l) => l !== "");
  const rand = random(20261202);
  const mutated = lines.map((l) => {
    let m = l;
    const n = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) m = mutate(m, rand);
    return m;
  });
  const file = Deno.makeTempFileSync({ prefix: "libaudit-fuzz-", suffix: ".log" });
  try {
    Deno.writeTextFileSync(file, mutated.join("\n") + "\n");
    await checkLog(file, "mutated sample.log", [["-r"], ["-i"]]);
  } finally {
    Deno.removeSync(file);
  }
  // Also directly, without the CLI: random strings from the palette as keys and values.
  for (let i = 0; i < 2000; i++) {
    let s = "";
    const n = Math.floor(rand() * 5);
    for (let j = 0; j < n; j++) s += INSERTS[Math.floor(rand() * INSERTS.length)];
    const value = { [s || "k"]: s, v: [s, { w: s }] };
    const doc = toYamlDocument(value);
    assert.doesNotMatch(doc, RAW_UNSAFE);
    for (const version of ["1.1", "1.2"] as const) {
      const d = parseDocument(doc, { version, strict: true, uniqueKeys: true });
      assert.equal(d.errors.length + d.warnings.length, 0, `${JSON.stringify(s)} ${version}`);
      assert.deepEqual(JSON.stringify(d.toJS()), JSON.stringify(value), JSON.stringify(s));
    }
  }
});
