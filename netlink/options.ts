/**
 * The options of `AuditClient` and its requests and event stream.
 *
 * @module
 */
import type { LossCounts } from "./loss.ts";

/** Options of `AuditClient.open` and `AuditClient.openMulticast`. */
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
  /** `false`: return after sending; `AuditClient.waitForPendingAcks` collects the ACK. */
  readonly wait?: boolean;
}

/** Options of `AuditClient.messages`. */
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
