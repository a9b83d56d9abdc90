/**
 * The options of a syslog output ({@linkcode SyslogOptions}) and their
 * defaults, the one definition the output and the flags share.
 *
 * @module
 */
import type { SyslogFormat } from "./syslog_message.ts";
import type { SyslogConnection } from "./syslog_transport.ts";

/** Options of `SyslogOutput.open`. */
export interface SyslogOptions {
  /** `tcp://HOST:PORT`, `tls://HOST:PORT` or `unix:///dev/log`. */
  readonly address: string;
  /**
   * TLS: a PEM file with CA certificates the receiver's certificate may
   * chain to, in addition to Deno's default roots (Deno cannot pin a CA).
   */
  readonly ca?: string;
  /** TLS: a PEM file with the client certificate (with `key`). */
  readonly cert?: string;
  /** TLS: a PEM file with the client's private key (with `cert`). */
  readonly key?: string;
  /** Most bytes waiting to be sent (default 8 MiB). */
  readonly bufferBytes?: number;
  /** Most messages waiting to be sent (default 65536). */
  readonly bufferMessages?: number;
  /** Largest message sent, framing excluded (default 64 KiB); larger ones are dropped. */
  readonly maxMessage?: number;
  /** Message format: `rfc5424` (default for tcp/tls) or `local` (default for unix). */
  readonly format?: SyslogFormat;
  /** APP-NAME (default `libaudit`). */
  readonly appName?: string;
  /** Facility name (default `authpriv`). */
  readonly facility?: string;
  /** Severity name (default `info`). */
  readonly severity?: string;
  /** HOSTNAME (default: the host's name). */
  readonly hostname?: string;
  /** First reconnection delay in ms (default 100); doubles up to `backoffMaxMs`. */
  readonly backoffMs?: number;
  /** Longest reconnection delay in ms (default 30000). */
  readonly backoffMaxMs?: number;
  /** Messages written this long (ms) before a connection broke count as unconfirmed (default 1000). */
  readonly unconfirmedMs?: number;
  /** How long a connection attempt may take, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** How long `close` waits for the buffer to be sent, in ms (default 2000). */
  readonly closeTimeoutMs?: number;
  /** Called with connection and write errors (also in the stats' `lastError`). */
  readonly onError?: (error: Error) => void;
  /** The clock for message timestamps (tests). */
  readonly now?: () => Date;
  /** Opens a connection (tests; default from `address`). */
  readonly connect?: () => Promise<SyslogConnection>;
}

/** Defaults of {@linkcode SyslogOptions}. */
export const SYSLOG_DEFAULTS = {
  bufferBytes: 8 << 20,
  bufferMessages: 65536,
  maxMessage: 64 << 10,
  appName: "libaudit",
  facility: "authpriv",
  severity: "info",
  backoffMs: 100,
  backoffMaxMs: 30_000,
  closeTimeoutMs: 2000,
  connectTimeoutMs: 10_000,
  unconfirmedMs: 1000,
} as const;
