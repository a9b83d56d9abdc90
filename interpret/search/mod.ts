/**
 * ausearch's search logic, pure: its `-ts`/`-te` time arguments (and, as
 * they land, its criteria, matching and output formats).
 *
 * @example Read ausearch's time arguments
 * ```ts
 * import { timeOption } from "@libaudit/libaudit/interpret";
 *
 * const now = Date.UTC(2026, 10, 25, 12, 0, 0) / 1000;
 * const start = timeOption("start", ["-ts", "recent"], 0, { now });
 * start.seconds; // now - 600
 * ```
 *
 * @module
 */
export {
  searchTime,
  SearchTimeError,
  type SearchTimeFacts,
  TIME_WORDS,
  type TimeOption,
  timeOption,
} from "./time.ts";
