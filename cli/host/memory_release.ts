/**
 * When a long batch job (`libaudit parse` of a file) hands the C heap's free
 * memory back to the system (`releaseFreeMemory` in `sys/memory.ts`).
 *
 * V8 compiles most of the program in the first few hundred milliseconds and
 * a little more later; its compiler threads' glibc arenas keep what each
 * compile freed. Releasing it at 200, 400, 800 ms and then once a second
 * keeps the peak nearer what is in use (`--threads 1` on the 93–106 MiB
 * corpora: 75–80 MiB instead of 83–97) for a handful of calls per run.
 * Earlier and more often costs more page faults for no lower peak: the warm-up
 * compiles fault the released pages straight back in.
 *
 * @module
 */
import { releaseFreeMemory } from "../../sys/memory.ts";

/** Milliseconds into the job of the first release. */
export const FIRST_RELEASE_MS = 200;
/** The longest gap between two releases, in milliseconds (the gap doubles up to it). */
export const MAX_RELEASE_GAP_MS = 1000;

/** Settings of a {@linkcode MemoryRelease} (tests inject the clock and the call). */
export interface MemoryReleaseOptions {
  /** The clock, in milliseconds (default `performance.now`). */
  readonly now?: () => number;
  /** What releases memory (default `releaseFreeMemory`). */
  readonly release?: () => boolean;
}

/** Releases free C heap memory on a doubling schedule, checked by {@linkcode MemoryRelease.tick}. */
export class MemoryRelease {
  readonly #now: () => number;
  readonly #release: () => boolean;
  #next: number;
  #gap: number = FIRST_RELEASE_MS;
  #count = 0;

  /** Starts the schedule now. */
  constructor(options: MemoryReleaseOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#release = options.release ?? releaseFreeMemory;
    this.#next = this.#now() + FIRST_RELEASE_MS;
  }

  /** How many times memory was released so far. */
  get count(): number {
    return this.#count;
  }

  /** Call between batches: releases memory when the schedule says so. */
  tick(): void {
    const now = this.#now();
    if (now < this.#next) return;
    this.#release();
    this.#count++;
    this.#next = now + this.#gap;
    this.#gap = Math.min(this.#gap * 2, MAX_RELEASE_GAP_MS);
  }
}
