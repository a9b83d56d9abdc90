/**
 * Cutting an input into segments for parallel parsing: byte ranges that end
 * at a newline, each with the boundary windows its neighbours need.
 *
 * Events can straddle a segment boundary. The worker for segment `i` owns
 * every event whose first record is in segment `i`: it also reads the head
 * window of segment `i + 1` and takes from it the records of events still
 * open in its own tail window; the worker for segment `i + 1` reads the tail
 * window of segment `i` and skips, in its own head window, the records of
 * those same events. Both decide from the same bytes with the same rule
 * ({@linkcode openKeys}), so no record is printed twice or dropped. An event
 * that spans more than a window is printed in two parts.
 *
 * @module
 */
import type { AuditMessage } from "../../parse/mod.ts";
import { AUDIT_EOE, AUDIT_PROCTITLE, isSingleRecordType } from "../../parse/mod.ts";

/** Size of the head and tail windows, in bytes. */
const WINDOW_BYTES: number = 32 << 10;

/** One segment of input. */
export interface Segment {
  /** Its bytes; whole lines (the last line of the input may lack its newline). */
  readonly body: Uint8Array;
  /** End of the head window: bytes `[0, headEnd)` are whole lines. */
  readonly headEnd: number;
  /** Start of the tail window: bytes `[tailStart, length)` are whole lines. */
  readonly tailStart: number;
}

/** Bytes up to and including the last newline at or before `limit`, or 0. */
function cutAfterNewline(bytes: Uint8Array, limit: number): number {
  if (limit >= bytes.length) return bytes.length;
  const nl = bytes.lastIndexOf(0x0a, limit - 1);
  return nl === -1 ? 0 : nl + 1;
}

function windowsOf(body: Uint8Array): Segment {
  const headEnd = cutAfterNewline(body, WINDOW_BYTES);
  const from = Math.max(0, body.length - WINDOW_BYTES);
  // The tail starts after a newline (or at 0).
  const nl = from === 0 ? -1 : body.lastIndexOf(0x0a, from - 1);
  const tailStart = nl === -1 ? 0 : nl + 1;
  return { body, headEnd, tailStart };
}

/**
 * Groups chunks into segments of at least `size` bytes ending at a newline
 * (the last one ends where the input ends). Bodies are fresh copies, safe to
 * transfer to a worker.
 */
export async function* segments(
  chunks: AsyncIterable<Uint8Array>,
  size: number,
): AsyncGenerator<Segment> {
  let parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk.slice());
    length += chunk.length;
    if (length < size) continue;
    const joined = concat(parts, length);
    const end = joined.lastIndexOf(0x0a) + 1;
    if (end === 0) {
      parts = [joined];
      continue;
    }
    yield windowsOf(joined.slice(0, end));
    parts = end < joined.length ? [joined.slice(end)] : [];
    length = joined.length - end;
  }
  if (length > 0) yield windowsOf(concat(parts, length));
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The identity of the event a record belongs to. */
export function eventKey(m: AuditMessage): string {
  return m.node === undefined
    ? `${m.sequence}:${m.timestamp}`
    : `${m.sequence}:${m.timestamp}:${m.node}`;
}

/**
 * The events still open at the end of `records` (a tail window): keys of
 * multi-record events seen there whose closing record (PROCTITLE or EOE) is
 * not.
 */
export function openKeys(records: Iterable<AuditMessage>): Set<string> {
  const open = new Set<string>();
  for (const m of records) {
    const type = m.recordType;
    if (type === AUDIT_EOE || type === AUDIT_PROCTITLE) open.delete(eventKey(m));
    else if (!isSingleRecordType(type)) open.add(eventKey(m));
  }
  return open;
}
