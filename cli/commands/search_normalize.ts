/**
 * `libaudit search --format csv|text`: auparse's normalizer (ausearch's
 * `csv_event` and `text_event` in ausearch-report.c), loaded only for these
 * formats (cli/_lazy.ts).
 *
 * @module
 */
import {
  auparseEvents,
  csvHeader,
  type CsvOptions,
  formatCsvEvent,
  formatTextEvent,
} from "../../interpret/auparse/normalize.ts";
import type { LocalClock } from "../../interpret/auparse/time.ts";
import type { NameResolver } from "../../interpret/auparse/types.ts";
import type { GroupedEvent } from "../../interpret/search/grouped_event.ts";
import type { ByteSink } from "../../interpret/search/byte_sink.ts";
import type { SearchOptions } from "../../interpret/search/options.ts";
import type { EventFormatter } from "./search_interpret.ts";

/**
 * The `--format csv` and `--format text` formatter (auparse's normalizer, as
 * ausearch's `csv_event` and `text_event`, on the events auparse makes of an
 * event's records): the CSV header comes before the first event printed.
 *
 * @param options The search options (`--escape`, `--extra-*`).
 * @param resolver User and group names.
 * @param clock Local time (the search's `TZ`).
 * @returns A function writing an event's text (see {@linkcode EventFormatter}).
 */
export function normalizedFormatter(
  options: SearchOptions,
  resolver: NameResolver,
  clock: LocalClock,
): EventFormatter {
  const o: CsvOptions = {
    resolver,
    escape: options.escape,
    clock,
    extraKeys: options.extraKeys,
    extraLabels: options.extraLabels,
    extraObj2: options.extraObj2,
    extraTime: options.extraTime,
    onError: (text: string) => console.error(text),
  };
  let header = options.format === "csv";
  return (event: GroupedEvent, sink?: ByteSink): string => {
    o.eventStamp = event; // its sec, milli and serial, as auparse reads them
    // ausearch feeds the event's records to auparse, which may see several events.
    let out = "";
    for (const lines of auparseEvents(event.records)) {
      if (options.format === "text") out += formatTextEvent(lines, o);
      else {
        out += (header ? csvHeader(o) : "") + formatCsvEvent(lines, o);
        header = false;
      }
    }
    if (sink === undefined) return out;
    sink.text(out);
    return "";
  };
}
