/**
 * Flag parsing with `node:util` `parseArgs`'s semantics in strict mode
 * (short groups `-ab`, `-fVALUE`, `--name=value`, `--` ending the flags,
 * values taken from the next argument whatever it starts with), without
 * loading `node:util`: importing it costs every command ~25 ms of start-up.
 *
 * Module-private: {@linkcode parseFlags} in `usage.ts` is the interface.
 *
 * @module
 */

/** How one flag is parsed. */
export interface ArgvOption {
  /** `boolean` for switches, `string` for flags taking a value. */
  readonly type: "boolean" | "string";
  /** One-letter alias. */
  readonly short?: string | undefined;
  /** Values collected into an array. */
  readonly multiple?: boolean | undefined;
}

/** What {@linkcode parseArgv} found. */
export interface ParsedArgv {
  /** Flag values by long name (`true` for switches; arrays for `multiple`). */
  readonly values: Record<string, string | boolean | (string | boolean)[]>;
  /** Positional arguments, in order. */
  readonly positionals: string[];
}

/** A command-line mistake found by {@linkcode parseArgv}; `message` is one short line. */
export class ArgvError extends Error {
  /** The argument as given (`-f`, `--format`, or a positional). */
  readonly arg: string;
  /** Creates the error for `arg`. */
  constructor(message: string, arg: string) {
    super(message);
    this.name = "ArgvError";
    this.arg = arg;
  }
}

interface Token {
  readonly name: string;
  readonly raw: string;
  readonly value: string | undefined;
  readonly inline: boolean;
  /** A positional argument (`value`), not a flag. */
  readonly positional: boolean;
}

/**
 * Parses `args` as `parseArgs({ args, options, strict: true, allowPositionals })`
 * does, and throws {@linkcode ArgvError} where it throws, for the first bad
 * argument in order: unknown flag, missing value, value given to a switch,
 * a value that looks like a flag (`--format --x`), unexpected positional.
 */
export function parseArgv(
  args: readonly string[],
  options: Readonly<Record<string, ArgvOption>>,
  allowPositionals: boolean,
): ParsedArgv {
  const own = (name: string): ArgvOption | undefined =>
    Object.hasOwn(options, name) ? options[name] : undefined;
  const longFor = (short: string): string => {
    for (const name in options) {
      if (Object.hasOwn(options, name) && options[name]!.short === short) return name;
    }
    return short;
  };
  const isString = (name: string): boolean => own(name)?.type === "string";

  const tokens: Token[] = [];
  const option = (name: string, raw: string, value: string | undefined, inline: boolean) =>
    tokens.push({ name, raw, value, inline, positional: false });
  const positional = (value: string) =>
    tokens.push({ name: "", raw: value, value, inline: false, positional: true });
  const rest = [...args];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === "--") {
      for (const p of rest) positional(p);
      break;
    }
    const short = arg.length >= 2 && arg[0] === "-" && arg[1] !== "-";
    if (short && arg.length === 2) {
      // -f [VALUE]
      const name = longFor(arg[1]!);
      if (isString(name) && rest.length > 0) option(name, arg, rest.shift(), false);
      else option(name, arg, undefined, false);
      continue;
    }
    if (short) {
      const name = longFor(arg[1]!);
      if (isString(name)) {
        // -fVALUE
        option(name, `-${arg[1]}`, arg.slice(2), true);
        continue;
      }
      // -abc is -a -b -c; a flag taking a value inside takes the rest (-abfFILE).
      const expanded: string[] = [];
      for (let i = 1; i < arg.length; i++) {
        const letter = arg[i]!;
        if (!isString(longFor(letter)) || i === arg.length - 1) expanded.push(`-${letter}`);
        else {
          expanded.push(`-${arg.slice(i)}`);
          break;
        }
      }
      rest.unshift(...expanded);
      continue;
    }
    if (arg.length > 2 && arg.startsWith("--")) {
      const eq = arg.indexOf("=", 3);
      if (eq === -1) {
        // --name [VALUE]
        const name = arg.slice(2);
        if (isString(name) && rest.length > 0) option(name, arg, rest.shift(), false);
        else option(name, arg, undefined, false);
      } else {
        // --name=VALUE
        const name = arg.slice(2, eq);
        option(name, `--${name}`, arg.slice(eq + 1), true);
      }
      continue;
    }
    positional(arg);
  }

  const values: Record<string, string | boolean | (string | boolean)[]> = Object.create(null);
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.positional) {
      if (!allowPositionals) throw new ArgvError(`unexpected argument '${t.raw}'`, t.raw);
      positionals.push(t.value!);
      continue;
    }
    const spec = own(t.name);
    if (spec === undefined) throw new ArgvError(`unknown option '${t.raw}'`, t.raw);
    if (spec.type === "string" && t.value === undefined) {
      throw new ArgvError(`option '--${t.name}' needs a value`, t.raw);
    }
    if (spec.type === "boolean" && t.value !== undefined) {
      throw new ArgvError(`option '--${t.name}' takes no value`, t.raw);
    }
    if (!t.inline && t.value !== undefined && t.value.length > 1 && t.value[0] === "-") {
      throw new ArgvError(`Option '${t.raw}' argument is ambiguous.`, t.raw);
    }
    if (t.name === "__proto__") continue;
    const value = t.value ?? true;
    if (spec.multiple) {
      const list = values[t.name];
      if (Array.isArray(list)) list.push(value);
      else values[t.name] = [value];
    } else values[t.name] = value;
  }
  return { values, positionals };
}
