/**
 * Output formats for the `libaudit` command: text, JSON Lines and YAML
 * renderers that are safe for attacker-influenced audit data. The batching
 * writer lives in `batch_writer.ts` (re-exported here); the outputs an event
 * goes to (stdout, rotating file, syslog) in `outputs.ts`.
 *
 * - Text and YAML escape control characters (C0, DEL, C1) and the Unicode
 *   bidirectional/line-separator controls, so a crafted file name cannot
 *   inject terminal escape sequences or reorder what a reader sees.
 * - JSON is one `JSON.stringify` per record (always valid JSON, lone
 *   surrogates escaped) written as UTF-8, one record per line.
 * - `BatchWriter` collects output and writes it in large chunks, not one
 *   write per event.
 *
 * @example
 * ```ts
 * import { BatchWriter, renderer, stdoutSink } from "./output.ts";
 *
 * const out = new BatchWriter(stdoutSink());
 * const render = renderer("json");
 * out.write(render({ file: "/tmp/\x1b[31mevil" }));
 * await out.close();
 * ```
 *
 * @module
 */
import type { stringify as YamlStringify } from "yaml";
import { oneOf } from "../usage.ts";

// The YAML library is loaded on demand ({@linkcode loadYaml}): importing it
// costs ~30 ms of CPU at startup and ~10 MiB of memory that text and JSON
// output do not need.
let yamlStringify: typeof YamlStringify | undefined;

/**
 * Loads the YAML library; call it (once) before {@linkcode toYamlDocument}
 * or a YAML {@linkcode renderer} is used.
 */
export async function loadYaml(): Promise<void> {
  yamlStringify ??= (await import("yaml")).stringify;
}

/** The output formats. */
export type Format = "text" | "json" | "yaml";

/** The format names accepted by `--format`. */
const FORMATS: readonly Format[] = ["text", "json", "yaml"];

/**
 * Reads a `--format` value (text when absent), loading the YAML library when
 * YAML is asked for; an unknown name is a usage error.
 */
export async function chooseFormat(value: string | undefined): Promise<Format> {
  const format = oneOf("format", value, FORMATS, "text");
  if (format === "yaml") await loadYaml();
  return format;
}

// C0 controls, DEL, C1 controls, and the Unicode controls that change how text
// is shown (bidi embeddings/overrides/isolates, marks, line/paragraph separators).
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// deno-lint-ignore no-control-regex
const UNSAFE_ALL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// The same minus C0, which the YAML library already escapes itself.
const UNSAFE_YAML = /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_YAML_ALL = /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  switch (c) {
    case "\n":
      return "\\n";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
  }
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Escapes control characters in `text` for terminal-safe display: newline,
 * tab and CR as `\n`, `\t`, `\r`; other C0/C1 controls and DEL as `\xNN`;
 * bidi and line-separator controls as `\uNNNN`. Other text is unchanged.
 */
export function escapeControl(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** One JSON Lines record: `JSON.stringify(value)` and a newline. */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value) + "\n";
}

/**
 * One YAML document (`---` then the value). Values holding characters that the
 * YAML library would print raw (C1 and bidi controls) are written with all
 * strings double-quoted and those characters escaped.
 */
export function toYamlDocument(value: unknown): string {
  const stringify = yamlStringify;
  if (stringify === undefined) throw new Error("YAML output needs `await loadYaml()` first");
  if (!hasYamlUnsafe(value)) return "---\n" + stringify(value, YAML_OPTIONS);
  const text = stringify(value, { ...YAML_OPTIONS, defaultStringType: "QUOTE_DOUBLE" });
  return "---\n" + text.replace(UNSAFE_YAML_ALL, escapeChar);
}

const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

function hasYamlUnsafe(value: unknown): boolean {
  if (typeof value === "string") return UNSAFE_YAML.test(value);
  if (Array.isArray(value)) return value.some(hasYamlUnsafe);
  if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (UNSAFE_YAML.test(key) || hasYamlUnsafe((value as Record<string, unknown>)[key])) {
        return true;
      }
    }
  }
  return false;
}

/** Renders one record in `format`; text records are passed through {@linkcode escapeControl}. */
export function renderer(format: Format): (value: unknown) => string {
  switch (format) {
    case "json":
      return toJsonLine;
    case "yaml":
      return toYamlDocument;
    case "text":
      return (value) =>
        escapeControl(typeof value === "string" ? value : JSON.stringify(value)) + "\n";
  }
}

export { BatchWriter, type Sink, stdoutSink, stdoutSyncSink } from "./batch_writer.ts";
