/**
 * A non-blocking `NETLINK_AUDIT` socket over libc FFI.
 *
 * errno is only readable in the same synchronous turn as the failing call,
 * so every call that can fail runs synchronously; the one call that blocks,
 * `poll`, runs on another thread (`nonblocking`) and only waits for the
 * socket or the wake-up eventfd to become readable. Reads are then drained
 * with synchronous `recvmmsg(MSG_DONTWAIT)`, many datagrams per call.
 *
 * @module
 */
import {
  AF_NETLINK,
  EFD_NONBLOCK_CLOEXEC,
  ERRNO,
  MSG_DONTWAIT,
  NETLINK_AUDIT,
  POLLIN,
  SO_RCVBUF,
  SO_RCVBUFFORCE,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_RAW,
  SOL_SOCKET,
} from "./constants.ts";
import { check } from "../sys/errors.ts";
import { NetlinkError } from "./errors.ts";
import { errno, libc } from "./libc.ts";
import { RECEIVE_SLOTS, ReceiveBatch } from "./_receive_batch.ts";

/** `check` throwing a {@linkcode NetlinkError}. */
function nlCheck<T extends number | bigint>(rc: T, operation: string): T {
  return check(rc, operation, NetlinkError);
}

/** Size of `struct sockaddr_nl`. */
const SOCKADDR_NL_SIZE = 12;
function sockaddrNl(groups: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(SOCKADDR_NL_SIZE);
  const v = new DataView(b.buffer);
  v.setUint16(0, AF_NETLINK, true);
  v.setUint32(8, groups >>> 0, true);
  return b;
}

/** A bound, non-blocking audit netlink socket plus an eventfd to wake waiters. */
export class NetlinkSocket {
  /** The socket's file descriptor (-1 once closed). */
  #fd: number;
  /** The eventfd that wakes a pending {@linkcode wait} (-1 once closed). */
  #efd: number;
  /** The kernel-assigned netlink port id of this socket. */
  readonly portId: number;
  /** The multicast groups bound (0 for unicast). */
  readonly groups: number;
  readonly #pollfds = new Uint8Array(16);
  #batch: ReceiveBatch | undefined;
  #inflight: Promise<number> | undefined;
  #closing = false;

  private constructor(fd: number, efd: number, portId: number, groups: number) {
    this.#fd = fd;
    this.#efd = efd;
    this.portId = portId;
    this.groups = groups;
  }

  /** Opens and binds a socket; `groups` 0 for unicast, 1 for `AUDIT_NLGRP_READLOG`. */
  static open(groups = 0): NetlinkSocket {
    const c = libc();
    const fd = nlCheck(
      c.socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_AUDIT),
      "socket(AF_NETLINK, NETLINK_AUDIT)",
    );
    try {
      const addr = sockaddrNl(groups);
      nlCheck(
        c.bind(fd, addr, SOCKADDR_NL_SIZE),
        groups ? "bind to the audit multicast group" : "bind",
      );
      const len = new Uint32Array([SOCKADDR_NL_SIZE]);
      const name = new Uint8Array(SOCKADDR_NL_SIZE);
      nlCheck(c.getsockname(fd, name, new Uint8Array(len.buffer)), "getsockname");
      const portId = new DataView(name.buffer).getUint32(4, true);
      const efd = nlCheck(c.eventfd(0, EFD_NONBLOCK_CLOEXEC), "eventfd");
      return new NetlinkSocket(fd, efd, portId, groups);
    } catch (e) {
      c.close(fd);
      throw e;
    }
  }

  /** Whether {@linkcode close} has been called. */
  get closed(): boolean {
    return this.#closing;
  }

  /**
   * Sets the receive buffer size in bytes: tries `SO_RCVBUFFORCE` (root can
   * exceed net.core.rmem_max), then `SO_RCVBUF`. Returns the size the kernel
   * reports afterwards (it doubles the request for bookkeeping).
   */
  setReceiveBufferSize(bytes: number): number {
    const c = libc();
    const val = new Int32Array([bytes]);
    const raw = new Uint8Array(val.buffer);
    if (c.setsockopt(this.#fd, SOL_SOCKET, SO_RCVBUFFORCE, raw, 4) < 0) {
      nlCheck(c.setsockopt(this.#fd, SOL_SOCKET, SO_RCVBUF, raw, 4), "setsockopt(SO_RCVBUF)");
    }
    return this.receiveBufferSize();
  }

  /** The current receive buffer size in bytes (`getsockopt(SO_RCVBUF)`). */
  receiveBufferSize(): number {
    const val = new Int32Array(1);
    const len = new Uint32Array([4]);
    nlCheck(
      libc().getsockopt(
        this.#fd,
        SOL_SOCKET,
        SO_RCVBUF,
        new Uint8Array(val.buffer),
        new Uint8Array(len.buffer),
      ),
      "getsockopt(SO_RCVBUF)",
    );
    return val[0]!;
  }

  /** Sends one datagram to the kernel; retries EINTR, throws {@linkcode NetlinkError}. */
  send(data: Uint8Array<ArrayBuffer>, operation: string): void {
    if (this.#closing) throw new NetlinkError(operation, ERRNO.EBADF, "the client is closed");
    const c = libc();
    const dest = sockaddrNl(0);
    for (;;) {
      const n = Number(c.sendto(this.#fd, data, BigInt(data.length), 0, dest, SOCKADDR_NL_SIZE));
      if (n >= 0) return;
      const e = errno();
      if (e !== ERRNO.EINTR) throw new NetlinkError(operation, e);
    }
  }

  /**
   * Receives up to {@linkcode RECEIVE_SLOTS} datagrams in one `recvmmsg`
   * without blocking; returns how many (read them from {@linkcode batch}
   * until the next call), 0 when there is nothing to read, -1 when the
   * kernel dropped datagrams because the receive buffer was full (ENOBUFS).
   */
  receiveBatch(): number {
    if (this.#closing) return 0;
    const batch = this.#batch ??= new ReceiveBatch();
    const c = libc();
    for (;;) {
      const n = c.recvmmsg(this.#fd, batch.headers, RECEIVE_SLOTS, MSG_DONTWAIT, null);
      if (n >= 0) {
        batch.reset(n);
        return n;
      }
      const e = errno();
      if (e === ERRNO.EINTR) continue;
      if (e === ERRNO.EAGAIN) return 0;
      if (e === ERRNO.ENOBUFS) return -1;
      throw new NetlinkError("recvmmsg", e);
    }
  }

  /** The datagrams of the last {@linkcode receiveBatch}. */
  get batch(): ReceiveBatch {
    return this.#batch ??= new ReceiveBatch();
  }

  /**
   * Waits until the socket is readable, {@linkcode wake} is called, or
   * `timeoutMs` passes (-1: no timeout). Concurrent callers share one poll.
   */
  async wait(timeoutMs: number): Promise<void> {
    if (this.#closing) return;
    if (this.#inflight === undefined) {
      const v = new DataView(this.#pollfds.buffer);
      v.setInt32(0, this.#fd, true);
      v.setInt16(4, POLLIN, true);
      v.setInt16(6, 0, true);
      v.setInt32(8, this.#efd, true);
      v.setInt16(12, POLLIN, true);
      v.setInt16(14, 0, true);
      this.#inflight = libc().poll_wait(this.#pollfds, 2n, timeoutMs);
      try {
        await this.#inflight;
      } finally {
        this.#inflight = undefined;
      }
      this.#drainEventfd();
    } else {
      await this.#inflight;
    }
  }

  /** Wakes a pending {@linkcode wait} (e.g. on abort). */
  wake(): void {
    if (this.#efd < 0) return;
    const one = new BigUint64Array([1n]);
    libc().write(this.#efd, new Uint8Array(one.buffer), 8n);
  }

  #drainEventfd(): void {
    if (this.#efd < 0) return;
    const v = new Uint8Array(8);
    libc().read(this.#efd, v, 8n);
  }

  /** Closes the socket and the eventfd after waking and awaiting any pending wait; idempotent. */
  async close(): Promise<void> {
    if (this.#closing) {
      if (this.#inflight) await this.#inflight.catch(() => 0);
      return;
    }
    this.#closing = true;
    this.wake();
    if (this.#inflight) await this.#inflight.catch(() => 0);
    const c = libc();
    c.close(this.#fd);
    c.close(this.#efd);
    this.#fd = -1;
    this.#efd = -1;
  }
}
