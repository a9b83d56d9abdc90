/**
 * Status records (laurel's statusreport): a `{"type":"status",…}` JSON line
 * with the events and records seen, the losses by cause, the queue depth,
 * and each output's bytes, events, drops and rotations. A
 * {@linkcode StatusReporter} emits one every N seconds and at exit, to the
 * output, to stderr, or to both.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { statusRecord } from "./status.ts";
 * import { emptyStats } from "./outputs.ts";
 *
 * const record = statusRecord(
 *   { events: 10, records: 42, lost: { serial_gaps: 0 } },
 *   [emptyStats("stdout")],
 *   new Date(0),
 * );
 * assert.equal(record.type, "status");
 * assert.equal(record.time, "1970-01-01T00:00:00.000Z");
 * assert.equal(record.records, 42);
 * ```
 *
 * @module
 */
import { DROP_CAUSES, type Output, type OutputStats } from "./outputs.ts";

/** What the pipeline counted, for a status record. */
export interface StatusCounters {
  /** Events seen (reassembled), before filters. */
  readonly events: number;
  /** Records read. */
  readonly records: number;
  /** Events taken out by filters (written to the filtered-events output, if any). */
  readonly filtered?: number;
  /** Input losses by cause, e.g. `kernel_lost`, `overruns`, `serial_gaps`. */
  readonly lost?: Readonly<Record<string, number>>;
  /** Events or records waiting inside the pipeline (reassembler, input queue). */
  readonly queueDepth?: number;
}

/** One output's part of a status record. */
export interface OutputStatus {
  /** The output's name (`stdout`, `file:PATH`, `syslog:ADDRESS`). */
  readonly name: string;
  /** Events given to it. */
  readonly events: number;
  /** Events written out. */
  readonly written: number;
  /** Bytes written. */
  readonly bytes: number;
  /** Events dropped, by cause (`buffer_full`, `too_large`, `write_error`, `closed`). */
  readonly dropped: Readonly<Record<string, number>>;
  /** Events written into a connection shortly before it broke: maybe received, maybe not. */
  readonly unconfirmed: number;
  /** Events waiting in its buffer. */
  readonly queued: number;
  /** Size rotations. */
  readonly rotations: number;
  /** Reopens (SIGHUP). */
  readonly reopens: number;
  /** Connections made (syslog). */
  readonly connects?: number;
  /** Whether connected now (syslog). */
  readonly connected?: boolean;
  /** The last error, if any. */
  readonly last_error?: string;
}

/** A status record, as written (JSON). */
export interface StatusRecord {
  /** Always `status`. */
  readonly type: "status";
  /** When it was made (ISO 8601). */
  readonly time: string;
  /** Events seen. */
  readonly events: number;
  /** Records read. */
  readonly records: number;
  /** Events taken out by filters. */
  readonly filtered?: number;
  /** Input losses by cause. */
  readonly lost: Readonly<Record<string, number>>;
  /** Events dropped by outputs, by cause, summed over the outputs. */
  readonly dropped: Readonly<Record<string, number>>;
  /** Events maybe lost with a broken connection, summed over the outputs. */
  readonly unconfirmed: number;
  /** Events or records waiting in the pipeline and the outputs' buffers. */
  readonly queue_depth: number;
  /** Bytes written, all outputs together. */
  readonly bytes_written: number;
  /** Rotations, all outputs together. */
  readonly rotations: number;
  /** Each output. */
  readonly outputs: readonly OutputStatus[];
}

/** A drop cause as a JSON key: `buffer-full` → `buffer_full`. */
function key(cause: string): string {
  return cause.replaceAll("-", "_");
}

/** One output's counters in status-record form. */
export function outputStatus(stats: OutputStats): OutputStatus {
  const dropped: Record<string, number> = {};
  for (const cause of DROP_CAUSES) {
    const n = stats.dropped[cause];
    if (n !== undefined && n > 0) dropped[key(cause)] = n;
  }
  return {
    name: stats.name,
    events: stats.events,
    written: stats.written,
    bytes: stats.bytes,
    dropped,
    unconfirmed: stats.unconfirmed,
    queued: stats.queuedEvents,
    rotations: stats.rotations,
    reopens: stats.reopens,
    ...(stats.connected === undefined
      ? {}
      : { connects: stats.connects, connected: stats.connected }),
    ...(stats.lastError === undefined ? {} : { last_error: stats.lastError }),
  };
}

/** Builds a status record from the pipeline's counters and the outputs' stats. */
export function statusRecord(
  counters: StatusCounters,
  outputs: readonly OutputStats[],
  time: Date = new Date(),
): StatusRecord {
  const dropped: Record<string, number> = {};
  let queued = counters.queueDepth ?? 0;
  let bytes = 0;
  let rotations = 0;
  let unconfirmed = 0;
  const parts = outputs.map(outputStatus);
  for (const o of parts) {
    for (const [cause, n] of Object.entries(o.dropped)) dropped[cause] = (dropped[cause] ?? 0) + n;
    queued += o.queued;
    bytes += o.bytes;
    rotations += o.rotations;
    unconfirmed += o.unconfirmed;
  }
  return {
    type: "status",
    time: time.toISOString(),
    events: counters.events,
    records: counters.records,
    ...(counters.filtered === undefined ? {} : { filtered: counters.filtered }),
    lost: { ...counters.lost },
    dropped,
    unconfirmed,
    queue_depth: queued,
    bytes_written: bytes,
    rotations,
    outputs: parts,
  };
}

/** Where status records go. */
export type StatusTarget = "output" | "stderr" | "both";

/** The {@linkcode StatusTarget} names. */
export const STATUS_TARGETS: readonly StatusTarget[] = ["output", "stderr", "both"];

/** Options of a {@linkcode StatusReporter}. */
export interface StatusReporterOptions {
  /** Seconds between records; 0: only at exit (default 0). */
  readonly intervalSeconds?: number;
  /** Where records go (default `stderr`). */
  readonly target?: StatusTarget;
  /** Reads the pipeline's counters when a record is due. */
  readonly counters: () => StatusCounters;
  /** The outputs whose stats are reported (and, for target `output`/`both`, written to). */
  readonly outputs: readonly Output[];
  /** The output status records are written to (default: the first of `outputs`). */
  readonly output?: Output;
  /** Writes one line to stderr (default: synchronous write to `Deno.stderr`). */
  readonly stderr?: (line: string) => void;
}

const encoder = new TextEncoder();

/**
 * Emits status records every N seconds and once more at {@linkcode
 * StatusReporter.stop}. Stats are read before the record is written, so a
 * record written to an output is counted from the next one on.
 */
export class StatusReporter {
  readonly #options: StatusReporterOptions;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Creates the reporter; call {@linkcode StatusReporter.start}. */
  constructor(options: StatusReporterOptions) {
    this.#options = options;
  }

  /** Starts the timer (nothing to do when the interval is 0). */
  start(): void {
    const seconds = this.#options.intervalSeconds ?? 0;
    if (seconds > 0 && this.#timer === undefined) {
      this.#timer = setInterval(() => this.report(), seconds * 1000);
    }
  }

  /** Writes one record now; returns it. */
  report(): StatusRecord {
    const o = this.#options;
    const record = statusRecord(o.counters(), o.outputs.map((x) => x.stats()));
    const line = JSON.stringify(record) + "\n";
    const target = o.target ?? "stderr";
    if (target !== "stderr") (o.output ?? o.outputs[0])?.write(line);
    if (target !== "output") {
      (o.stderr ?? ((text: string) => writeAllSync(Deno.stderr, encoder.encode(text))))(line);
    }
    return record;
  }

  /**
   * Stops the timer and writes the final record: call it after the outputs'
   * `settle()` (so it counts what they sent) and before closing them.
   */
  stop(): StatusRecord {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    return this.report();
  }
}

function writeAllSync(w: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let o = 0;
  while (o < bytes.length) o += w.writeSync(bytes.subarray(o));
}
