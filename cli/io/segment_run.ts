/**
 * Processing of one input segment for parallel `libaudit parse` (see
 * `segments.ts` for how events at segment boundaries are shared out): the
 * output comes back as UTF-8 pieces.
 *
 * @module
 */
import { type AuditMessage, parseLogLine } from "../../parse/mod.ts";
import { buildFilter } from "./filters.ts";
import { filterContext } from "./filter_context.ts";
import { createInterpreter } from "./interpretation.ts";
import type { SegmentResult, SegmentTask, WorkerSetup } from "./parallel.ts";
import { Printer } from "./printer.ts";
import { eventKey, openKeys } from "./segments.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Decodes whole lines in pieces of at most ~32 KiB (keeps strings out of large-object space). */
function lines(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, Math.min(start + PIECE_BYTES, bytes.length - 1));
    if (end === -1) end = bytes.length;
    for (const l of decoder.decode(bytes.subarray(start, end)).split("\n")) {
      out.push(l.length > 0 && l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l);
    }
    start = end + 1;
  }
  return out;
}

const PIECE_BYTES = 32 << 10;

/** Output collected as UTF-8 pieces of about 32 KiB. */
class Collector {
  readonly pieces: Uint8Array[] = [];
  #parts: string[] = [];
  #size = 0;
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= PIECE_BYTES) this.flush();
  }
  flush(): void {
    if (this.#size === 0) return;
    this.pieces.push(encoder.encode(this.#parts.join("")));
    this.#parts = [];
    this.#size = 0;
  }
}

function tryParse(line: string): AuditMessage | undefined {
  if (line.length === 0) return undefined;
  try {
    return parseLogLine(line);
  } catch {
    return undefined;
  }
}

function countLines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a, from); i !== -1 && i < to; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Creates the function that processes one segment: parse, reassemble,
 * filter, interpret and render it, with the boundary rule of `segments.ts`.
 * Used by the workers and by the main thread's own share of the segments.
 */
export function createSegmentRunner(s: WorkerSetup): (task: SegmentTask) => SegmentResult {
  const filter = buildFilter(s.filters, filterContext());
  const interpreter = s.mode === "interpret"
    ? createInterpreter({ resolveIds: s.resolveIds })
    : undefined;
  const makePrinter = (out: Collector, warnings: string[]): Printer =>
    new Printer({
      mode: s.mode,
      format: s.format,
      out,
      filter,
      interpreter,
      warn: (m) => warnings.push(m),
      onLost: () => {},
    });
  return (task) => run(task, makePrinter);
}

function run(
  task: SegmentTask,
  makePrinter: (out: Collector, warnings: string[]) => Printer,
): SegmentResult {
  const out = new Collector();
  const warnings: string[] = [];
  const badLines: { line: number; reason: string }[] = [];
  const printer = makePrinter(out, warnings);
  const { body, headEnd, tailStart } = task;

  // Events the previous segment's worker owns: open at the end of its tail.
  const theirs = openKeys(lines(task.prevTail).map(tryParse).filter((m) => m !== undefined));
  const headLines = theirs.size === 0 ? 0 : countLines(body, 0, headEnd);
  const all = lines(body);
  const tailFirst = all.length - countLines(body, tailStart, body.length) -
    (body.length > 0 && body[body.length - 1] !== 0x0a ? 1 : 0);
  const tail: AuditMessage[] = [];
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (line.length === 0) continue;
    let m: AuditMessage;
    try {
      m = parseLogLine(line);
    } catch (error) {
      badLines.push({ line: i, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (i >= tailFirst) tail.push(m);
    if (i < headLines && theirs.has(eventKey(m))) continue;
    printer.add(m, line);
  }
  // Records in the next segment's head that complete events open in our tail.
  const ours = openKeys(tail);
  if (ours.size > 0) {
    for (const line of lines(task.nextHead)) {
      const m = tryParse(line);
      if (m !== undefined && ours.has(eventKey(m))) printer.add(m, line);
    }
  }
  printer.finish();
  out.flush();
  return {
    id: task.id,
    output: out.pieces,
    lines: all.length,
    printed: printer.stats.printed,
    lost: printer.stats.lost,
    badLines,
    warnings,
  };
}
