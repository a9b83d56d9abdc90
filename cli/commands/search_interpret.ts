/**
 * `libaudit search -i`: ausearch's interpreted output (`output_interpreted`
 * in ausearch-report.c): `----`, then each record interpreted by auparse's
 * rules (interpret/auparse), last record first; an event whose last record
 * is a daemon record (types 1200–1299) shows only that record. (`--format
 * csv|text` are in search_normalize.ts, loaded only for them.)
 *
 * @module
 */
import { InterpretedLineWriter } from "../../interpret/auparse/format_bytes.ts";
import { msgTypeName } from "../../interpret/auparse/field.ts";
import type { LocalClock } from "../../interpret/auparse/time.ts";
import type { NameResolver } from "../../interpret/auparse/types.ts";
import {
  type ByteSink,
  type GroupedEvent,
  MAY_BE_NON_ASCII,
  type SearchOptions,
} from "../../interpret/search/mod.ts";

/**
 * Writes an event's output into `sink` and returns `""`, or without a sink
 * returns it as text.
 */
export type EventFormatter = (event: GroupedEvent, sink?: ByteSink) => string;

const SEPARATOR = new TextEncoder().encode("----\n");
const DECODER = new TextDecoder();

/**
 * The `-i` formatter of events (the records' bytes interpreted as they
 * are, see {@linkcode InterpretedLineWriter}).
 *
 * @param options The search options (`--escape`).
 * @param resolver User and group names.
 * @param clock Local time (the search's `TZ`).
 * @returns A function writing an event's text (see {@linkcode EventFormatter}).
 */
export function interpretedFormatter(
  options: SearchOptions,
  resolver: NameResolver,
  clock: LocalClock,
): EventFormatter {
  const writer = new InterpretedLineWriter({ resolver, escape: options.escape, clock });
  // The writer's own buffer, for text asked for without a sink.
  let own = writer.buf;
  return (event, sink) => {
    if (sink === undefined) {
      writer.buf = own;
      writer.length = 0;
      writeEvent(writer, event);
      own = writer.buf;
      return "----\n" + DECODER.decode(writer.buf.subarray(0, writer.length));
    }
    // Straight into the sink's buffer.
    sink.lend(writer, EVENT_ROOM);
    writer.copyAll(SEPARATOR);
    writeEvent(writer, event);
    sink.takeBack(writer);
    return "";
  };
}

/** Bytes free in the sink before an event is written (a larger one grows the buffer). */
const EVENT_ROOM = 1 << 14;

/** Writes the records of `event`, last first, into `writer`. */
function writeEvent(writer: InterpretedLineWriter, event: GroupedEvent): void {
  writer.eventStamp = event; // its sec, milli and serial, as ausearch prints them
  const last = event.count - 1;
  const offs = event.offs;
  const ascii = (event.flags & MAY_BE_NON_ASCII) === 0;
  const first = last >= 0 && event.typeAt(last) >= 1200 && event.typeAt(last) < 1300 ? last : 0;
  const heads = event.heads;
  for (let i = last; i >= first; i--) {
    const buf = event.bufs[i]!;
    let start = offs[3 * i]!;
    const type = offs[3 * i + 2]!;
    const head = heads[i]!;
    // Leading spaces go with a type libaudit names (ausearch prints "type=NAME msg=audit(").
    if (head < 0 && buf[start] === 32 && msgTypeName(type) !== undefined) {
      while (buf[start] === 32) start++;
    }
    // The header as the grouper read it (a line without leading spaces).
    writer.line(buf, start, offs[3 * i + 1]!, event.messageEnd(i), event.node, ascii, head, type);
  }
}
