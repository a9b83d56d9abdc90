/**
 * The command's modules that are loaded only when they run: each
 * subcommand, and `search`'s `-i` and `--format csv|text` formatters.
 *
 * Before a program's first line runs, Deno reads and checks every module
 * reachable through an `import()` whose specifier it can read in the source
 * (a string literal or a template): for `cli.ts`, every subcommand's modules,
 * 236 files and about 12 ms of every start, whatever the subcommand. A
 * specifier made at run time is loaded when it is imported, so each
 * subcommand pays for its own modules only.
 *
 * A bundle (`cli_bundle.ts`, `deno task bundle`) imports these modules
 * statically and hands them over with {@linkcode provideModules}; the
 * compiled binary (`deno task compile`) lists them with `--include`.
 *
 * Module-private.
 *
 * @module
 */
import type * as Parse from "./commands/parse.ts";
import type * as Plugin from "./commands/plugin.ts";
import type * as Report from "./commands/report.ts";
import type * as Rules from "./commands/rules.ts";
import type * as Search from "./commands/search.ts";
import type * as SearchInterpret from "./commands/search_interpret.ts";
import type * as SearchNormalize from "./commands/search_normalize.ts";
import type * as SetCommand from "./commands/set.ts";
import type * as Status from "./commands/status.ts";
import type * as Stream from "./commands/stream.ts";

/** The lazily loaded modules by name, with their types. */
export interface LazyModules {
  /** `libaudit parse`. */
  parse: typeof Parse;
  /** `libaudit plugin`. */
  plugin: typeof Plugin;
  /** `libaudit report`. */
  report: typeof Report;
  /** `libaudit rules`. */
  rules: typeof Rules;
  /** `libaudit search`. */
  search: typeof Search;
  /** `libaudit search -i`: the auparse formatter. */
  search_interpret: typeof SearchInterpret;
  /** `libaudit search --format csv|text`: auparse's normalizer. */
  search_normalize: typeof SearchNormalize;
  /** `libaudit set`. */
  set: typeof SetCommand;
  /** `libaudit status`. */
  status: typeof Status;
  /** `libaudit stream`. */
  stream: typeof Stream;
}

/**
 * Each module's path, relative to this file (`deno task compile` must
 * `--include` each: tests/cli/startup_test.ts checks it).
 */
export const LAZY_MODULE_PATHS: { readonly [K in keyof LazyModules]: string } = {
  parse: "./commands/parse.ts",
  plugin: "./commands/plugin.ts",
  report: "./commands/report.ts",
  rules: "./commands/rules.ts",
  search: "./commands/search.ts",
  search_interpret: "./commands/search_interpret.ts",
  search_normalize: "./commands/search_normalize.ts",
  set: "./commands/set.ts",
  status: "./commands/status.ts",
  stream: "./commands/stream.ts",
};

let provided: Partial<LazyModules> | undefined;

/** Hands over modules imported statically (a bundle's entry). */
export function provideModules(modules: LazyModules): void {
  provided = modules;
}

/** The module `name`, loaded on first use. */
export function loadModule<K extends keyof LazyModules>(name: K): Promise<LazyModules[K]> {
  const given = provided?.[name];
  if (given !== undefined) return Promise.resolve(given);
  // Built at run time, so that Deno does not load it before it is needed.
  const specifier = new URL(LAZY_MODULE_PATHS[name], import.meta.url).href;
  return import(specifier);
}
