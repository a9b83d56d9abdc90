/**
 * Loss accounting for one source's serials: {@linkcode SequenceTracker}.
 *
 * @module
 */

import { SerialRuns, TWO_32, wrap } from "./_serial_runs.ts";

/** Forward gaps up to this many serials are losses; larger jumps are restarts. */
const MAX_GAP = 1 << 24;
/**
 * A serial up to this far behind the newest one is a late or repeated
 * record, not a restarted source: under load the kernel resends records from
 * its retry queue after up to a backlog's worth of newer ones. (A restart is
 * still recognized at any distance after a DAEMON_START record.)
 */
const LATE_WINDOW = 1 << 20;
/** Default most gaps (runs of missing serials) tracked at once per source. */
const DEFAULT_MAX_GAPS = 4096;
/** Most runs of lost serials remembered per source so that late ones can be retracted. */
const MAX_REMEMBERED_LOST = 4096;

/** Options of a {@link SequenceTracker}. */
export interface SequenceTrackerOptions {
  /**
   * ms a serial must have been missing, besides `patience` newer serials
   * having arrived, before it counts as lost (by the `now` passed to
   * {@link SequenceTracker.see} and {@link SequenceTracker.expire}). Default 0.
   */
  readonly delay?: number;
  /**
   * Most gaps (runs of missing serials) tracked at once; opening one more
   * declares the oldest lost at once (`early` in `onLost`). Default 4096.
   */
  readonly maxGaps?: number;
  /** Called for each run of serials declared lost. `early`: because of `maxGaps`. */
  readonly onLost?: (count: number, from: number, early: boolean) => void;
  /** Called when a serial already declared lost arrives after all (a retraction). */
  readonly onRecovered?: (count: number, from: number) => void;
}

/**
 * Loss accounting for one source's serials. Serials that have not arrived
 * while newer ones did are kept as gaps (runs of missing serials, at most
 * `maxGaps`); a gap is declared lost once `patience` newer serials have
 * arrived past it AND it has been missing for `delay` ms, or on
 * {@link SequenceTracker.settle}. A late serial fills its gap; one that
 * arrives after its gap was declared lost is reported as recovered (the
 * last 4096 lost runs are remembered), so totals stay right when the kernel
 * reorders records under load. Per-serial cost is constant (a binary search
 * over the capped gaps when a serial arrives late). Serial arithmetic is
 * modulo 2^32.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SequenceTracker } from "@libaudit/libaudit/parse";
 * const lost: number[] = [];
 * const t = new SequenceTracker(2, { onLost: (n, from) => lost.push(from, n) });
 * t.see(1);
 * t.see(3); // 2 is missing
 * t.see(2); // arrived late: not lost
 * t.see(5); // 4 is missing
 * assert.equal(t.settle(), 1); // end of input: what is still missing is lost
 * assert.deepEqual(lost, [4, 1]); // serial 4, one record
 * ```
 */
export class SequenceTracker {
  /** One past the newest serial seen, unwrapped (-1 before the first). */
  #high = -1;
  /** `#high` as a serial (modulo 2^32): the in-order next serial. */
  #expected = -1;
  /** The expected serial when the last discontinuity happened. */
  #jumpedFrom = -1;
  /** Serials seen so far (for `patience`). */
  #seen = 0;
  #restarted = false;
  readonly #gaps = new SerialRuns();
  readonly #lost = new SerialRuns();
  readonly #patience: number;
  readonly #delay: number;
  readonly #maxGaps: number;
  readonly #onLost: ((count: number, from: number, early: boolean) => void) | undefined;
  readonly #onRecovered: ((count: number, from: number) => void) | undefined;

  /** `patience`: how many serials past a gap may arrive before the gap counts as lost. */
  constructor(patience: number, options: SequenceTrackerOptions = {}) {
    this.#patience = Math.max(1, patience);
    this.#delay = Math.max(0, options.delay ?? 0);
    this.#maxGaps = Math.max(1, options.maxGaps ?? DEFAULT_MAX_GAPS);
    this.#onLost = options.onLost;
    this.#onRecovered = options.onRecovered;
  }

  /**
   * Records a serial seen at clock time `now` (default 0). Returns the
   * number of serials newly declared lost (0 usually), or -1 when the
   * serial is a discontinuity (open gaps are settled as lost and the
   * tracker restarts from it).
   */
  see(seq: number, now = 0): number {
    const high = this.#high;
    if (seq === this.#expected) { // in order (the usual case)
      this.#restarted = false;
      this.#setHigh(high + 1);
      this.#seen++;
      return this.#gaps.size === 0 ? 0 : this.expire(now);
    }
    if (high < 0) {
      this.#setHigh(seq + 1);
      this.#seen++;
      this.#restarted = false;
      return 0;
    }
    const ahead = (seq - this.#expected + TWO_32) % TWO_32;
    if (this.#restarted) return this.#discontinuity(seq);
    if (ahead < MAX_GAP) {
      this.#gaps.push({ from: high, to: high + ahead, openedAt: now, openedCount: this.#seen });
      this.#setHigh(high + ahead + 1);
      this.#seen++;
      let lost = 0;
      while (this.#gaps.size > this.#maxGaps) lost += this.#declareFirst(true);
      return lost + this.expire(now);
    }
    const pos = high - (TWO_32 - ahead);
    if (this.#gaps.take(pos)) {
      this.#seen++;
      return this.expire(now);
    }
    if (this.#lost.take(pos)) {
      this.#onRecovered?.(1, seq);
      return 0;
    }
    if (TWO_32 - ahead <= LATE_WINDOW) return 0; // a late part of a seen serial, or repeated
    return this.#discontinuity(seq);
  }

  /** Declares lost the gaps past both `patience` and `delay` at clock time `now`; returns how many serials. */
  expire(now: number): number {
    let lost = 0;
    for (let gap = this.#gaps.first(); gap !== undefined; gap = this.#gaps.first()) {
      if (this.#seen - gap.openedCount <= this.#patience) break;
      if (now < gap.openedAt) gap.openedAt = now; // the clock went back: wait anew
      if (now - gap.openedAt < this.#delay) break;
      lost += this.#declareFirst(false);
    }
    return lost;
  }

  /** Declares every remaining gap lost (end of input); returns how many serials. */
  settle(): number {
    let lost = 0;
    while (this.#gaps.size > 0) lost += this.#declareFirst(false);
    return lost;
  }

  /**
   * Marks the end of the source's run (auditd restarted): settles the open
   * gaps (returning how many serials were lost) and treats the next serial,
   * unless it is the expected one, as a discontinuity instead of a gap.
   */
  restart(): number {
    const lost = this.settle();
    if (this.#high >= 0) this.#restarted = true;
    return lost;
  }

  /** The first serial not yet seen or counted lost (-1 before the first serial). */
  get next(): number {
    const gap = this.#gaps.first();
    if (gap !== undefined) return wrap(gap.from);
    return this.#high < 0 ? -1 : wrap(this.#high);
  }

  /** The serial after the newest one seen (-1 before the first serial). */
  get expected(): number {
    return this.#expected;
  }

  /** The serial that was expected when the last discontinuity happened (-1 if none). */
  get jumpedFrom(): number {
    return this.#jumpedFrom;
  }

  #setHigh(high: number): void {
    this.#high = high;
    this.#expected = high < TWO_32 && high >= 0 ? high : wrap(high);
  }

  /** Number of open gaps (runs of serials missing but not yet declared lost). */
  get openGaps(): number {
    return this.#gaps.size;
  }

  #discontinuity(seq: number): number {
    this.#jumpedFrom = this.#expected;
    this.settle();
    this.#lost.clear();
    this.#restarted = false;
    this.#setHigh(seq + 1);
    this.#seen++;
    return -1;
  }

  #declareFirst(early: boolean): number {
    const gap = this.#gaps.shift()!;
    const count = gap.to - gap.from;
    this.#lost.push(gap);
    if (this.#lost.size > MAX_REMEMBERED_LOST) this.#lost.shift();
    this.#onLost?.(count, wrap(gap.from), early);
    return count;
  }
}
