/**
 * ausearch's `raw` and `default` output (src/ausearch-report.c) and its
 * `--escape` modes (src/ausearch-lookup.c), byte for byte under the same
 * time zone and the C locale.
 *
 * @module
 */
import type { GroupedEvent } from "./grouped_event.ts";
import { MAY_HAVE_CONTROLS } from "./line_flags.ts";

import { ByteSink, ESC_TTY, modeNumber, QUOTE_SET, SHELL_SET } from "./byte_sink.ts";
import type { EscapeMode } from "../auparse/types.ts";
import { LocalClock, yearFitsInt } from "../auparse/time.ts";

const NEEDS: Record<EscapeMode, RegExp> = {
  raw: /(?!)/,
  // deno-lint-ignore no-control-regex
  tty: /[\x00-\x1f]/,
  // deno-lint-ignore no-control-regex
  shell: /[\x00-\x1f"'`$\\!()| ]/,
  // deno-lint-ignore no-control-regex
  shell_quote: /[\x00-\x1f"'`$\\!()| ;#&*?[\]<>{}]/,
};

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

function formatCtime(d: Date): string {
  const day = d.getDate();
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day < 10 ? " " : ""}${day} ${
    two(d.getHours())
  }:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** The process's zone, with glibc's offsets past `Date`'s range (see {@linkcode LocalClock}). */
const FAR_CLOCK = new LocalClock();

function farCtime(sec: number): string | undefined {
  if (!Number.isFinite(sec)) return undefined;
  const t = FAR_CLOCK.local(sec);
  if (!yearFitsInt(t.year)) return undefined;
  return `${DAYS[t.weekday % 7]} ${MONTHS[t.month - 1]} ${t.day < 10 ? " " : ""}${t.day} ${
    two(t.hour)
  }:${two(t.minute)}:${two(t.second)} ${t.year}`;
}

export { ByteSink } from "./byte_sink.ts";

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
  const count = event.count;
  if (mode === 0 && count > 0 && event.contiguous()) {
    // Unless a record lacks the separator the others have: the lines as they are, at once.
    let lacks = false;
    if (enriched) {
      for (let i = 0; i < count; i++) lacks ||= event.messageEnd(i) === offs[3 * i + 1];
    }
    if (!lacks) {
      sink.bytes(event.bufs[0]!, offs[0]!, offs[3 * count - 2]!);
      sink.byte(10);
      return;
    }
  }
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
  const last = event.count - 1;
  const offs = event.offs;
  const type = last < 0 ? 0 : event.typeAt(last);
  const mode = escape === "tty" && !(event.flags & MAY_HAVE_CONTROLS) ? 0 : modeNumber(escape);
  if (mode === 0 && last > 0 && (type < 1200 || type >= 1300) && event.contiguous()) {
    // The event's lines copied once to the buffer's end, then each from there.
    const delta = sink.stage(event.bufs[0]!, offs[0]!, offs[3 * last + 1]!, 64);
    if (delta !== undefined) {
      writeHead(event.sec, sink);
      for (let i = last; i >= 0; i--) {
        sink.staged(offs[3 * i]! + delta, event.messageEnd(i) + delta);
        sink.byte(10);
      }
      return;
    }
  }
  writeHead(event.sec, sink);
  if (last < 0) return;
  if (type >= 1200 && type < 1300) {
    sink.bytes(event.bufs[last]!, offs[3 * last]!, event.messageEnd(last));
    sink.byte(10);
    return;
  }
  for (let i = last; i >= 0; i--) {
    sink.escaped(event.bufs[i]!, offs[3 * i]!, event.messageEnd(i), mode);
    sink.byte(10);
  }
}

/** `----`, `time->`, the event's local time and a newline (`(null)` without one when there is none). */
let headText: string | undefined = "";
let headBytes = new Uint8Array(0);

function writeHead(sec: number, sink: ByteSink): void {
  const time = ctime(sec);
  // The same text as the event before (most are in the same second): the same bytes.
  if (time !== headText) {
    headText = time;
    // printf("%s", NULL), and no newline
    const head = `----\ntime->${time === undefined ? "(null)" : `${time}\n`}`;
    headBytes = Uint8Array.from(head, (c) => c.charCodeAt(0));
  }
  sink.bytes(headBytes, 0, headBytes.length);
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
