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
  AUDIT_SET,
  ERRNO,
  NLM_F_ACK,
  NLM_F_REQUEST,
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
import { encodeMessage } from "./framing.ts";
import { NetlinkSocket } from "./socket.ts";
import {
  type AuditFeatures,
  type AuditStatus,
  type AuditStatusChange,
  decodeFeatures,
  decodeStatus,
  encodeStatusChange,
} from "./status.ts";
import { PendingRequests } from "./_pending.ts";
import { explainImmutable, explainLockedFeature } from "./_explain.ts";
import { EventQueue, type RawAuditMessage } from "./_event_queue.ts";
import { LossCounter, type LossCounts } from "./loss.ts";
import { AuditPidInUseError } from "./pid_in_use.ts";
import { failureModeError, untilRebootError } from "./_guards.ts";
import type { AuditClientOptions, MessagesOptions, RequestOptions } from "./options.ts";

export type { RawAuditMessage } from "./_event_queue.ts";
export type { AuditClientOptions, MessagesOptions, RequestOptions } from "./options.ts";
export { LossCounter, type LossCounts } from "./loss.ts";
export { AuditPidInUseError } from "./pid_in_use.ts";

const DEFAULT_RCVBUF = 8 * 1024 * 1024;
const DEFAULT_QUEUE_LIMIT = 65536;
const DEFAULT_REPLY_TIMEOUT_MS = 5000;
const DEFAULT_BATCH_DELAY_MS = 40;

/**
 * A connection to the kernel's audit subsystem.
 *
 * @example Status
 * ```ts
 * import assert from "node:assert/strict";
 * import { AuditClient } from "./client.ts";
 * const client = AuditClient.open(); // needs CAP_AUDIT_CONTROL (root)
 * try {
 *   const s = await client.getStatus();
 *   assert.ok([0, 1, 2].includes(s.enabled) && s.pid >= 0 && s.lost >= 0);
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export class AuditClient {
  readonly #sock: NetlinkSocket;
  readonly #pending: PendingRequests;
  readonly #events: EventQueue;
  readonly #loss = new LossCounter();
  readonly #noWait: Promise<void>[] = [];
  #pidSet = false;
  #closed = false;

  private constructor(sock: NetlinkSocket, options: AuditClientOptions) {
    this.#sock = sock;
    this.#pending = new PendingRequests(options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS);
    this.#events = new EventQueue(sock, this.#pending, this.#loss, {
      queueLimit: options.queueLimit ?? DEFAULT_QUEUE_LIMIT,
      batchDelayMs: options.batchDelayMs ?? DEFAULT_BATCH_DELAY_MS,
    });
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
    const { seq, replies } = this.#pending.add(operation, replyType, multi);
    try {
      this.#sock.send(encodeMessage(type, NLM_F_REQUEST | NLM_F_ACK, seq, 0, payload), operation);
    } catch (e) {
      this.#pending.cancel(seq);
      return Promise.reject(e);
    }
    this.#events.ensurePump();
    return replies;
  }

  async #ack(
    promise: Promise<Uint8Array[]>,
    options: RequestOptions,
    operation: string,
  ): Promise<void> {
    const checked = promise.then(
      () => {},
      (e) => explainImmutable(e, operation, async () => (await this.getStatus()).enabled),
    );
    if (options.wait === false) {
      checked.catch(() => {});
      this.#noWait.push(checked);
      return;
    }
    await checked;
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

  /**
   * Sends an `AUDIT_SET` with the given fields, as they are: it checks
   * nothing itself. The public setters guard the dangerous values
   * (enabled=2 only through {@linkcode setImmutable}, failure=2 only with
   * {@linkcode setFailure}'s `allowPanic`).
   */
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
    const error = untilRebootError(confirm, "setImmutable");
    if (error !== undefined) return Promise.reject(error);
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
    const error = failureModeError(mode, options.allowPanic === true);
    if (error !== undefined) return Promise.reject(error);
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
      await explainLockedFeature(
        e,
        operation,
        async () => ((await this.getFeatures()).lock & featureBit(feature)) !== 0,
      );
    }
  }

  /**
   * Makes login uids immutable and locks that until reboot, as `auditctl
   * --loginuid-immutable` does: once a process's loginuid is set, it can
   * never change, and the setting itself cannot be undone without a reboot.
   * Requires the literal `"until-reboot"`.
   */
  setLoginuidImmutable(confirm: "until-reboot"): Promise<void> {
    const error = untilRebootError(confirm, "setLoginuidImmutable");
    if (error !== undefined) return Promise.reject(error);
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
        const holder = await this.getStatus().then((s) => s.pid, () => 0);
        throw AuditPidInUseError.forHolder(holder);
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

  /**
   * The loss accounting of this client's event stream: the reader counts
   * into it, and the parser and the reassembler feed it directly
   * (`client.loss.countParseError()`, `client.loss.reportSerialGap(n)`).
   */
  get loss(): LossCounter {
    return this.#loss;
  }

  /** The loss counts so far (`loss.counts()`). */
  losses(): LossCounts {
    return this.#loss.counts();
  }

  /**
   * How often the kernel asked this daemon whether it is alive (`AUDIT_REPLACE`)
   * because another process tried to register as the audit daemon; such
   * pings are not audit records and are not yielded by {@linkcode messages}.
   * The kernel also pings on this client's own registration changes.
   */
  get replaceRequests(): number {
    return this.#events.replaceRequests;
  }

  /** The pid of the last process that tried to take over (from `AUDIT_REPLACE`). */
  get replacedBy(): number | undefined {
    return this.#events.replacedBy;
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
  messages(options: MessagesOptions = {}): AsyncGenerator<RawAuditMessage, void, void> {
    return this.#events.messages(options.signal, this.#lossPoller(options));
  }

  /**
   * {@linkcode messages} in arrays (up to 256 records each, in order): what
   * has arrived since the last one, for consumers that handle records in
   * batches (one wake-up and one output flush per batch).
   */
  batches(options: MessagesOptions = {}): AsyncGenerator<RawAuditMessage[], void, void> {
    return this.#events.batches(options.signal, this.#lossPoller(options));
  }

  #lossPoller(options: MessagesOptions): () => () => Promise<void> {
    if (options.onLoss) this.#loss.onChange = options.onLoss;
    const interval = options.kernelLostIntervalMs ?? 1000;
    return () =>
      this.#loss.pollKernelLost(interval, () => AuditClient.open({ receiveBufferSize: 0 }));
  }

  /**
   * Unregisters the audit pid if this client set it, wakes any waiting
   * reader, and closes the sockets. Safe to call more than once.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      await this.#events.stopped();
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
    this.#events.stop();
    this.#pending.failAll();
    await this.#sock.close();
    await this.#events.stopped();
  }
}
