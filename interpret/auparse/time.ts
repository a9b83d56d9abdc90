/**
 * Local time as ausearch prints it: `strftime("%x %T")` of `localtime()`
 * in the C locale (`11/25/26 01:35:04`), in an IANA time zone, computed
 * without I/O through `Intl`.
 *
 * @module
 */

/** Broken-down local time (as C's `struct tm`, month 1–12, weekday 1–7 Monday first). */
export interface LocalTime {
  /** Year, e.g. 2026. */
  year: number;
  /** Month 1–12. */
  month: number;
  /** Day of the month 1–31. */
  day: number;
  /** Hour 0–23. */
  hour: number;
  /** Minute 0–59. */
  minute: number;
  /** Second 0–59. */
  second: number;
  /** ISO weekday: 1 Monday … 7 Sunday (`%u`). */
  weekday: number;
  /** Offset from UTC in seconds (`tm_gmtoff`). */
  gmtoff: number;
}

const BUCKET = 900; // zone offsets change on quarter hours

/** Seconds in 400 Gregorian years (the calendar, weekdays too, repeats after them). */
const CYCLE = 12622780800;
/** 2000-01-01T00:00:00Z: far times are moved into the cycle that starts here. */
const CYCLE_BASE = 946684800;
/** The seconds JavaScript's `Date` covers either way (less a day for zone offsets). */
const DATE_SECONDS = 8.64e12 - 86400;

/**
 * The last year in which glibc applies a zone's daylight-saving rule (the TZ
 * string after the zone's last transition). `compute_change` counts the days
 * from 1970 to January 1st of the year in an `int`; from 5881581 on the count
 * wraps, both changes fall far in the past, and the offset in force on
 * January 1st holds all year (standard time north of the equator, summer
 * time south of it): ausearch and aureport print 07/04/08 20:46:39 for
 * 999999999999999 in America/New_York (EST), not 21:46:39 (EDT).
 */
const GLIBC_LAST_RULE_YEAR = 5881580;
/** 5881581-01-01T00:00:00Z, before which every year applies the rule. */
const GLIBC_RULE_SECONDS = 185542602134400;

/**
 * A time `Date` can hold for `seconds`, and the years to add back: times past
 * `Date`'s range (years past ±275760) are moved by whole 400-year cycles, which
 * keeps the calendar and weekdays: later times into the cycle from 2000 (the
 * zones' current rules), earlier ones just inside the range (their local mean
 * time).
 *
 * @param seconds Seconds since the epoch.
 * @returns The moved seconds and the years they were moved by.
 */
export function inDateRange(seconds: number): [number, number] {
  if (seconds >= -DATE_SECONDS && seconds <= DATE_SECONDS) return [seconds, 0];
  // Before `Date`'s range: into its first cycles, before any zone's first
  // transition (its local mean time), as glibc has it there.
  const k = seconds < 0
    ? -Math.ceil((-DATE_SECONDS - seconds) / CYCLE)
    : Math.floor((seconds - CYCLE_BASE) / CYCLE);
  return [seconds - k * CYCLE, 400 * k];
}

/** Whether glibc's `localtime` can break down a time of year `year` (its `tm_year` is an `int`). */
export function yearFitsInt(year: number): boolean {
  return year - 1900 <= 2147483647 && year - 1900 >= -2147483648;
}

/**
 * Converts epoch seconds to local time in one zone, caching the zone's
 * offset per quarter hour.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LocalClock } from "@libaudit/libaudit/interpret";
 * const clock = new LocalClock("UTC");
 * assert.equal(clock.ausearchTime(1795570504), "11/25/26 01:35:04");
 * ```
 */
export class LocalClock {
  #zone: string | undefined;
  #fmt: Intl.DateTimeFormat | undefined;
  #offsets = new Map<number, number>();
  #fixed: number | undefined;
  #lastSecond = NaN;
  #lastText = "";

  /**
   * Creates a clock for one zone.
   *
   * @param timeZone An IANA zone name (`"UTC"`, `"America/New_York"`), or a
   * POSIX `TZ` without daylight rules (`"UTC0"`, `"JST-9"`, `"<+0530>-5:30"`);
   * default the runtime's zone. A zone neither knows is UTC, as glibc
   * treats an unknown `TZ`.
   */
  constructor(timeZone?: string) {
    this.#zone = timeZone;
    // UTC needs no zone data (building an Intl formatter costs tens of ms)
    if (timeZone === "UTC" || timeZone === "Etc/UTC") this.#fixed = 0;
  }

  /** The zone's formatter, made on first use (or the fixed offset of a POSIX `TZ`). */
  #format(): Intl.DateTimeFormat {
    if (this.#fmt !== undefined) return this.#fmt;
    const options = (zone: string | undefined): Intl.DateTimeFormatOptions => ({
      ...(zone === undefined ? {} : { timeZone: zone }),
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    try {
      this.#fmt = new Intl.DateTimeFormat("en-US", options(this.#zone));
    } catch {
      this.#fmt = new Intl.DateTimeFormat("en-US", options("UTC"));
      this.#fixed = posixOffset(this.#zone ?? "") ?? 0;
    }
    return this.#fmt;
  }

  /** The zone's offset from UTC at `seconds`, in seconds. */
  offset(seconds: number): number {
    if (this.#fixed !== undefined) return this.#fixed;
    // The runtime's own zone is `Date`'s: no Intl formatter to build.
    const fmt = this.#zone === undefined ? undefined : this.#format();
    if (this.#fixed !== undefined) return this.#fixed;
    const bucket = Math.floor(seconds / BUCKET);
    let off = this.#offsets.get(bucket);
    if (off === undefined) {
      const at = bucket * BUCKET;
      off = fmt === undefined ? runtimeOffset(at) : zoneOffset(fmt, at);
      if (this.#offsets.size > 10000) this.#offsets.clear();
      this.#offsets.set(bucket, off);
    }
    return off;
  }

  /** Broken-down local time of `seconds`, with glibc's offsets (see `GLIBC_LAST_RULE_YEAR`). */
  local(seconds: number): LocalTime {
    const [at, years] = inDateRange(seconds);
    const gmtoff = this.offset(seconds < GLIBC_RULE_SECONDS ? at : glibcOffsetAt(at, years));
    const d = new Date((at + gmtoff) * 1000);
    const wd = d.getUTCDay();
    return {
      year: d.getUTCFullYear() + years,
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: wd === 0 ? 7 : wd,
      gmtoff,
    };
  }

  /** `%x %T` in the C locale: `MM/DD/YY HH:MM:SS`. */
  ausearchTime(seconds: number): string {
    if (seconds === this.#lastSecond) return this.#lastText;
    const t = this.local(seconds);
    this.#lastSecond = seconds;
    // ausearch prints "?" where localtime fails
    return this.#lastText = Number.isNaN(t.year) || !yearFitsInt(t.year)
      ? "?"
      : `${cDate(t)} ${cTime(t)}`;
  }
}

/**
 * Where a zone's offset is read for the time `at` moved by `years` (see
 * {@linkcode inDateRange}): `at` itself, or past glibc's last rule year the
 * start of its (UTC) year, whose offset holds all year.
 */
function glibcOffsetAt(at: number, years: number): number {
  const year = new Date(at * 1000).getUTCFullYear();
  return year + years > GLIBC_LAST_RULE_YEAR ? Date.UTC(year, 0, 1) / 1000 : at;
}

/**
 * The offset from UTC at `at` (epoch seconds) of the runtime's zone, in
 * seconds: from `Date`'s local fields (`getTimezoneOffset` rounds a local
 * mean time such as New York's -4:56:02 to whole minutes).
 */
function runtimeOffset(at: number): number {
  const d = new Date(at * 1000);
  return utcSeconds(
    d.getFullYear(),
    d.getMonth() + 1,
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
  ) - at;
}

/** Epoch seconds of a UTC date and time (any year: not `Date.UTC`, which reads 0–99 as 1900–1999). */
function utcSeconds(
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(h, m, s);
  return d.getTime() / 1000;
}

/** The offset from UTC at `at` (epoch seconds) of the zone `fmt` formats in, in seconds. */
function zoneOffset(fmt: Intl.DateTimeFormat, at: number): number {
  const p: Record<string, number> = {};
  let bc = false;
  for (const part of fmt.formatToParts(at * 1000)) {
    if (part.type === "era") bc = part.value === "BC";
    else if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return utcSeconds(bc ? 1 - p.year! : p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!) -
    at;
}

/** The UTC offset of a POSIX `TZ` without daylight rules (`JST-9` is +9 h), in seconds. */
function posixOffset(tz: string): number | undefined {
  const m = /^(?:[A-Za-z]{3,}|<[^>]*>)([+-]?)(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?$/.exec(tz);
  if (!m) return undefined;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? secs : -secs;
}

function two(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `%x` in the C locale: `MM/DD/YY`. */
export function cDate(t: LocalTime): string {
  return `${two(t.month)}/${two(t.day)}/${two(((t.year % 100) + 100) % 100)}`;
}

/** `%T`: `HH:MM:SS`. */
export function cTime(t: LocalTime): string {
  return `${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
}
