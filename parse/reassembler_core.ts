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

import { SerialTable } from "./_serial_table.ts";
import type { AuditMessage } from "./message.ts";
import type {
  CompletionReason,
  EventInfo,
  ReassemblerOptions,
  ReassemblerSnapshot,
  ReassemblerStats,
  SequencedMessage,
  SerialSink,
} from "./_reassembler_types.ts";
import { DEFAULT_MAX_NODES, NodeTrackers } from "./_node_trackers.ts";
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
  AUDIT_SYSCALL,
  AUDIT_URINGOP,
  AUDIT_USER,
} from "./tables/record_type_constants.ts";

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
 * import assert from "node:assert/strict";
 * import { AUDIT_SYSCALL, AUDIT_USER_LOGIN, isSingleRecordType } from "@libaudit/libaudit/parse";
 * assert.equal(isSingleRecordType(AUDIT_USER_LOGIN), true);
 * assert.equal(isSingleRecordType(AUDIT_SYSCALL), false);
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
  /** {@link HAS_SYSCALL} and {@link SAW_EOE}. */
  flags: number;
  /** 0, or the piece number when the serial was split (see {@link EventInfo.part}). */
  readonly part: number;
  /** Another open event with the same serial (other node or time). */
  sameSerial: OpenEvent<M> | undefined;
  older: OpenEvent<M> | undefined;
  newer: OpenEvent<M> | undefined;
}

/** The event has its SYSCALL (or URINGOP) record: PROCTITLE and EOE may end it. */
const HAS_SYSCALL = 1;
/** EOE arrived before the SYSCALL record (records out of order). */
const SAW_EOE = 2;
/** Most split serials remembered, so that their next piece is numbered. */
const MAX_SPLIT_REMEMBERED = 1024;

/** The identity of an event, for remembering split serials. */
function splitKey(sequence: number, timestamp: number, node: string | undefined): string {
  return node === undefined ? `${sequence}:${timestamp}` : `${sequence}:${timestamp}:${node}`;
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
 * import assert from "node:assert/strict";
 * import { parseLogLine, Reassembler } from "@libaudit/libaudit/parse";
 * const sizes: number[] = [];
 * const r = new Reassembler({ onEvent: (records) => sizes.push(records.length) });
 * r.push(parseLogLine("type=USER_LOGIN msg=audit(1700000000.000:7): pid=1 uid=0 res=success"));
 * r.close(); // emits whatever is still open
 * assert.deepEqual(sizes, [1]);
 * ```
 */
export class Reassembler<M extends SequencedMessage = AuditMessage> {
  readonly #onEvent: (messages: M[], info: EventInfo) => void;
  readonly #maxInFlight: number;
  readonly #nodes: NodeTrackers;
  readonly #serials: SerialSink | undefined;
  readonly #timeout: number;
  readonly #maxRecords: number;
  readonly #now: () => number;
  readonly #open = new SerialTable<OpenEvent<M>>();
  #oldest: OpenEvent<M> | undefined;
  #newest: OpenEvent<M> | undefined;
  #openCount = 0;
  /** Split serials whose next piece has not opened yet: the last piece's number and flags. */
  readonly #split = new Map<string, { part: number; flags: number }>();
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
    splitSerials: 0,
    splitEvents: 0,
    untrackedNodes: 0,
    untrackedNodeNames: [],
    untrackedRecords: 0,
  };

  /** Creates a reassembler that calls `options.onEvent` for each complete event. */
  constructor(options: ReassemblerOptions<M>) {
    this.#onEvent = options.onEvent;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 50);
    this.#nodes = new NodeTrackers({
      patience: options.lossPatience ?? this.#maxInFlight,
      delay: options.lossDelay ?? 0,
      maxGaps: options.maxGaps ?? 4096,
      maxNodes: Math.max(1, options.maxNodes ?? DEFAULT_MAX_NODES),
      stats: this.#stats,
      onLost: options.onLost,
      onRecovered: options.onRecovered,
      onDiscontinuity: options.onDiscontinuity,
      onUntracked: options.onUntracked,
    });
    this.#serials = options.serials;
    this.#timeout = options.timeout ?? 2000;
    this.#maxRecords = Math.max(1, options.maxRecords ?? 10000);
    this.#now = options.now ?? Date.now;
  }

  /** Most records in one event (`maxRecords`); a serial with more is split. */
  get maxRecords(): number {
    return this.#maxRecords;
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
    // Most records belong to the event opened last (at most one open event
    // has a given serial, time and node): no map lookup for them.
    let event = this.#newest;
    let head: OpenEvent<M> | undefined = undefined;
    if (
      event === undefined || event.sequence !== seq || event.timestamp !== msg.timestamp ||
      event.node !== msg.node
    ) {
      event = head = this.#open.get(seq);
      while (
        event !== undefined && (event.timestamp !== msg.timestamp || event.node !== msg.node)
      ) event = event.sameSerial;
    }

    if (event !== undefined) {
      if (type === AUDIT_EOE) {
        // EOE is the kernel's last record of an event: it ends one that has
        // its SYSCALL; before that (records out of order) it is remembered.
        if (event.flags & HAS_SYSCALL) this.#complete(event, "eoe");
        else event.flags |= SAW_EOE;
        return;
      }
      event.messages.push(msg);
      if (type === AUDIT_SYSCALL || type === AUDIT_URINGOP) {
        event.flags |= HAS_SYSCALL;
        if (event.flags & SAW_EOE) {
          this.#complete(event, "eoe");
          return;
        }
      } else if (type === AUDIT_PROCTITLE && event.flags & HAS_SYSCALL) {
        // PROCTITLE is the last record before EOE.
        this.#complete(event, "eoe");
        return;
      }
      if (event.messages.length >= this.#maxRecords) this.#complete(event, "oversized");
      return;
    }

    const single = isSingleRecordType(type);
    // The clock is read only when something needs it (it is per-record cost).
    const opens = !single && type !== AUDIT_EOE;
    const lossTimed = this.#nodes.timed;
    const now = opens || lossTimed ? this.#now() : 0;
    const serials = this.#serials;
    if (hasKernelSerial(type)) {
      if (serials === undefined) this.#nodes.see(msg.node, seq, lossTimed ? now : 0);
      else serials.see(msg.node, seq);
    } else if (type === AUDIT_DAEMON_START) {
      if (serials === undefined) this.#nodes.restart(msg.node);
      else serials.restart(msg.node);
    }
    if (!opens) {
      // An EOE without an open event: the event already completed (after PROCTITLE) or was lost.
      if (single) this.#emit([msg], "single", 0);
      return;
    }
    this.#expire(now);
    let part = 0;
    let flags = type === AUDIT_SYSCALL || type === AUDIT_URINGOP ? HAS_SYSCALL : 0;
    if (this.#split.size > 0) {
      const key = splitKey(seq, msg.timestamp, msg.node);
      const previous = this.#split.get(key);
      if (previous !== undefined) {
        this.#split.delete(key);
        part = previous.part + 1;
        flags |= previous.flags;
      }
    }
    const opened: OpenEvent<M> = {
      sequence: seq,
      timestamp: msg.timestamp,
      node: msg.node,
      openedAt: now,
      messages: [msg],
      flags,
      part,
      // Completing events (above) only removes them: no head before, none now.
      sameSerial: head === undefined ? undefined : this.#open.get(seq),
      older: this.#newest,
      newer: undefined,
    };
    this.#open.set(seq, opened);
    if (this.#newest === undefined) this.#oldest = opened;
    else this.#newest.newer = opened;
    this.#newest = opened;
    this.#openCount++;
    if (this.#maxRecords === 1) {
      this.#complete(opened, "oversized");
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
    this.#nodes.expire(now);
  }

  /** Emits every open event (oldest first) and counts the gaps still open as lost. */
  flush(): void {
    while (this.#oldest !== undefined) this.#complete(this.#oldest, "flush");
    this.#nodes.settle();
  }

  /**
   * Loss tracking of a kernel serial that another reassembler (with a
   * `serials` sink) saw: replaying a sink's calls in order here counts
   * losses exactly as if this reassembler had seen the records.
   */
  trackSerial(node: string | undefined, seq: number, now: number = 0): void {
    this.#nodes.see(node, seq, now);
  }

  /** Loss tracking of a DAEMON_START record another reassembler saw (see {@link trackSerial}). */
  trackRestart(node: string | undefined): void {
    this.#nodes.restart(node);
  }

  /**
   * The open events and split serials, which with the options decide every
   * event this reassembler emits from now on (not loss tracking): two
   * reassemblers with equal snapshots and options emit the same events from
   * the same records.
   */
  snapshot(): ReassemblerSnapshot<M> {
    const open = [];
    for (let e = this.#oldest; e !== undefined; e = e.newer) {
      open.push({
        sequence: e.sequence,
        timestamp: e.timestamp,
        node: e.node,
        openedAt: e.openedAt,
        flags: e.flags,
        part: e.part,
        messages: e.messages.slice(),
      });
    }
    const split = [...this.#split].map(([key, { part, flags }]) => ({ key, part, flags }));
    return { open, split };
  }

  /**
   * Takes over the open events and split serials of a {@link snapshot} (of
   * a reassembler with the same options); throws a `RangeError` unless this
   * one has nothing open yet.
   */
  restore(snapshot: ReassemblerSnapshot<M>): void {
    if (this.#openCount > 0 || this.#split.size > 0) {
      throw new RangeError("restore needs a reassembler with no open events");
    }
    for (const e of snapshot.open) {
      const opened: OpenEvent<M> = {
        ...e,
        messages: e.messages.slice(),
        sameSerial: this.#open.get(e.sequence),
        older: this.#newest,
        newer: undefined,
      };
      this.#open.set(e.sequence, opened);
      if (this.#newest === undefined) this.#oldest = opened;
      else this.#newest.newer = opened;
      this.#newest = opened;
      this.#openCount++;
    }
    for (const { key, part, flags } of snapshot.split) this.#split.set(key, { part, flags });
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
    let part = event.part;
    if (reason === "oversized") {
      // A never-ending serial: its next records open the next piece.
      if (part === 0) {
        part = 1;
        this.#stats.splitSerials++;
      }
      if (this.#split.size >= MAX_SPLIT_REMEMBERED) {
        this.#split.delete(this.#split.keys().next().value!);
      }
      this.#split.set(splitKey(event.sequence, event.timestamp, event.node), {
        part,
        flags: event.flags,
      });
    }
    this.#emit(event.messages, reason, part);
  }

  #emit(messages: M[], reason: CompletionReason, part: number): void {
    this.#stats.events++;
    this.#stats.completed[reason]++;
    if (part > 0) this.#stats.splitEvents++;
    this.#onEvent(messages, { reason, part });
  }
}
