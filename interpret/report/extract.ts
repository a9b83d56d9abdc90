/**
 * aureport's field extraction (ausearch-parse.c `extract_search_items`):
 * each record goes through the parser for its type (interpret/_parse_*.ts,
 * shared with search), which scans it with C string searches in the same
 * order and with the same cursors as aureport, so that the same fields are
 * found — and the same events are skipped as malformed (a non-zero code).
 *
 * Records are parsed every time, not looked up by body: a cache of each
 * record's effect on the fields (replayed for the next record with the same
 * tag and body; SYSCALL, CWD, PATH, SOCKADDR) was tried on 2026-12-03 and
 * cost more than it saved: hashing a body in JS takes about as long as
 * parsing a CWD or PATH record, and SYSCALL bodies (the costly ones to parse) repeat
 * only half of the time on corpus40 (`pid=`, `ppid=`, `a0=` differ per
 * process). Whole-process instructions (cachegrind): `report` +13% on
 * corpus40 (83% hits), +5% on the same log with unique bodies.
 *
 * @module
 */
import type { AvcNode, ParseSink } from "../_parse_items.ts";
import { parseRecord, recordReads } from "../_parse_record.ts";
import { NO_RECORD, type RecordStore } from "./_records.ts";
import type { IfName } from "./lookup.ts";
import {
  clearItems,
  emptyItems,
  type ReportEvent,
  type ReportRecord,
  type SearchItems,
  type Wanted,
} from "./types.ts";

/** The outcome of {@linkcode extractSearchItems}. */
export interface Extracted {
  /** The fields found. */
  readonly items: SearchItems;
  /** 0, or aureport's code for the malformed record that ended extraction. */
  readonly error: number;
  /** The record that was malformed, when `error` is not 0. */
  readonly record: ReportRecord | undefined;
}

/** How aureport keeps contexts and file names; `parse_user` may rewrite the current record. */
class ReportSink implements ParseSink<SearchItems> {
  record: ReportRecord | undefined;
  ifName: IfName | undefined;
  readonly lookupUid = undefined;
  readonly warn = undefined;
  readonly rewrite = (message: string): void => {
    this.record!.message = message;
  };
  addAvc(s: SearchItems, an: AvcNode): void {
    (s.avc ??= []).push(an);
  }
  addFile(s: SearchItems, name: string): void {
    (s.filenames ??= []).push({ str: name, key: undefined });
  }
  openFiles(s: SearchItems): void {
    s.filenames ??= [];
  }
  setFileKey(s: SearchItems, key: string): void {
    s.filenames![s.filenames!.length - 1]!.key = key;
  }
}

const SINK = new ReportSink();
/** The record a stored event's parser reads (`parse_user` may rewrite it; nothing reads it after). */
const SCRATCH: ReportRecord = { type: 0, message: "", interp: undefined, file: "", line: 0 };

/**
 * Extracts the fields `w` asks for from an event's records, as aureport
 * does (`ifName`: the host's interfaces, for link-local IPv6 scopes).
 */
export function extractSearchItems(event: ReportEvent, w: Wanted, ifName?: IfName): Extracted {
  const s = emptyItems();
  const k = SINK;
  k.ifName = ifName;
  for (const n of event.records) {
    k.record = n;
    const ret = parseRecord(n.message, n.type, s, w, k);
    if (ret !== 0) {
      k.record = undefined;
      return { items: s, error: ret, record: n };
    }
  }
  k.record = undefined;
  return { items: s, error: 0, record: undefined };
}

/** The items of {@linkcode extractStored}, one object reused from event to event. */
let stored: SearchItems = emptyItems();
/** {@linkcode extractStored}'s answer when no record is malformed. */
let storedOk: Extracted = { items: stored, error: 0, record: undefined };

/**
 * {@linkcode extractSearchItems} for an event whose records are kept in a
 * {@linkcode RecordStore} (from record `head` on); only the records the
 * parser reads for `w` are cut out of their text. The answer and its items
 * are valid until the next call (one object, reused: the caller keeps
 * neither).
 */
export function extractStored(
  store: RecordStore,
  head: number,
  w: Wanted,
  ifName?: IfName,
): Extracted {
  if (!clearItems(stored)) {
    stored = emptyItems();
    storedOk = { items: stored, error: 0, record: undefined };
  }
  const s = stored;
  const k = SINK;
  k.ifName = ifName;
  k.record = SCRATCH;
  for (let i = head; i !== NO_RECORD; i = store.next(i)) {
    const type = store.type(i);
    if (!reads(type, w)) continue;
    const ret = parseRecord(store.message(i), type, s, w, k);
    if (ret !== 0) {
      k.record = undefined;
      const record: ReportRecord = {
        type,
        message: store.message(i),
        interp: store.interp(i),
        file: store.file(i),
        line: store.line(i),
      };
      return { items: s, error: ret, record };
    }
  }
  k.record = undefined;
  return storedOk;
}

/** `recordReads` per type below 4096 for the last `Wanted` asked about: -1 not known yet. */
const READS = new Int8Array(4096);
let readsFor: Wanted | undefined;

function reads(type: number, w: Wanted): boolean {
  if (type < 0 || type >= 4096) return recordReads(type, w);
  if (w !== readsFor) {
    READS.fill(-1);
    readsFor = w;
  }
  let r = READS[type]!;
  if (r === -1) READS[type] = r = recordReads(type, w) ? 1 : 0;
  return r === 1;
}
