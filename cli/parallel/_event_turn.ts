/**
 * A turn of the event loop for a thread that runs ranges between messages
 * (`parallel.ts`, `parse_worker.ts`): lets the messages that came in (other
 * threads' results, buffers given back) be handled, then goes on. A
 * `setTimeout(0)` in such a loop waits 1–4 ms each time (timers nested
 * more than 5 deep are clamped): 0.2 s over the 80 ranges of a 43 MB log.
 *
 * Module-private.
 *
 * @module
 */

/** Turns of the event loop through a message channel (close it when done). */
export class EventTurn {
  readonly #channel = new MessageChannel();
  #resolve: (() => void) | undefined;

  /** A turn source. */
  constructor() {
    this.#channel.port1.onmessage = () => this.#resolve?.();
  }

  /** Resolves once the events pending now have been handled. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#channel.port2.postMessage(undefined);
    });
  }

  /** Closes the channel (an open one keeps the process running). */
  close(): void {
    this.#channel.port1.close();
    this.#channel.port2.close();
  }
}
