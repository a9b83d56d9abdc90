/**
 * Writes the configuration reference of `libaudit plugin` into README.md
 * (between `<!-- config-reference -->` markers) from the settings'
 * definitions, so the README's keys, values and defaults are the code's.
 *
 *   deno run --allow-read --allow-write --allow-ffi --allow-env tools/gen_config_reference.ts [--check]
 *
 * @module
 */
import { PLUGIN_OPTIONS } from "../cli/commands/plugin.ts";
import type { OptionSpec } from "../cli/usage.ts";

const README = new URL("../README.md", import.meta.url);
const BEGIN = "<!-- config-reference -->";
const END = "<!-- /config-reference -->";

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The reference table of `options` as Markdown rows. */
export function referenceTable(options: Readonly<Record<string, OptionSpec>>): string {
  const rows = ["| Key (`--flag`) | Value | Default | Meaning |", "| --- | --- | --- | --- |"];
  for (const [name, o] of Object.entries(options)) {
    if (name === "config" || name === "check-config") continue;
    const value = o.type === "boolean"
      ? "`true`/`false`"
      : o.choices !== undefined
      ? o.choices.map((c) => `\`${c}\``).join(", ")
      : `${o.value ?? "VALUE"}${o.multiple ? " (list)" : ""}`;
    const fallback = o.default === undefined
      ? (o.type === "boolean" ? "`false`" : "")
      : `\`${o.default}\``;
    rows.push(
      `| \`${name}\`${o.short ? ` (\`-${o.short}\`)` : ""} | ${cell(value)} | ${fallback} | ${
        cell(o.description)
      } |`,
    );
  }
  return rows.join("\n");
}

/** README.md with the reference section rendered from the current definitions. */
export function renderReadme(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md lacks ${BEGIN} ... ${END}`);
  return readme.slice(0, start + BEGIN.length) + "\n\n" + referenceTable(PLUGIN_OPTIONS) +
    "\n\n" + readme.slice(end);
}

/** The text with table padding undone (`deno fmt` aligns Markdown tables). */
export function normalize(text: string): string {
  return text.replace(/ {2,}/g, " ").replace(/-{3,}/g, "---");
}

if (import.meta.main) {
  const readme = await Deno.readTextFile(README);
  const rendered = renderReadme(readme);
  if (Deno.args.includes("--check")) {
    if (normalize(rendered) !== normalize(readme)) {
      console.error("README.md: the configuration reference is out of date (run the tool)");
      Deno.exit(1);
    }
  } else if (rendered !== readme) {
    await Deno.writeTextFile(README, rendered);
  }
}
