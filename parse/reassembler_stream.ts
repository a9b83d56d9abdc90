/**
 * Stream forms of the {@link Reassembler}: a `TransformStream` from records
 * to events and loss reports, and an async-iterable helper.
 *
 * @module
 */

import type { AuditMessage } from "./message.ts";
import { Reassembler } from "./reassembler_core.ts";
import type {
  LostSequences,
  ReassemblerOptions,
  ReassemblerStats,
  RecoveredSequences,
  SequenceDiscontinuity,
  SequencedMessage,
} from "./_reassembler_types.ts";

/**
 * One item of a reassembly stream: an event, a loss report, a retraction of
 * one (serials reported lost that arrived late) or a discontinuity.
 */
export type ReassemblyOutput<M> =
  | { readonly kind: "event"; readonly messages: M[] }
  | ({ readonly kind: "lost" } & LostSequences)
  | ({ readonly kind: "recovered" } & RecoveredSequences)
  | ({ readonly kind: "discontinuity" } & SequenceDiscontinuity);

/** Options of {@link ReassemblyStream} and {@link reassemble}. */
export type ReassemblyStreamOptions<M extends SequencedMessage> =
  & Omit<ReassemblerOptions<M>, "onEvent" | "onLost" | "onRecovered" | "onDiscontinuity">
  & {
    /** ms between timeout checks while the stream is open; 0 turns the timer off. Default 500. */
    tickInterval?: number;
  };

/**
 * A `TransformStream` that turns records into complete events, with loss
 * reports and discontinuities as items of their own. A timer completes
 * events that time out while no input arrives; the rest is flushed when the
 * input ends.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine, ReassemblyStream } from "@libaudit/libaudit/parse";
 * const lines = ["type=USER_LOGIN msg=audit(1700000000.000:7): pid=1 uid=0 res=success"];
 * const events = ReadableStream.from(lines.map(parseLogLine)).pipeThrough(new ReassemblyStream());
 * const sizes: number[] = [];
 * for await (const item of events) if (item.kind === "event") sizes.push(item.messages.length);
 * assert.deepEqual(sizes, [1]);
 * ```
 */
export class ReassemblyStream<M extends SequencedMessage = AuditMessage>
  extends TransformStream<M, ReassemblyOutput<M>> {
  readonly #reassembler: Reassembler<M>;

  /** Creates the stream; see {@link ReassemblerOptions} for the options. */
  constructor(options: ReassemblyStreamOptions<M> = {}) {
    let out: TransformStreamDefaultController<ReassemblyOutput<M>> | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const reassembler = new Reassembler<M>({
      ...options,
      onEvent: (messages) => out?.enqueue({ kind: "event", messages }),
      onLost: (lost) => out?.enqueue({ kind: "lost", ...lost }),
      onRecovered: (recovered) => out?.enqueue({ kind: "recovered", ...recovered }),
      onDiscontinuity: (jump) => out?.enqueue({ kind: "discontinuity", ...jump }),
    });
    const interval = options.tickInterval ?? 500;
    super({
      start(controller) {
        out = controller;
        if (interval > 0) timer = setInterval(() => reassembler.tick(), interval);
      },
      transform(msg) {
        reassembler.push(msg);
      },
      flush() {
        stop();
        reassembler.close();
      },
      cancel() {
        stop();
      },
    });
    this.#reassembler = reassembler;
  }

  /** The reassembler's counters. */
  get stats(): Readonly<ReassemblerStats> {
    return this.#reassembler.stats;
  }
}

/**
 * Reassembles records from any (async) iterable; yields events, loss
 * reports and discontinuities as {@link ReassemblyStream} does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine, reassemble } from "@libaudit/libaudit/parse";
 * const records = ["type=USER_LOGIN msg=audit(1700000000.000:7): pid=1 uid=0 res=success"]
 *   .map(parseLogLine);
 * const kinds: string[] = [];
 * for await (const item of reassemble(records)) kinds.push(item.kind);
 * assert.ok(kinds.includes("event"));
 * ```
 */
export function reassemble<M extends SequencedMessage>(
  records: AsyncIterable<M> | Iterable<M>,
  options: ReassemblyStreamOptions<M> = {},
): ReadableStream<ReassemblyOutput<M>> {
  return ReadableStream.from(records).pipeThrough(new ReassemblyStream<M>(options));
}
