/**
 * The terminal chart of `libaudit report --chart`: one row per time bucket,
 * a bar sized to the terminal width, successful and failed events apart —
 * in color with Unicode blocks, or as plain ASCII text.
 *
 * @module
 */
import { bucketize, type Insights } from "./insights.ts";

/** How to draw the chart. */
export interface ChartOptions {
  /** Columns available (the terminal width). */
  readonly width: number;
  /** ANSI colors and Unicode blocks; plain ASCII otherwise. */
  readonly color: boolean;
  /** Formats a bucket's start time. */
  readonly formatTime: (sec: number) => string;
  /** At most this many rows (default 30). */
  readonly maxRows?: number;
}

const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

function duration(sec: number): string {
  if (sec % 86400 === 0) return `${sec / 86400} d`;
  if (sec % 3600 === 0) return `${sec / 3600} h`;
  if (sec % 60 === 0) return `${sec / 60} min`;
  return `${sec} s`;
}

/** Draws the events-over-time chart. */
export function renderChart(data: Insights, o: ChartOptions): string {
  const { size, buckets } = bucketize(data, o.maxRows ?? 30);
  const ok = o.color ? "█" : "#";
  const bad = o.color ? "█" : "x";
  const paint = (
    text: string,
    c: string,
  ): string => (o.color && text !== "" ? c + text + RESET : text);
  const head = `Events over time: ${data.events} events, ${data.failed} failed; one row per ${
    duration(size)
  } (${paint(ok, GREEN)} successful, ${paint(bad, RED)} failed)\n`;
  if (buckets.length === 0) return head + "(no events)\n";
  const labels = buckets.map((b) => o.formatTime(b.start));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const totals = buckets.map((b) => String(b.ok + b.failed));
  const failedText = buckets.map((b) => (b.failed > 0 ? ` (${b.failed} failed)` : ""));
  const numWidth = Math.max(...totals.map((t) => t.length));
  const failWidth = Math.max(...failedText.map((t) => t.length));
  const barWidth = Math.max(4, o.width - labelWidth - numWidth - failWidth - 4);
  const max = Math.max(...buckets.map((b) => b.ok + b.failed), 1);
  let out = head;
  buckets.forEach((b, i) => {
    const total = b.ok + b.failed;
    let cells = Math.round((total / max) * barWidth);
    if (total > 0 && cells === 0) cells = 1;
    let failedCells = total === 0 ? 0 : Math.round((b.failed / total) * cells);
    if (b.failed > 0 && failedCells === 0) failedCells = 1;
    const okCells = Math.max(0, cells - failedCells);
    const bar = paint(ok.repeat(okCells), GREEN) + paint(bad.repeat(failedCells), RED);
    const pad = " ".repeat(barWidth - okCells - failedCells);
    const sep = o.color ? `${DIM}│${RESET}` : "|";
    out += `${labels[i]!.padEnd(labelWidth)} ${sep}${bar}${pad} ${totals[i]!.padStart(numWidth)}${
      failedText[i]
    }\n`;
  });
  return out;
}
