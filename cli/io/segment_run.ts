/**
 * Rendering of one batch of reassembled events for parallel `libaudit
 * parse` (see `parallel.ts`): each event's lines are parsed in full,
 * filtered, interpreted and rendered by a {@linkcode Printer}; the output
 * comes back as UTF-8 pieces.
 *
 * @module
 */
import { type AuditMessage, parseLogLine } from "../../parse/mod.ts";
import { buildFilter } from "./filters.ts";
import { filterContext } from "./filter_context.ts";
import { createInterpreter } from "./interpretation.ts";
import type { SegmentResult, SegmentTask, WorkerSetup } from "./parallel.ts";
import { Printer } from "./printer.ts";

const encoder = new TextEncoder();
const PIECE_CHARS = 32 << 10;

/** Output collected as UTF-8 pieces of about 32 KiB. */
class Collector {
  readonly pieces: Uint8Array[] = [];
  #parts: string[] = [];
  #size = 0;
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= PIECE_CHARS) this.flush();
  }
  flush(): void {
    if (this.#size === 0) return;
    this.pieces.push(encoder.encode(this.#parts.join("")));
    this.#parts = [];
    this.#size = 0;
  }
}

/**
 * Creates the function that renders one batch of events. Used by the
 * workers and by the main thread's own share of the batches.
 */
export function createSegmentRunner(s: WorkerSetup): (task: SegmentTask) => SegmentResult {
  const filter = buildFilter(s.filters, filterContext());
  const interpreter = s.mode === "interpret"
    ? createInterpreter({ resolveIds: s.resolveIds })
    : undefined;
  return (task) => {
    const out = new Collector();
    const warnings: { event: number; message: string }[] = [];
    let event = 0;
    const printer = new Printer({
      mode: s.mode,
      format: s.format,
      out,
      filter,
      interpreter,
      warn: (message) => warnings.push({ event, message }),
      onLost: () => {},
    });
    const lines = task.text.split("\n");
    let at = 0;
    for (; event < task.sizes.length; event++) {
      const size = task.sizes[event]!;
      const eventLines = lines.slice(at, at + size);
      at += size;
      // The main thread parsed these lines already: they parse.
      const records: AuditMessage[] = eventLines.map((line) => parseLogLine(line));
      printer.printEvent(records, eventLines, task.parts[event]!);
    }
    out.flush();
    return { id: task.id, output: out.pieces, printed: printer.stats.printed, warnings };
  };
}
