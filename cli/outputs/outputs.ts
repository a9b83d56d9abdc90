/**
 * Where events go: the {@linkcode Output} interface shared by every output
 * (standard output, a rotating file in `file_output.ts`, syslog in
 * `syslog.ts`), their counters ({@linkcode OutputStats}), and
 * {@linkcode OutputSet}, which writes each event to several outputs.
 *
 * One `write` is one unit of output: an event (or a record in raw mode, a
 * status or loss record), already rendered and ending with a newline. Outputs
 * never split a unit: a file rotates between them, syslog sends one per
 * message. `write` never waits; what an output cannot take is counted in
 * {@linkcode OutputStats.dropped} by cause, never lost unseen.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutputSet, StdoutOutput } from "./outputs.ts";
 *
 * const out = new OutputSet([new StdoutOutput()]);
 * out.write('{"type":"demo"}\n');
 * await out.flush();
 * assert.equal(out.stats().written, 1);
 * await out.close();
 * ```
 *
 * @module
 */
import { BatchWriter, type Sink, stdoutSink } from "../io/batch_writer.ts";

/**
 * Why an output dropped events:
 * - `buffer-full`: the bounded buffer of a slow or unreachable receiver was full;
 * - `too-large`: the event is larger than the receiver's message limit;
 * - `write-error`: the operating system refused the write (disk full, I/O error);
 * - `closed`: written after `close()`, or still queued when `close()` gave up waiting.
 */
export type DropCause = "buffer-full" | "too-large" | "write-error" | "closed";

/** Every {@linkcode DropCause}, in the order status records list them. */
export const DROP_CAUSES: readonly DropCause[] = [
  "buffer-full",
  "too-large",
  "write-error",
  "closed",
];

/** Counters of one output (a snapshot: {@linkcode Output.stats} returns a copy). */
export interface OutputStats {
  /** What the output is, e.g. `stdout`, `file:/var/log/audit.jsonl`, `syslog:tcp://h:514`. */
  readonly name: string;
  /** Events given to `write`. */
  events: number;
  /** Events fully handed to the operating system (file, socket). */
  written: number;
  /** Bytes handed to the operating system. */
  bytes: number;
  /** Events dropped, by cause (causes that never happened are absent). */
  dropped: Partial<Record<DropCause, number>>;
  /**
   * Events written into a connection shortly before it broke (syslog over
   * TCP/TLS, which has no acknowledgements): each may or may not have
   * reached the receiver. Counted in `written` too.
   */
  unconfirmed: number;
  /** Events accepted and not yet written (in the buffer or being written). */
  queuedEvents: number;
  /** Bytes accepted and not yet written. */
  queuedBytes: number;
  /** Size rotations done (files). */
  rotations: number;
  /** Reopens done (SIGHUP, logrotate). */
  reopens: number;
  /** Connections made (syslog over a network; the first one counts). */
  connects: number;
  /** Whether a connection is up now (syslog), absent for files and stdout. */
  connected?: boolean;
  /** The last error met (write, rotation, reopen or connection), one line. */
  lastError?: string;
}

/** Fresh counters named `name`. */
export function emptyStats(name: string): OutputStats {
  return {
    name,
    events: 0,
    written: 0,
    bytes: 0,
    dropped: {},
    unconfirmed: 0,
    queuedEvents: 0,
    queuedBytes: 0,
    rotations: 0,
    reopens: 0,
    connects: 0,
  };
}

/** Adds `count` drops of `cause` to `stats`. */
export function countDrop(stats: OutputStats, cause: DropCause, count = 1): void {
  if (count <= 0) return;
  stats.dropped[cause] = (stats.dropped[cause] ?? 0) + count;
}

/** Total events dropped by `stats`, all causes together. */
export function droppedTotal(stats: OutputStats): number {
  let n = 0;
  for (const cause of DROP_CAUSES) n += stats.dropped[cause] ?? 0;
  return n;
}

/** A copy of `stats` (so callers can keep snapshots). */
export function copyStats(stats: OutputStats): OutputStats {
  return { ...stats, dropped: { ...stats.dropped } };
}

/**
 * One place events are written to. `write` takes one whole rendered event
 * (ending with a newline) and never waits; the output writes in the
 * background. Callers keep memory bounded with {@linkcode Output.drain} (a
 * file or stdout that is slow makes the caller wait; syslog never does, it
 * drops and counts past its buffer instead).
 */
export interface Output {
  /** What the output is, for messages and status records (see {@linkcode OutputStats.name}). */
  readonly name: string;
  /** Queues one event (or record), rendered and ending with a newline. */
  write(text: string): void;
  /**
   * Bytes the caller should let drain before queueing more: wait for
   * {@linkcode Output.drain} past a limit. A file's or stdout's backlog; 0
   * for outputs that never make the caller wait (syslog: its buffer is
   * bounded and drops past it, see {@linkcode OutputStats.queuedBytes}).
   */
  readonly queued: number;
  /**
   * Waits until the background writes started so far are done (files,
   * stdout); resolves at once for outputs that must never stall the caller
   * (syslog). Rejects only when the output cannot go on (stdout closed).
   */
  drain(): Promise<void>;
  /** Starts writing everything queued and waits as {@linkcode Output.drain} does. */
  flush(): Promise<void>;
  /**
   * Writes everything queued and waits until it is out, giving up after a
   * bound where the receiver may be gone (syslog: its close timeout). Call
   * it before the final status record, so that the record counts it.
   */
  settle(): Promise<void>;
  /**
   * Flushes, then opens the destination again (SIGHUP, after logrotate moved
   * the file; syslog reconnects). On failure the output keeps writing where
   * it wrote before and reports the error in {@linkcode OutputStats.lastError}.
   */
  reopen(): Promise<void>;
  /** Flushes (syslog: for at most its close timeout) and releases the file or socket. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  stats(): OutputStats;
}

/** Options of a {@linkcode StdoutOutput}. */
export interface StdoutOutputOptions {
  /** Where to write (default: standard output). */
  readonly sink?: Sink;
  /** The name in stats (default `stdout`). */
  readonly name?: string;
}

/**
 * Standard output (or any {@linkcode Sink}) as an {@linkcode Output},
 * through a {@linkcode BatchWriter}. A closed pipe (EPIPE) makes `drain`,
 * `flush` and later `write`s throw: the reader is gone.
 */
export class StdoutOutput implements Output {
  readonly name: string;
  readonly #writer: BatchWriter;
  #events = 0;
  #queuedEvents = 0;
  #reopens = 0;

  /** Creates the output; nothing is written until {@linkcode StdoutOutput.write}. */
  constructor(options: StdoutOutputOptions = {}) {
    this.name = options.name ?? "stdout";
    this.#writer = new BatchWriter(options.sink ?? stdoutSink(), 1 << 16);
  }

  /** Queues one event. */
  write(text: string): void {
    this.#events++;
    this.#queuedEvents++;
    this.#writer.write(text);
  }

  /** Bytes not yet taken by the sink. */
  get queued(): number {
    return this.#writer.queued;
  }

  /** Waits for the background writes. */
  async drain(): Promise<void> {
    await this.#writer.drain();
    if (this.#writer.queued === 0) this.#queuedEvents = 0;
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    await this.#writer.flush();
    this.#queuedEvents = 0;
  }

  /** Writes everything queued. */
  settle(): Promise<void> {
    return this.flush();
  }

  /** Flushes (standard output has nothing to reopen). */
  async reopen(): Promise<void> {
    await this.flush();
    this.#reopens++;
  }

  /** Flushes; standard output itself stays open. */
  async close(): Promise<void> {
    await this.flush();
  }

  /** The counters (written events are known once flushed: queued ones are counted apart). */
  stats(): OutputStats {
    const stats = emptyStats(this.name);
    stats.events = this.#events;
    stats.queuedEvents = this.#queuedEvents;
    stats.written = this.#events - this.#queuedEvents;
    stats.bytes = this.#writer.written;
    stats.queuedBytes = this.#writer.queued;
    stats.reopens = this.#reopens;
    return stats;
  }
}

/**
 * Several outputs written together: each event goes to every one of them
 * (e.g. a rotating file and a syslog receiver). An error of one output in
 * `drain`, `flush`, `reopen` or `close` does not stop the others; the first
 * error is rethrown after all of them were handled.
 */
export class OutputSet implements Output {
  readonly name: string;
  /** The outputs, in the order given. */
  readonly outputs: readonly Output[];

  /** Creates the set; `outputs` may be empty (events are then counted and discarded). */
  constructor(outputs: readonly Output[], name?: string) {
    this.outputs = outputs;
    this.name = name ?? outputs.map((o) => o.name).join(",");
  }

  /** Writes `text` to every output. */
  write(text: string): void {
    for (const output of this.outputs) output.write(text);
  }

  /** The largest backlog among the outputs. */
  get queued(): number {
    let most = 0;
    for (const output of this.outputs) most = Math.max(most, output.queued);
    return most;
  }

  /** Drains every output. */
  drain(): Promise<void> {
    return this.#each((o) => o.drain());
  }

  /** Flushes every output. */
  flush(): Promise<void> {
    return this.#each((o) => o.flush());
  }

  /** Settles every output. */
  settle(): Promise<void> {
    return this.#each((o) => o.settle());
  }

  /** Reopens every output. */
  reopen(): Promise<void> {
    return this.#each((o) => o.reopen());
  }

  /** Closes every output. */
  close(): Promise<void> {
    return this.#each((o) => o.close());
  }

  /** The counters summed over the outputs (see {@linkcode OutputSet.each} for each one's). */
  stats(): OutputStats {
    const total = emptyStats(this.name);
    for (const output of this.outputs) {
      const s = output.stats();
      total.events = Math.max(total.events, s.events);
      total.written += s.written;
      total.bytes += s.bytes;
      for (const cause of DROP_CAUSES) countDrop(total, cause, s.dropped[cause] ?? 0);
      total.unconfirmed += s.unconfirmed;
      total.queuedEvents += s.queuedEvents;
      total.queuedBytes += s.queuedBytes;
      total.rotations += s.rotations;
      total.reopens += s.reopens;
      total.connects += s.connects;
      if (s.lastError !== undefined) total.lastError = `${s.name}: ${s.lastError}`;
    }
    return total;
  }

  /** Each output's own counters. */
  each(): OutputStats[] {
    return this.outputs.map((o) => o.stats());
  }

  async #each(step: (output: Output) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.outputs.map(step));
    for (const result of results) if (result.status === "rejected") throw result.reason;
  }
}
