/**
 * Replaying a range's serial log (`SerialLog` in `range_run.ts`) through the
 * one loss tracker of a parallel `libaudit parse`, in the order one thread
 * would have tracked it, with the range's warnings at their places in it.
 *
 * Module-private.
 *
 * @module
 */
import type { Reassembler } from "../../parse/mod.ts";
import type { SerialLog } from "./range_run.ts";

/** Where loss tracking goes: a reassembler's tracker of serials other reassemblers saw. */
type Tracker = Pick<Reassembler, "trackSerial" | "trackRestart">;

/** Replays one range's serial log, a part at a time (see {@linkcode SerialReplay.to}). */
export class SerialReplay {
  readonly #tracker: Tracker;
  readonly #log: SerialLog;
  /** The run being replayed. */
  #run = 0;
  /** Serials of that run replayed. */
  #within = 0;
  /** Serials and restarts replayed in all. */
  #done = 0;

  /** A replay of `log` into `tracker`, from its start. */
  constructor(tracker: Tracker, log: SerialLog) {
    this.#tracker = tracker;
    this.#log = log;
  }

  /** Replays until `upto` serials and restarts of the log are done (a warning's `at`, or the log's `count`). */
  to(upto: number): void {
    const { runs, nodes } = this.#log;
    while (this.#done < upto) {
      const i = 3 * this.#run;
      const code = runs[i]!, first = runs[i + 1]!, count = runs[i + 2]!;
      const node = nodes[code >> 1];
      const take = Math.min(count - this.#within, upto - this.#done);
      if (code & 1) this.#tracker.trackRestart(node);
      else {
        for (let k = this.#within; k < this.#within + take; k++) {
          this.#tracker.trackSerial(node, first + k);
        }
      }
      this.#within += take;
      this.#done += take;
      if (this.#within === count) {
        this.#run++;
        this.#within = 0;
      }
    }
  }
}
