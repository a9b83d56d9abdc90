/**
 * What the pictures show: events over time (successful and failed apart)
 * and the top users, executables, keys, files, hosts and failed syscalls —
 * gathered from events with aureport's own field extraction.
 *
 * @module
 */
import { StringTally } from "./_tally.ts";
import { extractSearchItems } from "./extract.ts";
import { wantedFor } from "./kinds.ts";
import { loadInterpretations, type LookupContext, lookupSyscall, lookupUid } from "./lookup.ts";
import { NO_LOGINUID, type ReportEvent, type Wanted } from "./types.ts";

/** One time bucket of the timeline. */
export interface Bucket {
  /** Start, seconds since the epoch. */
  readonly start: number;
  /** Successful (or unknown outcome) events. */
  readonly ok: number;
  /** Failed events. */
  readonly failed: number;
}

/** A ranked list: `[name, count]`, most first. */
export type TopList = readonly (readonly [string, number])[];

/** The data behind the chart and the HTML page. */
export interface Insights {
  /** Events counted. */
  readonly events: number;
  /** Failed events among them. */
  readonly failed: number;
  /** First and last event seconds (0 when none). */
  readonly first: number;
  readonly last: number;
  /** Top lists, `top` entries each. */
  readonly users: TopList;
  readonly exes: TopList;
  readonly keys: TopList;
  readonly files: TopList;
  readonly hosts: TopList;
  readonly failedSyscalls: TopList;
  /** Seconds with events: `[sec, ok, failed]`, ascending. */
  readonly seconds: readonly (readonly [number, number, number])[];
}

/** Bucket sizes the timeline chooses from, seconds. */
export const BUCKET_SIZES: readonly number[] = [
  1,
  2,
  5,
  10,
  15,
  30,
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10800,
  21600,
  43200,
  86400,
  172800,
  604800,
  2592000,
  31536000,
];

/** Collects {@linkcode Insights} from events. */
export class InsightCollector {
  readonly #w: Wanted = wantedFor("summary", true);
  readonly #ctx: LookupContext;
  #events = 0;
  #failed = 0;
  #first = 0;
  #last = 0;
  readonly #perSecond = new Map<number, [number, number]>();
  readonly #users = new StringTally();
  readonly #exes = new StringTally();
  readonly #keys = new StringTally();
  readonly #files = new StringTally();
  readonly #hosts = new StringTally();
  readonly #failedSyscalls = new StringTally();

  /** Creates a collector; `uidName` names login uids. */
  constructor(uidName: (uid: number) => string | undefined) {
    this.#ctx = { interpret: true, uidName };
  }

  /** Counts one event. */
  add(ev: ReportEvent): void {
    const x = extractSearchItems(ev, this.#w);
    const s = x.items;
    const failed = s.success === 0;
    this.#events++;
    if (failed) this.#failed++;
    const sec = ev.e.sec;
    if (this.#first === 0 || sec < this.#first) this.#first = sec;
    if (sec > this.#last) this.#last = sec;
    const slot = this.#perSecond.get(sec);
    if (slot === undefined) this.#perSecond.set(sec, failed ? [0, 1] : [1, 0]);
    else slot[failed ? 1 : 0]++;
    if (x.error !== 0) return;
    const il = loadInterpretations(ev);
    if (s.loginuid !== NO_LOGINUID) this.#users.add(lookupUid(this.#ctx, s.loginuid, il));
    this.#exes.add(s.exe);
    for (const k of s.keys ?? []) if (k !== "(null)") this.#keys.add(k);
    for (const f of s.filenames ?? []) this.#files.add(f.str);
    this.#hosts.add(s.hostname);
    if (failed && s.syscall > 0) {
      this.#failedSyscalls.add(lookupSyscall(this.#ctx, s.syscall, s.arch, il));
    }
  }

  /** The result, with `top` entries per list. */
  result(top: number): Insights {
    const cut = (t: StringTally): TopList => t.sorted().slice(0, top);
    return {
      events: this.#events,
      failed: this.#failed,
      first: this.#first,
      last: this.#last,
      users: cut(this.#users),
      exes: cut(this.#exes),
      keys: cut(this.#keys),
      files: cut(this.#files),
      hosts: cut(this.#hosts),
      failedSyscalls: cut(this.#failedSyscalls),
      seconds: [...this.#perSecond].map(([s, [ok, f]]) => [s, ok, f] as const).sort((a, b) =>
        a[0] - b[0]
      ),
    };
  }
}

/** Groups the per-second counts into at most `maxBuckets` equal buckets (sizes from {@linkcode BUCKET_SIZES}). */
export function bucketize(data: Insights, maxBuckets: number): { size: number; buckets: Bucket[] } {
  if (data.seconds.length === 0) return { size: 1, buckets: [] };
  const span = data.last - data.first + 1;
  const size = BUCKET_SIZES.find((s) => Math.ceil(span / s) <= maxBuckets) ??
    Math.ceil(span / maxBuckets);
  const base = data.first - (data.first % size);
  const count = Math.floor((data.last - base) / size) + 1;
  const ok = new Array<number>(count).fill(0);
  const failed = new Array<number>(count).fill(0);
  for (const [sec, o, f] of data.seconds) {
    const i = Math.floor((sec - base) / size);
    ok[i]! += o;
    failed[i]! += f;
  }
  return {
    size,
    buckets: ok.map((o, i) => ({ start: base + i * size, ok: o, failed: failed[i]! })),
  };
}
