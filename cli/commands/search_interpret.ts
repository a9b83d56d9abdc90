/**
 * `libaudit search -i`: ausearch's interpreted output (`output_interpreted`
 * in ausearch-report.c): `----`, then each record interpreted by auparse's
 * rules (interpret/auparse), last record first; an event whose last record
 * is a daemon record (types 1200–1299) shows only that record.
 *
 * @module
 */
import { csvHeader, formatCsvEvent, formatTextEvent } from "../../interpret/auparse/normalize.ts";
import { formatInterpretedLine } from "../../interpret/auparse/format.ts";
import { LocalClock } from "../../interpret/auparse/time.ts";
import type { NameResolver } from "../../interpret/auparse/types.ts";
import type { SearchEvent, SearchOptions } from "../../interpret/search/mod.ts";
import { envVar } from "../host/system.ts";

/**
 * The `-i` formatter of events.
 *
 * @param options The search options (`--escape`).
 * @param resolver User and group names.
 * @returns A function from an event to its text.
 */
export function interpretedFormatter(
  options: SearchOptions,
  resolver: NameResolver,
): (event: SearchEvent) => string {
  const clock = localClock();
  const format = {
    resolver,
    escape: options.escape,
    clock,
  };
  return (event) => {
    const records = event.records;
    const opts = { ...format, eventNode: event.node ?? null };
    let out = "----\n";
    const last = records[records.length - 1];
    if (last === undefined) return out;
    if (last.type >= 1200 && last.type < 1300) return out + formatInterpretedLine(last.line, opts);
    for (let i = records.length - 1; i >= 0; i--) {
      out += formatInterpretedLine(records[i]!.line, opts);
    }
    return out;
  };
}

function localClock(): LocalClock {
  const tz = envVar("TZ");
  return new LocalClock(tz === undefined || tz === "" ? undefined : tz.replace(/^:/, ""));
}

/**
 * The `--format csv` and `--format text` formatter (auparse's normalizer, as
 * ausearch's `csv_event` and `text_event`): the CSV header comes before the
 * first event printed.
 *
 * @param options The search options (`--escape`, `--extra-*`).
 * @param resolver User and group names.
 * @returns A function from an event to its text.
 */
export function normalizedFormatter(
  options: SearchOptions,
  resolver: NameResolver,
): (event: SearchEvent) => string {
  const o = {
    resolver,
    escape: options.escape,
    clock: localClock(),
    extraKeys: options.extraKeys,
    extraLabels: options.extraLabels,
    extraObj2: options.extraObj2,
    extraTime: options.extraTime,
  };
  let header = options.format === "csv";
  return (event) => {
    const lines = event.records.map((r) => r.line);
    if (options.format === "text") return formatTextEvent(lines, o);
    const out = (header ? csvHeader(o) : "") + formatCsvEvent(lines, o);
    header = false;
    return out;
  };
}
