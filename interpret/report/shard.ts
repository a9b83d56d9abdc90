/**
 * One half of a parallel report: a reader that owns the events created in
 * its part of a log and reads a neighbour's lines only to rebuild (before
 * its part) or finish (after it) the state aureport's event assembly shares
 * across the boundary. Two shards are exact when their states at the
 * boundary agree and their own events come out in order; the caller checks
 * that with {@linkcode shardsAgree} and reads sequentially otherwise.
 *
 * @module
 */
import { compactEvents, type ReportConfig, ReportEngine, textReader } from "./engine.ts";
import type { RunCounts, SummaryCounts } from "./totals.ts";
import { EventGrouper } from "./grouper.ts";
import type { IfName, UidName } from "./lookup.ts";
import type { DetailRow } from "./rows.ts";
import type { ReportEvent } from "./types.ts";

/** An event's place in the output: lines read after the boundary (-1 before) and its time. */
export interface EmitMark {
  readonly at: number;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
}

/** What a shard found, ready to be merged. */
export interface ShardResult {
  readonly rows: DetailRow[];
  readonly sd: SummaryCounts;
  readonly strings: Record<string, [string, number][]>;
  readonly numbers: Record<string, [number, number][]>;
  readonly found: boolean;
  readonly counts: RunCounts;
  readonly badLines: number;
  /** Warnings about own lines: shard-relative line number and text. */
  readonly warnings: { line: number; message: string }[];
  readonly digest: string;
  readonly tieSeen: boolean;
  readonly veryFirst: { sec: number; milli: number };
  readonly firstOwned: EmitMark | undefined;
  readonly lastOwned: EmitMark | undefined;
  readonly lastEmitted: { sec: number; milli: number } | undefined;
  /** Lines read. */
  readonly lines: number;
}

/** A shard: role 0 owns the part before the boundary, role 1 the part after it. */
export class ShardRun {
  readonly #engine: ReportEngine;
  readonly #grouper: EventGrouper;
  readonly #role: 0 | 1;
  readonly #rows: DetailRow[] = [];
  readonly #warnings: { line: number; message: string }[] = [];
  #afterBoundary = -1;
  #digest = "";
  #badLines = 0;
  #lines = 0;
  #firstOwned: EmitMark | undefined;
  #lastOwned: EmitMark | undefined;
  #lastEmitted: { sec: number; milli: number } | undefined;

  /** Creates a shard for `role` (`ifName`: the host's interfaces). */
  constructor(
    config: ReportConfig,
    uidName: UidName,
    eoeTimeout: number,
    role: 0 | 1,
    ifName?: IfName,
  ) {
    this.#role = role;
    this.#engine = new ReportEngine(config, uidName, ifName);
    this.#engine.onMalformed = (where, code) => {
      const line = Number(where.slice(where.lastIndexOf(":") + 1));
      this.#warnings.push({
        line,
        message: `malformed event skipped as aureport does (parser code ${code})`,
      });
    };
    this.#grouper = new EventGrouper({
      keepText: textReader(this.#engine),
      compact: compactEvents(this.#engine),
      eoeTimeout,
      startTime: config.startTime,
      endTime: config.endTime,
      onEvent: (ev, owned) => this.#event(ev, owned),
      onBadLine: (_file, line, reason) => {
        if ((this.#afterBoundary < 0) === (role === 0)) {
          this.#badLines++;
          this.#warnings.push({ line, message: `line skipped: ${reason}` });
        }
      },
    });
    this.#grouper.owning = role === 0;
  }

  #event(ev: ReportEvent, owned: boolean): void {
    this.#lastEmitted = { sec: ev.e.sec, milli: ev.e.milli };
    if (!owned) return;
    const mark = { at: this.#afterBoundary, sec: ev.e.sec, milli: ev.e.milli, serial: ev.e.serial };
    this.#firstOwned ??= mark;
    this.#lastOwned = mark;
    const rows = this.#engine.process(ev);
    for (const r of rows) this.#rows.push(r);
  }

  /**
   * Feeds a run of whole lines (the last may lack its newline), numbered
   * on from the lines fed before; with `stop`, stops after the line that
   * makes the shard {@linkcode done} and returns true.
   */
  text(text: string, stop = false): boolean {
    const g = this.#grouper;
    g.beginText(text);
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf("\n", start);
      if (nl === -1) nl = text.length;
      if (this.#afterBoundary >= 0) this.#afterBoundary++;
      g.addFrom(start, nl, "", ++this.#lines);
      if (stop && this.done) return true;
      start = nl + 1;
    }
    return false;
  }

  /** Lines fed so far. */
  get lines(): number {
    return this.#lines;
  }

  /** Called before the first line of the second part. */
  boundary(): void {
    this.#digest = this.#grouper.digest();
    this.#afterBoundary = 0;
    this.#grouper.owning = this.#role === 1;
  }

  /** Role 0: every own event has been passed on, reading can stop. */
  get done(): boolean {
    return this.#role === 0 && this.#afterBoundary >= 0 && this.#grouper.ownedPending === 0;
  }

  /** Ends reading (`last`: the end of the input) and returns the findings. */
  finish(last: boolean): ShardResult {
    if (last) {
      if (this.#afterBoundary >= 0) this.#afterBoundary++;
      this.#grouper.terminate();
    }
    const t = this.#engine.tallies;
    return {
      rows: this.#rows,
      sd: this.#engine.sd,
      strings: {
        users: t.users.entries(),
        terms: t.terms.entries(),
        files: t.files.entries(),
        hosts: t.hosts.entries(),
        exes: t.exes.entries(),
        comms: t.comms.entries(),
        avcObjs: t.avcObjs.entries(),
        keys: t.keys.entries(),
        syscalls: t.syscalls.entries(),
      },
      numbers: { pids: t.pids.entries(), types: t.types.entries() },
      found: this.#engine.found,
      counts: this.#engine.counts,
      badLines: this.#badLines,
      warnings: this.#warnings,
      digest: this.#digest,
      tieSeen: this.#grouper.tieSeen,
      veryFirst: { ...this.#grouper.veryFirst },
      firstOwned: this.#firstOwned,
      lastOwned: this.#lastOwned,
      lastEmitted: this.#lastEmitted,
      lines: this.#lines,
    };
  }
}

/** Whether two shards' results equal one sequential run's. */
export function shardsAgree(a: ShardResult, b: ShardResult): boolean {
  if (a.digest !== b.digest || a.tieSeen || b.tieSeen) return false;
  const last = a.lastOwned;
  const first = b.firstOwned;
  if (last === undefined || first === undefined) return true;
  if (last.at !== first.at) return last.at < first.at;
  if (last.sec !== first.sec) return last.sec < first.sec;
  if (last.milli !== first.milli) return last.milli < first.milli;
  return last.serial < first.serial;
}

/** Adds a shard's totals and tallies to `engine` (shards in input order). */
export function absorbShard(engine: ReportEngine, r: ShardResult): void {
  for (const k of Object.keys(r.sd) as (keyof SummaryCounts)[]) engine.sd[k] += r.sd[k];
  const t = engine.tallies as unknown as Record<string, { addCount(k: unknown, n: number): void }>;
  for (const [name, list] of Object.entries(r.strings)) {
    for (const [k, n] of list) t[name]!.addCount(k, n);
  }
  for (const [name, list] of Object.entries(r.numbers)) {
    for (const [k, n] of list) t[name]!.addCount(k, n);
  }
  engine.found ||= r.found;
  engine.counts.events += r.counts.events;
  engine.counts.malformed += r.counts.malformed;
}
