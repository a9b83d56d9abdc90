/**
 * ausearch's search logic, pure: its command line, its `-ts`/`-te` time
 * arguments, how it groups records into events, which fields it extracts and
 * how each option matches, and its `raw` and default output.
 *
 * @example Search lines as `ausearch -k net` does
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordTypeNumber } from "@libaudit/libaudit/parse";
 * import {
 *   EventGrouper,
 *   formatDefault,
 *   type GroupedEvent,
 *   matchEvent,
 *   parseSearchArgs,
 * } from "@libaudit/libaudit/interpret";
 *
 * const { criteria } = parseSearchArgs(["-k", "net"], { now: 0, machine: "x86_64" });
 * const grouper = new EventGrouper({ typeNumber: recordTypeNumber });
 * let out = "";
 * const emit = (event: GroupedEvent) => {
 *   if (matchEvent(event, criteria)) out += formatDefault(event);
 * };
 * grouper.add(
 *   'type=SYSCALL msg=audit(1795570504.898:1): arch=c000003e syscall=42 success=no exit=-2 a0=d a1=0 a2=6e a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key="net"',
 *   emit,
 * );
 * grouper.finish(emit);
 * assert.match(out, /^----\ntime->/);
 * ```
 *
 * @example Read ausearch's time arguments
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeOption } from "@libaudit/libaudit/interpret";
 *
 * const now = Date.UTC(2026, 10, 25, 12, 0, 0) / 1000;
 * const start = timeOption("start", ["-ts", "recent"], 0, { now });
 * assert.equal(start.seconds, now - 600);
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
export {
  newSearchItems,
  S_FAILED,
  S_SUCCESS,
  S_UNSET,
  type SearchCriteria,
  type SearchItems,
} from "./criteria.ts";
export {
  extractSearchItems,
  matchEvent,
  type MatchFacts,
  type SearchEvent,
  type SearchRecord,
  type UidLookup,
} from "./match.ts";
export {
  type BadHeader,
  EventGrouper,
  type GroupOptions,
  headerProblem,
  NUL_LINE,
  TIED,
} from "./group.ts";
export { CLines } from "./c_lines.ts";
export { GroupedEvent } from "./grouped_event.ts";
export {
  lineFlagsOf,
  LineIndex,
  MAY_BE_ENRICHED,
  MAY_BE_NON_ASCII,
  MAY_HAVE_CONTROLS,
} from "./line_flags.ts";
export {
  ByteSink,
  ctime,
  escapeAusearch,
  formatDefault,
  formatDefaultInto,
  formatRaw,
  formatRawInto,
} from "./format.ts";
export { keyMatcher, MATCH_NO, MATCH_UNSURE, MATCH_YES } from "./key_match.ts";
export {
  parseSearchArgs,
  type SearchFormat,
  SearchOptionError,
  type SearchOptionFacts,
  type SearchOptions,
} from "./options.ts";
