/**
 * Event filters shared by `libaudit parse` and `libaudit stream`, in the
 * spirit of ausearch: `--key`, `--type`, `--uid`, `--auid`, `--pid`,
 * `--syscall`, `--success`, `--since`, `--until`, `--exe`, `--file`.
 *
 * A filter looks at the records of one event. Different flags must all match
 * (AND); repeated flags and comma-separated values are alternatives (OR); a
 * flag matches when any record of the event satisfies it.
 *
 * @module
 */
import { type OptionSpec, UsageError } from "../usage.ts";

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

/** The filter flags, for a subcommand's {@linkcode CommandSpec} options. */
export const FILTER_OPTIONS = {
  key: {
    type: "string",
    short: "k",
    multiple: true,
    value: "KEY",
    description: "Only events with this rule key",
  },
  type: {
    type: "string",
    short: "m",
    multiple: true,
    value: "TYPE",
    description: "Only events with a record of this type (name or number, comma list)",
  },
  uid: {
    type: "string",
    multiple: true,
    value: "USER",
    description: "Only events whose uid is this user (name or number)",
  },
  auid: {
    type: "string",
    multiple: true,
    value: "USER",
    description: "Only events whose login uid is this user (name, number or 'unset')",
  },
  pid: { type: "string", short: "p", multiple: true, value: "PID", description: "Only this pid" },
  syscall: {
    type: "string",
    short: "S",
    multiple: true,
    value: "NAME",
    description: "Only this syscall (name or number, comma list)",
  },
  success: {
    type: "string",
    value: "yes|no",
    description: "Only successful (yes) or failed (no) events",
  },
  since: {
    type: "string",
    value: "TIME",
    description: "Only events at or after TIME (ISO time, @EPOCH, recent, today, yesterday, ...)",
  },
  until: {
    type: "string",
    value: "TIME",
    description: "Only events at or before TIME (same forms as --since)",
  },
  exe: {
    type: "string",
    short: "x",
    multiple: true,
    value: "PATH",
    description: "Only events of this executable (full path, or a bare program name)",
  },
  file: {
    type: "string",
    multiple: true,
    value: "PATH",
    description: "Only events touching this file (PATH record name, or its trailing part)",
  },
} as const satisfies Record<string, OptionSpec>;

/** Help text paragraph explaining the filter semantics and time words. */
export const FILTER_NOTES: string =
  "Filters: different flags must all match; repeated flags and comma lists are alternatives.\n" +
  "Times: ISO 8601 (2026-11-25T10:00:00Z, 2026-11-25 = local midnight), @EPOCH seconds, now,\n" +
  "recent (10 minutes ago), today, yesterday, this-week, week-ago, this-month, this-year, boot.";

/** The filter flag values as parsed by `parseFlags`. */
export interface FilterValues {
  /** `--key` values. */
  readonly key?: readonly string[];
  /** `--type` values. */
  readonly type?: readonly string[];
  /** `--uid` values. */
  readonly uid?: readonly string[];
  /** `--auid` values. */
  readonly auid?: readonly string[];
  /** `--pid` values. */
  readonly pid?: readonly string[];
  /** `--syscall` values. */
  readonly syscall?: readonly string[];
  /** `--success` value. */
  readonly success?: string;
  /** `--since` value. */
  readonly since?: string;
  /** `--until` value. */
  readonly until?: string;
  /** `--exe` values. */
  readonly exe?: readonly string[];
  /** `--file` values. */
  readonly file?: readonly string[];
}

/** Looks up what the filters need from the system; injectable for tests. */
export interface FilterContext {
  /** The uid of user `name`, or undefined. */
  readonly userId: (name: string) => number | undefined;
  /** Record type name → number (from `parse/`), or undefined. */
  readonly recordTypeNumber: (name: string) => number | undefined;
  /** The current time in ms (for `recent`, `today`, ...). */
  readonly now: () => number;
  /** When the machine booted, in ms, if known (for `boot`). */
  readonly bootTime?: () => number | undefined;
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

/**
 * Builds the combined filter from flag values, or `undefined` when no filter
 * flag is given (so callers can skip filtering). Throws {@linkcode UsageError}
 * for bad values (unknown user, bad time, bad number).
 */
export function buildFilter(
  values: FilterValues,
  context: FilterContext,
): EventFilter | undefined {
  const tests: EventFilter[] = [];

  const keys = new Set(splitList(values.key));
  if (keys.size > 0) {
    tests.push((rs) => anyRecord(rs, (r) => r.keys.some((k) => keys.has(k))));
  }

  const typeNames = splitList(values.type);
  if (typeNames.length > 0) {
    const numbers = new Set(typeNames.map((t) => {
      if (/^\d+$/.test(t)) return Number(t);
      const n = context.recordTypeNumber(t.toUpperCase());
      if (n === undefined) throw new UsageError(`--type: unknown record type '${t}'`);
      return n;
    }));
    tests.push((rs) => anyRecord(rs, (r) => numbers.has(r.recordType)));
  }

  for (const field of ["uid", "auid"] as const) {
    const users = splitList(values[field]);
    if (users.length === 0) continue;
    const accepted = new Set<string>();
    for (const user of users) {
      if (user === "unset" || user === "-1" || user === "4294967295") {
        accepted.add("unset").add("4294967295").add("-1");
        continue;
      }
      const id = /^\d+$/.test(user) ? Number(user) : context.userId(user);
      if (id === undefined) throw new UsageError(`--${field}: unknown user '${user}'`);
      accepted.add(String(id));
    }
    tests.push((rs) =>
      anyRecord(rs, (r) => {
        const v = r.data[field];
        return v !== undefined && accepted.has(v);
      })
    );
  }

  const pids = splitList(values.pid);
  if (pids.length > 0) {
    for (const p of pids) {
      if (!/^\d+$/.test(p)) throw new UsageError(`--pid needs a number, not '${p}'`);
    }
    const set = new Set(pids);
    tests.push((rs) =>
      anyRecord(rs, (r) => {
        const v = r.data.pid;
        return v !== undefined && set.has(v);
      })
    );
  }

  const syscalls = splitList(values.syscall);
  if (syscalls.length > 0) {
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
    tests.push((rs) =>
      anyRecord(rs, (r) => {
        const v = r.data.syscall;
        return v !== undefined && namesFor(r.data.arch ?? "").has(v);
      })
    );
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

  const exes = splitList(values.exe);
  if (exes.length > 0) {
    tests.push((rs) =>
      anyRecord(rs, (r) => {
        const v = r.data.exe;
        if (v === undefined) return false;
        return exes.some((e) => v === e || (!e.includes("/") && v.endsWith("/" + e)));
      })
    );
  }

  const files = splitList(values.file);
  if (files.length > 0) {
    tests.push((rs) =>
      anyRecord(rs, (r) => {
        if (r.recordTypeName !== "PATH") return false;
        const v = r.data.name;
        if (v === undefined) return false;
        return files.some((f) => v === f || v.endsWith(f.startsWith("/") ? f : "/" + f));
      })
    );
  }

  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (rs) => tests.every((t) => t(rs));
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

function localMidnight(ms: number, dayOffset = 0): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + dayOffset).getTime();
}

/**
 * Parses a `--since`/`--until` time: ISO 8601 (a bare date is local
 * midnight), `@EPOCH` seconds, or one of ausearch's words. Throws
 * {@linkcode UsageError} for anything else.
 */
export function parseTime(text: string, flag: string, context: FilterContext): number {
  const now = context.now();
  const d = new Date(now);
  switch (text) {
    case "now":
      return now;
    case "recent":
      return now - 10 * 60 * 1000;
    case "today":
      return localMidnight(now);
    case "yesterday":
      return localMidnight(now, -1);
    case "this-week":
      return localMidnight(now, -d.getDay());
    case "week-ago":
      return localMidnight(now, -7);
    case "this-month":
      return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
    case "this-year":
      return new Date(d.getFullYear(), 0, 1).getTime();
    case "boot": {
      const boot = context.bootTime?.();
      if (boot === undefined) throw new UsageError(`--${flag} boot: boot time unknown`);
      return boot;
    }
  }
  if (/^@\d+(\.\d+)?$/.test(text)) return Math.round(Number(text.slice(1)) * 1000);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    return new Date(Number(date[1]), Number(date[2]) - 1, Number(date[3])).getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
    const ms = Date.parse(text.replace(" ", "T"));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(
    `--${flag}: cannot read time '${text}' (use ISO 8601, @EPOCH, recent, today, yesterday, ...)`,
  );
}
