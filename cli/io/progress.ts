/**
 * Progress on stderr (bytes read, events per second) for long runs over
 * files, shown only when stderr is a terminal — never on a pipe.
 *
 * @module
 */

const encoder = new TextEncoder();

function megabytes(bytes: number): string {
  return (bytes / (1 << 20)).toFixed(1);
}

/** A progress line on stderr, redrawn at most every `intervalMs`. */
export class Progress {
  readonly #enabled: boolean;
  readonly #intervalMs: number;
  readonly #start = Date.now();
  #last = 0;
  #shown = false;

  /** Shows progress only when `enabled` (default: stderr is a terminal). */
  constructor(enabled: boolean = Deno.stderr.isTerminal(), intervalMs = 250) {
    this.#enabled = enabled;
    this.#intervalMs = intervalMs;
  }

  /** Updates the line with the bytes read so far and the events printed. */
  update(name: string, bytes: number, events: number): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#last < this.#intervalMs) return;
    this.#last = now;
    const seconds = Math.max((now - this.#start) / 1000, 0.001);
    const rate = Math.round(events / seconds);
    this.#write(`\r\x1b[K${name}: ${megabytes(bytes)} MB, ${events} events, ${rate} events/s`);
    this.#shown = true;
  }

  /** Erases the line (before other stderr output and at the end). */
  clear(): void {
    if (!this.#shown) return;
    this.#write("\r\x1b[K");
    this.#shown = false;
  }

  #write(text: string): void {
    try {
      Deno.stderr.writeSync(encoder.encode(text));
    } catch {
      // Progress is best effort.
    }
  }
}
