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
import { escapeControl } from "./escape.ts";

export { loadYaml, toYamlDocument } from "./yaml.ts";
export { BatchWriter, type Sink, stdoutSink, stdoutSyncSink } from "./batch_writer.ts";
export { escapeChar, escapeControl } from "./escape.ts";

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
