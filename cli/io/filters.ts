/**
 * Event filters shared by `libaudit parse`, `stream` and `plugin`, in the
 * spirit of ausearch (flags: `filter_options.ts`).
 *
 * A filter looks at the records of one event. Different flags must all match
 * (AND); repeated flags and comma-separated values are alternatives (OR); a
 * flag matches when any record of the event satisfies it. An `exclude-` flag
 * is the negation of its twin: the event is left out when it matches.
 *
 * @module
 */
import { isUnsetId, UNSET_ID } from "../../parse/mod.ts";
import { UsageError } from "../usage.ts";
import { MATCHER_NAMES, type MatcherName } from "./filter_options.ts";
import type { FilterValues } from "./filter_options.ts";
import { parseTime, type TimeContext } from "./time_words.ts";

export type { FilterValues } from "./filter_options.ts";
export { parseTime } from "./time_words.ts";

/** The parts of a parsed audit record the filters read (see `parse/` `AuditMessage`). */
export interface FilterableMessage {
  /** Record type number, e.g. 1300. */
  readonly recordType: number;
  /** Record type name, e.g. `SYSCALL`. */
  readonly recordTypeName: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** Parsed fields. */
  readonly data: Readonly<Record<string, string>>;
  /** Rule keys. */
  readonly keys: readonly string[];
}

/** A predicate over the records of one event. */
export type EventFilter = (records: readonly FilterableMessage[]) => boolean;

/** Looks up what the filters need from the system; injectable for tests. */
export interface FilterContext extends TimeContext {
  /** The uid of user `name`, or undefined. */
  readonly userId: (name: string) => number | undefined;
  /** Record type name → number (from `parse/`), or undefined. */
  readonly recordTypeNumber: (name: string) => number | undefined;
  /** The name of syscall number `n` on `arch` (e.g. `x86_64`), if known. */
  readonly syscallName?: (arch: string, n: number) => string | undefined;
}

function splitList(values: readonly string[] | undefined): string[] {
  if (values === undefined) return [];
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

function anyRecord(
  records: readonly FilterableMessage[],
  test: (record: FilterableMessage) => boolean,
): boolean {
  for (const record of records) if (test(record)) return true;
  return false;
}

/** Compiles `--NAME REGEX` values (regexes are not comma lists), or throws a UsageError. */
function regexes(flag: string, values: readonly string[] | undefined): RegExp[] {
  return (values ?? []).map((source) => {
    try {
      return new RegExp(source);
    } catch (error) {
      throw new UsageError(
        `--${flag}: bad regular expression '${source}': ${
          (error as Error).message.replace(/^Invalid regular expression: /, "")
        }`,
      );
    }
  });
}

/** Builds the predicate of one matching filter from its values (`flag` names it in errors). */
function matcher(
  name: MatcherName,
  raw: readonly string[],
  flag: string,
  context: FilterContext,
): EventFilter | undefined {
  if (name === "exe-regex") {
    const res = regexes(flag, raw);
    if (res.length === 0) return undefined;
    return (rs) =>
      anyRecord(rs, (r) => {
        const v = r.data.exe;
        return v !== undefined && res.some((re) => re.test(v));
      });
  }
  const values = splitList(raw);
  if (values.length === 0) return undefined;
  switch (name) {
    case "key": {
      const keys = new Set(values);
      return (rs) => anyRecord(rs, (r) => r.keys.some((k) => keys.has(k)));
    }
    case "type": {
      const numbers = new Set(values.map((t) => {
        if (/^\d+$/.test(t)) return Number(t);
        const n = context.recordTypeNumber(t.toUpperCase());
        if (n === undefined) throw new UsageError(`--${flag}: unknown record type '${t}'`);
        return n;
      }));
      return (rs) => anyRecord(rs, (r) => numbers.has(r.recordType));
    }
    case "uid":
    case "auid": {
      const accepted = new Set<string>();
      for (const user of values) {
        if (user === "unset" || isUnsetId(user)) {
          accepted.add("unset").add(UNSET_ID).add("-1");
          continue;
        }
        const id = /^\d+$/.test(user) ? Number(user) : context.userId(user);
        if (id === undefined) throw new UsageError(`--${flag}: unknown user '${user}'`);
        accepted.add(String(id));
      }
      return (rs) =>
        anyRecord(rs, (r) => {
          const v = r.data[name];
          return v !== undefined && accepted.has(v);
        });
    }
    case "pid": {
      for (const p of values) {
        if (!/^\d+$/.test(p)) throw new UsageError(`--${flag} needs a number, not '${p}'`);
      }
      const set = new Set(values);
      return (rs) =>
        anyRecord(rs, (r) => {
          const v = r.data.pid;
          return v !== undefined && set.has(v);
        });
    }
    case "syscall":
      return syscallMatcher(values, context);
    case "exe":
      return (rs) =>
        anyRecord(rs, (r) => {
          const v = r.data.exe;
          if (v === undefined) return false;
          return values.some((e) => v === e || (!e.includes("/") && v.endsWith("/" + e)));
        });
    case "file":
      return (rs) =>
        anyRecord(rs, (r) => {
          if (r.recordTypeName !== "PATH") return false;
          const v = r.data.name;
          if (v === undefined) return false;
          return values.some((f) => v === f || v.endsWith(f.startsWith("/") ? f : "/" + f));
        });
  }
}

function syscallMatcher(syscalls: string[], context: FilterContext): EventFilter {
  const names = new Set(syscalls.filter((s) => !/^\d+$/.test(s)).map((s) => s.toLowerCase()));
  const numbers = syscalls.filter((s) => /^\d+$/.test(s)).map(Number);
  const byArch = new Map<string, Set<string>>();
  // `data.syscall` is the name for the record's arch (a number only when the
  // table lacks it), so numbers given are turned into that arch's names.
  const namesFor = (arch: string): Set<string> => {
    let set = byArch.get(arch);
    if (set === undefined) {
      set = new Set(names);
      for (const n of numbers) {
        set.add(String(n));
        const name = context.syscallName?.(arch, n);
        if (name !== undefined) set.add(name);
      }
      byArch.set(arch, set);
    }
    return set;
  };
  return (rs) =>
    anyRecord(rs, (r) => {
      const v = r.data.syscall;
      return v !== undefined && namesFor(r.data.arch ?? "").has(v);
    });
}

/**
 * Builds the combined filter from flag values, or `undefined` when no filter
 * flag is given (so callers can skip filtering). Throws {@linkcode UsageError}
 * for bad values (unknown user, bad time, bad number, bad regex).
 */
export function buildFilter(
  values: FilterValues,
  context: FilterContext,
): EventFilter | undefined {
  const tests: EventFilter[] = [];

  for (const name of MATCHER_NAMES) {
    const include = matcher(name, values[name] ?? [], name, context);
    if (include !== undefined) tests.push(include);
    const flag = `exclude-${name}` as const;
    const exclude = matcher(name, values[flag] ?? [], flag, context);
    if (exclude !== undefined) tests.push((rs) => !exclude(rs));
  }

  if (values.success !== undefined) {
    const want = values.success.toLowerCase();
    if (want !== "yes" && want !== "no") {
      throw new UsageError(`--success must be yes or no, not '${values.success}'`);
    }
    const ok = want === "yes";
    tests.push((rs) => {
      for (const r of rs) {
        const result = recordSuccess(r);
        if (result !== undefined) return result === ok;
      }
      return false;
    });
  }

  const since = values.since === undefined ? undefined : parseTime(values.since, "since", context);
  const until = values.until === undefined ? undefined : parseTime(values.until, "until", context);
  if (since !== undefined) tests.push((rs) => rs.length > 0 && rs[0]!.timestamp >= since);
  if (until !== undefined) tests.push((rs) => rs.length > 0 && rs[0]!.timestamp <= until);

  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (rs) => tests.every((t) => t(rs));
}

/**
 * Builds the `--drop-raw` test: whether a raw log line is to be dropped
 * before it is parsed, or `undefined` when no regex is given.
 */
export function buildRawDrop(values: FilterValues): ((line: string) => boolean) | undefined {
  const res = regexes("drop-raw", values["drop-raw"]);
  if (res.length === 0) return undefined;
  if (res.length === 1) {
    const re = res[0]!;
    return (line) => re.test(line);
  }
  return (line) => res.some((re) => re.test(line));
}

/** Whether a record says its action succeeded (`success=`, `res=`, `result`), if it says. */
function recordSuccess(r: FilterableMessage): boolean | undefined {
  const d = r.data;
  const v = d.result ?? d.success ?? d.res;
  if (v === undefined) return undefined;
  switch (v) {
    case "success":
    case "yes":
    case "1":
      return true;
    case "fail":
    case "failed":
    case "no":
    case "0":
      return false;
  }
  return undefined;
}
