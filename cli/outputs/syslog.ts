/**
 * Syslog forwarding as an {@linkcode Output}: one event per message (the
 * rendered event, e.g. its JSON line, is the MSG), RFC 5424 over TCP with
 * octet counting (RFC 6587), over TLS (RFC 5425), or to a local unix
 * datagram socket (`/dev/log`, in `syslog(3)`'s local format by default).
 *
 * A receiver that is down, slow or restarting never makes the caller wait:
 * messages wait in a bounded buffer (bytes and messages), and past it they
 * are dropped and counted by cause (`buffer-full`; `too-large` above the
 * message limit; `closed` for what is left when `close` gives up).
 * Connections are retried with exponential backoff. A message cut by a
 * broken connection is sent again whole on the next one: octet-counting
 * receivers discard an incomplete frame.
 *
 * Plain TCP and TLS syslog have no acknowledgements: what the receiver's
 * kernel accepted but the receiver never read when it died is lost without
 * the sender knowing. Messages are counted `written` once the kernel took
 * them; when a connection breaks, those written to it in the last
 * {@linkcode SyslogOptions.unconfirmedMs} are also counted `unconfirmed`
 * (maybe lost). RELP would close this gap; rsyslog's imrelp is not spoken
 * here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SyslogOutput } from "./syslog.ts";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 }); // a syslog receiver
 * const out = SyslogOutput.open({ address: `tcp://127.0.0.1:${listener.addr.port}` });
 * out.write('{"type":"demo"}\n');
 * await out.close();
 * assert.equal(out.stats().written, 1);
 * using peer = await listener.accept();
 * const received = new TextDecoder().decode((await peer.readable.getReader().read()).value);
 * assert.match(received, /^\d+ <\d+>1 .* \{"type":"demo"\}$/);
 * ```
 *
 * @module
 */
import { MessageQueue } from "./_message_queue.ts";
import { countDrop, emptyStats, type Output, type OutputStats } from "./outputs.ts";
import { frameOctetCounted, MessageFormatter } from "./syslog_message.ts";
import {
  connector,
  formatSyslogAddress,
  parseSyslogAddress,
  type SyslogConnection,
} from "./syslog_transport.ts";
import { SYSLOG_DEFAULTS, type SyslogOptions } from "./syslog_options.ts";

export { SYSLOG_DEFAULTS, type SyslogOptions };

/** Bytes joined into one write on stream transports. */
const WRITE_BATCH = 64 << 10;

const encoder = new TextEncoder();

/** A syslog {@linkcode Output}; see the module doc. */
export class SyslogOutput implements Output {
  readonly name: string;
  readonly #formatter: MessageFormatter;
  readonly #octetCounting: boolean;
  readonly #connect: () => Promise<SyslogConnection>;
  readonly #maxMessage: number;
  readonly #backoffMs: number;
  readonly #backoffMaxMs: number;
  readonly #closeTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #unconfirmedMs: number;
  /** Recent writes on the current connection: [time, messages], oldest first. */
  #recent: [number, number][] = [];
  readonly #onError: ((error: Error) => void) | undefined;
  readonly #now: () => Date;
  readonly #stats: OutputStats;
  /** Framed messages waiting, oldest first. */
  readonly #queue: MessageQueue;
  #conn: SyslogConnection | undefined;
  #dead = false;
  #reconnect = false;
  #closing = false;
  #wake: (() => void) | undefined;
  #signalClose: () => void = () => {};
  readonly #closeSignal = new Promise<void>((resolve) => this.#signalClose = resolve);
  #pump: Promise<void>;
  /** When `settle` and `close` stop waiting; reset once the buffer is empty. */
  #settleBy: number | undefined;
  /** Waiters for an empty queue (flush, close). */
  #idle: (() => void)[] = [];

  private constructor(options: SyslogOptions, connect: () => Promise<SyslogConnection>) {
    const address = parseSyslogAddress(options.address);
    this.name = `syslog:${formatSyslogAddress(address)}`;
    const unix = address.transport === "unix";
    this.#formatter = new MessageFormatter({
      format: options.format ?? (unix ? "local" : "rfc5424"),
      facility: options.facility ?? SYSLOG_DEFAULTS.facility,
      severity: options.severity ?? SYSLOG_DEFAULTS.severity,
      hostname: options.hostname ?? Deno.hostname(),
      appName: options.appName ?? SYSLOG_DEFAULTS.appName,
      pid: Deno.pid,
    });
    this.#octetCounting = !unix;
    this.#connect = connect;
    this.#queue = new MessageQueue(
      options.bufferMessages ?? SYSLOG_DEFAULTS.bufferMessages,
      options.bufferBytes ?? SYSLOG_DEFAULTS.bufferBytes,
    );
    this.#maxMessage = options.maxMessage ?? SYSLOG_DEFAULTS.maxMessage;
    this.#backoffMs = options.backoffMs ?? SYSLOG_DEFAULTS.backoffMs;
    this.#backoffMaxMs = options.backoffMaxMs ?? SYSLOG_DEFAULTS.backoffMaxMs;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? SYSLOG_DEFAULTS.closeTimeoutMs;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? SYSLOG_DEFAULTS.connectTimeoutMs;
    this.#unconfirmedMs = options.unconfirmedMs ?? SYSLOG_DEFAULTS.unconfirmedMs;
    this.#onError = options.onError;
    this.#now = options.now ?? (() => new Date());
    this.#stats = emptyStats(this.name);
    this.#stats.connected = false;
    this.#pump = this.#run();
  }

  /**
   * Checks the options and reads the TLS files now (a bad address, name or
   * file is an error before anything runs); connecting happens in the
   * background.
   */
  static open(options: SyslogOptions): SyslogOutput {
    const address = parseSyslogAddress(options.address);
    const read = (path: string | undefined) =>
      path === undefined ? undefined : Deno.readTextFileSync(path);
    if ((options.cert === undefined) !== (options.key === undefined)) {
      throw new RangeError("syslog: a client certificate needs both cert and key");
    }
    if (address.transport !== "tls" && (options.ca ?? options.cert) !== undefined) {
      throw new RangeError("syslog: ca, cert and key apply to tls:// addresses only");
    }
    const ca = read(options.ca);
    const cert = read(options.cert);
    const key = read(options.key);
    const connect = options.connect ?? connector(address, {
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
    });
    return new SyslogOutput(options, connect);
  }

  /** Formats one event as a message and queues it, or drops it (counted) when it cannot wait. */
  write(text: string): void {
    const stats = this.#stats;
    stats.events++;
    if (this.#closing) {
      countDrop(stats, "closed");
      return;
    }
    const message = encoder.encode(this.#formatter.message(text, this.#now()));
    if (message.length > this.#maxMessage) {
      countDrop(stats, "too-large");
      return;
    }
    const framed = this.#octetCounting ? frameOctetCounted(message) : message;
    if (!this.#queue.offer(framed)) {
      countDrop(stats, "buffer-full");
      return;
    }
    this.#poke();
  }

  /**
   * 0: the caller never waits for syslog (what waits to be sent is bounded
   * by the buffer and reported in the stats' `queuedBytes`).
   */
  get queued(): number {
    return 0;
  }

  /** Resolves at once: a syslog receiver never makes the caller wait. */
  drain(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves at once as well (the buffer is being sent in the background). */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Waits until the buffer is sent, for at most the close timeout, counted
   * from the first `settle` or `close` since the buffer was last empty (so
   * `settle` then `close` wait that long in all).
   */
  async settle(): Promise<void> {
    this.#settleBy ??= Date.now() + this.#closeTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((resolve) =>
        timer = setTimeout(resolve, Math.max(0, this.#settleBy! - Date.now()))
      ),
    ]);
    clearTimeout(timer);
  }

  /** Waits until the buffer is empty (tests, and `close`). */
  idle(): Promise<void> {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Closes the connection after the write in progress; the next message opens a new one (SIGHUP). */
  reopen(): Promise<void> {
    this.#stats.reopens++;
    this.#reconnect = true;
    this.#poke();
    return Promise.resolve();
  }

  /**
   * Sends what is buffered for at most the close timeout, then drops the
   * rest (counted as `closed`) and closes the connection.
   */
  async close(): Promise<void> {
    if (this.#closing) return await this.#pump;
    await this.settle();
    this.#closing = true;
    this.#signalClose();
    this.#conn?.close();
    this.#poke();
    await this.#pump;
  }

  /** A snapshot of the counters. */
  stats(): OutputStats {
    const stats = { ...this.#stats, dropped: { ...this.#stats.dropped } };
    stats.queuedEvents = this.#queue.length;
    stats.queuedBytes = this.#queue.bytes;
    return stats;
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Waits `ms` milliseconds, or less when `close` is called (backoff: writes do not end it). */
  #pause(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([
      new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
      this.#closeSignal,
    ]).finally(() => clearTimeout(timer));
  }

  /** Waits for a write or a close. */
  #sleep(): Promise<void> {
    return new Promise<void>((resolve) => this.#wake = resolve);
  }

  async #run(): Promise<void> {
    let backoff = this.#backoffMs;
    const pause = async () => {
      await this.#pause(backoff * (1 + Math.random() * 0.2));
      backoff = Math.min(backoff * 2, this.#backoffMaxMs);
    };
    while (!this.#closing) {
      if (this.#reconnect) {
        this.#reconnect = false;
        this.#drop();
      }
      if (this.#queue.length === 0) {
        this.#settleBy = undefined;
        for (const resolve of this.#idle.splice(0)) resolve();
        await this.#sleep();
        continue;
      }
      if (this.#conn === undefined || this.#dead) {
        if (this.#conn !== undefined) this.#drop();
        try {
          await this.#open();
        } catch (error) {
          this.#fail(error, "connect");
          await pause();
          continue;
        }
        if (this.#conn === undefined) continue;
      }
      try {
        if (await this.#send(this.#conn)) backoff = this.#backoffMs;
        else await pause();
      } catch (error) {
        // Not expected: keep the sender alive, say why.
        this.#fail(error, "send");
        this.#dead = true;
        await pause();
      }
    }
    this.#conn?.close();
    this.#stats.connected = false;
    countDrop(this.#stats, "closed", this.#queue.clear());
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Connects, giving up after the connect timeout or when `close` is called. */
  async #open(): Promise<void> {
    const attempt = this.#connect();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.#connectTimeoutMs);
      this.#closeSignal.then(() => resolve(undefined));
    });
    let conn: SyslogConnection | undefined;
    try {
      conn = await Promise.race([attempt, stop]);
    } finally {
      clearTimeout(timer);
    }
    if (conn === undefined) {
      // Closed late connections are not leaked.
      attempt.then((late) => late.close(), () => {});
      if (this.#closing) return;
      throw new Deno.errors.TimedOut(`no connection within ${this.#connectTimeoutMs} ms`);
    }
    if (this.#closing) {
      conn.close();
      return;
    }
    this.#conn = conn;
    this.#dead = false;
    this.#stats.connects++;
    this.#stats.connected = true;
    conn.lost.then(() => {
      if (this.#conn === conn) {
        this.#dead = true;
        this.#countUnconfirmed();
        this.#stats.connected = false;
        this.#poke();
      }
    });
  }

  /** Counts the messages written to the broken connection lately as unconfirmed. */
  #countUnconfirmed(): void {
    const since = Date.now() - this.#unconfirmedMs;
    for (const [time, count] of this.#recent) if (time >= since) this.#stats.unconfirmed += count;
    this.#recent = [];
  }

  /** Forgets the connection. */
  #drop(): void {
    this.#recent = [];
    this.#conn?.close();
    this.#conn = undefined;
    this.#dead = false;
    this.#stats.connected = false;
  }

  /**
   * Writes the oldest messages (up to {@linkcode WRITE_BATCH} bytes joined on
   * stream transports). On a broken connection, the messages written whole
   * count as written (and, with the ones written lately, as unconfirmed);
   * the one cut in the middle and the rest stay queued for the next
   * connection.
   */
  async #send(conn: SyslogConnection): Promise<boolean> {
    const stats = this.#stats;
    const batch = conn.datagram
      ? { bytes: this.#queue.at(0), count: 1 }
      : this.#queue.front(WRITE_BATCH);
    const bytes = batch.bytes;
    let count = batch.count;
    let offset = 0;
    let broken = false;
    try {
      while (offset < bytes.length) {
        if (this.#dead) throw new Deno.errors.ConnectionReset("the receiver closed the connection");
        offset += await conn.write(bytes.subarray(offset));
      }
    } catch (error) {
      this.#fail(error, "send");
      this.#dead = true;
      broken = true;
      // Only the messages written whole leave the queue.
      let whole = 0;
      let end = 0;
      for (let i = 0; i < count; i++) {
        end += this.#queue.at(i).length;
        if (end > offset) break;
        whole++;
      }
      count = whole;
    }
    stats.bytes += offset;
    if (count > 0) {
      this.#queue.take(count);
      stats.written += count;
      if (!conn.datagram) this.#remember(count);
    }
    if (broken) this.#countUnconfirmed();
    return !broken;
  }

  /** Notes `count` messages just written, forgetting writes older than the window. */
  #remember(count: number): void {
    const now = Date.now();
    const recent = this.#recent;
    const last = recent[recent.length - 1];
    if (last !== undefined && now - last[0] < 50) last[1] += count;
    else recent.push([now, count]);
    while (recent.length > 0 && recent[0]![0] < now - this.#unconfirmedMs) recent.shift();
  }

  #fail(error: unknown, what: string): void {
    const e = error instanceof Error ? error : new Error(String(error));
    const message = `${what}: ${e.message}`;
    if (this.#stats.lastError === message) return;
    this.#stats.lastError = message;
    this.#onError?.(e);
  }
}
