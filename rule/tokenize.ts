/**
 * Splits a rule line into tokens the way auditctl reads rules files: only
 * spaces separate tokens, `\ ` is a space inside a token and `\\` a
 * backslash. Quotes have no meaning to auditctl.
 *
 * @module
 */

/** A token of a rule line and the 1-based column where it starts. */
export interface Token {
  /** The token's text, escapes resolved. */
  readonly text: string;
  /** 1-based column of its first character in the line. */
  readonly column: number;
}

/** Splits `line` into tokens with their columns. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let text = "", start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " ") {
      if (start >= 0) tokens.push({ text, column: start + 1 });
      text = "", start = -1;
      continue;
    }
    if (start < 0) start = i;
    const next = line[i + 1];
    if (c === "\\" && (next === " " || next === "\\")) {
      text += next;
      i++;
    } else {
      text += c;
    }
  }
  if (start >= 0) tokens.push({ text, column: start + 1 });
  return tokens;
}

/** Tokens for arguments that are already split (an argv), columns as if joined by spaces. */
export function tokensOfArgs(args: readonly string[]): Token[] {
  const tokens: Token[] = [];
  let column = 1;
  for (const text of args) {
    tokens.push({ text, column });
    column += text.length + 1;
  }
  return tokens;
}
