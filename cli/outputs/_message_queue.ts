/**
 * The bounded queue of framed syslog messages waiting to be sent: at most
 * so many messages and bytes, oldest first, taken from the front in
 * batches.
 *
 * @module
 */

/** A bounded first-in first-out queue of encoded messages. */
export class MessageQueue {
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  #items: Uint8Array[] = [];
  #head = 0;
  #bytes = 0;

  /** Creates a queue holding at most `maxMessages` messages and `maxBytes` bytes. */
  constructor(maxMessages: number, maxBytes: number) {
    this.#maxMessages = maxMessages;
    this.#maxBytes = maxBytes;
  }

  /** Messages waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Adds `message` at the back; false (and nothing added) when it does not fit. */
  offer(message: Uint8Array): boolean {
    if (this.length >= this.#maxMessages || this.#bytes + message.length > this.#maxBytes) {
      return false;
    }
    this.#items.push(message);
    this.#bytes += message.length;
    return true;
  }

  /** The `i`-th waiting message (0: the oldest). */
  at(i: number): Uint8Array {
    return this.#items[this.#head + i]!;
  }

  /**
   * The oldest messages joined, as many as fit in `maxBytes` (at least one),
   * and how many they are. Needs a non-empty queue.
   */
  front(maxBytes: number): { bytes: Uint8Array; count: number } {
    let count = 1;
    let size = this.at(0).length;
    while (count < this.length && size < maxBytes) size += this.at(count++).length;
    if (count === 1) return { bytes: this.at(0), count };
    const bytes = new Uint8Array(size);
    let o = 0;
    for (let i = 0; i < count; i++) {
      bytes.set(this.at(i), o);
      o += this.at(i).length;
    }
    return { bytes, count };
  }

  /** Removes the `count` oldest messages. */
  take(count: number): void {
    for (let i = 0; i < count; i++) {
      this.#bytes -= this.#items[this.#head]!.length;
      this.#head++;
    }
    if (this.#head >= 4096 && this.#head * 2 >= this.#items.length) this.#compact();
    else if (this.#head === this.#items.length) this.#compact();
  }

  /** Removes every message; returns how many there were. */
  clear(): number {
    const n = this.length;
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    return n;
  }

  #compact(): void {
    this.#items = this.#items.slice(this.#head);
    this.#head = 0;
  }
}
