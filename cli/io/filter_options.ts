/**
 * The filter flags shared by `libaudit parse`, `stream` and `plugin`: their
 * specs (for a subcommand's {@linkcode CommandSpec} and the configuration
 * file), help notes and parsed values. Building the filter from the values is
 * `filters.ts`; reading `--since`/`--until` times is `time_words.ts`.
 *
 * Every matching filter has a negated form (`--exclude-key`, ...): an event
 * one of them matches is left out. `--drop-raw` drops records by their raw
 * line before they are parsed; `--filtered-output` keeps what was left out.
 *
 * @module
 */
import type { CommandSpec, OptionSpec } from "../usage.ts";

/** The filters that match a value of an event's records, each with an `exclude-` twin. */
const MATCHERS = {
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
  exe: {
    type: "string",
    short: "x",
    multiple: true,
    value: "PATH",
    description: "Only events of this executable (full path, or a bare program name)",
  },
  "exe-regex": {
    type: "string",
    multiple: true,
    value: "REGEX",
    description: "Only events whose executable matches this regular expression",
  },
  file: {
    type: "string",
    multiple: true,
    value: "PATH",
    description: "Only events touching this file (PATH record name, or its trailing part)",
  },
} as const satisfies Record<string, OptionSpec>;

/** The names of the matching filters (each has an `exclude-NAME` form). */
export type MatcherName = keyof typeof MATCHERS;

/** The matching filter names, in help order. */
export const MATCHER_NAMES: readonly MatcherName[] = Object.keys(MATCHERS) as MatcherName[];

type Excluded<T extends Record<string, OptionSpec>> = {
  readonly [K in keyof T & string as `exclude-${K}`]: {
    readonly type: "string";
    readonly multiple: true;
    readonly value: T[K]["value"];
    readonly description: string;
  };
};

function excluded<T extends Record<string, OptionSpec>>(matchers: T): Excluded<T> {
  const out: Record<string, OptionSpec> = {};
  for (const [name, o] of Object.entries(matchers)) {
    out[`exclude-${name}`] = {
      type: "string",
      multiple: true,
      ...(o.value === undefined ? {} : { value: o.value }),
      description: o.description.replace(/^Only (events?|this)/, "Leave out $1"),
    };
  }
  return out as Excluded<T>;
}

/** The filter flags, for a subcommand's {@linkcode CommandSpec} options. */
export const FILTER_OPTIONS = {
  ...MATCHERS,
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
  ...excluded(MATCHERS),
  "drop-raw": {
    type: "string",
    multiple: true,
    value: "REGEX",
    description: "Drop records whose raw log line matches REGEX, before they are parsed",
  },
} as const satisfies CommandSpec["options"];

/** Help text paragraph explaining the filter semantics and time words. */
export const FILTER_NOTES: string =
  "Filters: different flags must all match; repeated flags and comma lists are alternatives;\n" +
  "an --exclude-X flag leaves out the events X would select. Regexes are JavaScript's.\n" +
  "Times: ISO 8601 (2026-11-25T10:00:00Z, 2026-11-25 = local midnight), @EPOCH seconds, now,\n" +
  "recent (10 minutes ago), today, yesterday, this-week, week-ago, this-month, this-year, boot.";

/** The filter flag values as parsed by `parseFlags` (or read from the configuration file). */
export type FilterValues =
  & { readonly [K in MatcherName]?: readonly string[] }
  & { readonly [K in MatcherName as `exclude-${K}`]?: readonly string[] }
  & {
    /** `--success` value. */
    readonly success?: string;
    /** `--since` value. */
    readonly since?: string;
    /** `--until` value. */
    readonly until?: string;
    /** `--drop-raw` regexes. */
    readonly "drop-raw"?: readonly string[];
  };
