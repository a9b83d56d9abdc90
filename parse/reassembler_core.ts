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
 * SequenceTracker}); serials that jump backwards or far ahead (a restarted
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
  /** Sequences detected as lost (gaps in kernel serials). */
  lost: number;
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
  /** Called when serials are found missing. */
  onLost?: (lost: LostSequences) => void;
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
}

const EOE = 1320;
const PROCTITLE = 1327;
const DAEMON_START = 1200;
const FIRST_DAEMON = 1200;
const LAST_DAEMON = 1299;

/**
 * Whether records of this type always form an event of their own (and so
 * complete at once). Follows audit-userspace's `audit_is_last_record`,
 * without EOE and PROCTITLE, which end multi-record events: AUDIT_USER,
 * 1007-1299 (control, user-space and daemon records), AUDIT_KERNEL,
 * the MAC_UNLBL_ALLOW…MAC_CALIPSO_DEL group, and 2100 and above.
 * LOGIN (1006) is not single: the kernel logs it inside a syscall.
 */
export function isSingleRecordType(type: number): boolean {
  return type === 1005 || (type > 1006 && type < 1300) || type === 2000 ||
    (type >= 1414 && type <= 1418) || type >= 2100;
}

/** Whether a record's serial comes from the kernel's counter (DAEMON_* records carry auditd's). */
export function hasKernelSerial(type: number): boolean {
  return type < FIRST_DAEMON || type > LAST_DAEMON;
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

const TWO_32 = 4294967296;
/** Most nodes whose serials are tracked at once. */
const MAX_TRACKED_NODES = 4096;
/** Forward gaps up to this many serials are losses; larger jumps are restarts. */
const MAX_GAP = 1 << 24;

/**
 * Loss accounting for one source's serials: a watermark `next` (every serial
 * before it is seen or counted lost) and the seen serials after a gap. A gap
 * is declared lost once `patience` newer serials have arrived past it, or on
 * {@link SequenceTracker.settle}; serials that arrive late but within that
 * window are not counted. Serial arithmetic is modulo 2^32.
 */
export class SequenceTracker {
  #next = -1;
  #restarted = false;
  readonly #ahead = new Set<number>();
  readonly #patience: number;
  readonly #lateWindow: number;

  /** `patience`: how many serials past a gap may arrive before the gap counts as lost. */
  constructor(patience: number) {
    this.#patience = Math.max(1, patience);
    this.#lateWindow = Math.max(4 * this.#patience, 1024);
  }

  /**
   * Records a serial. Returns the number of serials newly found lost (0
   * usually), or -1 when the serial is a discontinuity (the tracker restarts
   * from it).
   */
  see(seq: number): number {
    const next = this.#next;
    if (next < 0) {
      this.#next = (seq + 1) % TWO_32;
      this.#restarted = false;
      return 0;
    }
    if (seq === next) {
      this.#restarted = false;
      this.#advance((seq + 1) % TWO_32);
      return 0;
    }
    if (this.#restarted) {
      this.#restarted = false;
      this.#ahead.clear();
      this.#next = (seq + 1) % TWO_32;
      return -1;
    }
    const ahead = (seq - next + TWO_32) % TWO_32;
    if (ahead < MAX_GAP) {
      this.#ahead.add(seq);
      return this.#ahead.size > this.#patience ? this.#declareFirstGap() : 0;
    }
    if (TWO_32 - ahead <= this.#lateWindow) return 0; // late or repeated serial
    this.#ahead.clear();
    this.#next = (seq + 1) % TWO_32;
    return -1;
  }

  /** Declares every remaining gap lost (end of input); returns how many serials. */
  settle(): number {
    let lost = 0;
    while (this.#ahead.size > 0) lost += this.#declareFirstGap();
    return lost;
  }

  /**
   * Marks the end of the source's run (auditd restarted): settles the open
   * gaps (returning how many serials were lost) and treats the next serial,
   * unless it is the expected one, as a discontinuity instead of a gap.
   */
  restart(): number {
    const lost = this.settle();
    if (this.#next >= 0) this.#restarted = true;
    return lost;
  }

  /** The first serial not yet seen or counted (-1 before the first serial). */
  get next(): number {
    return this.#next;
  }

  #advance(from: number): void {
    let next = from;
    const ahead = this.#ahead;
    while (ahead.size > 0 && ahead.delete(next)) next = (next + 1) % TWO_32;
    this.#next = next;
  }

  #declareFirstGap(): number {
    const next = this.#next;
    let nearest = -1;
    let nearestDistance = TWO_32;
    for (const seq of this.#ahead) {
      const d = (seq - next + TWO_32) % TWO_32;
      if (d < nearestDistance) {
        nearestDistance = d;
        nearest = seq;
      }
    }
    this.#ahead.delete(nearest);
    this.#advance((nearest + 1) % TWO_32);
    return nearestDistance;
  }
}

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
  readonly #onDiscontinuity: ((jump: SequenceDiscontinuity) => void) | undefined;
  readonly #maxInFlight: number;
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
    discontinuities: 0,
    open: 0,
    completed: { eoe: 0, single: 0, overflow: 0, timeout: 0, oversized: 0, flush: 0 },
  };

  /** Creates a reassembler that calls `options.onEvent` for each complete event. */
  constructor(options: ReassemblerOptions<M>) {
    this.#onEvent = options.onEvent;
    this.#onLost = options.onLost;
    this.#onDiscontinuity = options.onDiscontinuity;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 50);
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
      if (type === EOE) {
        this.#complete(event, "eoe");
        return;
      }
      event.messages.push(msg);
      if (type === PROCTITLE) this.#complete(event, "eoe");
      else if (event.messages.length >= this.#maxRecords) this.#complete(event, "oversized");
      return;
    }

    if (hasKernelSerial(type)) this.#track(msg.node, seq);
    else if (type === DAEMON_START) this.#restartTracker(msg.node);
    if (type === EOE) return; // the event already completed (after PROCTITLE) or was lost
    if (isSingleRecordType(type)) {
      this.#emit([msg], "single");
      return;
    }
    const now = this.#now();
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
    if (type === PROCTITLE || this.#maxRecords === 1) {
      this.#complete(opened, type === PROCTITLE ? "eoe" : "oversized");
      return;
    }
    while (this.#openCount > this.#maxInFlight && this.#oldest !== undefined) {
      this.#complete(this.#oldest, "overflow");
    }
  }

  /** Completes the events open for `timeout` ms or longer; call it from a timer. */
  tick(now: number = this.#now()): void {
    this.#expire(now);
  }

  /** Emits every open event (oldest first) and counts the gaps still open as lost. */
  flush(): void {
    while (this.#oldest !== undefined) this.#complete(this.#oldest, "flush");
    for (const [node, tracker] of this.#trackers) {
      const from = tracker.next;
      const lost = tracker.settle();
      if (lost > 0) this.#reportLost(lost, from, node);
    }
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

  #track(node: string | undefined, seq: number): void {
    let tracker = this.#trackers.get(node);
    if (tracker === undefined) {
      if (this.#trackers.size >= MAX_TRACKED_NODES) {
        // Bounded memory even for a stream of endless node names: forget the oldest node.
        for (const oldest of this.#trackers.keys()) {
          this.#trackers.delete(oldest);
          break;
        }
      }
      tracker = new SequenceTracker(this.#maxInFlight);
      this.#trackers.set(node, tracker);
    }
    const expected = tracker.next;
    const lost = tracker.see(seq);
    if (lost > 0) this.#reportLost(lost, expected, node);
    else if (lost < 0) {
      this.#stats.discontinuities++;
      this.#onDiscontinuity?.({ expected, received: seq, node });
    }
  }

  #restartTracker(node: string | undefined): void {
    const tracker = this.#trackers.get(node);
    if (tracker === undefined) return;
    const from = tracker.next;
    const lost = tracker.restart();
    if (lost > 0) this.#reportLost(lost, from, node);
  }

  #reportLost(count: number, from: number, node: string | undefined): void {
    this.#stats.lost += count;
    this.#onLost?.({ count, from, node });
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
