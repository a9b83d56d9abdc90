/**
 * {@linkcode AuditClient}: status, settings, rules and the event stream of
 * the kernel's audit subsystem over a `NETLINK_AUDIT` socket.
 *
 * @module
 */
import {
  AUDIT_ADD_RULE,
  AUDIT_DEL_RULE,
  AUDIT_GET,
  AUDIT_GET_FEATURE,
  AUDIT_LIST_RULES,
  AUDIT_NLGRP_READLOG,
  AUDIT_REPLACE,
  AUDIT_SET,
  ERRNO,
  NLM_F_ACK,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_OVERRUN,
} from "./constants.ts";
import { NetlinkError } from "./errors.ts";
import {
  AUDIT_FEATURE,
  AUDIT_SET_FEATURE,
  type AuditFeature,
  encodeFeatureChange,
  featureBit,
  featureName,
} from "./features.ts";
import {
  decodeDatagram,
  encodeMessage,
  isAuditEventType,
  type NetlinkMessage,
  nlmsgErrno,
} from "./framing.ts";
import { NetlinkSocket } from "./socket.ts";
import {
  type AuditFeatures,
  type AuditStatus,
  type AuditStatusChange,
  decodeFeatures,
  decodeStatus,
  encodeStatusChange,
} from "./status.ts";

/** One audit record as the kernel sent it: the message type and its text. */
export interface RawAuditMessage {
  /** The audit record type, e.g. 1300 (SYSCALL). */
  readonly type: number;
  /** The payload text, e.g. `audit(1700000000.123:42): arch=c000003e syscall=59 ...`. */
  readonly payload: string;
}

/** Options of {@linkcode AuditClient.open} and {@linkcode AuditClient.openMulticast}. */
export interface AuditClientOptions {
  /**
   * Socket receive buffer in bytes, sized for bursts (default 8 MiB; root
   * may exceed net.core.rmem_max). 0 keeps the system default.
   */
  readonly receiveBufferSize?: number;
  /** Events kept while the consumer is slow before new ones are dropped and counted (default 65536). */
  readonly queueLimit?: number;
  /** How long to wait for the kernel's reply to a request, in ms (default 5000). */
  readonly replyTimeoutMs?: number;
  /**
   * After reading events, wait this many ms before reading again, so that a
   * busy stream is read and handed on in batches (much less CPU per event)
   * at the cost of that much latency; the first records after a quiet spell
   * are still read at once. 0 reads whenever anything arrives. Default 40.
   */
  readonly batchDelayMs?: number;
}

/** Options of one request: wait for the ACK (default) or collect it later. */
export interface RequestOptions {
  /** `false`: return after sending; {@linkcode AuditClient.waitForPendingAcks} collects the ACK. */
  readonly wait?: boolean;
}

/** Options of {@linkcode AuditClient.messages}. */
export interface MessagesOptions {
  /** Ends the iteration when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Poll the kernel's `lost` counter on a second socket every this many ms
   * (default 1000; 0 disables). Needs CAP_AUDIT_CONTROL for `AUDIT_GET`.
   */
  readonly kernelLostIntervalMs?: number;
  /** Called whenever a loss count grows, with all counts. */
  readonly onLoss?: (losses: LossCounts) => void;
}

/** The ways events get lost, kept apart. */
export interface LossCounts {
  /** Growth of the kernel's `lost` counter since the stream began (undefined until polled). */
  readonly kernelLost: number | undefined;
  /** ENOBUFS on our socket: the kernel dropped datagrams it could not queue to us. */
  readonly overruns: number;
  /** Events dropped by our bounded queue because the consumer was too slow. */
  readonly queueDropped: number;
  /** Missing audit serial numbers (net of late arrivals), as reported with {@linkcode AuditClient.reportSerialGap}. */
  readonly serialGaps: number;
}

/** Another process is the registered audit daemon. */
export class AuditPidInUseError extends NetlinkError {
  /** The pid holding the audit connection. */
  readonly holderPid: number;
  /** Its process name from /proc/PID/comm, when readable. */
  readonly holderName: string | undefined;
  /** Creates the error for `holderPid`. */
  constructor(holderPid: number, holderName: string | undefined) {
    super(
      "register as the audit daemon (AUDIT_SET pid)",
      ERRNO.EEXIST,
      `audit pid is held by pid ${holderPid}${
        holderName ? ` (${holderName})` : ""
      }; stop it or use --multicast to listen alongside it`,
    );
    this.name = "AuditPidInUseError";
    this.holderPid = holderPid;
    this.holderName = holderName;
  }
}

interface Pending {
  readonly operation: string;
  readonly replyType: number | undefined;
  readonly multi: boolean;
  acked: boolean;
  finished: boolean;
  readonly replies: Uint8Array[];
  readonly resolve: (replies: Uint8Array[]) => void;
  readonly reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const DEFAULT_RCVBUF = 8 * 1024 * 1024;
const DEFAULT_QUEUE_LIMIT = 65536;
const DEFAULT_REPLY_TIMEOUT_MS = 5000;
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
/** Records a consumer takes from the queue between two synchronous drains. */
const CONSUMER_DRAIN_EVERY = 256;
const DEFAULT_BATCH_DELAY_MS = 40;
const decoder = new TextDecoder();

function processName(pid: number): string | undefined {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/comm`).trim();
  } catch {
    return undefined;
  }
}

/**
 * A connection to the kernel's audit subsystem.
 *
 * @example Status
 * ```ts ignore
 * import { AuditClient } from "./client.ts";
 * const client = AuditClient.open();
 * try {
 *   const s = await client.getStatus();
 *   console.log(s.enabled, s.pid, s.lost);
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export class AuditClient {
  readonly #sock: NetlinkSocket;
  readonly #queueLimit: number;
  readonly #replyTimeoutMs: number;
  readonly #batchDelayMs: number;
  #seq = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #noWait: Promise<void>[] = [];
  readonly #queue: RawAuditMessage[] = [];
  #queueHead = 0;
  #listeners = 0;
  #pumping: Promise<void> | undefined;
  #pumpActive = false;
  #wakeups: (() => void)[] = [];
  #pidSet = false;
  #closed = false;
  #overruns = 0;
  #queueDropped = 0;
  #serialGaps = 0;
  #kernelLost: number | undefined;
  #malformed = 0;
  #parseErrors = 0;
  #replaceRequests = 0;
  #replacedBy: number | undefined;

  private constructor(sock: NetlinkSocket, options: AuditClientOptions) {
    this.#sock = sock;
    this.#queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    this.#batchDelayMs = options.batchDelayMs ?? DEFAULT_BATCH_DELAY_MS;
    const rcvbuf = options.receiveBufferSize ?? DEFAULT_RCVBUF;
    if (rcvbuf > 0) {
      try {
        sock.setReceiveBufferSize(rcvbuf);
      } catch {
        // The default buffer still works; bursts may then overrun (counted).
      }
    }
  }

  /** Opens a unicast client for status, settings, rules, and (after {@linkcode setPid}) events. */
  static open(options: AuditClientOptions = {}): AuditClient {
    return new AuditClient(NetlinkSocket.open(0), options);
  }

  /**
   * Opens a read-only client subscribed to the `AUDIT_NLGRP_READLOG`
   * multicast group (needs CAP_AUDIT_READ); coexists with auditd.
   */
  static openMulticast(options: AuditClientOptions = {}): AuditClient {
    return new AuditClient(NetlinkSocket.open(AUDIT_NLGRP_READLOG), options);
  }

  /** The netlink port id of this client's socket. */
  get portId(): number {
    return this.#sock.portId;
  }

  /** Whether {@linkcode close} has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The socket's receive buffer size in bytes as the kernel reports it. */
  get receiveBufferSize(): number {
    return this.#sock.receiveBufferSize();
  }

  /** Sets the socket's receive buffer size; returns the size the kernel reports. */
  setReceiveBufferSize(bytes: number): number {
    return this.#sock.setReceiveBufferSize(bytes);
  }

  // ---- requests --------------------------------------------------------

  #request(
    type: number,
    payload: Uint8Array | undefined,
    operation: string,
    replyType: number | undefined,
    multi = false,
  ): Promise<Uint8Array[]> {
    if (this.#closed) {
      return Promise.reject(new NetlinkError(operation, ERRNO.EBADF, "the client is closed"));
    }
    const seq = this.#seq = (this.#seq % 0xffffffff) + 1;
    const msg = encodeMessage(type, NLM_F_REQUEST | NLM_F_ACK, seq, 0, payload);
    const promise = new Promise<Uint8Array[]>((resolve, reject) => {
      const p: Pending = {
        operation,
        replyType,
        multi,
        acked: false,
        finished: replyType === undefined,
        replies: [],
        resolve,
        reject,
        timer: undefined,
      };
      this.#pending.set(seq, p);
      p.timer = setTimeout(() => {
        this.#pending.delete(seq);
        reject(new NetlinkError(operation, ERRNO.ETIMEDOUT, "no reply from the kernel"));
      }, this.#replyTimeoutMs);
    });
    try {
      this.#sock.send(msg, operation);
    } catch (e) {
      const p = this.#pending.get(seq);
      this.#pending.delete(seq);
      if (p?.timer !== undefined) clearTimeout(p.timer);
      return Promise.reject(e);
    }
    this.#ensurePump();
    return promise;
  }

  #settle(seq: number, p: Pending, error?: Error): void {
    this.#pending.delete(seq);
    if (p.timer !== undefined) clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(p.replies);
  }

  #onReply(msg: NetlinkMessage, p: Pending): void {
    if (msg.type === NLMSG_ERROR) {
      const v = nlmsgErrno(msg.payload) ?? ERRNO.EINVAL;
      if (v !== 0) {
        this.#settle(msg.seq, p, new NetlinkError(p.operation, v));
        return;
      }
      p.acked = true;
    } else if (msg.type === NLMSG_DONE) {
      p.finished = true;
    } else if (msg.type === p.replyType) {
      p.replies.push(msg.payload.slice());
      if (!p.multi) p.finished = true;
    }
    if (p.acked && p.finished) this.#settle(msg.seq, p);
  }

  /**
   * Reads what the socket has now, up to {@linkcode DRAIN_BATCH} datagrams;
   * returns how many were read.
   */
  #drain(): number {
    let n = 0;
    for (; n < DRAIN_BATCH; n++) {
      const r = this.#sock.receive(false);
      if (r.kind === "empty") break;
      if (r.kind === "overrun") {
        this.#overruns++;
        this.#lossChanged();
        continue;
      }
      if (r.kind === "foreign") continue;
      const data = r.data;
      // Hot path: an event is alone in its datagram and takes all of it.
      if (data.length >= NLMSG_HDRLEN) {
        const type = data[4]! | (data[5]! << 8);
        if (type === AUDIT_REPLACE) {
          this.#onReplace(data.subarray(NLMSG_HDRLEN));
          continue;
        }
        if (isAuditEventType(type)) {
          let end = data.length;
          while (end > NLMSG_HDRLEN && data[end - 1] === 0) end--;
          this.#enqueue({ type, payload: decoder.decode(data.subarray(NLMSG_HDRLEN, end)) });
          continue;
        }
      }
      const { messages, malformed } = decodeDatagram(data);
      if (malformed) this.#malformed++;
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
          this.#overruns++;
          this.#lossChanged();
          continue;
        }
        const p = this.#pending.get(m.seq);
        if (p) this.#onReply(m, p);
      }
    }
    return n;
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
      this.#queueDropped++;
      this.#lossChanged();
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

  #onLoss: ((l: LossCounts) => void) | undefined;
  #lossChanged(): void {
    if (this.#onLoss) {
      try {
        this.#onLoss(this.losses());
      } catch {
        // A failing callback must not stop reading.
      }
    }
  }

  /** {@linkcode #drain}, failing the pending requests if the socket fails. */
  #drainOrFail(): number {
    try {
      return this.#drain();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      for (const [seq, p] of this.#pending) this.#settle(seq, p, err);
      return 0;
    }
  }

  #ensurePump(): void {
    if (this.#pumpActive) return;
    this.#pumpActive = true;
    this.#pumping = this.#pump();
  }

  /**
   * Drains the socket and waits for more while requests are pending or a
   * reader is listening. `#pumpActive` is cleared in the same synchronous turn
   * as the last check, so a request made afterwards always starts a new pump.
   */
  async #pump(): Promise<void> {
    for (;;) {
      if (this.#closed || (this.#pending.size === 0 && this.#listeners === 0)) break;
      const arrived = this.#drainOrFail();
      if (arrived) this.#notify();
      if (this.#closed || (this.#pending.size === 0 && this.#listeners === 0)) break;
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

  async #ack(
    promise: Promise<Uint8Array[]>,
    options: RequestOptions,
    operation: string,
  ): Promise<void> {
    const checked = promise.then(() => {}, (e) => this.#explain(e, operation));
    if (options.wait === false) {
      checked.catch(() => {});
      this.#noWait.push(checked);
      return;
    }
    await checked;
  }

  /** Turns EPERM into "immutable" when the configuration is locked. */
  async #explain(e: unknown, operation: string): Promise<never> {
    if (e instanceof NetlinkError && e.errno === ERRNO.EPERM) {
      let enabled: number | undefined;
      try {
        enabled = (await this.getStatus()).enabled;
      } catch {
        enabled = undefined;
      }
      if (enabled === 2) {
        throw new NetlinkError(
          operation,
          ERRNO.EPERM,
          "the audit configuration is immutable (enabled=2) until reboot",
          { cause: e },
        );
      }
    }
    throw e;
  }

  /** Waits for the ACKs of requests sent with `{ wait: false }`; throws the first error. */
  async waitForPendingAcks(): Promise<void> {
    const all = this.#noWait.splice(0);
    const results = await Promise.allSettled(all);
    for (const r of results) if (r.status === "rejected") throw r.reason;
  }

  /** Gets the kernel's audit status (`AUDIT_GET`). */
  async getStatus(): Promise<AuditStatus> {
    const [reply] = await this.#request(AUDIT_GET, undefined, "get audit status", AUDIT_GET);
    if (!reply) throw new NetlinkError("get audit status", ERRNO.EINVAL, "empty reply");
    return decodeStatus(reply);
  }

  /** Gets the kernel's audit features (`AUDIT_GET_FEATURE`, Linux 3.13+). */
  async getFeatures(): Promise<AuditFeatures> {
    const [reply] = await this.#request(
      AUDIT_GET_FEATURE,
      undefined,
      "get audit features",
      AUDIT_GET_FEATURE,
    );
    if (!reply) throw new NetlinkError("get audit features", ERRNO.EINVAL, "empty reply");
    return decodeFeatures(reply);
  }

  /** Sends an `AUDIT_SET` with the given fields. Refuses enabled=2 and failure=2; use the dedicated setters. */
  #set(change: AuditStatusChange, operation: string, options: RequestOptions): Promise<void> {
    return this.#ack(
      this.#request(AUDIT_SET, encodeStatusChange(change), operation, undefined),
      options,
      operation,
    );
  }

  /** Enables (`true`) or disables auditing. Immutable mode is only set by {@linkcode setImmutable}. */
  setEnabled(enabled: boolean, options: RequestOptions = {}): Promise<void> {
    return this.#set({ enabled: enabled ? 1 : 0 }, "set enabled", options);
  }

  /**
   * Makes the audit configuration immutable (enabled=2) until reboot: no rule
   * or setting can change afterwards. Requires the literal `"until-reboot"`.
   */
  setImmutable(confirm: "until-reboot", options: RequestOptions = {}): Promise<void> {
    if (confirm !== "until-reboot") {
      return Promise.reject(new TypeError('setImmutable needs the argument "until-reboot"'));
    }
    return this.#set({ enabled: 2 }, "set immutable", options);
  }

  /**
   * Sets the failure action: 0 silent, 1 printk, 2 panic. Panic (the kernel
   * halts when events are lost) needs `{ allowPanic: true }`.
   */
  setFailure(
    mode: 0 | 1 | 2,
    options: RequestOptions & { readonly allowPanic?: boolean } = {},
  ): Promise<void> {
    if (mode === 2 && options.allowPanic !== true) {
      return Promise.reject(
        new RangeError("failure mode 2 (panic) needs the explicit allowPanic option"),
      );
    }
    if (mode !== 0 && mode !== 1 && mode !== 2) {
      return Promise.reject(new RangeError(`failure mode must be 0, 1 or 2, not ${mode}`));
    }
    return this.#set({ failure: mode }, "set failure", options);
  }

  /** Sets the rate limit in messages per second (0: none). */
  setRateLimit(perSecond: number, options: RequestOptions = {}): Promise<void> {
    return this.#set({ rateLimit: perSecond }, "set rate limit", options);
  }

  /** Sets the backlog limit (events queued in the kernel for the daemon). */
  setBacklogLimit(limit: number, options: RequestOptions = {}): Promise<void> {
    return this.#set({ backlogLimit: limit }, "set backlog limit", options);
  }

  /** Sets how long (in jiffies) an audited process waits when the backlog is full. */
  setBacklogWaitTime(jiffies: number, options: RequestOptions = {}): Promise<void> {
    return this.#set({ backlogWaitTime: jiffies }, "set backlog wait time", options);
  }

  /** Resets the kernel's `lost` counter. */
  resetLost(options: RequestOptions = {}): Promise<void> {
    return this.#set({ resetLost: true }, "reset lost", options);
  }

  /**
   * Turns an audit feature on or off (`AUDIT_SET_FEATURE`, Linux 3.13+), e.g.
   * `setFeature(AUDIT_FEATURE.LOGINUID_IMMUTABLE, true)`. With `lock: true`
   * the feature keeps its value UNTIL REBOOT: no later request, not even with
   * root, can change it (the kernel answers EPERM). Changing a locked
   * feature fails with a {@linkcode NetlinkError} saying so.
   */
  async setFeature(
    feature: AuditFeature,
    value: boolean,
    options: { readonly lock?: boolean } = {},
  ): Promise<void> {
    const operation = `set audit feature ${featureName(feature)}${
      options.lock === true ? " (locked until reboot)" : ""
    }`;
    const payload = encodeFeatureChange(feature, value, options.lock === true);
    try {
      await this.#request(AUDIT_SET_FEATURE, payload, operation, undefined);
    } catch (e) {
      if (!(e instanceof NetlinkError) || e.errno !== ERRNO.EPERM) throw e;
      let locked = false;
      try {
        locked = ((await this.getFeatures()).lock & featureBit(feature)) !== 0;
      } catch {
        // Without a readable feature set, the generic EPERM explanation stands.
      }
      if (!locked) throw e;
      throw new NetlinkError(operation, ERRNO.EPERM, "the feature is locked until reboot", {
        cause: e,
      });
    }
  }

  /**
   * Makes login uids immutable and locks that until reboot, as `auditctl
   * --loginuid-immutable` does: once a process's loginuid is set, it can
   * never change, and the setting itself cannot be undone without a reboot.
   * Requires the literal `"until-reboot"`.
   */
  setLoginuidImmutable(confirm: "until-reboot"): Promise<void> {
    if (confirm !== "until-reboot") {
      return Promise.reject(
        new TypeError('setLoginuidImmutable needs the argument "until-reboot"'),
      );
    }
    return this.setFeature(AUDIT_FEATURE.LOGINUID_IMMUTABLE, true, { lock: true });
  }

  /**
   * Registers this process as the audit daemon so the kernel sends events to
   * this socket (read them with {@linkcode messages}); {@linkcode close}
   * unregisters. Fails with {@linkcode AuditPidInUseError} when another
   * process holds it.
   */
  async setPid(): Promise<void> {
    const op = "register as the audit daemon (AUDIT_SET pid)";
    try {
      await this.#set({ pid: Deno.pid }, op, {});
    } catch (e) {
      if (e instanceof NetlinkError && e.errno === ERRNO.EEXIST) {
        let holder = 0;
        try {
          holder = (await this.getStatus()).pid;
        } catch {
          holder = 0;
        }
        throw new AuditPidInUseError(holder, holder ? processName(holder) : undefined);
      }
      throw e;
    }
    this.#pidSet = true;
  }

  /** Unregisters this process as the audit daemon (pid 0), if it is. */
  async clearPid(): Promise<void> {
    await this.#set({ pid: 0 }, "unregister the audit daemon (AUDIT_SET pid 0)", {});
    this.#pidSet = false;
  }

  /** The rules in the kernel, each a `struct audit_rule_data` as raw bytes. */
  getRules(): Promise<Uint8Array[]> {
    return this.#request(AUDIT_LIST_RULES, undefined, "list rules", AUDIT_LIST_RULES, true);
  }

  /** Adds a rule given as `struct audit_rule_data` bytes. EEXIST when it is already there. */
  addRule(rule: Uint8Array, options: RequestOptions = {}): Promise<void> {
    return this.#ack(
      this.#request(AUDIT_ADD_RULE, rule, "add rule", undefined),
      options,
      "add rule",
    );
  }

  /** Deletes a rule given as `struct audit_rule_data` bytes. ENOENT when it is absent. */
  deleteRule(rule: Uint8Array, options: RequestOptions = {}): Promise<void> {
    return this.#ack(
      this.#request(AUDIT_DEL_RULE, rule, "delete rule", undefined),
      options,
      "delete rule",
    );
  }

  /** Deletes every rule; returns how many were deleted. */
  async deleteAllRules(): Promise<number> {
    const rules = await this.getRules();
    for (const r of rules) await this.deleteRule(r);
    return rules.length;
  }

  // ---- events ------------------------------------------------------------

  /** The loss counts so far. */
  losses(): LossCounts {
    return {
      kernelLost: this.#kernelLost,
      overruns: this.#overruns,
      queueDropped: this.#queueDropped,
      serialGaps: this.#serialGaps,
    };
  }

  /** Datagrams whose netlink framing could not be decoded (ignored, counted). */
  get malformedDatagrams(): number {
    return this.#malformed;
  }

  /**
   * How often the kernel asked this daemon whether it is alive (`AUDIT_REPLACE`)
   * because another process tried to register as the audit daemon; such
   * pings are not audit records and are not yielded by {@linkcode messages}.
   * The kernel also pings on this client's own registration changes.
   */
  get replaceRequests(): number {
    return this.#replaceRequests;
  }

  /** The pid of the last process that tried to take over (from `AUDIT_REPLACE`). */
  get replacedBy(): number | undefined {
    return this.#replacedBy;
  }

  /**
   * Hook for the reassembler: adds `count` missing serial numbers to
   * {@linkcode losses}; a negative `count` takes back serials reported
   * before that arrived late after all.
   */
  reportSerialGap(count: number): void {
    if (count === 0) return;
    this.#serialGaps = Math.max(0, this.#serialGaps + count);
    this.#lossChanged();
  }

  /**
   * The audit records as they arrive: after {@linkcode setPid} (unicast) or
   * from the multicast group ({@linkcode openMulticast}). The socket is drained
   * into a bounded queue even while the consumer is slow (drops counted in
   * {@linkcode losses}). Ends on {@linkcode close} (after yielding what was
   * queued) or when `signal` aborts.
   *
   * @example Stream as the audit daemon
   * ```ts ignore
   * import { AuditClient } from "./client.ts";
   * const client = AuditClient.open();
   * await client.setPid();
   * const ac = new AbortController();
   * Deno.addSignalListener("SIGINT", () => ac.abort());
   * for await (const m of client.messages({ signal: ac.signal, onLoss: console.error })) {
   *   console.log(m.type, m.payload);
   * }
   * await client.close(); // unregisters: the kernel's audit pid is 0 again
   * ```
   */
  async *messages(options: MessagesOptions = {}): AsyncGenerator<RawAuditMessage, void, void> {
    const { signal } = options;
    if (options.onLoss) this.#onLoss = options.onLoss;
    const onAbort = () => {
      this.#sock.wake();
      this.#notify();
    };
    signal?.addEventListener("abort", onAbort);
    const stopPolling = this.#pollKernelLost(options.kernelLostIntervalMs ?? 1000);
    this.#listeners++;
    this.#ensurePump();
    let untilDrain = CONSUMER_DRAIN_EVERY;
    try {
      for (;;) {
        if (signal?.aborted) return;
        if (--untilDrain === 0) {
          untilDrain = CONSUMER_DRAIN_EVERY;
          this.#drainOrFail();
        }
        const m = this.#dequeue();
        if (m !== undefined) {
          yield m;
          continue;
        }
        if (this.#closed) return;
        await new Promise<void>((resolve) => this.#wakeups.push(resolve));
      }
    } finally {
      this.#listeners--;
      signal?.removeEventListener("abort", onAbort);
      await stopPolling();
      this.#sock.wake();
    }
  }

  /** Counts a record the consumer could not parse (see `parsedMessages` in `./parsed.ts`). */
  countParseError(): void {
    this.#parseErrors++;
  }

  /** Records counted with {@linkcode countParseError}. */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  /** Polls `lost` on a second socket; returns a function that stops the polling. */
  #pollKernelLost(intervalMs: number): () => Promise<void> {
    if (intervalMs <= 0) return () => Promise.resolve();
    let stopped = false;
    let base: number | undefined;
    let side: AuditClient | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<void> | undefined;
    const tick = async () => {
      try {
        side ??= AuditClient.open({ receiveBufferSize: 0 });
        const lost = (await side.getStatus()).lost;
        base ??= lost;
        const grown = (lost - base) >>> 0;
        if (grown !== this.#kernelLost) {
          const changed = this.#kernelLost !== undefined || grown > 0;
          this.#kernelLost = grown;
          if (changed) this.#lossChanged();
        }
      } catch {
        // Without CAP_AUDIT_CONTROL the kernel's counter stays unknown.
      }
      if (!stopped) timer = setTimeout(() => running = tick(), intervalMs);
    };
    running = tick();
    return async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
      // One last reading so losses() is current when the stream ends.
      if (side) {
        try {
          const lost = (await side.getStatus()).lost;
          if (base !== undefined) this.#kernelLost = (lost - base) >>> 0;
        } catch {
          // Keep the last known value.
        }
        await side.close();
      }
    };
  }

  /**
   * Unregisters the audit pid if this client set it, wakes any waiting
   * reader, and closes the sockets. Safe to call more than once.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      await this.#pumping;
      return;
    }
    if (this.#pidSet) {
      try {
        await this.clearPid();
      } catch {
        // The kernel also drops a daemon whose socket is closed.
      }
    }
    this.#closed = true;
    for (const [seq, p] of this.#pending) {
      this.#settle(seq, p, new NetlinkError(p.operation, ERRNO.EBADF, "the client was closed"));
    }
    this.#notify();
    await this.#sock.close();
    await this.#pumping;
  }
}
