/**
 * Runs of serials (module-private to the sequence tracker).
 *
 * @module
 */

/** 2^32: serials count modulo it. */
export const TWO_32 = 4294967296;

/** An unwrapped serial position as a serial (0 … 2^32-1). */
export function wrap(pos: number): number {
  return ((pos % TWO_32) + TWO_32) % TWO_32;
}

/** A run of serials `[from, to)` (positions unwrapped past 2^32) and when it went missing. */
export interface SerialRun {
  from: number;
  to: number;
  /** Clock time when the run went missing. */
  openedAt: number;
  /** The tracker's count of serials seen when the run went missing. */
  readonly openedCount: number;
}

/**
 * Runs of serials in increasing order: append at the end, take from the
 * front, and remove single serials (binary search; a split inserts one run).
 * Sizes are capped by the caller, which bounds the cost of a split.
 */
export class SerialRuns {
  #runs: SerialRun[] = [];
  #head = 0;

  get size(): number {
    return this.#runs.length - this.#head;
  }

  first(): SerialRun | undefined {
    return this.#runs[this.#head];
  }

  push(run: SerialRun): void {
    this.#runs.push(run);
  }

  shift(): SerialRun | undefined {
    const run = this.#runs[this.#head];
    if (run === undefined) return undefined;
    this.#head++;
    if (this.#head === this.#runs.length) {
      this.#runs = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#runs.length) {
      this.#runs.splice(0, this.#head);
      this.#head = 0;
    }
    return run;
  }

  /** Removes serial position `pos` from the run holding it; whether one did. */
  take(pos: number): boolean {
    const runs = this.#runs;
    const last = runs.length - 1;
    if (last < this.#head || pos < runs[this.#head]!.from || pos >= runs[last]!.to) return false;
    let lo = this.#head, hi = last, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (runs[mid]!.from <= pos) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const run = runs[at];
    if (run === undefined || pos >= run.to) return false;
    if (run.to - run.from === 1) {
      if (at === this.#head) this.shift();
      else runs.splice(at, 1);
    } else if (pos === run.from) run.from++;
    else if (pos === run.to - 1) run.to--;
    else {
      runs.splice(at + 1, 0, {
        from: pos + 1,
        to: run.to,
        openedAt: run.openedAt,
        openedCount: run.openedCount,
      });
      run.to = pos;
    }
    return true;
  }

  clear(): void {
    this.#runs = [];
    this.#head = 0;
  }
}
