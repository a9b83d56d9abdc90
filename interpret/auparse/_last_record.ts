/**
 * The `-i` writer's last SYSCALL record and its text: a log often repeats a
 * SYSCALL record whole, right after it (a program trying each directory of
 * its `PATH` in turn: the same failed execve, pid and arguments), and its
 * text is then the same bytes, copied at once.
 *
 * Module-private.
 *
 * @module
 */

import { same, viewOf } from "../_byte_runs.ts";

/** A record body and its text, kept by copy. */
export class LastRecord {
  readonly #body = new Uint8Array(4096);
  readonly #bodyView = new DataView(this.#body.buffer);
  /** Bytes of the body kept, -1: none. */
  #length = -1;
  readonly #text = new Uint8Array(8192);
  /** A view of the text kept. */
  #textView: Uint8Array = new Uint8Array(0);

  /** Whether the body kept is `b[from..end)`; its text is then {@linkcode text}. */
  matches(b: Uint8Array, from: number, end: number): boolean {
    const n = end - from;
    if (n !== this.#length) return false;
    const bv = viewOf(b);
    const av = this.#bodyView;
    // The last bytes first: most other records differ there or early on.
    if (n >= 4 && av.getInt32(n - 4, true) !== bv.getInt32(end - 4, true)) return false;
    return same(this.#body, av, 0, b, bv, from, n);
  }

  /** The text of the body kept. */
  text(): Uint8Array {
    return this.#textView;
  }

  /** Keeps body `b[from..end)` and its text `out[mark..length)` (when short enough). */
  keep(
    b: Uint8Array,
    from: number,
    end: number,
    out: Uint8Array,
    mark: number,
    length: number,
  ): void {
    if (end - from > this.#body.length || length - mark > this.#text.length) {
      this.#length = -1;
      return;
    }
    this.#body.set(b.subarray(from, end));
    this.#length = end - from;
    this.#text.set(out.subarray(mark, length));
    this.#textView = this.#text.subarray(0, length - mark);
  }
}
