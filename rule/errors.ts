/**
 * Errors of the rule parser.
 *
 * @module
 */

/** Where and why a rule's text is wrong. */
export interface RuleSyntaxErrorInit {
  /** File name, when the rule came from a file. */
  readonly file?: string | undefined;
  /** 1-based line number (1 for a single rule). */
  readonly line?: number;
  /** 1-based column of the bad token. */
  readonly column?: number;
  /** The bad token (option, field or value). */
  readonly token: string;
  /** What was wrong and what was expected. */
  readonly reason: string;
}

/** A rule auditctl (or the kernel) would refuse, with its place in the text. */
export class RuleSyntaxError extends SyntaxError {
  /** File name, when the rule came from a file. */
  readonly file: string | undefined;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column of the bad token. */
  readonly column: number;
  /** The bad token. */
  readonly token: string;
  /** What was wrong and what was expected, without the position. */
  readonly reason: string;

  /** Creates the error; the message is `file:line:col: reason`. */
  constructor(init: RuleSyntaxErrorInit) {
    const line = init.line ?? 1, column = init.column ?? 1;
    super(`${init.file ?? "<rule>"}:${line}:${column}: ${init.reason}`);
    this.name = "RuleSyntaxError";
    this.file = init.file;
    this.line = line;
    this.column = column;
    this.token = init.token;
    this.reason = init.reason;
  }
}

/** Several errors of one rules file, in line order. */
export class RulesFileError extends AggregateError {
  /** The errors, each with its position. */
  override readonly errors: RuleSyntaxError[];
  /** Creates the error from a file's errors. */
  constructor(errors: RuleSyntaxError[], file?: string) {
    super(
      errors,
      `${errors.length} error${errors.length === 1 ? "" : "s"} in ${file ?? "rules"}:\n` +
        errors.map((e) => e.message).join("\n"),
    );
    this.name = "RulesFileError";
    this.errors = errors;
  }
}
