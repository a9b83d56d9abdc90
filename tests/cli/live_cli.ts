/**
 * A long-running `libaudit` subcommand under test: stdin written piece by
 * piece, stdout read line by line as it comes, signals, exit status.
 *
 * @module
 */
import { ROOT } from "./run_cli.ts";

/** Audit log lines of `count` exec events (SYSCALL + PROCTITLE) from serial `first`. */
export function execEvents(first: number, count: number, key = "exec"): string {
  let text = "";
  for (let n = first; n < first + count; n++) {
    const head = `msg=audit(1700000000.${String(n % 1000).padStart(3, "0")}:${n}):`;
    text += `type=SYSCALL ${head} arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 ` +
      `a3=4 items=0 ppid=1 pid=${n} auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 ` +
      `sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="true" exe="/usr/bin/true" key="${key}"\n` +
      `type=PROCTITLE ${head} proctitle=74727565\n`;
  }
  return text;
}

/** A running CLI process with piped stdin/stdout/stderr. */
export class LiveCli {
  readonly child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  readonly lines: string[] = [];
  readonly #stderr: Promise<string>;

  /** Starts `deno run -A cli.ts ...args` (or another program with `command`). */
  constructor(args: string[], options: { command?: string; env?: Record<string, string> } = {}) {
    const command = options.command === undefined
      ? new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${ROOT}cli.ts`, ...args],
        cwd: ROOT,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1", ...options.env },
      })
      : new Deno.Command(options.command, {
        args,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      });
    this.child = command.spawn();
    this.#writer = this.child.stdin.getWriter();
    this.#reader = this.child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    this.#stderr = new Response(this.child.stderr).text();
  }

  /** Writes `text` to its stdin. */
  async write(text: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(text));
  }

  /** Closes its stdin. */
  async closeInput(): Promise<void> {
    await this.#writer.close().catch(() => {});
  }

  /**
   * Reads stdout until `count` lines have arrived in all; fails after `ms`
   * (a generous bound: the point is that they come before stdin closes).
   */
  async waitLines(count: number, ms = 20_000): Promise<string[]> {
    const deadline = Date.now() + ms;
    while (this.lines.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.lines.length} of ${count} lines arrived`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<undefined>((r) => timer = setTimeout(() => r(undefined), left));
      const next = await Promise.race([this.#reader.read(), timeout]);
      clearTimeout(timer);
      if (next === undefined) continue;
      if (next.done) throw new Error(`stdout ended after ${this.lines.length} of ${count} lines`);
      this.#buffer += next.value;
      const parts = this.#buffer.split("\n");
      this.#buffer = parts.pop()!;
      this.lines.push(...parts);
    }
    return this.lines;
  }

  /** Reads the rest of stdout and waits for the exit; returns the status and stderr. */
  async finish(): Promise<{ code: number; signal: Deno.Signal | null; stderr: string }> {
    while (true) {
      const next = await this.#reader.read();
      if (next.done) break;
      this.#buffer += next.value;
    }
    if (this.#buffer !== "") this.lines.push(...this.#buffer.split("\n").filter((l) => l !== ""));
    this.#buffer = "";
    const status = await this.child.status;
    return { code: status.code, signal: status.signal, stderr: await this.#stderr };
  }
}
