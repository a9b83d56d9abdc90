/**
 * The configuration file of `libaudit plugin` and `libaudit stream`
 * (`--config FILE`): a YAML mapping whose keys are the subcommand's long flag
 * names and whose values are what the flag would take.
 *
 * ```yaml
 * format: json
 * output: /var/log/libaudit/events.jsonl
 * exclude-key: [noisy, cron]
 * status-interval: 60
 * ```
 *
 * Each setting is defined once, as the subcommand's {@linkcode OptionSpec}
 * (type, default, range or choices, description): the flags and the file
 * share it, and values are checked by the same {@linkcode checkValue}. An
 * unknown key or a bad value is a {@linkcode ConfigError} naming
 * `file:line:col`. Flags given on the command line win over the file.
 *
 * @module
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { checkValue, type OptionSpec, UsageError } from "../usage.ts";

/** One problem in a configuration file, at a 1-based line and column. */
export interface ConfigProblem {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  /** What is wrong, e.g. `unknown key 'fromat'`. */
  readonly message: string;
}

/** A configuration file that cannot be used: every problem found, the first in the message. */
export class ConfigError extends Error {
  /** The file. */
  readonly file: string;
  /** Every problem, in file order. */
  readonly problems: readonly ConfigProblem[];
  /** Creates the error; the message is `file:line:col: message` of the first problem. */
  constructor(file: string, problems: readonly ConfigProblem[]) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
    super(`${file}:${first.line}:${first.col}: ${first.message}${more}`);
    this.name = "ConfigError";
    this.file = file;
    this.problems = problems;
  }

  /** Every problem as `file:line:col: message`, one per line. */
  lines(): string[] {
    return this.problems.map((p) => `${this.file}:${p.line}:${p.col}: ${p.message}`);
  }
}

/** The value of one setting, in the shape `parseFlags` gives flags. */
export type SettingValue = boolean | string | string[];

/** A configuration file read and checked. */
export interface Config {
  /** The file. */
  readonly file: string;
  /** Values by setting name. */
  readonly values: Readonly<Record<string, SettingValue>>;
  /** Where each setting is, as `file:line:col`. */
  readonly where: Readonly<Record<string, string>>;
}

/**
 * The options that choose and check a configuration file, as `stream` and
 * `plugin` spell them (one definition for both).
 */
export const CONFIG_FILE_OPTIONS = {
  config: {
    type: "string",
    value: "FILE",
    description: "Read settings from this YAML file (keys are the long flag names; flags win)",
  },
  "check-config": {
    type: "boolean",
    description: "Check the settings (configuration file and flags), print OK and exit",
  },
} as const;

/** Settings a configuration file may not hold (they choose or check the file itself). */
const NOT_IN_FILE = new Set(["config", "check-config", "help"]);

/**
 * Parses configuration `text` (from `file`, for messages) against the
 * subcommand's options. Throws {@linkcode ConfigError} listing every unknown
 * key, wrong type and bad value with its line and column.
 */
export function parseConfig(
  text: string,
  file: string,
  options: Readonly<Record<string, OptionSpec>>,
): Config {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const at = (offset: number | undefined, message: string): void => {
    const { line, col } = counter.linePos(offset ?? 0);
    problems.push({ line: Math.max(line, 1), col: Math.max(col, 1), message });
  };
  for (const error of doc.errors) at(error.pos[0], error.message.split("\n")[0]!);
  const values: Record<string, SettingValue> = {};
  const where: Record<string, string> = {};
  const root = doc.contents;
  if (problems.length === 0 && root !== null) {
    if (!isMap(root)) {
      at(root.range?.[0], "the file must be a mapping of settings (key: value)");
    } else {
      for (const pair of root.items) {
        const key = pair.key as Node | null;
        const name = isScalar(key) ? String(key.value) : undefined;
        const keyAt = key?.range?.[0];
        const option = name === undefined || NOT_IN_FILE.has(name) ? undefined : options[name];
        if (name === undefined || option === undefined) {
          at(keyAt, `unknown key '${name ?? "?"}'${suggest(name, options)}`);
          continue;
        }
        const node = pair.value as Node | null;
        const value = settingValue(name, option, node, (offset, m) => at(offset ?? keyAt, m));
        if (value === undefined) continue;
        values[name] = value;
        const { line, col } = counter.linePos(keyAt ?? 0);
        where[name] = `${file}:${line}:${col}`;
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return { file, values, where };
}

/** Reads and parses the configuration file at `path` (see {@linkcode parseConfig}). */
export async function readConfig(
  path: string,
  options: Readonly<Record<string, OptionSpec>>,
): Promise<Config> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(path, [{ line: 1, col: 1, message: `cannot read: ${reason}` }]);
  }
  return parseConfig(text, path, options);
}

/** Converts one YAML value to the flag's shape, reporting what does not fit. */
function settingValue(
  name: string,
  option: OptionSpec,
  node: Node | null,
  problem: (offset: number | undefined, message: string) => void,
): SettingValue | undefined {
  const offset = node?.range?.[0];
  if (option.type === "boolean") {
    if (isScalar(node) && typeof node.value === "boolean") return node.value;
    problem(offset, `${name}: needs true or false`);
    return undefined;
  }
  const items: (Node | null)[] = isSeq(node) ? node.items as (Node | null)[] : [node];
  if (isSeq(node) && !option.multiple) {
    problem(offset, `${name}: takes one value, not a list`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of items) {
    const value = isScalar(item) ? item.value : undefined;
    if (
      value === null || value === undefined ||
      !(typeof value === "string" || typeof value === "number" || typeof value === "bigint")
    ) {
      problem(item?.range?.[0] ?? offset, `${name}: needs ${option.value ?? "a value"}`);
      return undefined;
    }
    const text = String(value);
    try {
      checkValue(name, option, text);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problem(item?.range?.[0], error.message.replace(/^--/, ""));
      return undefined;
    }
    out.push(text);
  }
  return option.multiple ? out : out[0]!;
}

/** " (did you mean 'format'?)" for a key one or two edits away from a setting. */
function suggest(name: string | undefined, options: Readonly<Record<string, OptionSpec>>): string {
  if (name === undefined) return "";
  for (const candidate of Object.keys(options)) {
    if (!NOT_IN_FILE.has(candidate) && editDistance(name, candidate) <= 2) {
      return ` (did you mean '${candidate}'?)`;
    }
  }
  return "";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Reads the file named by `--config` (if given) and merges it under the
 * flags: the settings in effect and the file they partly came from.
 */
export async function loadSettings<V extends { readonly config?: string | undefined }>(
  flags: V,
  options: Readonly<Record<string, OptionSpec>>,
): Promise<{ config: Config | undefined; values: V }> {
  const config = flags.config === undefined ? undefined : await readConfig(flags.config, options);
  return { config, values: mergeSettings(flags, config) };
}

/**
 * The settings in effect: the file's values, overridden by the flags given
 * on the command line (a flag replaces a list from the file).
 */
export function mergeSettings<V extends object>(flags: V, config: Config | undefined): V {
  if (config === undefined) return flags;
  return { ...config.values, ...flags } as V;
}

/**
 * Runs `build` (which turns settings into filters, outputs, ...) and points
 * a {@linkcode UsageError} about `--NAME` at the file when NAME's value came
 * from `config` and not from a flag: `file:line:col: NAME: ...`.
 */
export function locateErrors<T>(
  build: () => T,
  config: Config | undefined,
  flags: object,
): T {
  try {
    return build();
  } catch (error) {
    throw locate(error, config, flags);
  }
}

/** The async form of {@linkcode locateErrors}. */
export async function locateErrorsAsync<T>(
  build: () => Promise<T>,
  config: Config | undefined,
  flags: object,
): Promise<T> {
  try {
    return await build();
  } catch (error) {
    throw locate(error, config, flags);
  }
}

function locate(error: unknown, config: Config | undefined, flags: object): unknown {
  if (config === undefined || !(error instanceof UsageError)) return error;
  const name = /^--([\w-]+)/.exec(error.message)?.[1];
  if (name === undefined || name in flags) return error;
  const where = config.where[name];
  if (where === undefined) return error;
  const [line, col] = where.slice(config.file.length + 1).split(":").map(Number);
  return new ConfigError(config.file, [{
    line: line!,
    col: col!,
    message: error.message.replace(/^--/, ""),
  }]);
}
