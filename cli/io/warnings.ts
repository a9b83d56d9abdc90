/**
 * Warnings on stderr for the long-running subcommands: one line each,
 * prefixed with the command, capped so garbage input cannot flood the
 * terminal, and always summed up at the end (nothing is dropped silently).
 *
 * @module
 */
import { escapeControl } from "./escape.ts";

/** How many unparseable-line warnings are printed before only counting. */
const MAX_LINE_WARNINGS = 100;

/** Prints and counts warnings. */
export class Warnings {
  readonly #prefix: string;
  readonly #beforeWrite: () => void;
  /** Lines that did not parse. */
  badLines = 0;
  /** Other warnings printed. */
  warnings = 0;

  /** `beforeWrite` runs before each line (e.g. to clear a progress line). */
  constructor(prefix: string, beforeWrite: () => void = () => {}) {
    this.#prefix = prefix;
    this.#beforeWrite = beforeWrite;
  }

  /** A warning line on stderr. */
  warn(message: string): void {
    this.warnings++;
    this.#print(`warning: ${message}`);
  }

  /** An error line on stderr (the caller decides the exit code). */
  error(message: string): void {
    this.#print(message);
  }

  /** A line that did not parse: printed for the first {@linkcode MAX_LINE_WARNINGS}, then counted. */
  badLine(message: string): void {
    this.badLines++;
    if (this.badLines <= MAX_LINE_WARNINGS) this.#print(`warning: ${message}`);
    else if (this.badLines === MAX_LINE_WARNINGS + 1) {
      this.#print(`warning: more lines do not parse; counting them without printing`);
    }
  }

  /** Prints the totals when lines were skipped. */
  summary(): void {
    if (this.badLines > 0) {
      this.#print(`warning: ${this.badLines} line(s) could not be parsed and were skipped`);
    }
  }

  #print(text: string): void {
    this.#beforeWrite();
    console.error(`${this.#prefix}: ${escapeControl(text)}`);
  }
}
