/**
 * ausearch's `raw` and `default` output (src/ausearch-report.c) and its
 * `--escape` modes (src/ausearch-lookup.c), byte for byte under the same
 * time zone and the C locale.
 *
 * @module
 */
import type { SearchEvent } from "./match.ts";

import type { EscapeMode } from "../auparse/types.ts";

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

/** C's `ctime` in local time, without its newline: `Wed Nov 25 01:35:04 2026`. */
export function ctime(sec: number): string {
  const d = new Date(sec * 1000);
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

/**
 * ausearch's `--raw`: each record's line as read. When any record of the
 * event is ENRICHED, ausearch writes the separator after every record, so a
 * record without one gets a trailing `\x1d`, as ausearch's does.
 *
 * @param event The event.
 * @returns The lines, each ending in `\n`.
 */
export function formatRaw(event: SearchEvent): string {
  let enriched = false;
  for (const r of event.records) if (r.mlen < r.line.length) enriched = true;
  let out = "";
  for (const r of event.records) {
    out += r.line;
    if (enriched && r.mlen === r.line.length) out += "\x1d";
    out += "\n";
  }
  return out;
}

/**
 * ausearch's default output: `----`, `time->` and the local time, then the
 * records without their ENRICHED part, last record first. An event whose last
 * record is a daemon record (types 1200–1299) shows only that record.
 *
 * @param event The event.
 * @param escape The `--escape` mode (ausearch's default is `tty`).
 * @returns The text, ending in `\n`.
 */
export function formatDefault(event: SearchEvent, escape: EscapeMode = "tty"): string {
  let out = `----\ntime->${ctime(event.sec)}\n`;
  const records = event.records;
  const last = records[records.length - 1];
  if (last === undefined) return out;
  if (last.type >= 1200 && last.type < 1300) return `${out}${last.line.slice(0, last.mlen)}\n`;
  const plain = escape === "tty" && event.flags !== undefined && !(event.flags & 2);
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const text = r.mlen === r.line.length ? r.line : r.line.slice(0, r.mlen);
    out += plain ? text : escapeAusearch(text, escape);
    out += "\n";
  }
  return out;
}
