/**
 * Syslog message formats: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID
 * SD MSG`), the local format that `syslog(3)` writes to `/dev/log`
 * (`<PRI>Mmm dd hh:mm:ss APP[PID]: MSG`), and RFC 6587 octet-counting
 * framing for stream transports. Facility and severity names as in
 * `syslog.conf`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameOctetCounted, MessageFormatter } from "./syslog_message.ts";
 *
 * const format = new MessageFormatter({ hostname: "web1", appName: "libaudit", pid: 42 });
 * const message = format.message('{"type":"demo"}\n', new Date(0));
 * assert.equal(message, '<86>1 1970-01-01T00:00:00.000Z web1 libaudit 42 - - {"type":"demo"}');
 * const framed = frameOctetCounted(new TextEncoder().encode(message));
 * assert.equal(new TextDecoder().decode(framed), `${message.length} ${message}`);
 * ```
 *
 * @module
 */

/** Syslog facilities by name, with their numbers (RFC 5424 table 1, `syslog.conf` names). */
export const FACILITIES: Readonly<Record<string, number>> = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  security: 13,
  console: 14,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/** Syslog severities by name, with their numbers (RFC 5424 table 2, `syslog.conf` names). */
export const SEVERITIES: Readonly<Record<string, number>> = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** The message formats: RFC 5424, or the local `syslog(3)` format for `/dev/log`. */
export type SyslogFormat = "rfc5424" | "local";

/** Options of a {@linkcode MessageFormatter}. */
export interface MessageFormatterOptions {
  /** The message format (default `rfc5424`). */
  readonly format?: SyslogFormat;
  /** Facility name (default `authpriv`). */
  readonly facility?: string;
  /** Severity name (default `info`). */
  readonly severity?: string;
  /** HOSTNAME field (RFC 5424; default `-`). Non-printable and non-ASCII characters become `_`. */
  readonly hostname?: string;
  /** APP-NAME (default `libaudit`), at most 48 printable ASCII characters. */
  readonly appName?: string;
  /** PROCID (default: none). */
  readonly pid?: number;
}

/** A facility or severity name that is not known. */
export class SyslogNameError extends RangeError {
  /** `facility` or `severity`. */
  readonly kind: string;
  /** The name given. */
  readonly value: string;
  /** Creates the error. */
  constructor(kind: string, value: string, names: readonly string[]) {
    super(`unknown syslog ${kind} '${value}' (one of ${names.join(", ")})`);
    this.name = "SyslogNameError";
    this.kind = kind;
    this.value = value;
  }
}

/** The number of facility `name`; throws {@linkcode SyslogNameError}. */
export function facilityNumber(name: string): number {
  const n = FACILITIES[name];
  if (n === undefined) throw new SyslogNameError("facility", name, Object.keys(FACILITIES));
  return n;
}

/** The number of severity `name`; throws {@linkcode SyslogNameError}. */
export function severityNumber(name: string): number {
  const n = SEVERITIES[name];
  if (n === undefined) throw new SyslogNameError("severity", name, Object.keys(SEVERITIES));
  return n;
}

/** `value` as an RFC 5424 header field: printable ASCII only, at most `max` long, `-` if empty. */
export function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return clean === "" ? "-" : clean;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Builds syslog messages (without framing) from rendered events. */
export class MessageFormatter {
  readonly #format: SyslogFormat;
  readonly #pri: string;
  readonly #head: string;
  readonly #tag: string;

  /** Validates the names; throws {@linkcode SyslogNameError}. */
  constructor(options: MessageFormatterOptions = {}) {
    this.#format = options.format ?? "rfc5424";
    const pri = facilityNumber(options.facility ?? "authpriv") * 8 +
      severityNumber(options.severity ?? "info");
    this.#pri = `<${pri}>`;
    const app = headerField(options.appName ?? "libaudit", 48);
    const pid = options.pid === undefined ? "-" : String(options.pid);
    // HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA
    this.#head = ` ${headerField(options.hostname ?? "-", 255)} ${app} ${pid} - - `;
    this.#tag = options.pid === undefined ? `${app}: ` : `${app}[${pid}]: `;
  }

  /**
   * One message for `text` (one rendered event; a final newline is removed)
   * sent at `time`. The message is the event as it is (RFC 5424 MSG-ANY,
   * no BOM), so JSON stays JSON for the receiver.
   */
  message(text: string, time: Date): string {
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    if (this.#format === "rfc5424") {
      return `${this.#pri}1 ${time.toISOString()}${this.#head}${body}`;
    }
    const day = String(time.getDate()).padStart(2, " ");
    const clock = [time.getHours(), time.getMinutes(), time.getSeconds()]
      .map((n) => String(n).padStart(2, "0")).join(":");
    return `${this.#pri}${MONTHS[time.getMonth()]} ${day} ${clock} ${this.#tag}${body}`;
  }
}

const encoder = new TextEncoder();

/** `message` framed by octet counting (RFC 6587 3.4.1): `LENGTH SP MESSAGE`. */
export function frameOctetCounted(message: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${message.length} `);
  const framed = new Uint8Array(prefix.length + message.length);
  framed.set(prefix);
  framed.set(message, prefix.length);
  return framed;
}
