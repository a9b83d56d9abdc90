/**
 * Many datagrams per system call: {@linkcode ReceiveBatch} holds the
 * `struct mmsghdr` array, one `struct iovec` and one `struct sockaddr_nl`
 * per slot and the slots' buffers for `recvmmsg(2)`, built once and reused.
 *
 * The kernel sends each audit record as a datagram of its own; reading them
 * one `recvfrom` each costs a system call per record, and while auditing is on
 * every system call of the daemon passes the kernel's own syscall auditing
 * too. `recvmmsg` takes up to {@linkcode RECEIVE_SLOTS} at once.
 *
 * @module
 */

/** Datagrams taken by one `recvmmsg`. */
export const RECEIVE_SLOTS = 64;
/** Bytes per slot: larger than any audit datagram (8970 bytes of payload). */
export const SLOT_SIZE = 64 * 1024;

/** `sizeof(struct mmsghdr)` on LP64 Linux: a 56-byte `msghdr`, `msg_len`, padding. */
const MMSGHDR_SIZE = 64;
/** `sizeof(struct iovec)`. */
const IOVEC_SIZE = 16;
/** `sizeof(struct sockaddr_nl)`. */
const SOCKADDR_NL_SIZE = 12;

/** The buffers of one socket's `recvmmsg` calls and the lengths of the last call's datagrams. */
export class ReceiveBatch {
  /** The `struct mmsghdr` array, passed to `recvmmsg`. */
  readonly headers: Uint8Array<ArrayBuffer>;
  readonly #words: Uint32Array;
  readonly #data: Uint8Array<ArrayBuffer>;
  readonly #names: Uint32Array;
  /** Kept referenced: the headers point into it. */
  readonly #iovecs: Uint8Array<ArrayBuffer>;

  /** Allocates the slots and fills in the pointers (needs FFI). */
  constructor() {
    // Fresh ArrayBuffers: their memory never moves, so pointers into it stay valid.
    this.headers = new Uint8Array(new ArrayBuffer(RECEIVE_SLOTS * MMSGHDR_SIZE));
    this.#words = new Uint32Array(this.headers.buffer);
    this.#data = new Uint8Array(new ArrayBuffer(RECEIVE_SLOTS * SLOT_SIZE));
    const names = new ArrayBuffer(RECEIVE_SLOTS * SOCKADDR_NL_SIZE);
    this.#names = new Uint32Array(names);
    this.#iovecs = new Uint8Array(new ArrayBuffer(RECEIVE_SLOTS * IOVEC_SIZE));
    const data = address(this.#data);
    const name = address(new Uint8Array(names));
    const iov = address(this.#iovecs);
    const h = new DataView(this.headers.buffer);
    const v = new DataView(this.#iovecs.buffer);
    for (let i = 0; i < RECEIVE_SLOTS; i++) {
      v.setBigUint64(i * IOVEC_SIZE, data + BigInt(i * SLOT_SIZE), true); // iov_base
      v.setBigUint64(i * IOVEC_SIZE + 8, BigInt(SLOT_SIZE), true); // iov_len
      const at = i * MMSGHDR_SIZE;
      h.setBigUint64(at, name + BigInt(i * SOCKADDR_NL_SIZE), true); // msg_name
      h.setBigUint64(at + 16, iov + BigInt(i * IOVEC_SIZE), true); // msg_iov
      h.setBigUint64(at + 24, 1n, true); // msg_iovlen
    }
    this.reset(RECEIVE_SLOTS);
  }

  /** Sets the first `count` `msg_namelen` back to the address size (the kernel overwrites them). */
  reset(count: number): void {
    const w = this.#words;
    for (let i = 0; i < count; i++) w[i * 16 + 2] = SOCKADDR_NL_SIZE;
  }

  /**
   * Datagram `i` of the last call: a view into the slot, valid until the
   * next call.
   */
  data(i: number): Uint8Array {
    const start = i * SLOT_SIZE;
    return this.#data.subarray(start, start + this.length(i));
  }

  /** The byte length of datagram `i` (`msg_len`). */
  length(i: number): number {
    return Math.min(this.#words[i * 16 + 14]!, SLOT_SIZE);
  }

  /** The netlink port id that sent datagram `i` (0: the kernel). */
  sender(i: number): number {
    return this.#names[i * 3 + 1]!;
  }

  /** The slots' memory (datagram `i` starts at `i * SLOT_SIZE`). */
  get bytes(): Uint8Array {
    return this.#data;
  }
}

function address(buffer: Uint8Array<ArrayBuffer>): bigint {
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer)));
}
