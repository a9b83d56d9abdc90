/**
 * Output formats for the `libaudit` command: text, JSON Lines and YAML
 * renderers that are safe for attacker-influenced audit data. The batching
 * writer lives in `batch_writer.ts` (re-exported here); the outputs an event
 * goes to (stdout, rotating file, syslog) in `cli/outputs/outputs.ts`.
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
 * import assert from "node:assert/strict";
 * import { renderer } from "./output.ts";
 *
 * const render = renderer("json");
 * // Control characters in audit data come out escaped:
 * assert.equal(render({ file: "/tmp/\x1b[31mevil" }), '{"file":"/tmp/\\u001b[31mevil"}\n');
 * ```
 *
 * @module
 */
import { oneOf } from "../usage.ts";
import { loadYaml, toYamlDocument } from "./yaml.ts";

export { loadYaml, toYamlDocument } from "./yaml.ts";
export { BatchWriter, type Sink, stdoutSink, stdoutSyncSink } from "./batch_writer.ts";

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
/** The escape of one character: `\\n`, `\\t`, `\\r`, `\\xNN` or `\\uNNNN`. */
export function escapeChar(c: string): string {
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
