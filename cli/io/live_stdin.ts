/**
 * Live standard input without a thread hop per read: `libaudit plugin`
 * reading auditd's dispatcher pipe.
 *
 * Deno's async `stdin.read` runs each read on a blocking thread pool (a
 * `dup`, `fcntl`, `read`, `close` and futex wake-ups per call), which cost
 * more CPU per event than parsing it. Here the program waits in `poll(2)`
 * itself (through FFI, on the main thread) and reads what is waiting with
 * `readSync`. The event loop (timers, signals, async outputs) gets a turn
 * whenever a wait times out and at least every `turnMs` while input keeps
 * coming, and `onIdle` runs exactly when the input would block, before the
 * wait: output is batched only while more input is already waiting.
 *
 * @module
 */
import { waitForInput } from "../../sys/poll.ts";
import { CHUNK_SIZE } from "./input.ts";

/** Options for {@linkcode readStdinLive}. */
export interface LiveStdinOptions {
  /** Longest wait in `poll` and longest time between event-loop turns, in ms (default 100). */
  readonly turnMs?: number;
  /** Read size (default {@linkcode CHUNK_SIZE}). */
  readonly size?: number;
  /** The input (default standard input: fd 0 and `Deno.stdin`). */
  readonly input?: { readonly fd: number; readSync(p: Uint8Array): number | null };
}

/**
 * Whether {@linkcode readStdinLive} can run here: `poll` through FFI
 * (`--allow-ffi`) on standard input.
 */
export function canPollStdin(): boolean {
  try {
    waitForInput(0, 0);
    return true;
  } catch {
    return false;
  }
}

/** A turn of the event loop: due timers, signal listeners and I/O run. */
function turn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Reads standard input (a pipe) to its end, yielding chunks as they come
 * (the buffer is reused), calling `onIdle` whenever everything waiting has
 * been read, before waiting for more. See the module doc.
 */
export async function* readStdinLive(
  onIdle: () => Promise<void> | void,
  options: LiveStdinOptions = {},
): AsyncGenerator<Uint8Array> {
  const turnMs = options.turnMs ?? 100;
  const input = options.input ?? { fd: 0, readSync: (p: Uint8Array) => Deno.stdin.readSync(p) };
  const buffer = new Uint8Array(options.size ?? CHUNK_SIZE);
  let lastTurn = performance.now();
  // A read that returned less than asked emptied the pipe: no need to ask poll.
  let short = false;
  while (true) {
    if (short || !waitForInput(input.fd, 0)) {
      await onIdle();
      let now = performance.now();
      if (now - lastTurn >= turnMs) {
        await turn();
        lastTurn = now = performance.now();
      }
      const wait = Math.ceil(turnMs - (now - lastTurn));
      if (!waitForInput(input.fd, Math.max(wait, 1))) {
        await turn();
        lastTurn = performance.now();
        continue;
      }
    } else if (performance.now() - lastTurn >= turnMs) {
      await turn();
      lastTurn = performance.now();
    }
    const n = input.readSync(buffer);
    if (n === null || n === 0) return;
    short = n < buffer.length;
    yield buffer.subarray(0, n);
  }
}
