/**
 * Timestamps as go-libaudit stores them.
 *
 * @module
 */

/**
 * Formats milliseconds since the epoch like Go's `time.Time` JSON (RFC 3339
 * in UTC with trailing zeros of the fraction removed): `1170021601340` →
 * `"2007-01-28T22:00:01.34Z"`.
 */
export function formatTimestamp(ms: number): string {
  // Records of one event share their timestamp: remember the last one.
  if (ms === lastMs) return lastText;
  lastMs = ms;
  return lastText = format(ms);
}

let lastMs = NaN;
let lastText = "";

/** Largest time (ms) with a four-digit year: `9999-12-31T23:59:59.999Z`. */
const YEAR_9999 = 253402300799999;
/** The fraction and zone of each millisecond, `".34Z"` for 340, `"Z"` for 0. */
const FRACTIONS: string[] = Array.from({ length: 1000 }, (_, f) => {
  if (f === 0) return "Z";
  let digits = String(f).padStart(3, "0");
  while (digits.endsWith("0")) digits = digits.slice(0, -1);
  return "." + digits + "Z";
});
let lastSecond = NaN;
/** `YYYY-MM-DDTHH:MM:SS` of `lastSecond`. */
let secondText = "";

function format(ms: number): string {
  if (ms >= 0 && ms <= YEAR_9999 && Number.isInteger(ms)) {
    // The date and time of day change once a second, not with every event.
    const second = Math.floor(ms / 1000);
    if (second !== lastSecond) {
      lastSecond = second;
      secondText = new Date(second * 1000).toISOString().slice(0, 19);
    }
    // Joined, not `+` (see below).
    return [secondText, FRACTIONS[ms - second * 1000]!].join("");
  }
  return formatIso(ms);
}

function formatIso(ms: number): string {
  const iso = new Date(ms).toISOString(); // …T22:00:01.340Z
  const dot = iso.length - 5;
  if (iso.charCodeAt(dot) !== 46) return iso;
  // Joined, not `+`: a concatenation is a ConsString, which takes
  // `JSON.stringify` off its fast path (see `_flat.ts`).
  if (iso.endsWith(".000Z")) return [iso.slice(0, dot), "Z"].join("");
  if (iso.endsWith("00Z")) return [iso.slice(0, dot + 2), "Z"].join("");
  if (iso.endsWith("0Z")) return [iso.slice(0, dot + 3), "Z"].join("");
  return iso;
}
