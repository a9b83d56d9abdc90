/**
 * YAML documents that every YAML 1.1 and 1.2 reader loads back as the same
 * data, with nothing raw that a terminal, pager or grep would act on:
 *
 * - A string holding a control character (C0 with TAB and newline, DEL,
 *   C1), a bidi or line-separator control, a BOM, a Unicode non-character
 *   (U+FFFE, U+FFFF, U+FDD0–U+FDEF and their kin in every plane) or a lone
 *   surrogate is written double-quoted, with those characters escaped: one
 *   line per scalar, no block scalars.
 * - A string that some reader would take for something else is quoted:
 *   YAML 1.1 booleans (`y`, `no`, `on`…), nulls, numbers in every base and
 *   form (`0b1`, `1_000`, `1:20`, `.inf`, and `E5` which the library's 1.1
 *   schema reads as a float), timestamps, and the 1.1 value and merge keys
 *   `=` and `<<` — keys and values alike. Besides a fixed pattern, the
 *   library's own 1.1 and core resolvers decide.
 *
 * The library is loaded on demand ({@linkcode loadYaml}): importing it costs
 * ~30 ms of CPU at startup and ~10 MiB of memory that text and JSON output
 * do not need.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadYaml, toYamlDocument } from "./yaml.ts";
 *
 * await loadYaml();
 * assert.equal(
 *   toYamlDocument({ cap_fi: "=", name: "a\tb", success: "yes" }),
 *   '---\ncap_fi: "="\nname: "a\\tb"\nsuccess: "yes"\n',
 * );
 * ```
 *
 * @module
 */
import type * as Yaml from "yaml";

let yaml: typeof Yaml | undefined;
/** Plain scalars the library itself resolves to non-strings under YAML 1.1 or 1.2 (core). */
let implicit: RegExp | undefined;

/** Loads the YAML library; call it (once) before {@linkcode toYamlDocument}. */
export async function loadYaml(): Promise<void> {
  if (yaml !== undefined) return;
  const y = await import("yaml");
  implicit = implicitTypes(y);
  yaml = y;
}

/**
 * One pattern for every implicit (untagged plain) scalar type of the YAML
 * 1.1 and 1.2 core schemas but strings, taken from the library's own
 * resolvers, so that no reader built on it can take a string for another
 * type: e.g. its 1.1 float pattern takes `E5367482` for a number.
 */
function implicitTypes(y: typeof Yaml): RegExp {
  const sources = new Set<string>();
  for (const schema of ["yaml-1.1", "core"] as const) {
    for (const tag of new y.Schema({ schema }).tags) {
      const t = tag as { default?: boolean | "key"; test?: RegExp; tag: string };
      if (t.test !== undefined && t.default !== false && !t.tag.endsWith(":str")) {
        sources.add(t.test.source);
      }
    }
  }
  return new RegExp([...sources].map((s) => `(?:${s})`).join("|"));
}

/** Characters written only escaped, inside double quotes. */
const ESCAPE =
  // deno-lint-ignore no-control-regex
  /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|\p{Noncharacter_Code_Point}|\p{Cs}/u;
/** The same, for replacing in the library's output (C0 it escapes itself). */
const ESCAPE_ALL =
  /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|\p{Noncharacter_Code_Point}|\p{Cs}/gu;
/**
 * Plain scalars that a YAML 1.1 or 1.2 reader may resolve to something other
 * than a string: anything starting like a number (ints, floats, sexagesimal,
 * timestamps, `.inf`, `.nan`), booleans, nulls, and the 1.1 `=` and `<<`.
 */
const AMBIGUOUS = /^(?:[-+]?[0-9.]|(?:y|n|yes|no|true|false|on|off|null|~|=|<<)$)/i;

/** The YAML escape of one character (`\uNNNN`, or `\UNNNNNNNN` above the BMP). */
function yamlEscape(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0xffff
    ? `\\U${code.toString(16).padStart(8, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Whether `text` must be written quoted (see the module doc). */
export function needsYamlQuotes(text: string): boolean {
  return ESCAPE.test(text) || ambiguous(text);
}

function ambiguous(text: string): boolean {
  return AMBIGUOUS.test(text) || (implicit?.test(text) ?? false);
}

/** One YAML document (`---` then the value); needs {@linkcode loadYaml} first. */
export function toYamlDocument(value: unknown): string {
  const y = yaml;
  if (y === undefined) throw new Error("YAML output needs `await loadYaml()` first");
  const doc = new y.Document(value, { aliasDuplicateObjects: false });
  let escaped = false;
  y.visit(doc, {
    Scalar(_key, node) {
      const v = node.value;
      if (typeof v !== "string") return;
      if (ESCAPE.test(v)) {
        node.type = "QUOTE_DOUBLE";
        escaped = true;
      } else if (ambiguous(v)) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  const text = doc.toString({ lineWidth: 0 });
  return "---\n" + (escaped ? text.replace(ESCAPE_ALL, yamlEscape) : text);
}
