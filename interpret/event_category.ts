/**
 * The category of an event from its main record type (go-libaudit's
 * `GetAuditEventType`, ported from audit-userspace's normalize.c).
 *
 * @module
 */

/** Event categories, as printed. */
export type EventCategory =
  | "unknown"
  | "user-space"
  | "system-services"
  | "configuration"
  | "TTY"
  | "user-account"
  | "user-login"
  | "audit-daemon"
  | "mac-decision"
  | "anomaly"
  | "integrity"
  | "anomaly-response"
  | "mac"
  | "crypto"
  | "virt"
  | "audit-rule"
  | "dac-decision"
  | "group-change";

function within(t: number, low: number, high: number): boolean {
  return t >= low && t <= high;
}

/**
 * The category of a record type number; the first matching rule wins, as
 * in go-libaudit.
 *
 * @example
 * ```ts
 * import { eventCategory } from "@libaudit/libaudit/interpret";
 * eventCategory(1112); // "user-login"
 * eventCategory(1300); // "audit-rule"
 * ```
 */
export function eventCategory(t: number): EventCategory {
  if (
    within(t, 1100, 1106) || within(t, 1108, 1110) || within(t, 1112, 1113) || t === 1126
  ) return "user-login";
  if (within(t, 1114, 1117) || within(t, 1132, 1133) || within(t, 1135, 1136)) {
    return "user-account";
  }
  if (t === 2000 || within(t, 1127, 1131)) return "system-services";
  if (t === 1111 || t === 1305 || t === 1325 || within(t, 1328, 1329)) return "configuration";
  if (t === 1326) return "dac-decision";
  if (within(t, 1119, 1121) || t === 1123 || t === 1125) return "user-space";
  if (t === 1124 || t === 1319) return "TTY";
  if (within(t, 1200, 1299)) return "audit-daemon";
  if (
    t === 1122 || t === 1107 || within(t, 1502, 1503) || t === 1506 || within(t, 1400, 1402)
  ) return "mac-decision";
  if (within(t, 1800, 1899) || t === 2109) return "integrity";
  if (within(t, 1700, 1799) || within(t, 2100, 2108) || within(t, 2110, 2199)) {
    return "anomaly";
  }
  if (within(t, 2200, 2299)) return "anomaly-response";
  if (
    within(t, 1403, 1499) || within(t, 1500, 1501) || within(t, 1504, 1505) ||
    within(t, 2300, 2399)
  ) return "mac";
  if (within(t, 1600, 1699) || within(t, 2400, 2499)) return "crypto";
  if (within(t, 2500, 2599)) return "virt";
  if (
    within(t, 1300, 1304) || within(t, 1306, 1315) || within(t, 1317, 1318) ||
    within(t, 1321, 1324)
  ) return "audit-rule";
  return "unknown";
}
