/**
 * Holding SIGINT and SIGTERM while a batch of kernel changes runs, so that an
 * interrupt never leaves half a plan applied: the batch finishes (it takes
 * milliseconds), then the caller reports what was done and exits as the
 * signal asked.
 *
 * @module
 */

const HELD: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];
const SIGNAL_NUMBER: Readonly<Record<string, number>> = { SIGINT: 2, SIGTERM: 15 };

/** What {@linkcode holdSignals} gives back. */
export interface Held<T> {
  /** What `fn` returned. */
  readonly result: T;
  /** The first signal that arrived while `fn` ran, if any. */
  readonly signal: Deno.Signal | undefined;
}

/**
 * Runs `fn` with SIGINT and SIGTERM held: a signal that arrives meanwhile is
 * recorded instead of ending the process; `fn` can ask whether one came (to
 * skip work not yet started). The default handling is back when this returns.
 */
export async function holdSignals<T>(
  fn: (received: () => Deno.Signal | undefined) => Promise<T>,
): Promise<Held<T>> {
  let signal: Deno.Signal | undefined;
  const listeners = HELD.map((s) => {
    const listener = () => signal ??= s;
    try {
      Deno.addSignalListener(s, listener);
    } catch {
      return undefined; // not supported here: nothing to hold
    }
    return [s, listener] as const;
  });
  try {
    const result = await fn(() => signal);
    // A signal caught while fn ran may still wait for its callback: let it in.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { result, signal };
  } finally {
    for (const l of listeners) if (l !== undefined) Deno.removeSignalListener(l[0], l[1]);
  }
}

/** The exit code a shell expects after `signal` (128 + its number). */
export function signalExitCode(signal: Deno.Signal): number {
  return 128 + (SIGNAL_NUMBER[signal] ?? 0);
}
