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
import type { LocalBatch, SegmentResult, SegmentTask, WorkerSetup } from "./parallel.ts";
import { Printer } from "./printer.ts";

const encoder = new TextEncoder();
const PIECE_CHARS = 64 << 10;

/**
 * Output collected as UTF-8 in one buffer per batch (one transfer and one
 * write on the main thread), encoded with `encodeInto` every 64 Ki chars.
 */
class Collector {
  readonly pieces: Uint8Array[] = [];
  #parts: string[] = [];
  #size = 0;
  #buffer = new Uint8Array(1 << 20);
  #fill = 0;
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= PIECE_CHARS) this.#encode();
  }
  #encode(): void {
    if (this.#size === 0) return;
    const text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join("");
    // UTF-16 code units to UTF-8: at most 3 bytes each.
    const need = this.#fill + text.length * 3;
    if (need > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(need, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#fill));
      this.#buffer = grown;
    }
    this.#fill += encoder.encodeInto(text, this.#buffer.subarray(this.#fill)).written;
    this.#parts = [];
    this.#size = 0;
  }
  flush(): void {
    this.#encode();
    if (this.#fill > 0) this.pieces.push(this.#buffer.subarray(0, this.#fill));
  }
}

/**
 * Creates the function that renders one batch of events. Used by the
 * workers and by the main thread's own share of the batches.
 */
export function createSegmentRunner(
  s: WorkerSetup,
): (task: SegmentTask, local?: LocalBatch) => SegmentResult {
  const filter = buildFilter(s.filters, filterContext());
  const interpreter = s.mode === "interpret"
    ? createInterpreter({ resolveIds: s.resolveIds })
    : undefined;
  return (task, local) => {
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
    const lines = local?.lines ?? task.text.split("\n");
    let at = 0;
    for (; event < task.sizes.length; event++) {
      const size = task.sizes[event]!;
      const eventLines = lines.slice(at, at + size);
      // The main thread parsed these lines already: they parse.
      const records: AuditMessage[] = local?.messages.slice(at, at + size) ??
        eventLines.map((line) => parseLogLine(line));
      at += size;
      printer.printEvent(records, eventLines, task.parts[event]!);
    }
    out.flush();
    return { id: task.id, output: out.pieces, printed: printer.stats.printed, warnings };
  };
}
