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
 * With `batchMs`, a read that emptied the pipe is followed by a pause of
 * that many ms before the next look: auditd writes each record on its own,
 * and reading (and writing out) each one as it comes costs a wake-up, a
 * read and an output write per record. After the pause, what came
 * meanwhile is read in one go; `onIdle` still runs before any blocking
 * wait, and at least every `turnMs` while input keeps coming, so output
 * waits at most about `turnMs + batchMs`. Each pause is cut so that about
 * 8 KiB collect at the rate of the last read (none under 1 ms): a fast
 * writer gets short pauses or none, and the pipe (64 KiB) or auditd's
 * socket is far from full when one ends (unless a loaded machine is late
 * to wake the reader, which delays it without a pause too).
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
  /** Pause after a read that emptied the pipe, in ms (default 0: none; see the module doc). */
  readonly batchMs?: number;
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

/** Blocks this thread for `ms` (no event-loop turn). */
function pause(ms: number): void {
  Atomics.wait(SLEEPER, 0, 0, ms);
}
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));
/**
 * A pause is cut so that about this much input (bytes) collects at the rate
 * of the last read: a busy writer gets short pauses or none. auditd writes
 * each record to a socketpair that holds 167-278 records (28-50 KiB) before
 * it blocks; on a loaded machine 16 KiB filled it about twice as often as no
 * pause did, 8 KiB about as often.
 */
const PAUSE_BYTES = 8 * 1024;

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
  const batchMs = options.batchMs ?? 0;
  let lastTurn = performance.now();
  let lastIdle = lastTurn;
  // A read that returned less than asked emptied the pipe: no need to ask poll.
  let short = false;
  // The pause after the next read that empties the input (ms), and when the last read was.
  let pauseMs = 0;
  let lastRead = lastTurn;
  while (true) {
    if (short && pauseMs >= 1) {
      // Let what is on its way collect, but keep the output's delay bounded.
      if (performance.now() - lastIdle >= turnMs) {
        await onIdle();
        lastIdle = performance.now();
      }
      pause(pauseMs);
      short = false;
    }
    if (short || !waitForInput(input.fd, 0)) {
      await onIdle();
      let now = lastIdle = performance.now();
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
    if (batchMs > 0) {
      const now = performance.now();
      // Bytes per ms since the last read (after a long idle wait: slow, the longest pause).
      const rate = n / Math.max(now - lastRead, 0.1);
      pauseMs = Math.min(batchMs, PAUSE_BYTES / rate);
      lastRead = now;
    }
    yield buffer.subarray(0, n);
  }
}
