/**
 * Loss tracking per node for the `Reassembler`: one
 * {@link SequenceTracker} per `node=` name, at most `maxNodes` of them.
 * Records of nodes past the bound are not checked for loss, and that is
 * counted and reported (which nodes, how many), never silent.
 *
 * @module
 */

import { SequenceTracker } from "./_sequence_tracker.ts";
import type {
  LostSequences,
  ReassemblerStats,
  RecoveredSequences,
  SequenceDiscontinuity,
  UntrackedNode,
} from "./_reassembler_types.ts";

/** Default most nodes tracked at once. */
export const DEFAULT_MAX_NODES = 4096;
/** Most untracked node names remembered, to count them exactly (then "at least"). */
const MAX_UNTRACKED_COUNTED = 65536;
/** Most untracked node names listed in the stats. */
const MAX_UNTRACKED_LISTED = 16;

/** What {@link NodeTrackers} reports to. */
export interface NodeTrackersOptions {
  readonly patience: number;
  readonly delay: number;
  readonly maxGaps: number;
  readonly maxNodes: number;
  readonly stats: ReassemblerStats;
  readonly onLost: ((lost: LostSequences) => void) | undefined;
  readonly onRecovered: ((recovered: RecoveredSequences) => void) | undefined;
  readonly onDiscontinuity: ((jump: SequenceDiscontinuity) => void) | undefined;
  readonly onUntracked: ((untracked: UntrackedNode) => void) | undefined;
}

/** The sequence trackers of every node, bounded. */
export class NodeTrackers {
  readonly #options: NodeTrackersOptions;
  readonly #trackers = new Map<string | undefined, SequenceTracker>();
  readonly #untracked = new Set<string | undefined>();

  constructor(options: NodeTrackersOptions) {
    this.#options = options;
  }

  /** Whether gaps measured in time (`delay`) are in use, so `see` needs the clock. */
  get timed(): boolean {
    return this.#options.delay > 0;
  }

  /** Records serial `seq` of `node` at clock time `now`. */
  see(node: string | undefined, seq: number, now: number): void {
    let tracker = this.#trackers.get(node);
    if (tracker === undefined) {
      if (this.#trackers.size >= this.#options.maxNodes) {
        this.#untrack(node);
        return;
      }
      tracker = this.#newTracker(node);
      this.#trackers.set(node, tracker);
    }
    if (tracker.see(seq, now) < 0) {
      this.#options.stats.discontinuities++;
      this.#options.onDiscontinuity?.({ expected: tracker.jumpedFrom, received: seq, node });
    }
  }

  /** auditd restarted on `node`: settle its gaps (see {@link SequenceTracker.restart}). */
  restart(node: string | undefined): void {
    this.#trackers.get(node)?.restart();
  }

  /** Declares lost the gaps old enough at clock time `now`. */
  expire(now: number): void {
    for (const tracker of this.#trackers.values()) {
      if (tracker.openGaps > 0) tracker.expire(now);
    }
  }

  /** Declares every open gap lost (end of input). */
  settle(): void {
    for (const tracker of this.#trackers.values()) tracker.settle();
  }

  #untrack(node: string | undefined): void {
    const stats = this.#options.stats;
    stats.untrackedRecords++;
    if (this.#untracked.has(node)) return;
    if (this.#untracked.size >= MAX_UNTRACKED_COUNTED) return;
    this.#untracked.add(node);
    stats.untrackedNodes = this.#untracked.size;
    if (stats.untrackedNodeNames.length < MAX_UNTRACKED_LISTED) {
      stats.untrackedNodeNames.push(node ?? "");
    }
    this.#options.onUntracked?.({
      node,
      untracked: this.#untracked.size,
      maxNodes: this.#options.maxNodes,
    });
  }

  #newTracker(node: string | undefined): SequenceTracker {
    const { patience, delay, maxGaps, stats } = this.#options;
    return new SequenceTracker(patience, {
      delay,
      maxGaps,
      onLost: (count, from, early) => {
        stats.lost += count;
        if (early) stats.lostEarly += count;
        this.#options.onLost?.({ count, from, node });
      },
      onRecovered: (count, from) => {
        stats.lost -= count;
        stats.recovered += count;
        this.#options.onRecovered?.({ count, from, node });
      },
    });
  }
}
