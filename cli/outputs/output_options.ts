/**
 * The output settings, defined once: {@linkcode OUTPUT_OPTIONS} gives each
 * setting's name (the long flag, and the key in the configuration file of
 * `plugin` and `stream`: `output-size: 10M`), help, default and how its value
 * is read. A command spreads it into its `CommandSpec.options`; the flags and
 * the file then go through {@linkcode readOutputConfig}, which validates
 * every value ({@linkcode OutputOptionError}, a `UsageError` naming
 * `--NAME`) and gives an {@linkcode OutputConfig}; `openOutputs`
 * (open_outputs.ts) opens it.
 *
 * Events go to the file when one is given, else to stdout; and to syslog
 * when an address is given. `--stdout` writes to stdout as well.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readOutputConfig } from "./output_options.ts";
 *
 * // Flags as parsed with OUTPUT_OPTIONS in a CommandSpec, or configuration keys:
 * const config = readOutputConfig({ output: "/tmp/x.json", "output-size": "10M" });
 * assert.equal(config.file?.size, 10485760);
 * ```
 *
 * @module
 */
import { type NumberRange, type OptionSpec, parseNumber, UsageError } from "../usage.ts";
import { FACILITIES, SEVERITIES, type SyslogFormat } from "./syslog_message.ts";
import { parseSyslogAddress } from "./syslog_transport.ts";
import { SYSLOG_DEFAULTS } from "./syslog.ts";
import { DEFAULT_GENERATIONS } from "./file_output.ts";
import { STATUS_TARGETS, type StatusTarget } from "./status.ts";
import { groupIdByName } from "../../sys/nss.ts";

/** How a setting's value is read beyond what `OptionSpec` checks. */
export type OutputOptionKind =
  | "path"
  | "size"
  | "number"
  | "text"
  | "group"
  | "address"
  | "choice"
  | "boolean";

/** One output setting: a flag (`OptionSpec`) and how its value is read. */
export interface OutputOptionDef extends OptionSpec {
  /** How the value is read and checked. */
  readonly kind: OutputOptionKind;
  /** Smallest size in bytes (`size`). */
  readonly minBytes?: number;
}

/** A positive whole count. */
const POSITIVE: NumberRange = { min: 1, max: Number.MAX_SAFE_INTEGER };
/** Rotated files kept. */
const GENERATIONS: NumberRange = { min: 1, max: 1000 };
/** Seconds between status records; 0: only at exit. */
const INTERVAL: NumberRange = { min: 0, max: 86400, fraction: true };

/** Every output setting by name (flag and configuration key). */
export const OUTPUT_OPTIONS = {
  output: {
    type: "string",
    short: "o",
    kind: "path",
    value: "FILE",
    description: "Append events to FILE (created with mode 0600, never through a symlink)",
  },
  "output-size": {
    type: "string",
    kind: "size",
    value: "SIZE",
    default: "0",
    description: "Rotate FILE before it would pass SIZE bytes (K, M, G: 1024-based); 0: never",
  },
  "output-generations": {
    type: "string",
    kind: "number",
    value: "N",
    range: GENERATIONS,
    default: String(DEFAULT_GENERATIONS),
    description: "Rotated files kept: FILE.1 (newest) ... FILE.N",
  },
  "output-group": {
    type: "string",
    kind: "group",
    value: "GROUP",
    description: "Let GROUP (name or gid) read FILE and its rotations (mode 0640)",
  },
  stdout: {
    type: "boolean",
    kind: "boolean",
    description: "Write events to stdout too (the default only without --output or --syslog)",
  },
  syslog: {
    type: "string",
    kind: "address",
    value: "ADDRESS",
    description: "Forward events to syslog: tcp://HOST:PORT, tls://HOST:PORT or unix:///dev/log",
  },
  "syslog-ca": {
    type: "string",
    kind: "path",
    value: "FILE",
    description: "tls: PEM CA certificates the receiver's certificate must chain to",
  },
  "syslog-cert": {
    type: "string",
    kind: "path",
    value: "FILE",
    description: "tls: PEM client certificate (with --syslog-key)",
  },
  "syslog-key": {
    type: "string",
    kind: "path",
    value: "FILE",
    description: "tls: PEM client private key",
  },
  "syslog-buffer": {
    type: "string",
    kind: "size",
    value: "SIZE",
    minBytes: 1,
    default: "8M",
    description: "Most bytes held for a slow or absent receiver; more are dropped and counted",
  },
  "syslog-buffer-messages": {
    type: "string",
    kind: "number",
    value: "N",
    range: POSITIVE,
    default: String(SYSLOG_DEFAULTS.bufferMessages),
    description: "Most messages held for a slow or absent receiver",
  },
  "syslog-max-message": {
    type: "string",
    kind: "size",
    value: "SIZE",
    minBytes: 64,
    default: "64K",
    description: "Largest message; larger events are dropped and counted (too_large)",
  },
  "syslog-app-name": {
    type: "string",
    kind: "text",
    value: "NAME",
    default: SYSLOG_DEFAULTS.appName,
    description: "APP-NAME of the messages",
  },
  "syslog-facility": {
    type: "string",
    kind: "choice",
    value: "NAME",
    choices: Object.keys(FACILITIES),
    default: SYSLOG_DEFAULTS.facility,
    description: "Facility of the messages",
  },
  "syslog-severity": {
    type: "string",
    kind: "choice",
    value: "NAME",
    choices: Object.keys(SEVERITIES),
    default: SYSLOG_DEFAULTS.severity,
    description: "Severity of the messages",
  },
  "syslog-hostname": {
    type: "string",
    kind: "text",
    value: "NAME",
    description: "HOSTNAME of the messages (default: this host's name)",
  },
  "syslog-format": {
    type: "string",
    kind: "choice",
    value: "FORMAT",
    choices: ["rfc5424", "local"],
    description: "rfc5424 (default for tcp/tls) or local, syslog(3)'s format (default for unix)",
  },
  "filtered-output": {
    type: "string",
    kind: "path",
    value: "FILE",
    description: "Append the events the filters took out to FILE (rotated like --output)",
  },
  "status-interval": {
    type: "string",
    kind: "number",
    value: "SECONDS",
    range: INTERVAL,
    default: "0",
    description: "Write a status record every SECONDS (0: only at exit)",
  },
  "status-to": {
    type: "string",
    kind: "choice",
    value: "WHERE",
    choices: STATUS_TARGETS,
    default: "stderr",
    description: "Where status records go: output, stderr or both",
  },
} as const satisfies Record<string, OutputOptionDef>;

/** A setting name of {@linkcode OUTPUT_OPTIONS}. */
export type OutputOptionName = keyof typeof OUTPUT_OPTIONS;

/** A setting's value that cannot be used: a `UsageError` whose message starts with `--NAME`. */
export class OutputOptionError extends UsageError {
  /** The setting (flag name, configuration key). */
  readonly setting: string;
  /** The value given. */
  readonly value: unknown;
  /** Creates the error: `--NAME why`. */
  constructor(setting: string, value: unknown, why: string) {
    super(`--${setting} ${why}`);
    this.name = "OutputOptionError";
    this.setting = setting;
    this.value = value;
  }
}

/** The validated output settings. */
export interface OutputConfig {
  /** The event file, if any. */
  readonly file?: FileConfig;
  /** The file for the events the filters took out, if any. */
  readonly filtered?: FileConfig;
  /** Whether events go to stdout. */
  readonly stdout: boolean;
  /** Syslog forwarding, if any. */
  readonly syslog?: SyslogConfig;
  /** Status records. */
  readonly status: { readonly intervalSeconds: number; readonly target: StatusTarget };
}

/** A file output's settings. */
export interface FileConfig {
  /** The path. */
  readonly path: string;
  /** Rotation size in bytes, 0: never. */
  readonly size: number;
  /** Rotated files kept. */
  readonly generations: number;
  /** The gid allowed to read, if any. */
  readonly group?: number;
}

/** Syslog settings (as `SyslogOptions` of syslog.ts). */
export interface SyslogConfig {
  /** The receiver. */
  readonly address: string;
  /** CA file (tls). */
  readonly ca?: string;
  /** Client certificate file (tls). */
  readonly cert?: string;
  /** Client key file (tls). */
  readonly key?: string;
  /** Buffer bytes. */
  readonly bufferBytes: number;
  /** Buffer messages. */
  readonly bufferMessages: number;
  /** Largest message. */
  readonly maxMessage: number;
  /** APP-NAME. */
  readonly appName: string;
  /** Facility name. */
  readonly facility: string;
  /** Severity name. */
  readonly severity: string;
  /** HOSTNAME, if set. */
  readonly hostname?: string;
  /** Message format, if set. */
  readonly format?: SyslogFormat;
}

/** Reads a size: bytes, or with a K, M or G suffix (1024-based; `KiB`, `MB` also accepted). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)\s*(?:([kKmMgG])(?:i?[bB])?|[bB])?$/.exec(text.trim());
  if (!m) return undefined;
  const scale = { k: 1 << 10, m: 1 << 20, g: 1 << 30 }[(m[2] ?? "").toLowerCase()] ?? 1;
  const n = Number(m[1]) * scale;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A group's gid: `name` may be a gid already, else it is looked up (NSS). */
export function resolveGroup(
  name: string,
  lookup: (name: string) => number | undefined = groupIdByName,
): number | undefined {
  return /^\d+$/.test(name) ? Number(name) : lookup(name);
}

/** Reads one setting's value (a flag's string, or a configuration value); throws {@linkcode OutputOptionError}. */
export function parseOutputOption(name: OutputOptionName, raw: unknown): unknown {
  const def: OutputOptionDef = OUTPUT_OPTIONS[name];
  const bad = (why: string) => new OutputOptionError(name, raw, why);
  if (def.kind === "boolean") {
    if (typeof raw === "boolean") return raw;
    if (raw === "true" || raw === "false") return raw === "true";
    throw bad(`needs true or false, not ${show(raw)}`);
  }
  if (typeof raw !== "string" && typeof raw !== "number") {
    throw bad(`needs one value, not ${show(raw)}`);
  }
  const text = String(raw);
  switch (def.kind) {
    case "path":
    case "text":
      if (text === "") throw bad("needs a value");
      return text;
    case "size": {
      const n = parseSize(text);
      if (n === undefined) {
        throw bad(`needs a size such as 4096, 512K, 10M or 1G, not ${show(raw)}`);
      }
      if (def.minBytes !== undefined && n < def.minBytes) {
        throw bad(`must be at least ${def.minBytes} bytes, not ${show(raw)}`);
      }
      return n;
    }
    case "number":
      try {
        return parseNumber(name, text, def.range);
      } catch (error) {
        throw bad((error as Error).message.replace(/^--[\w-]+ /, ""));
      }
    case "group": {
      const gid = resolveGroup(text);
      if (gid === undefined) throw bad(`names no known group: ${show(raw)}`);
      return gid;
    }
    case "address":
      try {
        parseSyslogAddress(text);
      } catch (error) {
        throw bad((error as Error).message.replace(/^syslog address '.*': /, `${show(raw)}: `));
      }
      return text;
    case "choice":
      if (!def.choices!.includes(text)) {
        throw bad(`must be one of ${def.choices!.join(", ")}, not ${show(raw)}`);
      }
      return text;
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/**
 * Validates the output settings among `values` (flags as `parseFlags` gives
 * them, configuration values, or both merged; other settings are ignored)
 * into an {@linkcode OutputConfig}. A bad value, or a setting that needs
 * another one (`--output-size` without `--output`), throws
 * {@linkcode OutputOptionError}.
 */
export function readOutputConfig(values: Readonly<Record<string, unknown>>): OutputConfig {
  const given = (name: OutputOptionName) => values[name] !== undefined;
  for (const name of Object.keys(OUTPUT_OPTIONS) as OutputOptionName[]) {
    if (given(name)) parseOutputOption(name, values[name]);
  }
  const get = <T>(name: OutputOptionName): T | undefined =>
    given(name) ? parseOutputOption(name, values[name]) as T : undefined;
  if (!given("output") && !given("filtered-output")) {
    for (const name of ["output-size", "output-generations", "output-group"] as const) {
      if (given(name)) throw new OutputOptionError(name, values[name], "needs --output");
    }
  }
  const group = get<number>("output-group");
  const fileOf = (path: string | undefined): FileConfig | undefined =>
    path === undefined ? undefined : {
      path,
      size: get<number>("output-size") ?? 0,
      generations: get<number>("output-generations") ?? DEFAULT_GENERATIONS,
      ...(group === undefined ? {} : { group }),
    };
  const file = fileOf(get<string>("output"));
  const filtered = fileOf(get<string>("filtered-output"));
  const address = get<string>("syslog");
  if (address === undefined) {
    for (const name of Object.keys(OUTPUT_OPTIONS) as OutputOptionName[]) {
      if (name.startsWith("syslog-") && given(name)) {
        throw new OutputOptionError(name, values[name], "needs --syslog");
      }
    }
  }
  const syslog = address === undefined ? undefined : syslogConfig(address, get);
  const stdout = get<boolean>("stdout") || (file === undefined && syslog === undefined);
  return {
    ...(file === undefined ? {} : { file }),
    ...(filtered === undefined ? {} : { filtered }),
    stdout,
    ...(syslog === undefined ? {} : { syslog }),
    status: {
      intervalSeconds: get<number>("status-interval") ?? 0,
      target: get<StatusTarget>("status-to") ?? "stderr",
    },
  };
}

function syslogConfig(
  address: string,
  get: <T>(name: OutputOptionName) => T | undefined,
): SyslogConfig {
  const tls = parseSyslogAddress(address).transport === "tls";
  const optional = <T>(name: OutputOptionName, field: string): Record<string, T> => {
    const value = get<T>(name);
    if (value !== undefined && !tls && /-(ca|cert|key)$/.test(name)) {
      throw new OutputOptionError(name, value, "applies to tls:// addresses only");
    }
    return value === undefined ? {} : { [field]: value };
  };
  const cert = get<string>("syslog-cert");
  const key = get<string>("syslog-key");
  if ((cert === undefined) !== (key === undefined)) {
    throw new OutputOptionError(
      cert === undefined ? "syslog-key" : "syslog-cert",
      cert ?? key,
      "needs its pair: a client certificate takes both --syslog-cert and --syslog-key",
    );
  }
  return {
    address,
    ...optional<string>("syslog-ca", "ca"),
    ...optional<string>("syslog-cert", "cert"),
    ...optional<string>("syslog-key", "key"),
    bufferBytes: get<number>("syslog-buffer") ?? SYSLOG_DEFAULTS.bufferBytes,
    bufferMessages: get<number>("syslog-buffer-messages") ?? SYSLOG_DEFAULTS.bufferMessages,
    maxMessage: get<number>("syslog-max-message") ?? SYSLOG_DEFAULTS.maxMessage,
    appName: get<string>("syslog-app-name") ?? SYSLOG_DEFAULTS.appName,
    facility: get<string>("syslog-facility") ?? SYSLOG_DEFAULTS.facility,
    severity: get<string>("syslog-severity") ?? SYSLOG_DEFAULTS.severity,
    ...optional<string>("syslog-hostname", "hostname"),
    ...optional<SyslogFormat>("syslog-format", "format"),
  };
}
