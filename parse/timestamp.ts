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

function format(ms: number): string {
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
