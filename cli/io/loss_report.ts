/**
 * Loss reporting for `libaudit stream`: the client's loss counters are
 * reported at most once per second, with running totals, however fast they
 * change (a stuck reader can drop thousands of records a second), and the
 * final totals are always printed at exit, a closed output (EPIPE) included.
 *
 * Records and events are counted apart: the kernel's `lost` counter, socket
 * overruns and the client's queue drops count records; missing serial
 * numbers count events.
 *
 * @module
 */

/** The loss counters (the netlink client's `LossCounts`, plus late serials). */
export interface LossTotals {
  /** Growth of the kernel's `lost` counter (records), undefined until polled. */
  readonly kernelLost: number | undefined;
  /** Times the socket overflowed (ENOBUFS: records the kernel could not queue). */
  readonly overruns: number;
  /** Records dropped by the client's bounded queue. */
  readonly queueDropped: number;
  /** Missing serial numbers (events), net of late arrivals. */
  readonly serialGaps: number;
}

/** Options of a {@linkcode LossReport}. */
export interface LossReportOptions {
  /** Prints one warning line (without prefix). */
  readonly warn: (message: string) => void;
  /** Writes a `{"type":"lost",...}` record to the output (JSON), if wanted. */
  readonly record?: ((fields: Record<string, number>) => void) | undefined;
  /** Shortest time between two reports, ms (default 1000). */
  readonly intervalMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** Throttled loss warnings with running totals; see the module doc. */
export class LossReport {
  readonly #options: LossReportOptions;
  readonly #interval: number;
  readonly #now: () => number;
  #latest: LossTotals | undefined;
  #reported: string | undefined;
  #lastAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Serial gaps reported and then taken back (late arrivals). */
  late = 0;
  /** Reports printed (not counting the final one). */
  reports = 0;

  /** Creates the report. */
  constructor(options: LossReportOptions) {
    this.#options = options;
    this.#interval = options.intervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** New counter values: reported now, or once the interval since the last report has passed. */
  update(totals: LossTotals): void {
    this.#latest = totals;
    if (this.#timer !== undefined) return;
    const wait = this.#lastAt + this.#interval - this.#now();
    if (wait <= 0) this.#report();
    else {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#report();
      }, wait);
    }
  }

  /** Stops the timer and returns the final counts, `lost: kernel_lost=... (units)`. */
  final(totals: LossTotals): string {
    if (this.#timer !== undefined) {
      // A report held back by the interval is due now.
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#report();
    }
    return `lost: ${describe(lossFields(totals, this.late))}`;
  }

  #report(): void {
    const totals = this.#latest;
    if (totals === undefined) return;
    const fields = lossFields(totals, this.late);
    const text = describe(fields);
    if (text === this.#reported) return;
    // Nothing lost yet (the first poll of the kernel's counter): nothing to say.
    if (this.#reported === undefined && !Object.values(fields).some((n) => n > 0)) return;
    this.#reported = text;
    this.#lastAt = this.#now();
    this.reports++;
    this.#options.warn(`lost so far: ${text}`);
    this.#options.record?.(fields);
  }
}

/** The counters as a JSON record's fields (`kernel_lost`, `queue_dropped`: records; `serial_gaps`: events). */
export function lossFields(l: LossTotals, late: number): Record<string, number> {
  return {
    ...(l.kernelLost === undefined ? {} : { kernel_lost: l.kernelLost }),
    overruns: l.overruns,
    queue_dropped: l.queueDropped,
    serial_gaps: l.serialGaps,
    ...(late > 0 ? { serial_gaps_retracted: late } : {}),
  };
}

function describe(fields: Record<string, number>): string {
  const text = Object.entries(fields).map(([k, n]) => `${k}=${n}`).join(" ");
  return `${text} (kernel_lost, queue_dropped: records; overruns: socket overflows; ` +
    `serial_gaps: events)`;
}
