/**
 * Draining the socket into a bounded queue: {@linkcode EventQueue} reads
 * every datagram (events into the queue, replies to the pending requests,
 * losses to the {@linkcode LossCounter}) while requests wait or a consumer
 * listens, and hands the events to {@linkcode EventQueue.messages}.
 *
 * @module
 */
import { AUDIT_REPLACE, NLMSG_HDRLEN, NLMSG_OVERRUN } from "./constants.ts";
import { decodeDatagram, isAuditEventType } from "./framing.ts";
import type { LossCounter } from "./loss.ts";
import type { PendingRequests } from "./_pending.ts";
import type { NetlinkSocket } from "./socket.ts";
import { RECEIVE_SLOTS, SLOT_SIZE } from "./_receive_batch.ts";
import { PackedText } from "./_packed_text.ts";

/** One audit record as the kernel sent it: the message type and its text. */
export interface RawAuditMessage {
  /** The audit record type, e.g. 1300 (SYSCALL). */
  readonly type: number;
  /** The payload text, e.g. `audit(1700000000.123:42): arch=c000003e syscall=59 ...`. */
  readonly payload: string;
}

const POLL_SLICE_MS = 1000;
/**
 * The kernel gives up on a unicast send after 100 ms (`sk_sndtimeo = HZ/10`)
 * once our socket is congested, and "congested" only clears when the socket
 * is empty. Records then go to the kernel's retry queue: printk'd, reordered,
 * and audited processes stall on the backlog. So the socket is read until
 * empty both by the pump and, every {@linkcode CONSUMER_DRAIN_EVERY} records,
 * by a busy consumer (which runs on the same thread and would otherwise hold
 * the pump off). A drain stops after {@linkcode DRAIN_BATCH} datagrams so a
 * kernel refilling as fast as we read cannot starve the consumer.
 */
const DRAIN_BATCH = 8192;
/**
 * Records a consumer takes from the queue between two synchronous drains
 * (and most records in one batch of {@linkcode EventQueue.batches}).
 */
const CONSUMER_DRAIN_EVERY = 256;
const decoder = new TextDecoder();

/** Sizes of {@linkcode EventQueue}. */
export interface EventQueueOptions {
  /** Events kept while the consumer is slow before new ones are dropped and counted. */
  readonly queueLimit: number;
  /** After reading events, wait this many ms before reading again (0: never wait). */
  readonly batchDelayMs: number;
}

/** The reader of one socket: its pump, its bounded event queue and its consumers. */
export class EventQueue {
  readonly #sock: NetlinkSocket;
  readonly #pending: PendingRequests;
  readonly #loss: LossCounter;
  readonly #queueLimit: number;
  readonly #batchDelayMs: number;
  #queue: RawAuditMessage[] = [];
  #queueHead = 0;
  #listeners = 0;
  #pumping: Promise<void> | undefined;
  #pumpActive = false;
  #wakeups: (() => void)[] = [];
  #closed = false;
  #replaceRequests = 0;
  #replacedBy: number | undefined;
  /** Hot-path payloads of a batch, decoded together. */
  readonly #packed = new PackedText((type, payload) => this.#enqueue({ type, payload }));

  /** A reader of `sock` that settles `pending` and counts into `loss`. */
  constructor(
    sock: NetlinkSocket,
    pending: PendingRequests,
    loss: LossCounter,
    options: EventQueueOptions,
  ) {
    this.#sock = sock;
    this.#pending = pending;
    this.#loss = loss;
    this.#queueLimit = options.queueLimit;
    this.#batchDelayMs = options.batchDelayMs;
  }

  /** `AUDIT_REPLACE` pings received (see `AuditClient.replaceRequests`). */
  get replaceRequests(): number {
    return this.#replaceRequests;
  }

  /** The pid named by the last `AUDIT_REPLACE`. */
  get replacedBy(): number | undefined {
    return this.#replacedBy;
  }

  /**
   * Reads what the socket has now, up to {@linkcode DRAIN_BATCH} datagrams
   * (many per `recvmmsg`); returns how many were read.
   */
  #drain(): number {
    let n = 0;
    while (n < DRAIN_BATCH) {
      const got = this.#sock.receiveBatch();
      if (got === 0) break;
      if (got < 0) {
        this.#loss.countOverrun();
        n++;
        continue;
      }
      const batch = this.#sock.batch;
      const bytes = batch.bytes;
      for (let i = 0; i < got; i++) {
        if (batch.sender(i) !== 0) continue; // not from the kernel
        const start = i * SLOT_SIZE;
        const length = batch.length(i);
        // Hot path: an event is alone in its datagram and takes all of it.
        if (length >= NLMSG_HDRLEN) {
          const type = bytes[start + 4]! | (bytes[start + 5]! << 8);
          if (type === AUDIT_REPLACE) {
            this.#onReplace(batch.data(i).subarray(NLMSG_HDRLEN));
            continue;
          }
          if (isAuditEventType(type)) {
            let end = start + length;
            while (end > start + NLMSG_HDRLEN && bytes[end - 1] === 0) end--;
            this.#packed.add(type, bytes, start + NLMSG_HDRLEN, end);
            continue;
          }
        }
        this.#packed.flush(); // the queue keeps the kernel's order
        this.#datagram(batch.data(i));
      }
      this.#packed.flush();
      n += got;
      // Fewer than asked: the socket was empty.
      if (got < RECEIVE_SLOTS) break;
    }
    return n;
  }

  /** A datagram off the hot path: replies, pings, overruns, several messages. */
  #datagram(data: Uint8Array): void {
    const { messages, malformed } = decodeDatagram(data);
    if (malformed) this.#loss.countMalformed();
    for (const m of messages) {
      if (m.type === AUDIT_REPLACE) {
        this.#onReplace(m.payload);
        continue;
      }
      if (isAuditEventType(m.type)) {
        this.#enqueue({ type: m.type, payload: decoder.decode(m.payload) });
        continue;
      }
      if (m.type === NLMSG_OVERRUN) {
        this.#loss.countOverrun();
        continue;
      }
      this.#pending.onMessage(m);
    }
  }

  /** An `AUDIT_REPLACE` ping: another process tried to register as the daemon. */
  #onReplace(payload: Uint8Array): void {
    this.#replaceRequests++;
    if (payload.length >= 4) {
      this.#replacedBy = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true);
    }
  }

  #enqueue(m: RawAuditMessage): void {
    if (this.#queue.length - this.#queueHead >= this.#queueLimit) {
      this.#loss.countQueueDrop();
      return;
    }
    this.#queue.push(m);
  }

  #dequeue(): RawAuditMessage | undefined {
    if (this.#queueHead >= this.#queue.length) return undefined;
    const m = this.#queue[this.#queueHead++];
    if (this.#queueHead > 4096 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    return m;
  }

  /** Takes up to `max` records off the queue, in order. */
  #take(max: number): RawAuditMessage[] {
    const queue = this.#queue;
    const head = this.#queueHead;
    const left = queue.length - head;
    if (left <= max) {
      if (left <= 0) return [];
      this.#queue = [];
      this.#queueHead = 0;
      return head === 0 ? queue : queue.slice(head);
    }
    this.#queueHead = head + max;
    const batch = queue.slice(head, head + max);
    if (this.#queueHead > 4096 && this.#queueHead * 2 > queue.length) {
      queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    return batch;
  }

  /** {@linkcode #drain}, failing the pending requests if the socket fails. */
  #drainOrFail(): number {
    try {
      return this.#drain();
    } catch (e) {
      this.#pending.failAll(e instanceof Error ? e : new Error(String(e)));
      return 0;
    }
  }

  /** Starts the pump unless it runs (after a request is sent, or for a consumer). */
  ensurePump(): void {
    if (this.#pumpActive) return;
    this.#pumpActive = true;
    this.#pumping = this.#pump();
  }

  #idle(): boolean {
    return this.#closed || (this.#pending.size === 0 && this.#listeners === 0);
  }

  /**
   * Drains the socket and waits for more while requests are pending or a
   * reader is listening. `#pumpActive` is cleared in the same synchronous turn
   * as the last check, so a request made afterwards always starts a new pump.
   */
  async #pump(): Promise<void> {
    for (;;) {
      if (this.#idle()) break;
      const arrived = this.#drainOrFail();
      if (arrived) this.#notify();
      if (this.#idle()) break;
      if (
        arrived > 0 && arrived < DRAIN_BATCH && this.#pending.size === 0 &&
        this.#batchDelayMs > 0
      ) {
        // More is probably on its way: let it collect and read it in one batch
        // instead of paying a poll and a consumer wake-up for every few records.
        await new Promise((resolve) => setTimeout(resolve, this.#batchDelayMs));
        continue;
      }
      await this.#sock.wait(POLL_SLICE_MS);
    }
    this.#pumpActive = false;
    this.#notify();
  }

  #notify(): void {
    const w = this.#wakeups;
    this.#wakeups = [];
    for (const f of w) f();
  }

  /**
   * The events as they arrive, until {@linkcode stop} (after yielding what
   * was queued) or `signal` aborts. `start` runs when the first event is
   * asked for; the function it returns is awaited at the end.
   */
  async *messages(
    signal: AbortSignal | undefined,
    start: () => () => Promise<void>,
  ): AsyncGenerator<RawAuditMessage, void, void> {
    let untilDrain = CONSUMER_DRAIN_EVERY;
    yield* this.#consume(signal, start, () => {
      if (--untilDrain === 0) {
        untilDrain = CONSUMER_DRAIN_EVERY;
        this.#drainOrFail();
      }
      return this.#dequeue();
    });
  }

  /**
   * {@linkcode messages} in arrays of up to {@linkcode CONSUMER_DRAIN_EVERY}
   * records: what has arrived, taken off the queue in one step (the socket
   * is read first).
   */
  batches(
    signal: AbortSignal | undefined,
    start: () => () => Promise<void>,
  ): AsyncGenerator<RawAuditMessage[], void, void> {
    return this.#consume(signal, start, () => {
      // The socket is read before every batch, however long the queue: see DRAIN_BATCH.
      this.#drainOrFail();
      const batch = this.#take(CONSUMER_DRAIN_EVERY);
      return batch.length === 0 ? undefined : batch;
    });
  }

  /** Yields what `next` gives, waiting for the pump when it gives nothing. */
  async *#consume<T>(
    signal: AbortSignal | undefined,
    start: () => () => Promise<void>,
    next: () => T | undefined,
  ): AsyncGenerator<T, void, void> {
    const onAbort = () => {
      this.#sock.wake();
      this.#notify();
    };
    signal?.addEventListener("abort", onAbort);
    const end = start();
    this.#listeners++;
    this.ensurePump();
    try {
      for (;;) {
        if (signal?.aborted) return;
        const item = next();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (this.#closed) return;
        await new Promise<void>((resolve) => this.#wakeups.push(resolve));
      }
    } finally {
      this.#listeners--;
      signal?.removeEventListener("abort", onAbort);
      await end();
      this.#sock.wake();
    }
  }

  /** Stops the pump and ends the consumers after what is queued. */
  stop(): void {
    this.#closed = true;
    this.#notify();
  }

  /** Resolves when the pump has stopped. */
  async stopped(): Promise<void> {
    await this.#pumping;
  }
}
