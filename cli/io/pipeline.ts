/**
 * The line side of the reading pipeline shared by `libaudit parse` and
 * `libaudit plugin`: each raw log line is tested against `--drop-raw`, parsed
 * and handed to the {@linkcode Printer}; lines that do not parse become
 * counted warnings, dropped lines go to the filtered output when there is one.
 *
 * @module
 */
import { type AuditMessage, ParseError, parseLogLine } from "../../parse/mod.ts";
import type { LineBatch } from "./input.ts";
import type { Printer, TextOut } from "./printer.ts";
import type { Warnings } from "./warnings.ts";

/** What {@linkcode feedLines} needs besides the lines. */
export interface LineSink {
  /** Where parsed records go. */
  readonly printer: Printer;
  /** Bad lines are reported here. */
  readonly warnings: Warnings;
  /** `--drop-raw`: whether a raw line is dropped before parsing. */
  readonly drop?: ((line: string) => boolean) | undefined;
  /** Receives dropped lines (the filtered output), if any. */
  readonly rejected?: TextOut | undefined;
}

/** Counters of the line side. */
export interface LineStats {
  /** Non-empty lines read. */
  lines: number;
  /** Lines dropped by `--drop-raw`. */
  dropped: number;
  /** Lines that did not parse. */
  bad: number;
}

/** Fresh counters. */
export function lineStats(): LineStats {
  return { lines: 0, dropped: 0, bad: 0 };
}

/** Parses each line of `batch` (from input `label`) into `sink`, counting into `stats`. */
export function feedLines(
  batch: LineBatch,
  label: string,
  sink: LineSink,
  stats: LineStats,
): void {
  const { printer, warnings, drop, rejected } = sink;
  const lines = batch.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    stats.lines++;
    if (drop !== undefined && drop(line)) {
      stats.dropped++;
      rejected?.write(line + "\n");
      continue;
    }
    let message: AuditMessage;
    try {
      message = parseLogLine(line);
    } catch (error) {
      stats.bad++;
      warnings.badLine(`${label}:${batch.firstLine + i}: ${lineError(error)}`);
      continue;
    }
    printer.add(message, line);
  }
}

/** Why a line did not parse, in one line. */
export function lineError(error: unknown): string {
  return error instanceof ParseError
    ? error.message
    : error instanceof Error
    ? (error.message.split("\n")[0] ?? error.name)
    : String(error);
}
