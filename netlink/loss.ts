/**
 * Loss accounting of the event stream: one {@linkcode LossCounter} per
 * client, fed by the client's reader (socket overruns, queue drops,
 * malformed datagrams, the kernel's `lost` counter) and directly by the
 * consumers: the parser ({@linkcode LossCounter.countParseError}) and the
 * reassembler ({@linkcode LossCounter.reportSerialGap}).
 *
 * @module
 */

/** The ways events get lost, kept apart. */
export interface LossCounts {
  /** Growth of the kernel's `lost` counter since the stream began (undefined until polled). */
  readonly kernelLost: number | undefined;
  /** ENOBUFS on our socket: the kernel dropped datagrams it could not queue to us. */
  readonly overruns: number;
  /** Events dropped by our bounded queue because the consumer was too slow. */
  readonly queueDropped: number;
  /** Missing audit serial numbers (net of late arrivals), as reported with {@linkcode LossCounter.reportSerialGap}. */
  readonly serialGaps: number;
}

/** What {@linkcode LossCounter.pollKernelLost} needs of a second connection. */
export interface LostCounterSource {
  /** Reads the kernel's status; only `lost` is used. */
  getStatus(): Promise<{ readonly lost: number }>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * The loss counts of one event stream. `onChange` (the stream's `onLoss`)
 * is called whenever a count in {@linkcode LossCounts} grows.
 */
export class LossCounter {
  /** Called with all counts whenever one of {@linkcode LossCounts} changes. */
  onChange: ((losses: LossCounts) => void) | undefined;
  #overruns = 0;
  #queueDropped = 0;
  #serialGaps = 0;
  #kernelLost: number | undefined;
  #parseErrors = 0;
  #malformed = 0;

  /** The counts so far. */
  counts(): LossCounts {
    return {
      kernelLost: this.#kernelLost,
      overruns: this.#overruns,
      queueDropped: this.#queueDropped,
      serialGaps: this.#serialGaps,
    };
  }

  /** Records that could not be parsed (counted with {@linkcode countParseError}). */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  /** Datagrams whose netlink framing could not be decoded (ignored, counted). */
  get malformedDatagrams(): number {
    return this.#malformed;
  }

  /** The parser: one record it could not parse (skipped). */
  countParseError(): void {
    this.#parseErrors++;
  }

  /**
   * The reassembler: `count` missing serial numbers; a negative `count`
   * takes back serials reported before that arrived late after all.
   */
  reportSerialGap(count: number): void {
    if (count === 0) return;
    this.#serialGaps = Math.max(0, this.#serialGaps + count);
    this.#changed();
  }

  /** The reader: ENOBUFS or `NLMSG_OVERRUN`, datagrams the kernel dropped. */
  countOverrun(): void {
    this.#overruns++;
    this.#changed();
  }

  /** The reader: an event dropped because the bounded queue was full. */
  countQueueDrop(): void {
    this.#queueDropped++;
    this.#changed();
  }

  /** The reader: a datagram whose framing could not be decoded. */
  countMalformed(): void {
    this.#malformed++;
  }

  /**
   * Polls the kernel's `lost` counter every `intervalMs` on a connection
   * from `open` (opened at the first poll) and records its growth; returns
   * a function that stops, takes one last reading and closes it.
   */
  pollKernelLost(intervalMs: number, open: () => LostCounterSource): () => Promise<void> {
    if (intervalMs <= 0) return () => Promise.resolve();
    let stopped = false;
    let base: number | undefined;
    let side: LostCounterSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<void> | undefined;
    const tick = async () => {
      try {
        side ??= open();
        const lost = (await side.getStatus()).lost;
        base ??= lost;
        const grown = (lost - base) >>> 0;
        if (grown !== this.#kernelLost) {
          const changed = this.#kernelLost !== undefined || grown > 0;
          this.#kernelLost = grown;
          if (changed) this.#changed();
        }
      } catch {
        // Without CAP_AUDIT_CONTROL the kernel's counter stays unknown.
      }
      if (!stopped) timer = setTimeout(() => running = tick(), intervalMs);
    };
    running = tick();
    return async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
      // One last reading so counts() is current when the stream ends.
      if (side) {
        try {
          const lost = (await side.getStatus()).lost;
          if (base !== undefined) this.#kernelLost = (lost - base) >>> 0;
        } catch {
          // Keep the last known value.
        }
        await side.close();
      }
    };
  }

  #changed(): void {
    if (this.onChange) {
      try {
        this.onChange(this.counts());
      } catch {
        // A failing callback must not stop reading.
      }
    }
  }
}
