/**
 * Command line flag parsing and `--help` text for the `libaudit` subcommands.
 *
 * Every subcommand describes its flags once in a {@linkcode CommandSpec};
 * {@linkcode parseFlags} parses them as `node:util`'s `parseArgs` does in
 * strict mode (`_argv.ts`), turns mistakes into a {@linkcode UsageError} with
 * a one-line message (exit code 2) and prints the help text for `--help` /
 * `-h`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CommandSpec, parseFlags } from "./usage.ts";
 *
 * const SPEC = {
 *   name: "demo",
 *   summary: "Shows how flags are declared.",
 *   usage: "libaudit demo [options] FILE...",
 *   positionals: true,
 *   options: {
 *     format: { type: "string", short: "f", value: "FORMAT", description: "text or json" },
 *   },
 *   examples: ["libaudit demo --format json audit.log"],
 * } as const satisfies CommandSpec;
 *
 * const flags = parseFlags(SPEC, ["-f", "json", "audit.log"]);
 * // (undefined when --help was given and printed)
 * assert.equal(flags?.values.format, "json");
 * assert.deepEqual(flags?.positionals, ["audit.log"]);
 * ```
 *
 * @module
 */
import { ArgvError, parseArgv } from "./_argv.ts";

/** A mistake in the command line: wrong flag, missing or bad value. Exit code 2. */
export class UsageError extends Error {
  /** The subcommand the mistake was made in, when known (for "Try 'libaudit X --help'"). */
  readonly command: string | undefined;
  /** Creates a usage error with a one-line `message`. */
  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** One flag of a subcommand. */
export interface OptionSpec {
  /** `boolean` for switches, `string` for flags taking a value. */
  readonly type: "boolean" | "string";
  /** One-letter alias, e.g. `i` for `-i`. */
  readonly short?: string;
  /** Whether the flag may repeat (values are collected into an array). */
  readonly multiple?: boolean;
  /** Placeholder for the value in the help text, e.g. `FILE`. */
  readonly value?: string;
  /** One line of help. */
  readonly description: string;
  /** The value used when the flag is absent, shown in the help and the README. */
  readonly default?: string | boolean;
  /** A numeric flag's bounds: its values are checked with {@linkcode parseNumber}. */
  readonly range?: NumberRange;
  /** The accepted values of a string flag. */
  readonly choices?: readonly string[];
}

/** A subcommand's flags, usage and examples. */
export interface CommandSpec {
  /** The subcommand name, e.g. `parse`. */
  readonly name: string;
  /** One sentence saying what the subcommand does. */
  readonly summary: string;
  /** The synopsis line(s), e.g. `libaudit parse [options] [FILE...]`. */
  readonly usage: string;
  /** Whether positional arguments are accepted. */
  readonly positionals?: boolean;
  /** The flags, keyed by long name (without `--`). */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Example command lines shown in `--help`. */
  readonly examples?: readonly string[];
  /** Extra paragraphs shown after the options. */
  readonly notes?: string;
}

/** The value type of one flag as returned by {@linkcode parseFlags}. */
export type FlagValue<O extends OptionSpec> = O["type"] extends "boolean"
  ? (O["multiple"] extends true ? boolean[] : boolean)
  : (O["multiple"] extends true ? string[] : string);

/** The parsed flags of a subcommand. */
export interface ParsedFlags<S extends CommandSpec> {
  /** Flag values by long name; absent when not given. */
  readonly values: { readonly [K in keyof S["options"]]?: FlagValue<S["options"][K]> };
  /** Positional arguments in order. */
  readonly positionals: string[];
}

/**
 * Parses `args` against `spec`. Returns `undefined` after printing the help
 * text when `--help`/`-h` is present; throws {@linkcode UsageError} for unknown
 * flags, missing values or unexpected positionals.
 */
export function parseFlags<S extends CommandSpec>(
  spec: S,
  args: string[],
): ParsedFlags<S> | undefined {
  const dash = args.indexOf("--");
  const flagPart = dash === -1 ? args : args.slice(0, dash);
  if (flagPart.includes("--help") || flagPart.includes("-h")) {
    console.log(formatHelp(spec));
    return undefined;
  }
  try {
    const { values, positionals } = parseArgv(
      attachNegativeValues(spec, args),
      spec.options,
      spec.positionals ?? false,
    );
    for (const [name, value] of Object.entries(values)) {
      const option = spec.options[name];
      if (option === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) {
        if (typeof one === "string") checkValue(name, option, one);
      }
    }
    return { values, positionals } as unknown as ParsedFlags<S>;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ArgvError) {
      throw new UsageError(error.message, spec.name);
    }
    throw error;
  }
}

/**
 * Checks one string value of option `name` against its spec's `range` or
 * `choices` (the same check for flags and the configuration file); throws a
 * {@linkcode UsageError} naming `--name`.
 */
export function checkValue(name: string, option: OptionSpec, value: string): void {
  if (option.range !== undefined) parseNumber(name, value, option.range);
  if (option.choices !== undefined && !option.choices.includes(value)) {
    throw new UsageError(`--${name} must be one of ${option.choices.join(", ")}, not '${value}'`);
  }
}

/**
 * `--rate -5` would make the parser fail with "argument is ambiguous": a
 * value-taking flag followed by a negative number gets it attached
 * (`--rate=-5`), so the numeric validation can say what is accepted.
 */
function attachNegativeValues(spec: CommandSpec, args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    const option = arg.startsWith("--")
      ? spec.options[arg.slice(2)]
      : /^-[A-Za-z]$/.test(arg)
      ? Object.values(spec.options).find((o) => o.short === arg[1])
      : undefined;
    if (option?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      const long = Object.entries(spec.options).find(([, o]) => o === option)![0];
      out.push(`--${long}=${next}`);
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** Renders the `--help` text of `spec`. */
export function formatHelp(spec: CommandSpec): string {
  const lines = [spec.summary, "", "Usage:", ...spec.usage.split("\n").map((l) => `  ${l}`)];
  const entries = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${
      o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""
    }`;
    const extra = (o.multiple ? " (repeatable)" : "") +
      (o.default === undefined || o.default === false ? "" : ` (default ${o.default})`);
    return [flag, o.description + extra] as const;
  });
  entries.push(["-h, --help", "Show this help"]);
  entries.push(["    --debug", "Show stack traces on errors"]);
  const width = Math.max(...entries.map(([flag]) => flag.length));
  lines.push("", "Options:");
  for (const [flag, text] of entries) lines.push(`  ${flag.padEnd(width)}  ${text}`);
  if (spec.notes) lines.push("", ...spec.notes.split("\n"));
  if (spec.examples && spec.examples.length > 0) {
    lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  }
  return lines.join("\n");
}

/** Returns the value of `name` if it is one of `choices`, else throws a {@linkcode UsageError}. */
export function oneOf<const C extends readonly string[]>(
  name: string,
  value: string | undefined,
  choices: C,
  fallback: C[number],
): C[number] {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value;
  throw new UsageError(`--${name} must be one of ${choices.join(", ")}, not '${value}'`);
}

/** The bounds of a numeric setting, for {@linkcode parseNumber}. */
export interface NumberRange {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value. */
  readonly max: number;
  /** Whether fractions are accepted (`0.5`); integers only otherwise. */
  readonly fraction?: boolean;
}

/** A 32-bit unsigned kernel setting (backlog limit, rate limit, backlog wait time). */
export const U32: NumberRange = { min: 0, max: 0xffffffff };
/**
 * Parser threads: at least 1, at most 64 (each is a V8 isolate of ~40 MiB;
 * more than a few per core only costs memory).
 */
export const THREADS: NumberRange = { min: 1, max: 64 };
/** A positive count (`--count`). */
export const POSITIVE: NumberRange = { min: 1, max: Number.MAX_SAFE_INTEGER };
/** A non-negative count. */
export const COUNT: NumberRange = { min: 0, max: Number.MAX_SAFE_INTEGER };
/** A positive number of seconds, fractions allowed (at most a day). */
export const SECONDS: NumberRange = { min: 0.001, max: 86400, fraction: true };
/** Milliseconds of a timeout or interval (at most an hour). */
export const MILLISECONDS: NumberRange = { min: 1, max: 3_600_000 };

/**
 * The one numeric validation of the CLI: parses `value` of setting `name`
 * (a flag name without `--`, or a configuration key) as a decimal number in
 * `range`, or throws a {@linkcode UsageError} saying what is accepted.
 */
export function parseNumber(name: string, value: string, range: NumberRange = COUNT): number {
  const pattern = range.fraction ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
  const n = Number(value);
  if (!pattern.test(value.trim()) || !Number.isFinite(n) || n < range.min || n > range.max) {
    throw new UsageError(`--${name} ${describeRange(range)}, not '${value}'`);
  }
  return n;
}

/** "needs an integer from 1 to 64" and the like. */
export function describeRange(range: NumberRange): string {
  const what = range.fraction ? "number" : "integer";
  const bounded = range.max < Number.MAX_SAFE_INTEGER;
  if (range.min === 0) {
    return `needs a non-negative ${what}${bounded ? ` of at most ${range.max}` : ""}`;
  }
  if (!bounded) return `needs ${what === "integer" ? "an" : "a"} ${what} of at least ${range.min}`;
  return `needs ${what === "integer" ? "an" : "a"} ${what} from ${range.min} to ${range.max}`;
}

/** Parses a non-negative integer flag value (see {@linkcode parseNumber}), or throws. */
export function parseCount(name: string, value: string, range: NumberRange = COUNT): number {
  return parseNumber(name, value, range);
}
