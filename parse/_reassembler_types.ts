/**
 * The public types of the `Reassembler`: options, stats and reports.
 *
 * @module
 */

/** The fields of a record the reassembler needs (an `AuditMessage` has them). */
export interface SequencedMessage {
  /** Numeric record type, e.g. 1300 for SYSCALL. */
  readonly recordType: number;
  /** The serial from `audit(…:SEQ)`. */
  readonly sequence: number;
  /** Event time in ms since the epoch. */
  readonly timestamp: number;
  /** The `node=` prefix, if any: records of different nodes never merge. */
  readonly node: string | undefined;
}

/** Why the reassembler emitted an event (counted in {@link ReassemblerStats}). */
export type CompletionReason =
  | "eoe"
  | "single"
  | "overflow"
  | "timeout"
  | "oversized"
  | "flush";

/** Counters a `Reassembler` keeps; all start at zero. */
export interface ReassemblerStats {
  /** Records pushed (EOE records included). */
  records: number;
  /** Events emitted. */
  events: number;
  /**
   * Sequences detected as lost (gaps in kernel serials), net of the ones
   * that arrived late after all (`recovered`).
   */
  lost: number;
  /** Serials reported lost that arrived later after all (already taken off `lost`). */
  recovered: number;
  /**
   * Serials declared lost before their wait was over because more than
   * `maxGaps` gaps were open (included in `lost`; retracted if they arrive).
   */
  lostEarly: number;
  /** Serial jumps treated as a restarted source instead of a loss. */
  discontinuities: number;
  /** Events currently open. */
  open: number;
  /** Events emitted, by why they completed. */
  completed: Record<CompletionReason, number>;
  /**
   * Serials whose records outnumbered `maxRecords` and were split into
   * several events (a never-ending serial); each piece is marked in
   * {@link EventInfo.part}.
   */
  splitSerials: number;
  /** Events that are pieces of a split serial (the first piece included). */
  splitEvents: number;
  /**
   * Nodes whose serials are not checked for loss because `maxNodes` nodes
   * were already tracked (counted up to 65536 distinct names; past that,
   * at least this many).
   */
  untrackedNodes: number;
  /** The first (at most 16) of those nodes' names (`""` for records without `node=`). */
  untrackedNodeNames: string[];
  /** Records of untracked nodes whose serials were not checked for loss. */
  untrackedRecords: number;
}

/** What the reassembler knows about an event it emits (second argument of `onEvent`). */
export interface EventInfo {
  /** Why the event was emitted. */
  readonly reason: CompletionReason;
  /**
   * 0 for a whole event. A serial with more than `maxRecords` records is cut
   * into pieces numbered 1, 2, …: piece 1 completed as `"oversized"`, the
   * later ones continue it.
   */
  readonly part: number;
}

/** Details of a node whose serials are not tracked, passed to {@link ReassemblerOptions.onUntracked}. */
export interface UntrackedNode {
  /** The node (undefined for local records). */
  readonly node: string | undefined;
  /** How many nodes are untracked so far, this one included. */
  readonly untracked: number;
  /** The most nodes tracked at once (`maxNodes`). */
  readonly maxNodes: number;
}

/** Details of a loss report, passed to {@link ReassemblerOptions.onLost}. */
export interface LostSequences {
  /** How many serials were never seen. */
  readonly count: number;
  /** The first missing serial. */
  readonly from: number;
  /** The node the serials belong to (undefined for local records). */
  readonly node: string | undefined;
}

/** Details of a retraction, passed to {@link ReassemblerOptions.onRecovered}. */
export interface RecoveredSequences {
  /** How many serials reported lost arrived after all. */
  readonly count: number;
  /** The first of them. */
  readonly from: number;
  /** The node the serials belong to (undefined for local records). */
  readonly node: string | undefined;
}

/** Details of a serial discontinuity, passed to {@link ReassemblerOptions.onDiscontinuity}. */
export interface SequenceDiscontinuity {
  /** The serial that was expected next. */
  readonly expected: number;
  /** The serial that arrived instead. */
  readonly received: number;
  /** The node the serials belong to (undefined for local records). */
  readonly node: string | undefined;
}

/** Options of a `Reassembler`. */
export interface ReassemblerOptions<M extends SequencedMessage> {
  /**
   * Called with each complete event's records, in arrival order, and what
   * the reassembler knows about the event (why it completed; whether it is
   * a piece of a split serial).
   */
  onEvent: (messages: M[], info: EventInfo) => void;
  /** Called when serials are found missing (see `lossPatience` and `lossDelay`). */
  onLost?: (lost: LostSequences) => void;
  /**
   * Called when serials already reported to `onLost` arrive after all (the
   * kernel resends records late under load): a correction to subtract.
   */
  onRecovered?: (recovered: RecoveredSequences) => void;
  /** Called when serials jump (restart, reboot), instead of reporting a loss. */
  onDiscontinuity?: (jump: SequenceDiscontinuity) => void;
  /**
   * Called the first time a node arrives whose serials will not be checked
   * for loss because `maxNodes` nodes are tracked already (for the first
   * 65536 such nodes).
   */
  onUntracked?: (untracked: UntrackedNode) => void;
  /** Most events open at once; opening one more completes the oldest. Default 50. */
  maxInFlight?: number;
  /** ms an event may stay open before it is completed. Default 2000. */
  timeout?: number;
  /** Most records in one event; reaching it completes the event. Default 10000. */
  maxRecords?: number;
  /** The clock for timeouts in ms (injectable for tests). Default `Date.now`. */
  now?: () => number;
  /**
   * How many newer serials must arrive past a missing serial before it
   * counts as lost. Default `maxInFlight`.
   */
  lossPatience?: number;
  /**
   * ms a serial must also have been missing (by `now`, checked on push and
   * {@link Reassembler.tick}) before it counts as lost. Live sources should
   * set it: under load the kernel resends records late, after thousands of
   * newer ones. Default 0 (only `lossPatience`).
   */
  lossDelay?: number;
  /**
   * Most gaps (runs of missing serials) tracked per node; past it the
   * oldest is counted lost at once (`stats.lostEarly`). Default 4096.
   */
  maxGaps?: number;
  /**
   * Most nodes (`node=` names; local records count as one) whose serials
   * are checked for loss; records of further nodes are reassembled as usual
   * but not checked, and are counted (`stats.untracked*`, `onUntracked`).
   * Default 4096.
   */
  maxNodes?: number;
  /**
   * Receives each kernel serial and auditd restart the reassembler would
   * track for loss, instead of tracking them itself (no loss reports, no
   * `lost`/`untracked*` stats). Another reassembler can replay them in
   * order through {@link Reassembler.trackSerial} and
   * {@link Reassembler.trackRestart}: how a parallel reader tracks losses
   * across the pieces of a log that others reassembled.
   */
  serials?: SerialSink;
}

/** Where a reassembler sends the serials it tracks for loss (see {@link ReassemblerOptions.serials}). */
export interface SerialSink {
  /** A record with a kernel serial (`seq`) of `node` opened an event or was a single-record event. */
  see(node: string | undefined, seq: number): void;
  /** A DAEMON_START record of `node`: auditd restarted. */
  restart(node: string | undefined): void;
}

/** One open event in a {@link ReassemblerSnapshot}. */
export interface OpenEventState<M> {
  /** The event's serial. */
  readonly sequence: number;
  /** Its time (ms). */
  readonly timestamp: number;
  /** Its node. */
  readonly node: string | undefined;
  /** Clock time when it opened. */
  readonly openedAt: number;
  /** Internal flags (what the event has seen), opaque. */
  readonly flags: number;
  /** Piece number of a split serial (0: whole). */
  readonly part: number;
  /** Its records so far, in arrival order. */
  readonly messages: readonly M[];
}

/**
 * What a {@link Reassembler} holds that decides its future events: the open
 * events (oldest first) and the split serials waiting for their next piece
 * (oldest first). Loss tracking is not included.
 */
export interface ReassemblerSnapshot<M> {
  /** Open events, oldest first. */
  readonly open: readonly OpenEventState<M>[];
  /** Split serials: identity key, last piece number, flags. */
  readonly split: readonly {
    readonly key: string;
    readonly part: number;
    readonly flags: number;
  }[];
}
