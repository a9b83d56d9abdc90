/**
 * auditctl's command-line grammar (GNU `getopt_long` with auditctl's option
 * string): turns tokens into options with their arguments.
 *
 * @module
 */
import { RuleSyntaxError } from "./errors.ts";
import type { Token } from "./tokenize.ts";

/** An option of a rule line with its argument. */
export interface Option {
  /** The option letter (`a`, `S`, `F`, …) or long name (`backlog_wait_time`). */
  readonly name: string;
  /** Its argument, if it takes one. */
  readonly arg: string | undefined;
  /** The option token (for error positions). */
  readonly token: Token;
  /** Where the argument is (for error positions). */
  readonly argToken: Token;
}

const SHORT_WITH_ARG = new Set("CefrbaAdSFmRwWkpq");
const SHORT_FLAGS = new Set("hicslDvt");
const LONG: Readonly<Record<string, boolean>> = {
  "loginuid-immutable": false,
  "backlog_wait_time": true,
  "reset-lost": false,
  "reset_backlog_wait_time_actual": false,
  "signal": true,
};

/** Where an error is, for {@linkcode RuleSyntaxError}. */
export interface Place {
  /** File name for messages. */
  readonly file?: string | undefined;
  /** 1-based line number. */
  readonly line?: number;
}

/** Reads options from tokens as auditctl's getopt does; non-options are errors. */
export function readOptions(tokens: readonly Token[], place: Place): Option[] {
  const options: Option[] = [];
  const fail = (token: Token, reason: string): never => {
    throw new RuleSyntaxError({ ...place, column: token.column, token: token.text, reason });
  };
  const tabbed = tokens.find((t) => t.text.includes("\t"));
  if (tabbed !== undefined) {
    fail(tabbed, `'${tabbed.text}': tabs do not separate words in audit rules; use spaces`);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const text = token.text;
    if (text.startsWith("--") && text.length > 2) {
      const eq = text.indexOf("=");
      const given = text.slice(2, eq < 0 ? undefined : eq);
      const exact = given in LONG ? [given] : [];
      const matches = exact.length > 0
        ? exact
        : Object.keys(LONG).filter((n) => n.startsWith(given));
      if (matches.length !== 1) {
        fail(
          token,
          `${matches.length > 1 ? "ambiguous" : "unknown"} option '${text}': expected one of ` +
            Object.keys(LONG).map((n) => `--${n}`).join(", "),
        );
      }
      const name = matches[0]!;
      if (LONG[name]) {
        if (eq >= 0) {
          const argToken = { text: text.slice(eq + 1), column: token.column + eq + 1 };
          options.push({ name, arg: argToken.text, token, argToken });
        } else {
          const argToken = tokens[++i] ?? fail(token, `option '--${name}' needs a value`);
          options.push({ name, arg: argToken.text, token, argToken });
        }
      } else {
        if (eq >= 0) fail(token, `option '--${name}' takes no value`);
        options.push({ name, arg: undefined, token, argToken: token });
      }
      continue;
    }
    if (!text.startsWith("-") || text.length === 1) {
      const quoted = tokens.some((t) => /^["']/.test(t.text));
      fail(
        token,
        `unexpected '${text}': expected an option such as -a, -w, -S, -F or -k` +
          (quoted ? " (auditctl does not understand quotes; write '\\ ' for a space)" : ""),
      );
    }
    for (let j = 1; j < text.length; j++) {
      const letter = text[j]!;
      if (SHORT_WITH_ARG.has(letter)) {
        if (j + 1 < text.length) {
          const argToken = { text: text.slice(j + 1), column: token.column + j + 1 };
          options.push({ name: letter, arg: argToken.text, token, argToken });
        } else {
          const argToken = tokens[++i] ?? fail(token, `option '-${letter}' needs a value`);
          options.push({ name: letter, arg: argToken.text, token, argToken });
        }
        break;
      }
      if (SHORT_FLAGS.has(letter)) {
        options.push({ name: letter, arg: undefined, token, argToken: token });
        continue;
      }
      fail(token, `unknown option '-${letter}' in '${text}'`);
    }
  }
  return options;
}
