/**
 * Request/ACK matching: each request gets a sequence number, a timeout, and
 * a promise settled by the kernel's replies (`NLMSG_ERROR` with errno 0 is
 * the ACK, `NLMSG_DONE` ends a multi-part reply).
 *
 * @module
 */
import { ERRNO, NLMSG_DONE, NLMSG_ERROR } from "./constants.ts";
import { NetlinkError } from "./errors.ts";
import { type NetlinkMessage, nlmsgErrno } from "./framing.ts";

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

/** A sent request's sequence number and the promise of its replies. */
export interface PendingRequest {
  /** The `nlmsg_seq` to send the request with. */
  readonly seq: number;
  /** Resolves with the replies of type `replyType` once ACKed and finished. */
  readonly replies: Promise<Uint8Array[]>;
}

/** The requests waiting for the kernel's replies, by sequence number. */
export class PendingRequests {
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #seq = 0;

  /** Requests fail with ETIMEDOUT after `timeoutMs` without a complete reply. */
  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** How many requests are waiting. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Registers a request: `replyType` undefined waits for the ACK only;
   * `multi` collects replies until `NLMSG_DONE`.
   */
  add(operation: string, replyType: number | undefined, multi: boolean): PendingRequest {
    const seq = this.#seq = (this.#seq % 0xffffffff) + 1;
    const replies = new Promise<Uint8Array[]>((resolve, reject) => {
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
      }, this.#timeoutMs);
    });
    return { seq, replies };
  }

  /** Forgets a request whose send failed (its promise is left unsettled). */
  cancel(seq: number): void {
    const p = this.#pending.get(seq);
    this.#pending.delete(seq);
    if (p?.timer !== undefined) clearTimeout(p.timer);
  }

  /** Hands a reply to the request with its sequence number, if any waits. */
  onMessage(msg: NetlinkMessage): void {
    const p = this.#pending.get(msg.seq);
    if (p === undefined) return;
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

  /** Fails every waiting request with `error`, or with its own "closed" error when undefined. */
  failAll(error?: Error): void {
    for (const [seq, p] of this.#pending) {
      this.#settle(
        seq,
        p,
        error ?? new NetlinkError(p.operation, ERRNO.EBADF, "the client was closed"),
      );
    }
  }

  #settle(seq: number, p: Pending, error?: Error): void {
    this.#pending.delete(seq);
    if (p.timer !== undefined) clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(p.replies);
  }
}
