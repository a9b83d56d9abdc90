// Summarizes V8 CPU profiles (`deno run --cpu-prof`): the main thread's time
// by category (parse, reassemble, coalesce, interpretation, JSON, I/O, GC,
// runtime), then self time per function and per file, largest first.
//
//   deno run -A --v8-flags=... --cpu-prof --cpu-prof-dir=/tmp/prof \
//     cli.ts parse -i --format json --threads 1 LOG > /dev/null
//   deno run --allow-read bench/profile_summary.ts /tmp/prof/*.cpuprofile [TOP]
//
// With several profiles (runs of the same command) the category table has one
// column per profile and their median; the function and file tables are those
// of the first profile.
//
// How a sample is charged to a category: its innermost frame in a project
// file decides, by RULES below (first match). Frames outside the project
// (V8 builtins, Deno's `ext:` JavaScript, ops) are charged to their nearest
// project caller, and so are the helpers the caches share
// (`parse/_text_cache.ts`, `_cache_policy.ts`, `_varying.ts`,
// `_around_cache.ts`): a text hash for the event JSON cache counts as JSON,
// one for the field cache as parse. Fields are parsed lazily, from inside the
// JSON writing: that time is parse's all the same (innermost frame first).
// "JSON: cache lookup" is the caches of whole JSON (the event JSON cache of
// `-i`, the SYSCALL record JSON cache of plain `parse`): hashing and matching
// the records' text; "JSON: writing" is the printer, the caches' filling in
// of kept JSON and `JSON.stringify` of the rest. "I/O: encode, write" is the
// output's UTF-8 encoding and writes (`text_stage.ts`, `batch_writer.ts`, a
// range's collector); "I/O: read, split, line loop" the input side, the CLI's
// per-line loop (`pipeline.ts`, a range's `range_run.ts`) included.
// Samples with no project frame on the stack are V8's own: "(garbage
// collector)" is GC on the main thread (the concurrent part runs on V8's
// worker threads, which a profile does not see), "(program)" and frames
// outside any project code are runtime and compilation. "(idle)" is time the
// main thread was not running JavaScript (at the start: while Deno loads the
// modules); it is shown but left out of the shares.
// A profile's times are sampled on the main thread's clock (a descheduled
// thread's wait counts too), so on a loaded machine the shares are steadier
// than the ms. Rules that name functions must follow renames in those files.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in µs per profile node id: each sample lasts until the next one. */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const duration = timeDeltas[i + 1] ?? 0;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + duration);
  }
  return self;
}

/** Charged to the caller's category. */
const SHARED = "shared";

/**
 * Categories by project path (from the repository root) and, optionally,
 * function name; the first matching rule wins.
 */
export const RULES: readonly [path: RegExp, category: string, fn?: RegExp][] = [
  [/^parse\/(_text_cache|_cache_policy|_varying|_around_cache)\.ts$/, SHARED],
  [
    /^parse\/(reassembler\w*|_reassembler_types|_sequence_tracker|_node_trackers|_serial_runs)\.ts$/,
    "reassemble",
  ],
  [/^parse\/_record_json_cache\.ts$/, "JSON: cache lookup", /^(lookup|find)$/],
  [/^parse\/_record_json_cache\.ts$/, "JSON: writing"],
  [/^parse\/message\.ts$/, "JSON: writing", /^(toJSON|toJSONLine|storedJsonLine|jsonTail)$/],
  [/^parse\//, "parse"],
  [
    /^interpret\/(coalesce|_records|_work|_apply_normalization|normaliz\w+|_file_object|fields)\.ts$/,
    "coalesce",
  ],
  [
    /^interpret\/event_json_cache\.ts$/,
    "JSON: cache lookup",
    /^(lookup|find|#unused|#facts)$/,
  ],
  [/^interpret\/(_unix_sockaddr_cut|_event_json_scan)\.ts$/, "JSON: cache lookup"],
  [
    /^interpret\/(event_json_cache|_event_json_context|_event_json_bytes|_event_json_entry)\.ts$/,
    "JSON: writing",
  ],
  [/^interpret\//, "interpretation"],
  [/^cli\/io\/interpretation\.ts$|^cli\/host\/nss_ids\.ts$|^sys\/nss\.ts$/, "interpretation"],
  [/^cli\/io\/(printer|output|escape|yaml)\.ts$/, "JSON: writing"],
  [/^cli\/io\/(input|pipeline|audit_log_read|audit_logs)\.ts$/, "I/O: read, split, line loop"],
  [/^cli\/parallel\/range_run\.ts$/, "I/O: read, split, line loop"],
  [/^cli\/(io\/batch_writer|io\/text_stage|parallel\/_collector)\.ts$/, "I/O: encode, write"],
  [/./, "other project code"],
];

/** The category order of the table. */
const ORDER = [
  "parse",
  "reassemble",
  "coalesce",
  "interpretation",
  "JSON: cache lookup",
  "JSON: writing",
  "I/O: read, split, line loop",
  "I/O: encode, write",
  "other project code",
  "GC (main thread)",
  "runtime and compilation",
];
const IDLE = "(idle)";

/** A project file's path from the repository root, or undefined outside the project. */
function projectPath(url: string): string | undefined {
  if (!url.startsWith("file://") || url.includes("/node_modules/")) return undefined;
  const m = /.*\/((?:cli|parse|interpret|sys|netlink|rule)\/.*)$/.exec(url);
  return m?.[1] ?? url.split("/").slice(-1)[0];
}

function ruleOf(frame: CallFrame): string | undefined {
  const path = projectPath(frame.url);
  if (path === undefined) return undefined;
  for (const [file, category, fn] of RULES) {
    if (file.test(path) && (fn === undefined || fn.test(frame.functionName))) return category;
  }
  return undefined;
}

/** Main-thread time in µs per category (and `(idle)`) of one profile. */
export function categoryTimes(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const name = nodes.get(id)!.callFrame.functionName;
    let category: string | undefined;
    if (name === "(idle)") category = IDLE;
    else if (name === "(garbage collector)") category = "GC (main thread)";
    else {
      let sharedFallback: string | undefined;
      for (let q: number | undefined = id; q !== undefined; q = parent.get(q)) {
        const rule = ruleOf(nodes.get(q)!.callFrame);
        if (rule === SHARED) sharedFallback ??= "parse";
        else if (rule !== undefined) {
          category = rule;
          break;
        }
      }
      category ??= sharedFallback ?? "runtime and compilation";
    }
    memo.set(id, category);
    return category;
  };
  const times = new Map<string, number>();
  for (const [id, us] of selfTimes(profile)) {
    const category = categoryOf(id);
    times.set(category, (times.get(category) ?? 0) + us);
  }
  return times;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The category table: share of each profile's busy (non-idle) time, and the median share. */
export function categoryTable(profiles: readonly CpuProfile[]): string {
  const times = profiles.map(categoryTimes);
  const busy = times.map((t) => [...t].reduce((s, [k, v]) => k === IDLE ? s : s + v, 0));
  const cell = (s: string) => s.padStart(7);
  const lines = [
    `main thread by category: share of busy time (idle left out)${
      profiles.length > 1 ? `, ${profiles.length} profiles and their median` : ""
    }`,
    [...times.map((_, i) => cell(`#${i + 1}`)), profiles.length > 1 ? cell("median") : "", "  "]
      .join("") + "category",
  ];
  const categories = [...ORDER, ...new Set(times.flatMap((t) => [...t.keys()]))]
    .filter((c, i, all) => c !== IDLE && all.indexOf(c) === i);
  for (const category of categories) {
    const shares = times.map((t, i) => 100 * (t.get(category) ?? 0) / busy[i]!);
    if (shares.every((s) => s === 0)) continue;
    const med = profiles.length > 1 ? cell(median(shares).toFixed(1) + "%") : "";
    lines.push(shares.map((s) => cell(s.toFixed(1) + "%")).join("") + med + "  " + category);
  }
  const ms = (us: number) => cell((us / 1000).toFixed(0));
  const busyMed = profiles.length > 1 ? ms(median(busy)) : "";
  lines.push(busy.map(ms).join("") + busyMed + "  busy ms (100%)");
  const idle = times.map((t) => t.get(IDLE) ?? 0);
  lines.push(idle.map(ms).join("") + (profiles.length > 1 ? ms(median(idle)) : "") + "  idle ms");
  return lines.join("\n");
}

function shortUrl(url: string): string {
  const parts = url.split("/");
  return parts.slice(-2).join("/");
}

function table(title: string, rows: Map<string, number>, total: number, top: number): string {
  const lines = [`${title} (total ${(total / 1000).toFixed(0)} ms)`];
  for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const ms = (us / 1000).toFixed(1).padStart(8);
    const share = (100 * us / total).toFixed(1).padStart(5);
    lines.push(`${ms} ms ${share}%  ${name}`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const paths = Deno.args.filter((a) => !/^\d+$/.test(a));
  const topArg = Deno.args.find((a) => /^\d+$/.test(a));
  if (paths.length === 0) {
    console.error("usage: profile_summary.ts FILE.cpuprofile... [TOP]");
    Deno.exit(2);
  }
  const top = Number(topArg ?? 30);
  const profiles = paths.map((p) => JSON.parse(Deno.readTextFileSync(p)) as CpuProfile);
  console.log(categoryTable(profiles));
  console.log();
  const profile = profiles[0]!;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfTimes(profile)) {
    const frame = nodes.get(id)!.callFrame;
    const file = frame.url === "" ? "(native)" : shortUrl(frame.url);
    const fn = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    total += us;
  }
  console.log(table(`self time by function, ${paths[0]}`, byFunction, total, top));
  console.log();
  console.log(table("self time by file", byFile, total, top));
}
