/**
 * The pure layers (`parse/`, `interpret/`, `rule/`) run unchanged in Deno,
 * Node and browsers: no `Deno.*`, no `node:` and no `npm:` imports outside
 * doc comments; and `parse` bundled to plain JavaScript runs under Node.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const PURE = ["parse", "interpret", "rule"];
/** What a pure module must not contain outside comments. */
const IMPURE = /\bDeno\.|["']node:|["']npm:/;

function* tsFiles(dir: URL): Generator<URL> {
  for (const entry of Deno.readDirSync(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* tsFiles(url);
    else if (entry.name.endsWith(".ts")) yield url;
  }
}

/** The lines of `text` that are code: block and line comments blanked out. */
export function codeLines(text: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split("\n")) {
    let code = "";
    let i = 0;
    while (i < line.length) {
      if (inBlock) {
        const end = line.indexOf("*/", i);
        if (end < 0) {
          i = line.length;
          break;
        }
        inBlock = false;
        i = end + 2;
        continue;
      }
      const block = line.indexOf("/*", i);
      const comment = line.indexOf("//", i);
      if (comment >= 0 && (block < 0 || comment < block) && !/["'`]/.test(line.slice(i, comment))) {
        code += line.slice(i, comment);
        break;
      }
      if (block < 0) {
        code += line.slice(i);
        break;
      }
      code += line.slice(i, block);
      inBlock = true;
      i = block + 2;
    }
    out.push(code);
  }
  return out;
}

Deno.test("codeLines blanks comments and keeps code", () => {
  assert.deepEqual(codeLines("a /* Deno.x */ b\n/**\n * Deno.y\n */\nc // Deno.z"), [
    "a  b",
    "",
    "",
    "",
    "c ",
  ]);
});

Deno.test("pure modules: no Deno.*, node: or npm: outside doc comments", () => {
  const found: string[] = [];
  for (const dir of PURE) {
    for (const file of tsFiles(new URL(`${dir}/`, ROOT))) {
      codeLines(Deno.readTextFileSync(file)).forEach((line, i) => {
        if (IMPURE.test(line)) {
          found.push(`${file.pathname.slice(ROOT.pathname.length)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  assert.deepEqual(found, []);
});

const NODE = (() => {
  for (const p of ["/usr/bin/node", "/usr/local/bin/node"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  return undefined;
})();

Deno.test({
  name: `parse bundled to JavaScript runs under Node${
    NODE ? "" : " (skipped: node is not installed)"
  }`,
  ignore: NODE === undefined,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "libaudit-node-" });
    try {
      const bundle = `${dir}/parse.mjs`;
      const built = await new Deno.Command(Deno.execPath(), {
        args: ["bundle", "--quiet", "--output", bundle, new URL("parse/mod.ts", ROOT).pathname],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(built.success, new TextDecoder().decode(built.stderr));
      const script = `import { parseLogLine } from ${JSON.stringify(bundle)};
const m = parseLogLine('type=SYSCALL msg=audit(1795570504.898:7): arch=c000003e syscall=59 success=yes exit=0 pid=42 comm="true" key="exec"');
console.log(JSON.stringify({ type: m.recordTypeName, seq: m.sequence, syscall: m.data.syscall, key: m.keys }));`;
      const run = await new Deno.Command(NODE!, {
        args: ["--input-type=module", "-e", script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const d = new TextDecoder();
      assert.ok(run.success, d.decode(run.stderr));
      assert.deepEqual(JSON.parse(d.decode(run.stdout)), {
        type: "SYSCALL",
        seq: 7,
        syscall: "execve",
        key: ["exec"],
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
