/**
 * ausearch's `raw` and `default` output (src/ausearch-report.c) and its
 * `--escape` modes (src/ausearch-lookup.c), byte for byte under the same
 * time zone and the C locale.
 *
 * @module
 */
import type { GroupedEvent } from "./grouped_event.ts";
import { MAY_HAVE_CONTROLS } from "./line_flags.ts";

import type { EscapeMode } from "../auparse/types.ts";
import { inDateRange, yearFitsInt } from "../auparse/time.ts";

const SHELL_SET = "\"'`$\\!()| ";
const NEEDS: Record<EscapeMode, RegExp> = {
  raw: /(?!)/,
  // deno-lint-ignore no-control-regex
  tty: /[\x00-\x1f]/,
  // deno-lint-ignore no-control-regex
  shell: /[\x00-\x1f"'`$\\!()| ]/,
  // deno-lint-ignore no-control-regex
  shell_quote: /[\x00-\x1f"'`$\\!()| ;#&*?[\]<>{}]/,
};
const QUOTE_SET = "\"'`$\\!()| ;#&*?[]<>{}";

function octal(c: number): string {
  return `\\${(c >> 6) & 3}${(c >> 3) & 7}${c & 7}`;
}

/**
 * Escapes `text` as ausearch's `safe_print_string` does: `tty` writes
 * control characters as `\ooo`; `shell` also puts a backslash before
 * `` "'`$\!()| `` and space; `shell_quote` also before `;#&*?[]<>{}`.
 *
 * @param text The text.
 * @param mode The mode.
 * @returns The escaped text.
 */
export function escapeAusearch(text: string, mode: EscapeMode): string {
  if (mode === "raw") return text;
  const set = mode === "shell" ? SHELL_SET : mode === "shell_quote" ? QUOTE_SET : "";
  const first = text.search(NEEDS[mode]);
  if (first < 0) return text;
  let i = first;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) out += octal(c);
    else if (set !== "" && set.includes(text[i]!)) out += `\\${text[i]}`;
    else out += text[i];
  }
  return out;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

let lastSec = NaN;
let lastOffset = NaN;
let lastText = "";

/** One `Date`, set to each time asked for (no object per event). */
const DATE = new Date(0);

/**
 * C's `ctime` in local time, without its newline: `Wed Nov 25 01:35:04 2026`;
 * `undefined` where glibc's `localtime` fails (the year does not fit an
 * `int`) and ausearch prints `(null)`. Times past `Date`'s range are moved by
 * whole 400-year cycles (same calendar, the zone's last rules).
 */
export function ctime(sec: number): string | undefined {
  if (!(sec >= -8.64e12 && sec <= 8.64e12)) return farCtime(sec);
  const d = DATE;
  d.setTime(sec * 1000);
  // The zone's offset is asked every time: the process's TZ may change.
  const offset = d.getTimezoneOffset();
  if (sec === lastSec && offset === lastOffset) return lastText;
  lastSec = sec;
  lastOffset = offset;
  lastText = formatCtime(d);
  return lastText;
}

function formatCtime(d: Date, years = 0): string {
  const day = d.getDate();
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day < 10 ? " " : ""}${day} ${
    two(d.getHours())
  }:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear() + years}`;
}

function farCtime(sec: number): string | undefined {
  if (!Number.isFinite(sec)) return undefined;
  const [at, years] = inDateRange(sec);
  const d = new Date(at * 1000);
  return yearFitsInt(d.getFullYear() + years) ? formatCtime(d, years) : undefined;
}

const ESC_TTY = 1;
const ESC_SHELL = 2;
const ESC_QUOTE = 3;
/** Bytes each escaping mode puts a backslash before (besides control characters as `\ooo`). */
const SETS: (Uint8Array | undefined)[] = [undefined, undefined, setOf(SHELL_SET), setOf(QUOTE_SET)];

function setOf(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

function modeNumber(mode: EscapeMode): number {
  return mode === "tty"
    ? ESC_TTY
    : mode === "shell"
    ? ESC_SHELL
    : mode === "shell_quote"
    ? ESC_QUOTE
    : 0;
}

/** Output bytes gathered in one reused buffer, handed to `flush` when full. */
export class ByteSink {
  #buf: Uint8Array;
  /** Bytes gathered. */
  length = 0;
  readonly #flush: (bytes: Uint8Array) => void;
  /**
   * Makes a sink.
   *
   * @param flush Takes the gathered bytes (valid only during the call).
   * @param size The buffer's size.
   */
  constructor(flush: (bytes: Uint8Array) => void, size = 1 << 16) {
    this.#flush = flush;
    this.#buf = new Uint8Array(size);
  }
  /** Room for `n` more bytes; returns the buffer. */
  #room(n: number): Uint8Array {
    if (this.length + n > this.#buf.length) {
      this.flush();
      if (n > this.#buf.length) this.#buf = new Uint8Array(n);
    }
    return this.#buf;
  }
  /** Appends `src[start..end)`. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const buf = this.#room(end - start);
    if (end - start > 64) buf.set(src.subarray(start, end), this.length);
    else for (let i = start, o = this.length; i < end; i++) buf[o++] = src[i]!;
    this.length += end - start;
  }
  /** Appends `src[start..end)` escaped by `mode` (a number from `modeNumber`). */
  escaped(src: Uint8Array, start: number, end: number, mode: number): void {
    if (mode === 0) return this.bytes(src, start, end);
    const buf = this.#room(4 * (end - start));
    const set = SETS[mode];
    let o = this.length;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c < 32) {
        buf[o++] = 92;
        buf[o++] = 48 + ((c >> 6) & 3);
        buf[o++] = 48 + ((c >> 3) & 7);
        buf[o++] = 48 + (c & 7);
      } else {
        if (set !== undefined && c < 128 && set[c]) buf[o++] = 92;
        buf[o++] = c;
      }
    }
    this.length = o;
  }
  /** Appends one byte. */
  byte(b: number): void {
    this.#room(1)[this.length++] = b;
  }
  /** Appends text whose characters are all below U+0080. */
  ascii(text: string): void {
    const buf = this.#room(text.length);
    for (let i = 0, o = this.length; i < text.length; i++) buf[o++] = text.charCodeAt(i);
    this.length += text.length;
  }
  /** Appends text as UTF-8. */
  text(text: string): void {
    const buf = this.#room(3 * text.length);
    this.length += ENCODER.encodeInto(text, buf.subarray(this.length)).written;
  }
  /** Hands the gathered bytes to `flush`. */
  flush(): void {
    if (this.length === 0) return;
    const n = this.length;
    this.length = 0;
    this.#flush(this.#buf.subarray(0, n));
  }
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();

function collect(write: (sink: ByteSink) => void): string {
  let out = "";
  const sink = new ByteSink((b) => out += DECODER.decode(b, { stream: true }));
  write(sink);
  sink.flush();
  return out + DECODER.decode();
}

/**
 * ausearch's `--raw` into `sink`: each record's line as read. When any
 * record of the event is ENRICHED, ausearch writes the separator after every
 * record, so a record without one gets a trailing `\x1d`, as ausearch's
 * does. `tty` escapes control characters (for a terminal).
 *
 * @param event The event.
 * @param sink Where to write.
 * @param tty Whether to escape control characters as `\ooo`.
 */
export function formatRawInto(event: GroupedEvent, sink: ByteSink, tty = false): void {
  let enriched = false;
  const offs = event.offs;
  for (let i = 0; i < event.count; i++) if (event.messageEnd(i) < offs[3 * i + 1]!) enriched = true;
  const mode = tty ? ESC_TTY : 0;
  for (let i = 0; i < event.count; i++) {
    const end = offs[3 * i + 1]!;
    sink.escaped(event.bufs[i]!, offs[3 * i]!, end, mode);
    if (enriched && event.messageEnd(i) === end) {
      if (tty) sink.ascii("\\035");
      else sink.byte(0x1d);
    }
    sink.byte(10);
  }
}

/**
 * ausearch's `--raw` as text (see {@linkcode formatRawInto}).
 *
 * @param event The event.
 * @returns The lines, each ending in `\n`.
 */
export function formatRaw(event: GroupedEvent): string {
  return collect((sink) => formatRawInto(event, sink));
}

/**
 * ausearch's default output into `sink`: `----`, `time->` and the local
 * time, then the records without their ENRICHED part, last record first. An
 * event whose last record is a daemon record (types 1200–1299) shows only
 * that record.
 *
 * @param event The event.
 * @param sink Where to write.
 * @param escape The `--escape` mode (ausearch's default is `tty`).
 */
export function formatDefaultInto(
  event: GroupedEvent,
  sink: ByteSink,
  escape: EscapeMode = "tty",
): void {
  sink.ascii("----\ntime->");
  const time = ctime(event.sec);
  if (time === undefined) sink.ascii("(null)"); // printf("%s", NULL), and no newline
  else {
    sink.ascii(time);
    sink.byte(10);
  }
  const last = event.count - 1;
  if (last < 0) return;
  const offs = event.offs;
  const type = event.typeAt(last);
  if (type >= 1200 && type < 1300) {
    sink.bytes(event.bufs[last]!, offs[3 * last]!, event.messageEnd(last));
    sink.byte(10);
    return;
  }
  const mode = escape === "tty" && !(event.flags & MAY_HAVE_CONTROLS) ? 0 : modeNumber(escape);
  for (let i = last; i >= 0; i--) {
    sink.escaped(event.bufs[i]!, offs[3 * i]!, event.messageEnd(i), mode);
    sink.byte(10);
  }
}

/**
 * ausearch's default output as text (see {@linkcode formatDefaultInto}).
 *
 * @param event The event.
 * @param escape The `--escape` mode (ausearch's default is `tty`).
 * @returns The text, ending in `\n`.
 */
export function formatDefault(event: GroupedEvent, escape: EscapeMode = "tty"): string {
  return collect((sink) => formatDefaultInto(event, sink, escape));
}
