/**
 * The error thrown when an audit record cannot be parsed.
 *
 * @module
 */

/**
 * A record (log line or netlink payload) whose header cannot be parsed.
 *
 * It carries what went wrong ({@linkcode ParseError.reason}), where in the
 * text ({@linkcode ParseError.position}, a 0-based character offset) and,
 * when a caller reading a file sets it, the 1-based line number
 * ({@linkcode ParseError.line}).
 *
 * @example Catch a bad line and report it
 * ```ts
 * import assert from "node:assert/strict";
 * import { ParseError, parseLogLine } from "@libaudit/libaudit/parse";
 *
 * assert.throws(() => parseLogLine("type=SYSCALL msg=?"), (e) => {
 *   assert.ok(e instanceof ParseError);
 *   assert.equal(e.position, 17);
 *   assert.match(e.reason, /audit\(/);
 *   return true;
 * });
 * ```
 */
export class ParseError extends SyntaxError {
  /** What is wrong, without the position (e.g. `expected "msg="`). */
  readonly reason: string;
  /** 0-based character offset in the text where the problem was found. */
  readonly position: number;
  /** 1-based line number in the input, when the caller knows it. */
  line: number | undefined;

  /**
   * Creates a parse error.
   *
   * @param reason What is wrong.
   * @param position 0-based character offset of the problem.
   * @param line 1-based line number, if known.
   */
  constructor(reason: string, position: number, line?: number) {
    super(
      line === undefined
        ? `${reason} at position ${position}`
        : `line ${line}: ${reason} at position ${position}`,
    );
    this.name = "ParseError";
    this.reason = reason;
    this.position = position;
    this.line = line;
  }
}
