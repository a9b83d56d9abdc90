/**
 * The JSON of interpreted events, kept by the text of their records: a busy
 * program's events (an exec storm) repeat the same records again and again
 * but for their headers (time, serial) and a few values of the SYSCALL
 * record that change with every call: its arguments `a0`…`a3` and `pid`,
 * `ppid`. An event whose records are those of an event seen before in all
 * else gets that event's JSON with these values put in, without being
 * parsed, coalesced, resolved or serialized again (on the 340k-record
 * corpus 87% of the events repeat another's records that way).
 *
 * Why the JSON is the same: interpretation is a function of the records'
 * types and text (ids resolved to names aside, see below). The header of the
 * first record gives `@timestamp` and `sequence`; an event led by a SYSCALL
 * record takes its normalization by syscall name, and none of those rules
 * reads `a0`…`a3`, `pid` or `ppid` (tests/interpret/event_json_cache_test.ts
 * checks the table), so these values go to `data.a0`…`data.a3` and
 * `process.pid`/`process.ppid` only. A value is left in the key (not put in)
 * unless its field name occurs once in the record and the value is a run of
 * `[0-9a-f]` followed by a space: such a run changes nothing in how the rest
 * of the record splits into fields. A kept event must also give its own JSON
 * back when its values are put in, and have no record errors (their
 * `raw_msg` has the header).
 *
 * An event led by another record (a PAM login's `USER_START`, `CRED_ACQ`…,
 * which repeat but for their `pid`) is normalized by record type, and a rule
 * may copy a value (`ANOM_ABEND`'s reads `pid`): it is kept only when each
 * value put in occurs once in its JSON (where it is put in), and never with
 * process context.
 *
 * Names of ids come from the user database of the moment: an entry is used
 * for at most `maxAge` ms ({@linkcode DEFAULT_TTL_MS} by default, as long as the CLI keeps a name), and the
 * caller must not use the cache when interpretation depends on anything else
 * but process context. Process context depends on earlier events: given the
 * `context` the interpreter adds last, a kept event feeds it the event's
 * facts with its own `pid`, `ppid` and `a0`, and the context it gives goes
 * into three more holes, at the ends of `process`, `tags` and the event
 * (`_event_json_context.ts`).
 *
 * A SOCKADDR record of an AF_UNIX socket counts only up to the NUL that ends
 * its path (`unixSockaddrCut` in `_unix_sockaddr_cut.ts`): programs pass `sun_path` with
 * whatever their stack held after the NUL, which changes nothing in the
 * event (the path is cut at the NUL) but would make each event new.
 *
 * Like the field cache (`parse/_text_cache.ts`), an event is kept the third
 * time it is seen (by hash), at most 2048 are kept, and a log whose events
 * rarely repeat pauses the lookups. An event is not kept while another with
 * its hash is kept and has never been found (they differ where the hash does
 * not look).
 *
 * @module
 */

import { DEFAULT_TTL_MS } from "./ttl_cache.ts";
import { HitWindow, putFirst, Sightings, WAYS } from "../parse/_cache_policy.ts";
import { AUDIT_SYSCALL } from "../parse/tables/record_type_constants.ts";
import { type AuditMessage, Message } from "../parse/message.ts";
import { formatTimestamp } from "../parse/timestamp.ts";
import { type ByteLineTarget, encodeParts, writeLine } from "./_event_json_bytes.ts";
import { cutAtMarkers, marker, VARYING_COUNT, VARYING_FIELDS } from "../parse/_varying.ts";
import { flat } from "../parse/_flat.ts";
import { Interner } from "./_process_intern.ts";
import { RecordScan } from "./_event_json_scan.ts";
import { type Entry, onlyOnce, partsOf, sharedHoles } from "./_event_json_entry.ts";
import type { AuditEvent } from "./event.ts";
import { type ContextAdditions, type ContextFacts, contextFacts, toPid } from "./context_facts.ts";
import type { ProcessContext } from "./process_context.ts";
import {
  contextTexts,
  HOLE_FIRST_FIELD,
  HOLE_PROCESS_END,
  HOLE_SEQUENCE,
  HOLE_TAGS_END,
  HOLE_TIME,
  JSON_HOLES,
  markPositions,
  trimPositions,
  withoutContext,
} from "./_event_json_context.ts";

export type { ByteLineTarget } from "./_event_json_bytes.ts";
export { VARYING_FIELDS } from "../parse/_varying.ts";

const ALL_HOLES = Array.from({ length: HOLE_FIRST_FIELD + VARYING_COUNT }, (_, i) => i);

/**
 * Sets of {@linkcode WAYS} kept events. With 256 the corpora's events pushed
 * each other out: `parse -i -f json` missed 7,010 (RAW) and 7,097
 * (ENRICHED) lookups, with 512 6,665 and 6,228 (1024: 6,663 and 6,226), and
 * built fewer entries again.
 */
const SETS = 512;
const A0 = VARYING_FIELDS.indexOf("a0");
const PPID = VARYING_FIELDS.indexOf("ppid");
const PID = VARYING_FIELDS.indexOf("pid");
const SEEN = 8192;
/**
 * How many events with the hash of a kept event that was never found are
 * not kept (one of them may repeat after all).
 */
const PASS = 8;

/** Options of an {@linkcode EventJsonCache}. */
export interface EventJsonCacheOptions {
  /** The clock (ms) for `maxAge`. */
  readonly now: () => number;
  /** Longest use of a kept event, in ms (default {@linkcode DEFAULT_TTL_MS}). */
  readonly maxAge?: number;
  /**
   * The process context that the interpreter adds to each event last
   * ({@linkcode ProcessContext.apply} after everything else): a kept event
   * feeds it the event's facts and gets its context put in.
   */
  readonly context?: ProcessContext | undefined;
}

/**
 * Interpreted events' JSON by their records' text (see the module). Call
 * {@linkcode EventJsonCache.lookup} with an event's records, and when it
 * gives nothing, {@linkcode EventJsonCache.offer} with the same records,
 * the interpreted event and its `JSON.stringify`.
 */
export class EventJsonCache {
  readonly #now: () => number;
  readonly #maxAge: number;
  readonly #context: ProcessContext | undefined;
  readonly #hashes = new Int32Array(SETS * WAYS);
  readonly #entries: (Entry | undefined)[] = new Array(SETS * WAYS).fill(undefined);
  readonly #sightings = new Sightings(SEEN);
  readonly #window = new HitWindow();
  // What the last lookup found out about its records (for `offer`).
  #records: readonly AuditMessage[] | undefined = undefined;
  #hash = 0;
  // What the last `find` found (for `foundJson` and `writeFound`).
  #found: Entry | undefined = undefined;
  #foundFirst: Message | undefined = undefined;
  #foundAdditions: ContextAdditions | undefined = undefined;
  /** The records of the last lookup: their values, hash and cuts. */
  readonly #scan = new RecordScan();
  /**
   * Kept events' record texts, one copy of each: in the 2,006 events kept 5 s
   * into `parse -i -f json` of the RAW corpus ten times, 9,506 other records'
   * bodies (1.11 MB) had 2,996 texts (0.31 MB), 13,835 SYSCALL segments
   * (0.69 MB) 151.
   */
  readonly #texts = new Interner();
  /** Lookups answered. */
  hits = 0;

  /** Creates an empty cache. */
  constructor(options: EventJsonCacheOptions) {
    this.#now = options.now;
    this.#maxAge = options.maxAge ?? DEFAULT_TTL_MS;
    this.#context = options.context;
  }

  /** The JSON of the event of `records` (without a line break), if an event like it is kept. */
  lookup(records: readonly AuditMessage[]): string | undefined {
    return this.find(records) ? this.foundJson() : undefined;
  }

  /**
   * Whether an event like that of `records` is kept: then its JSON is
   * {@linkcode foundJson}, or {@linkcode writeFound} writes it (until the
   * next call).
   */
  find(records: readonly AuditMessage[]): boolean {
    this.#records = undefined;
    this.#found = undefined;
    if (!this.#window.active()) return false;
    const first = records[0];
    if (!(first instanceof Message)) return false;
    if (first.recordType !== AUDIT_SYSCALL && this.#context !== undefined) return false;
    for (let i = 1; i < records.length; i++) if (!(records[i] instanceof Message)) return false;
    this.#window.lookup();
    const hash = this.#scan.hash(records as readonly Message[]);
    this.#records = records;
    this.#hash = hash;
    const base = (hash & (SETS - 1)) * WAYS;
    // The clock is read once a kept event has the hash.
    let now: number | undefined;
    for (let k = base; k < base + WAYS; k++) {
      const entry = this.#entries[k];
      if (entry === undefined || this.#hashes[k] !== hash) continue;
      now ??= this.#now();
      if (now - entry.builtAt > this.#maxAge || !this.#scan.matches(entry, records as Message[])) {
        continue;
      }
      let additions: ContextAdditions | undefined;
      if (this.#context !== undefined && entry.facts !== undefined) {
        const facts = this.#facts(entry.facts, first);
        if (facts === undefined) return false;
        additions = this.#context.additions(this.#context.observeFacts(facts, first.timestamp));
      }
      this.#window.hit();
      this.hits++;
      entry.hits++;
      this.#found = entry;
      this.#foundFirst = first;
      this.#foundAdditions = additions;
      return true;
    }
    return false;
  }

  /** The JSON (without a line break) of the event the last {@linkcode find} found. */
  foundJson(): string {
    return this.#fill(this.#found!, this.#foundFirst!, this.#foundAdditions);
  }

  /**
   * Writes the JSON of the event the last {@linkcode find} found and a line
   * break into `target` as UTF-8, the same bytes as encoding
   * {@linkcode foundJson} (its kept pieces were encoded once, its values are
   * ASCII); `false` when it did not (no room, or process context), then use
   * {@linkcode foundJson}.
   */
  writeFound(target: ByteLineTarget): boolean {
    const entry = this.#found!;
    const views = entry.partBytes;
    if (views === undefined) return false;
    const first = this.#foundFirst!;
    const sequence = first.sequence;
    if (!Number.isSafeInteger(sequence) || sequence < 0) return false;
    const { starts, ends } = this.#scan.values;
    return writeLine(target, views, entry.byteLength, entry.holes, {
      time: formatTimestamp(first.timestamp),
      sequence,
      text: first.line,
      starts,
      ends,
    });
  }

  /**
   * Offers the interpreted `event` of `records` (those of the last
   * {@linkcode lookup}, which gave nothing) and its JSON: kept the third time
   * such an event is offered, if it qualifies (see the module).
   */
  offer(records: readonly AuditMessage[], event: AuditEvent, json: string): void {
    if (records !== this.#records) return;
    this.#records = undefined;
    const hash = this.#hash;
    if (!this.#sightings.offered(hash) || event.errors !== undefined) return;
    const base = (hash & (SETS - 1)) * WAYS;
    if (this.#unused(base, hash)) return;
    const entry = this.#build(records as readonly Message[], event, json);
    if (entry === undefined) return;
    putFirst(this.#hashes, this.#entries, base, base + WAYS - 1, hash, entry);
  }

  /**
   * Whether the set at `base` keeps an event with `hash`, in use, that no
   * lookup has found yet (and fewer than {@linkcode PASS} events were
   * turned away for it). Then the events offered with that hash are likely
   * not one event seen again but several that differ only where the hash
   * does not look (it skips characters: `rmdir d84`, `rmdir d85`, inodes
   * that differ in a digit; the ENRICHED tail): keeping each in turn costs a
   * build and pushes useful events out, for no hits. On corpus40 (RAW), 890
   * of the 1,203 events kept were never found; now 427 are kept (172 never
   * found), the lookups answered go from 80,016 to 80,077.
   */
  #unused(base: number, hash: number): boolean {
    for (let k = base; k < base + WAYS; k++) {
      const kept = this.#entries[k];
      if (kept === undefined || this.#hashes[k] !== hash || kept.hits !== 0) continue;
      if (kept.passed < PASS && this.#now() - kept.builtAt <= this.#maxAge) {
        kept.passed++;
        return true;
      }
    }
    return false;
  }

  /** The context facts of the records last scanned (led by `first`), from a kept event's. */
  #facts(kept: ContextFacts, first: Message): ContextFacts | undefined {
    const values = this.#scan.values;
    const mask = values.mask;
    if ((mask & (1 << PID | 1 << PPID | 1 << A0)) === 0) return kept;
    const text = first.line;
    const pid = (mask & (1 << PID)) === 0 ? kept.pid : toPid(values.value(text, PID));
    if (pid === undefined) return undefined;
    return {
      ...kept,
      pid,
      ppid: (mask & (1 << PPID)) === 0 ? kept.ppid : toPid(values.value(text, PPID)),
      a0: (mask & (1 << A0)) === 0 ? kept.a0 : values.value(text, A0),
    };
  }

  /**
   * The JSON of `entry` with the values of the records last scanned (led by
   * `first`) and, with process context, their `additions`.
   */
  #fill(entry: Entry, first: Message, additions?: ContextAdditions): string {
    const parts = partsOf(entry);
    const holes = entry.holes;
    const text = first.line;
    const values = this.#scan.values;
    let context: [string, string, string] | undefined;
    let out = parts[0]!;
    for (let i = 0; i < holes.length; i++) {
      const hole = holes[i]!;
      if (hole === HOLE_TIME) out += formatTimestamp(first.timestamp);
      else if (hole === HOLE_SEQUENCE) out += first.sequence;
      else if (hole < HOLE_PROCESS_END) out += values.value(text, hole - HOLE_FIRST_FIELD);
      else {
        context ??= contextTexts(additions, entry.tags, entry.empty);
        out += context[hole === HOLE_PROCESS_END ? 0 : hole === HOLE_TAGS_END ? 1 : 2];
      }
      out += parts[i + 1]!;
    }
    return out;
  }

  /** A kept event from `event` and its `json`, or `undefined` when it does not qualify. */
  #build(records: readonly Message[], event: AuditEvent, json: string): Entry | undefined {
    const first = records[0]!;
    const text = first.line;
    const values = this.#scan.values;
    if (!values.unique(text, first.bodyStart)) return undefined;
    const mask = values.mask;
    if (first.recordType !== AUDIT_SYSCALL && !onlyOnce(json, text, values, mask)) return undefined;
    // With process context: the event as it was before it (its context goes in each time).
    // `applied` is undefined for an event without a pid (no context, no facts).
    const context = this.#context;
    const applied = context?.applied(event);
    const base = applied === undefined ? event : withoutContext(event, applied);
    const additions = applied?.additions;
    const facts = context === undefined ? undefined : contextFacts(base);
    if (facts !== undefined && applied === undefined) return undefined;
    // The event with markers where the values go.
    const process = { ...base.process } as Record<string, unknown>;
    const data = { ...base.data } as Record<string, unknown>;
    for (let k = 0; k < VARYING_COUNT; k++) {
      if ((mask & (1 << k)) === 0) continue;
      const name = VARYING_FIELDS[k]!;
      const target = k < 4 ? data : process;
      if (target[name] !== values.value(text, k)) return undefined;
      target[name] = marker(HOLE_FIRST_FIELD + k);
    }
    const marked: Record<string, unknown> = {
      ...base,
      "@timestamp": marker(HOLE_TIME),
      sequence: marker(HOLE_SEQUENCE),
      process,
      ...(base.data === undefined ? {} : { data }),
    };
    const holes = ALL_HOLES.filter((h) =>
      h < HOLE_FIRST_FIELD || (mask & (1 << (h - HOLE_FIRST_FIELD))) !== 0
    );
    if (context !== undefined) holes.push(...markPositions(marked));
    const cut = cutAtMarkers(JSON.stringify(marked), holes, JSON_HOLES, () => 1);
    if (cut === undefined) return undefined;
    const empty = context === undefined ? 0 : trimPositions(cut.parts, cut.holes);
    if (empty < 0) return undefined;
    const entry: Entry = {
      count: records.length,
      types: records.map((m) => m.recordType),
      node: first.node,
      mask,
      segments: values.segments(text, first.bodyStart, text.length).map((t) =>
        this.#texts.string(t)
      ),
      bodies: records.slice(1).map((m, i) => {
        const cut = this.#scan.cutOf(m, i + 1);
        return this.#texts.string(m.line.slice(m.bodyStart, cut < 0 ? undefined : cut));
      }),
      tails: !this.#scan.cut
        ? undefined
        : records.slice(1).map((m, i) =>
          this.#scan.cutOf(m, i + 1) < 0 ? undefined : flat(m.line.slice(m.bodyEnd))
        ),
      parts: cut.parts,
      holes: sharedHoles(cut.holes),
      partBytes: undefined,
      byteLength: 0,
      builtAt: this.#now(),
      facts,
      tags: base.tags,
      empty,
      hits: 0,
      passed: 0,
    };
    // The pieces must give this event's own JSON back.
    if (this.#fill(entry, first, additions) !== json) return undefined;
    if (!cut.holes.some((h) => h >= HOLE_PROCESS_END)) {
      [entry.partBytes, entry.byteLength] = encodeParts(cut.parts);
      entry.parts = undefined;
    }
    return entry;
  }
}
