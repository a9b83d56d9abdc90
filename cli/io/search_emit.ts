/**
 * What `libaudit search` does with each grouped event, on any thread: the
 * test (`-k` on the event's bytes where it can be, the raw-text needles, then
 * ausearch's match) and the output in the chosen format.
 *
 * @module
 */
import { parseIdFile } from "../../interpret/id_resolver.ts";
// The modules themselves, not mod.ts: a worker loads only what it runs.
import type { GroupedEvent } from "../../interpret/search/grouped_event.ts";
import { type ByteSink, formatDefaultInto, formatRawInto } from "../../interpret/search/format.ts";
import { keyMatcher, MATCH_NO, MATCH_UNSURE } from "../../interpret/search/key_match.ts";
import { matchEvent } from "../../interpret/search/match.ts";
import type { SearchOptions } from "../../interpret/search/options.ts";
import { rawNeedles } from "../commands/search_usage.ts";
import type { EventFormatter } from "../commands/search_interpret.ts";
import { LocalClock } from "../../interpret/auparse/time.ts";
import { envVar, readTextFileOrUndefined } from "../host/system.ts";
import { interfaceNames } from "../host/interfaces.ts";
import { loadModule } from "../_lazy.ts";

/** The user and group tables (/etc/passwd, /etc/group). */
export interface IdTables {
  /** Users. */
  readonly users: ReturnType<typeof parseIdFile>;
  /** Groups. */
  readonly groups: ReturnType<typeof parseIdFile>;
}

/** Reads /etc/passwd and /etc/group (empty tables when they cannot be read). */
export function idTables(): IdTables {
  return {
    users: parseIdFile(readTextFileOrUndefined("/etc/passwd") ?? ""),
    groups: parseIdFile(readTextFileOrUndefined("/etc/group") ?? ""),
  };
}

/**
 * The text formatter of `options.format` (loaded only when used), or
 * `undefined` for the byte formats (`raw` and the default).
 */
export async function textFormat(
  options: SearchOptions,
  ids: IdTables,
): Promise<EventFormatter | undefined> {
  if (options.format !== "interpret" && options.format !== "csv" && options.format !== "text") {
    return undefined;
  }
  const resolver = {
    userName: (uid: string) => ids.users.byId.get(uid),
    groupName: (gid: string) => ids.groups.byId.get(gid),
    ifName: interfaceNames(),
    // Read once from /etc/passwd, /etc/group and /sys/class/net: the same answer every time.
    stable: true,
  };
  const clock = searchClock();
  // Each format's module, loaded only when it prints.
  return options.format === "interpret"
    ? (await loadModule("search_interpret")).interpretedFormatter(options, resolver, clock)
    : (await loadModule("search_normalize")).normalizedFormatter(options, resolver, clock);
}

/** Local time in the zone `TZ` names (a leading `:` dropped), or the runtime's. */
export function searchClock(): LocalClock {
  const tz = envVar("TZ");
  return new LocalClock(tz === undefined || tz === "" ? undefined : tz.replace(/^:/, ""));
}

/** Whether each needle is in some record of `event` (the raw-text test). */
export function passesNeedles(event: GroupedEvent, needles: RegExp[]): boolean {
  const records = event.records;
  return needles.every((re) =>
    records.some((r) => {
      re.lastIndex = 0;
      return re.test(r.line);
    })
  );
}

/** Whether an event matches the search's criteria. */
export function eventTest(options: SearchOptions, ids: IdTables): (event: GroupedEvent) => boolean {
  const c = options.criteria;
  const users = ids.users.byId;
  const needles = rawNeedles(c);
  const facts = {
    lookupUid: (_field: string, uid: number): string | undefined => {
      if (uid === 0) return "root";
      if (uid === 0xffffffff) return "unset";
      return users.get(String(uid));
    },
    warn: options.debug ? (t: string) => console.error(t) : () => {},
    ifName: interfaceNames(),
  };
  // -k alone is decided on the event's bytes where it can be.
  const quick = keyMatcher(c);
  return (event) => {
    const verdict = quick === undefined ? MATCH_UNSURE : quick(event);
    if (verdict === MATCH_NO) return false;
    if (verdict === MATCH_UNSURE) {
      if (needles.length > 0 && !passesNeedles(event, needles)) return false;
      if (!matchEvent(event, c, facts)) return false;
    }
    return true;
  };
}

/** Writes a matching event into `sink` in the search's format. */
export function eventWriter(
  options: SearchOptions,
  format: EventFormatter | undefined,
  rawToTerminal: boolean,
  sink: ByteSink,
): (event: GroupedEvent) => void {
  if (options.format === "raw") return (event) => formatRawInto(event, sink, rawToTerminal);
  if (format !== undefined) return (event) => format(event, sink);
  const escape = options.escape;
  return (event) => formatDefaultInto(event, sink, escape);
}
