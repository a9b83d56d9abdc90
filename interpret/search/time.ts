/**
 * ausearch's and aureport's `-ts`/`-te` time arguments: keywords (`now`,
 * `recent`, `this-hour`, `boot`, `today`, `yesterday`, `this-week`,
 * `week-ago`, `this-month`, `this-year`, and `checkpoint` for `-ts`), the C
 * locale's date (`%x`: `MM/DD/YY`) and time (`%X`: `HH:MM:SS`, or `HH:MM`),
 * in either order, with audit-userspace 3.0.9's defaults: a start without a
 * time is midnight, an end without a time is the current time of day, a time
 * without a date is today. Results are whole seconds since the epoch, the
 * granularity at which ausearch compares.
 *
 * Local time is the JavaScript `Date`'s (the process's `TZ`). The daylight
 * saving flag is glibc's `mktime`'s, as ausearch leaves it: an explicit date
 * takes the flag in force at its midnight read as standard time (ausearch's
 * "FIX DST flag" `mktime`), keyword dates the flag of the instant they name,
 * `this-year` the flag off; the time of day is then read with that flag (so
 * an hour that occurs twice is the first one).
 *
 * @module
 */

/** Facts the time words need, injected so the parsing stays pure. */
export interface SearchTimeFacts {
  /** The current time, seconds since the epoch (`time(NULL)`). */
  readonly now: number;
  /** Seconds since boot (`/proc/uptime`), for `boot`; absent: `boot` fails. */
  readonly uptime?: number | undefined;
}

/** A `-ts`/`-te` argument that ausearch refuses, with ausearch's message. */
export class SearchTimeError extends Error {
  /** The argument that was refused. */
  readonly argument: string;
  /**
   * Makes the error.
   *
   * @param message ausearch's message.
   * @param argument The refused text.
   */
  constructor(message: string, argument: string) {
    super(message);
    this.name = "SearchTimeError";
    this.argument = argument;
  }
}

/** The time words ausearch knows (`checkpoint` is handled by the caller). */
export const TIME_WORDS: readonly string[] = [
  "now",
  "recent",
  "this-hour",
  "boot",
  "today",
  "yesterday",
  "this-week",
  "week-ago",
  "this-month",
  "this-year",
];

/** Broken-down local time, as C's `struct tm` (year is the full year). */
interface Tm {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number;
  year: number;
  isdst: boolean;
}

const DAY = 24 * 60 * 60;

function localtime(t: number): Tm & { wday: number } {
  const d = new Date(t * 1000);
  return {
    sec: d.getSeconds(),
    min: d.getMinutes(),
    hour: d.getHours(),
    mday: d.getDate(),
    mon: d.getMonth(),
    year: d.getFullYear(),
    wday: d.getDay(),
    isdst: d.getTimezoneOffset() < standardOffset(d.getFullYear()),
  };
}

/** Minutes west of UTC in standard time (the larger of January's and July's). */
function standardOffset(year: number): number {
  return Math.max(
    new Date(year, 0, 1).getTimezoneOffset(),
    new Date(year, 6, 1).getTimezoneOffset(),
  );
}

/** glibc's `mktime` with an explicit DST flag. */
function mktime(tm: Tm): number {
  const jan = new Date(tm.year, 0, 1).getTimezoneOffset();
  const jul = new Date(tm.year, 6, 1).getTimezoneOffset();
  if (jan === jul) {
    return Math.floor(new Date(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec).getTime() / 1000);
  }
  const offset = tm.isdst ? Math.min(jan, jul) : Math.max(jan, jul);
  return Date.UTC(tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec) / 1000 + offset * 60;
}

function setDate(d: Tm, t: number): void {
  const v = localtime(t);
  d.mday = v.mday;
  d.mon = v.mon;
  d.year = v.year;
  d.isdst = v.isdst;
}

function setNow(d: Tm, t: number): void {
  const v = localtime(t);
  d.sec = v.sec;
  d.min = v.min;
  d.hour = v.hour;
  setDate(d, t);
}

function midnight(d: Tm): void {
  d.sec = 0;
  d.min = 0;
  d.hour = 0;
}

/** Sets `d` for a time word; false when `word` is not one. */
function setWord(d: Tm, word: string, facts: SearchTimeFacts): boolean {
  const now = facts.now;
  switch (word) {
    case "now":
      setNow(d, now);
      return true;
    case "recent":
      setNow(d, now - 600);
      return true;
    case "this-hour":
      setNow(d, now);
      d.min = 0;
      d.sec = 0;
      return true;
    case "boot":
      if (facts.uptime === undefined) {
        throw new SearchTimeError("Can't read uptime", word);
      }
      setNow(d, now - Math.floor(facts.uptime + 0.5));
      return true;
    case "today":
      midnight(d);
      setDate(d, now);
      return true;
    case "yesterday":
      midnight(d);
      setDate(d, now - DAY);
      return true;
    case "this-week":
      midnight(d);
      setDate(d, now - localtime(now).wday * DAY);
      return true;
    case "week-ago":
      midnight(d);
      setDate(d, now - 7 * DAY);
      return true;
    case "this-month":
      midnight(d);
      setDate(d, now);
      d.mday = 1;
      return true;
    case "this-year":
      midnight(d);
      setDate(d, now);
      d.mday = 1;
      d.mon = 0;
      d.isdst = false;
      return true;
  }
  return false;
}

/** glibc strptime's `get_number`: spaces, then up to `n` digits in [from, to]. */
function getNumber(
  s: string,
  pos: { i: number },
  from: number,
  to: number,
  n: number,
): number | undefined {
  while (s.charCodeAt(pos.i) === 32 || (s.charCodeAt(pos.i) >= 9 && s.charCodeAt(pos.i) <= 13)) {
    pos.i++;
  }
  const digit = (i: number): boolean => s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
  if (!digit(pos.i)) return undefined;
  let val = 0;
  do {
    val = val * 10 + s.charCodeAt(pos.i++) - 48;
  } while (--n > 0 && val * 10 <= to && digit(pos.i));
  return val < from || val > to ? undefined : val;
}

/**
 * What strptime made of a text: all of it read (`"ok"`), a match followed by
 * more text (`"trailing"`: ausearch's "Error parsing"), or no match (`"bad"`:
 * ausearch's "Invalid ...").
 */
type Parsed = "ok" | "trailing" | "bad";

/**
 * Reads `MM/DD/YY` (the C locale's `%x`) into `d`; also `MM/DD/YYYY`, which
 * ausearch 3.0.9 refuses.
 */
function parseDate(d: Tm, text: string): Parsed {
  const pos = { i: 0 };
  const mon = getNumber(text, pos, 1, 12, 2);
  if (mon === undefined || text[pos.i++] !== "/") return "bad";
  const mday = getNumber(text, pos, 1, 31, 2);
  if (mday === undefined || text[pos.i++] !== "/") return "bad";
  const rest = text.slice(pos.i);
  let year: number;
  if (/^\d{4}$/.test(rest)) {
    year = Number(rest);
  } else {
    const y = getNumber(text, pos, 0, 99, 2);
    if (y === undefined) return "bad";
    if (pos.i !== text.length) return "trailing";
    year = y >= 69 ? 1900 + y : 2000 + y;
  }
  d.mon = mon - 1;
  d.mday = mday;
  d.year = year;
  return "ok";
}

/** Reads `HH:MM:SS` (the C locale's `%X`) into `d`. */
function parseTime(d: Tm, text: string): Parsed {
  const pos = { i: 0 };
  const hour = getNumber(text, pos, 0, 23, 2);
  if (hour === undefined || text[pos.i++] !== ":") return "bad";
  const min = getNumber(text, pos, 0, 59, 2);
  if (min === undefined || text[pos.i++] !== ":") return "bad";
  const sec = getNumber(text, pos, 0, 61, 2);
  if (sec === undefined) return "bad";
  if (pos.i !== text.length) return "trailing";
  d.hour = hour;
  d.min = min;
  d.sec = sec;
  return "ok";
}

/**
 * ausearch's `ausearch_time_start`/`ausearch_time_end`: the time named by a
 * date (or time word) and a time of day, as seconds since the epoch.
 *
 * @param edge `"start"` for `-ts`, `"end"` for `-te`.
 * @param date A date or time word; `undefined` for today.
 * @param time `HH:MM:SS` or `HH:MM`; `undefined` for midnight (start) or the
 * current time of day (end).
 * @param facts The current time and uptime.
 * @returns Seconds since the epoch.
 * @throws {SearchTimeError} With ausearch's message when the text is refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { searchTime } from "@libaudit/libaudit/interpret";
 *
 * const now = Date.UTC(2026, 10, 25, 12, 0, 0) / 1000;
 * assert.equal(searchTime("start", "recent", undefined, { now }), now - 600);
 * ```
 */
export function searchTime(
  edge: "start" | "end",
  date: string | undefined,
  time: string | undefined,
  facts: SearchTimeFacts,
): number {
  const which = edge === "start" ? "start" : "end";
  const d: Tm = { sec: 0, min: 0, hour: 0, mday: 0, mon: 0, year: 1900, isdst: false };
  if (date === undefined) setNow(d, facts.now);
  else if (setWord(d, date, facts)) {
    if (
      (date === "recent" || date === "now" || date === "boot" || date === "this-hour") &&
      (time === undefined || time === "00:00:00")
    ) return mktime(d);
    if (edge === "end" && date === "today") {
      setNow(d, facts.now);
      if (time === undefined || time === "00:00:00") return mktime(d);
    }
  } else {
    const parsed = parseDate(d, date);
    if (parsed !== "ok") {
      throw new SearchTimeError(
        parsed === "trailing"
          ? `Error parsing ${which} date (${date})`
          : `Invalid ${which} date (${date}). Month, Day, and Year are required.`,
        date,
      );
    }
    // ausearch's "FIX DST flag": mktime normalizes the date at 00:00:00
    // with the flag off, which leaves the flag in force then in `d`.
    const v = localtime(mktime(d));
    Object.assign(d, {
      sec: v.sec,
      min: v.min,
      hour: v.hour,
      mday: v.mday,
      mon: v.mon,
      year: v.year,
      isdst: v.isdst,
    });
  }
  if (time !== undefined) {
    const parsed = parseTime(d, time.length <= 5 ? `${time}:00` : time);
    if (parsed !== "ok") {
      throw new SearchTimeError(
        parsed === "trailing"
          ? `Error parsing ${which} time (${time})`
          : `Invalid ${which} time (${time}). Hour, Minute, and Second are required.`,
        time,
      );
    }
  } else if (edge === "start") {
    // ausearch clears the whole date here, then refuses the year 1900.
    throw new SearchTimeError("Error - year is 1900", "");
  } else {
    const v = localtime(facts.now);
    d.hour = v.hour;
    d.min = v.min;
    d.sec = v.sec;
    d.isdst = v.isdst;
  }
  if (d.year < 2004) throw new SearchTimeError(`Error - year is ${d.year}`, date ?? "");
  return mktime(d);
}

/** What a `-ts`/`-te` option and its arguments mean. */
export interface TimeOption {
  /** Seconds since the epoch; absent for `-ts checkpoint`. */
  readonly seconds?: number;
  /** `-ts checkpoint`: take the start from the checkpoint file. */
  readonly checkpoint?: boolean;
  /** How many arguments after the option were used (1 or 2). */
  readonly used: number;
}

/**
 * Reads the arguments of a `-ts`/`-te` option the way ausearch and aureport
 * do: the next argument unless it starts with `-`, and the one after it too
 * when that one does not start with `-` (date and time in either order).
 *
 * @param edge `"start"` or `"end"`.
 * @param args The whole argument list.
 * @param index The position of the option (`-ts`, `--start`, …) in `args`.
 * @param facts The current time and uptime.
 * @returns The time and how many arguments it took.
 * @throws {SearchTimeError} When the arguments are missing or refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeOption } from "@libaudit/libaudit/interpret";
 *
 * const opt = timeOption("end", ["-te", "11/25/26", "01:35:04"], 0, { now: 0 });
 * assert.equal(opt.used, 2);
 * ```
 */
export function timeOption(
  edge: "start" | "end",
  args: readonly string[],
  index: number,
  facts: SearchTimeFacts,
): TimeOption {
  const first = args[index + 1];
  if (first === undefined || first.startsWith("-")) {
    throw new SearchTimeError(`${args[index]} requires either date and/or time`, "");
  }
  const second = args[index + 2];
  if (second !== undefined && !second.startsWith("-")) {
    const seconds = first.includes(":")
      ? searchTime(edge, second, first, facts)
      : searchTime(edge, first, second, facts);
    return { seconds, used: 2 };
  }
  if (TIME_WORDS.includes(first)) {
    return { seconds: searchTime(edge, first, "00:00:00", facts), used: 1 };
  }
  if (edge === "start" && first === "checkpoint") return { checkpoint: true, used: 1 };
  if (!first.includes(":")) {
    return {
      seconds: searchTime(edge, first, edge === "start" ? "00:00:00" : undefined, facts),
      used: 1,
    };
  }
  return { seconds: searchTime(edge, undefined, first, facts), used: 1 };
}
