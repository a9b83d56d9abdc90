/**
 * Event reassembly: groups audit records that share a serial into events.
 *
 * A kernel event arrives as several records with one `audit(…:SEQ)` serial
 * (SYSCALL, EXECVE, CWD, PATH…, PROCTITLE, EOE), possibly interleaved with
 * other events' records. The {@link Reassembler} collects them and emits each
 * event once it is complete:
 *
 * - on EOE (the EOE record itself is not part of the event) or PROCTITLE
 *   (always the last record before EOE);
 * - at once for record types that are always single-record events
 *   (user-space, daemon, anomaly… records; the rule of audit-userspace's
 *   `audit_is_last_record`);
 * - when more than `maxInFlight` events are open (the oldest first);
 * - when an event has been open for `timeout` ms (checked whenever an event
 *   opens and on {@link Reassembler.tick});
 * - on {@link Reassembler.flush} / {@link Reassembler.close}.
 *
 * Per-record cost is constant: open events live in a `Map` keyed by serial
 * plus a linked list in opening order (the oldest is the head); nothing is
 * re-sorted.
 *
 * Gaps in kernel serials are counted as lost sequences ({@link
 * SequenceTracker}) once `lossPatience` newer serials have arrived and they
 * have been missing for `lossDelay` ms (or at the end); a serial that
 * arrives after it was reported lost is reported as recovered (`onRecovered`,
 * `stats.recovered`; `stats.lost` is net), because under load the kernel
 * resends records late. Serials that jump backwards or far ahead (a restarted
 * source, a rebooted kernel, auditd's own DAEMON_* counter) are reported as
 * discontinuities, never as billions of lost events. A DAEMON_START record
 * (auditd started: a log holding several auditd runs) ends the node's
 * current run: its open gaps are settled, and a jump to the next kernel
 * serial is a discontinuity, not a loss (the kernel kept counting while no
 * auditd was logging).
 *
 * @module
 */

import type { AuditMessage } from "./message.ts";
import { SequenceTracker } from "./_sequence_tracker.ts";
import {
  AUDIT_DAEMON_START,
  AUDIT_EOE,
  AUDIT_FIRST_ANOM_MSG,
  AUDIT_FIRST_DAEMON,
  AUDIT_FIRST_EVENT,
  AUDIT_KERNEL,
  AUDIT_LAST_DAEMON,
  AUDIT_LOGIN,
  AUDIT_MAC_CALIPSO_DEL,
  AUDIT_MAC_UNLBL_ALLOW,
  AUDIT_PROCTITLE,
  AUDIT_USER,
} from "./tables/record_type_constants.ts";

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

/** Counters a {@link Reassembler} keeps; all start at zero. */
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

/** Options of a {@link Reassembler}. */
export interface ReassemblerOptions<M extends SequencedMessage> {
  /** Called with each complete event's records, in arrival order. */
  onEvent: (messages: M[]) => void;
  /** Called when serials are found missing (see `lossPatience` and `lossDelay`). */
  onLost?: (lost: LostSequences) => void;
  /**
   * Called when serials already reported to `onLost` arrive after all (the
   * kernel resends records late under load): a correction to subtract.
   */
  onRecovered?: (recovered: RecoveredSequences) => void;
  /** Called when serials jump (restart, reboot), instead of reporting a loss. */
  onDiscontinuity?: (jump: SequenceDiscontinuity) => void;
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
}

/**
 * Whether records of this type always form an event of their own (and so
 * complete at once). Follows audit-userspace's `audit_is_last_record`,
 * without EOE and PROCTITLE, which end multi-record events: AUDIT_USER,
 * 1007-1299 (control, user-space and daemon records), AUDIT_KERNEL,
 * the MAC_UNLBL_ALLOW…MAC_CALIPSO_DEL group (1406-1419), and 2100
 * (AUDIT_FIRST_ANOM_MSG) and above. LOGIN (1006) is not single: the kernel
 * logs it inside a syscall.
 *
 * @example
 * ```ts
 * import { AUDIT_SYSCALL, AUDIT_USER_LOGIN, isSingleRecordType } from "@libaudit/libaudit/parse";
 * isSingleRecordType(AUDIT_USER_LOGIN); // true
 * isSingleRecordType(AUDIT_SYSCALL); // false
 * ```
 */
export function isSingleRecordType(type: number): boolean {
  return type === AUDIT_USER || (type > AUDIT_LOGIN && type < AUDIT_FIRST_EVENT) ||
    type === AUDIT_KERNEL || (type >= AUDIT_MAC_UNLBL_ALLOW && type <= AUDIT_MAC_CALIPSO_DEL) ||
    type >= AUDIT_FIRST_ANOM_MSG;
}

/** Whether a record's serial comes from the kernel's counter (DAEMON_* records carry auditd's). */
export function hasKernelSerial(type: number): boolean {
  return type < AUDIT_FIRST_DAEMON || type > AUDIT_LAST_DAEMON;
}

/** An open event: a node of the Map's collision chain and of the age list. */
interface OpenEvent<M> {
  readonly sequence: number;
  readonly timestamp: number;
  readonly node: string | undefined;
  readonly openedAt: number;
  readonly messages: M[];
  /** Another open event with the same serial (other node or time). */
  sameSerial: OpenEvent<M> | undefined;
  older: OpenEvent<M> | undefined;
  newer: OpenEvent<M> | undefined;
}

/** Most nodes whose serials are tracked at once. */
const MAX_TRACKED_NODES = 4096;

/** Thrown by {@link Reassembler.push} after {@link Reassembler.close}. */
export class ReassemblerClosedError extends Error {
  /** The record that was pushed too late. */
  readonly record: SequencedMessage;
  /** Creates the error for the record pushed after close. */
  constructor(record: SequencedMessage) {
    super("Cannot push a record: the reassembler is closed");
    this.name = "ReassemblerClosedError";
    this.record = record;
  }
}

/**
 * Groups records into events (see the module documentation for when an
 * event completes).
 *
 * @example
 * ```ts
 * import { parseLogLine, Reassembler } from "@libaudit/libaudit/parse";
 * const r = new Reassembler({ onEvent: (records) => console.log(records.length) });
 * r.push(parseLogLine("type=USER_LOGIN msg=audit(1700000000.000:7): pid=1 uid=0 res=success"));
 * r.close(); // emits whatever is still open
 * ```
 */
export class Reassembler<M extends SequencedMessage = AuditMessage> {
  readonly #onEvent: (messages: M[]) => void;
  readonly #onLost: ((lost: LostSequences) => void) | undefined;
  readonly #onRecovered: ((recovered: RecoveredSequences) => void) | undefined;
  readonly #onDiscontinuity: ((jump: SequenceDiscontinuity) => void) | undefined;
  readonly #maxInFlight: number;
  readonly #trackerOptions: { patience: number; delay: number; maxGaps: number };
  readonly #timeout: number;
  readonly #maxRecords: number;
  readonly #now: () => number;
  readonly #open = new Map<number, OpenEvent<M>>();
  #oldest: OpenEvent<M> | undefined;
  #newest: OpenEvent<M> | undefined;
  #openCount = 0;
  readonly #trackers = new Map<string | undefined, SequenceTracker>();
  #closed = false;
  readonly #stats: ReassemblerStats = {
    records: 0,
    events: 0,
    lost: 0,
    recovered: 0,
    lostEarly: 0,
    discontinuities: 0,
    open: 0,
    completed: { eoe: 0, single: 0, overflow: 0, timeout: 0, oversized: 0, flush: 0 },
  };

  /** Creates a reassembler that calls `options.onEvent` for each complete event. */
  constructor(options: ReassemblerOptions<M>) {
    this.#onEvent = options.onEvent;
    this.#onLost = options.onLost;
    this.#onRecovered = options.onRecovered;
    this.#onDiscontinuity = options.onDiscontinuity;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 50);
    this.#trackerOptions = {
      patience: options.lossPatience ?? this.#maxInFlight,
      delay: options.lossDelay ?? 0,
      maxGaps: options.maxGaps ?? 4096,
    };
    this.#timeout = options.timeout ?? 2000;
    this.#maxRecords = Math.max(1, options.maxRecords ?? 10000);
    this.#now = options.now ?? Date.now;
  }

  /** Counters so far (a live object; `open` is current). */
  get stats(): Readonly<ReassemblerStats> {
    this.#stats.open = this.#openCount;
    return this.#stats;
  }

  /** Adds one record; completed events are passed to `onEvent` before it returns. */
  push(msg: M): void {
    if (this.#closed) throw new ReassemblerClosedError(msg);
    this.#stats.records++;
    const seq = msg.sequence;
    const type = msg.recordType;
    let event = this.#open.get(seq);
    while (
      event !== undefined && (event.timestamp !== msg.timestamp || event.node !== msg.node)
    ) event = event.sameSerial;

    if (event !== undefined) {
      if (type === AUDIT_EOE) {
        this.#complete(event, "eoe");
        return;
      }
      event.messages.push(msg);
      if (type === AUDIT_PROCTITLE) this.#complete(event, "eoe");
      else if (event.messages.length >= this.#maxRecords) this.#complete(event, "oversized");
      return;
    }

    const single = isSingleRecordType(type);
    // The clock is read only when something needs it (it is per-record cost).
    const opens = !single && type !== AUDIT_EOE;
    const lossTimed = this.#trackerOptions.delay > 0;
    const now = opens || lossTimed ? this.#now() : 0;
    if (hasKernelSerial(type)) this.#track(msg.node, seq, lossTimed ? now : 0);
    else if (type === AUDIT_DAEMON_START) this.#trackers.get(msg.node)?.restart();
    if (!opens) {
      // An EOE without an open event: the event already completed (after PROCTITLE) or was lost.
      if (single) this.#emit([msg], "single");
      return;
    }
    this.#expire(now);
    const opened: OpenEvent<M> = {
      sequence: seq,
      timestamp: msg.timestamp,
      node: msg.node,
      openedAt: now,
      messages: [msg],
      sameSerial: this.#open.get(seq),
      older: this.#newest,
      newer: undefined,
    };
    this.#open.set(seq, opened);
    if (this.#newest === undefined) this.#oldest = opened;
    else this.#newest.newer = opened;
    this.#newest = opened;
    this.#openCount++;
    if (type === AUDIT_PROCTITLE || this.#maxRecords === 1) {
      this.#complete(opened, type === AUDIT_PROCTITLE ? "eoe" : "oversized");
      return;
    }
    while (this.#openCount > this.#maxInFlight && this.#oldest !== undefined) {
      this.#complete(this.#oldest, "overflow");
    }
  }

  /**
   * Completes the events open for `timeout` ms or longer and counts the
   * gaps missing for `lossDelay` ms as lost; call it from a timer.
   */
  tick(now: number = this.#now()): void {
    this.#expire(now);
    for (const tracker of this.#trackers.values()) {
      if (tracker.openGaps > 0) tracker.expire(now);
    }
  }

  /** Emits every open event (oldest first) and counts the gaps still open as lost. */
  flush(): void {
    while (this.#oldest !== undefined) this.#complete(this.#oldest, "flush");
    for (const tracker of this.#trackers.values()) tracker.settle();
  }

  /** Flushes and refuses further records. Calling it twice is harmless. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
  }

  #expire(now: number): void {
    const limit = now - this.#timeout;
    while (this.#oldest !== undefined && this.#oldest.openedAt <= limit) {
      this.#complete(this.#oldest, "timeout");
    }
  }

  #track(node: string | undefined, seq: number, now: number): void {
    let tracker = this.#trackers.get(node);
    if (tracker === undefined) {
      if (this.#trackers.size >= MAX_TRACKED_NODES) {
        // Bounded memory even for a stream of endless node names: forget the
        // oldest node (its open gaps are settled, so nothing goes unreported).
        for (const [oldest, forgotten] of this.#trackers) {
          forgotten.settle();
          this.#trackers.delete(oldest);
          break;
        }
      }
      tracker = this.#newTracker(node);
      this.#trackers.set(node, tracker);
    }
    if (tracker.see(seq, now) < 0) {
      this.#stats.discontinuities++;
      this.#onDiscontinuity?.({ expected: tracker.jumpedFrom, received: seq, node });
    }
  }

  #newTracker(node: string | undefined): SequenceTracker {
    const { patience, delay, maxGaps } = this.#trackerOptions;
    return new SequenceTracker(patience, {
      delay,
      maxGaps,
      onLost: (count, from, early) => {
        this.#stats.lost += count;
        if (early) this.#stats.lostEarly += count;
        this.#onLost?.({ count, from, node });
      },
      onRecovered: (count, from) => {
        this.#stats.lost -= count;
        this.#stats.recovered += count;
        this.#onRecovered?.({ count, from, node });
      },
    });
  }

  #complete(event: OpenEvent<M>, reason: CompletionReason): void {
    // Unlink from the serial's collision chain.
    const head = this.#open.get(event.sequence);
    if (head === event) {
      if (event.sameSerial === undefined) this.#open.delete(event.sequence);
      else this.#open.set(event.sequence, event.sameSerial);
    } else {
      let prev = head;
      while (prev !== undefined && prev.sameSerial !== event) prev = prev.sameSerial;
      if (prev !== undefined) prev.sameSerial = event.sameSerial;
    }
    // Unlink from the age list.
    if (event.older === undefined) this.#oldest = event.newer;
    else event.older.newer = event.newer;
    if (event.newer === undefined) this.#newest = event.older;
    else event.newer.older = event.older;
    event.older = event.newer = event.sameSerial = undefined;
    this.#openCount--;
    this.#emit(event.messages, reason);
  }

  #emit(messages: M[], reason: CompletionReason): void {
    this.#stats.events++;
    this.#stats.completed[reason]++;
    this.#onEvent(messages);
  }
}
