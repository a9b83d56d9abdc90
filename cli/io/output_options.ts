/**
 * The output settings, defined once: {@linkcode OUTPUT_OPTIONS} gives each
 * setting's configuration key (`output.file.size`), command line flag
 * (`--output-size`), kind, default and help. The configuration file reader
 * and the flag parser both go through {@linkcode readOutputConfig}, which
 * validates every value ({@linkcode OutputOptionError} names the key) and
 * gives an {@linkcode OutputConfig}; {@linkcode openOutputs} opens it.
 *
 * Events go to the file when one is given, else to stdout; and to syslog
 * when an address is given. `output.stdout: true` writes to stdout as well.
 *
 * @example
 * ```ts
 * import { flagValues, OUTPUT_FLAGS, readOutputConfig } from "./output_options.ts";
 *
 * // Flags (as parsed with OUTPUT_FLAGS in a CommandSpec) or config keys:
 * const config = readOutputConfig(flagValues({ output: "/tmp/x.json", "output-size": "10M" }));
 * console.log(config.file?.size); // 10485760
 * console.log(Object.keys(OUTPUT_FLAGS).length > 0);
 * ```
 *
 * @module
 */
import type { OptionSpec } from "../usage.ts";
import { FACILITIES, SEVERITIES, type SyslogFormat } from "./syslog_message.ts";
import { parseSyslogAddress } from "./syslog_transport.ts";
import { SYSLOG_DEFAULTS } from "./syslog.ts";
import { DEFAULT_GENERATIONS } from "./file_output.ts";
import { STATUS_TARGETS, type StatusTarget } from "./status.ts";

/** How a setting's value is read. */
export type OutputOptionKind =
  | "path"
  | "size"
  | "count"
  | "seconds"
  | "text"
  | "group"
  | "address"
  | "choice"
  | "boolean";

/** One output setting. */
export interface OutputOptionDef {
  /** The command line flag (without `--`). */
  readonly flag: string;
  /** A one-letter flag alias. */
  readonly short?: string;
  /** How the value is read and checked. */
  readonly kind: OutputOptionKind;
  /** The placeholder in `--help`. */
  readonly value?: string;
  /** The default, as written in documentation (absent: none). */
  readonly default?: string;
  /** Allowed values (`choice`). */
  readonly choices?: readonly string[];
  /** Smallest value (`count`, `size`). */
  readonly min?: number;
  /** One line of help. */
  readonly description: string;
}

/** Every output setting by configuration key. */
export const OUTPUT_OPTIONS = {
  "output.file.path": {
    flag: "output",
    short: "o",
    kind: "path",
    value: "FILE",
    description: "Append events to FILE (created with mode 0600, never through a symlink)",
  },
  "output.file.size": {
    flag: "output-size",
    kind: "size",
    value: "SIZE",
    default: "0",
    description: "Rotate FILE before it would pass SIZE bytes (K, M, G: 1024-based); 0: never",
  },
  "output.file.generations": {
    flag: "output-generations",
    kind: "count",
    value: "N",
    min: 1,
    default: String(DEFAULT_GENERATIONS),
    description: "Rotated files kept: FILE.1 (newest) ... FILE.N",
  },
  "output.file.group": {
    flag: "output-group",
    kind: "group",
    value: "GROUP",
    description: "Let GROUP (name or gid) read FILE and its rotations (mode 0640)",
  },
  "output.stdout": {
    flag: "stdout",
    kind: "boolean",
    description: "Write events to stdout too (the default only without a file or syslog)",
  },
  "output.syslog.address": {
    flag: "syslog",
    kind: "address",
    value: "ADDRESS",
    description: "Forward events to syslog: tcp://HOST:PORT, tls://HOST:PORT or unix:///dev/log",
  },
  "output.syslog.ca": {
    flag: "syslog-ca",
    kind: "path",
    value: "FILE",
    description: "tls: PEM CA certificates the receiver's certificate must chain to",
  },
  "output.syslog.cert": {
    flag: "syslog-cert",
    kind: "path",
    value: "FILE",
    description: "tls: PEM client certificate (with --syslog-key)",
  },
  "output.syslog.key": {
    flag: "syslog-key",
    kind: "path",
    value: "FILE",
    description: "tls: PEM client private key",
  },
  "output.syslog.buffer": {
    flag: "syslog-buffer",
    kind: "size",
    value: "SIZE",
    min: 1,
    default: "8M",
    description: "Most bytes held for a slow or absent receiver; more are dropped and counted",
  },
  "output.syslog.buffer_messages": {
    flag: "syslog-buffer-messages",
    kind: "count",
    value: "N",
    min: 1,
    default: String(SYSLOG_DEFAULTS.bufferMessages),
    description: "Most messages held for a slow or absent receiver",
  },
  "output.syslog.max_message": {
    flag: "syslog-max-message",
    kind: "size",
    value: "SIZE",
    min: 64,
    default: "64K",
    description: "Largest message; larger events are dropped and counted (too_large)",
  },
  "output.syslog.app_name": {
    flag: "syslog-app-name",
    kind: "text",
    value: "NAME",
    default: SYSLOG_DEFAULTS.appName,
    description: "APP-NAME of the messages",
  },
  "output.syslog.facility": {
    flag: "syslog-facility",
    kind: "choice",
    value: "NAME",
    choices: Object.keys(FACILITIES),
    default: SYSLOG_DEFAULTS.facility,
    description: "Facility of the messages",
  },
  "output.syslog.severity": {
    flag: "syslog-severity",
    kind: "choice",
    value: "NAME",
    choices: Object.keys(SEVERITIES),
    default: SYSLOG_DEFAULTS.severity,
    description: "Severity of the messages",
  },
  "output.syslog.hostname": {
    flag: "syslog-hostname",
    kind: "text",
    value: "NAME",
    description: "HOSTNAME of the messages (default: this host's name)",
  },
  "output.syslog.format": {
    flag: "syslog-format",
    kind: "choice",
    value: "FORMAT",
    choices: ["rfc5424", "local"],
    description: "rfc5424 (default for tcp/tls) or local, syslog(3)'s format (default for unix)",
  },
  "output.filtered.path": {
    flag: "filtered-output",
    kind: "path",
    value: "FILE",
    description: "Append the events the filters took out to FILE (rotated like --output)",
  },
  "status.interval": {
    flag: "status-interval",
    kind: "seconds",
    value: "SECONDS",
    default: "0",
    description: "Write a status record every SECONDS (0: only at exit)",
  },
  "status.target": {
    flag: "status-to",
    kind: "choice",
    value: "WHERE",
    choices: STATUS_TARGETS,
    default: "stderr",
    description: "Where status records go: output, stderr or both",
  },
} as const satisfies Record<string, OutputOptionDef>;

/** A configuration key of {@linkcode OUTPUT_OPTIONS}. */
export type OutputOptionKey = keyof typeof OUTPUT_OPTIONS;

/** The settings as command line flags, for a command's `CommandSpec.options`. */
export const OUTPUT_FLAGS: Readonly<Record<string, OptionSpec>> = Object.fromEntries(
  Object.values(OUTPUT_OPTIONS).map((o: OutputOptionDef) => [o.flag, {
    type: o.kind === "boolean" ? "boolean" : "string",
    ...(o.short === undefined ? {} : { short: o.short }),
    ...(o.value === undefined ? {} : { value: o.value }),
    description: o.default === undefined ? o.description : `${o.description} (${o.default})`,
  }]),
);

/** A setting's value that cannot be used. */
export class OutputOptionError extends RangeError {
  /** The configuration key. */
  readonly key: string;
  /** The command line flag. */
  readonly flag: string;
  /** The value given. */
  readonly value: unknown;
  /** Creates the error; the message names the key and flag. */
  constructor(key: string, value: unknown, why: string) {
    const def = (OUTPUT_OPTIONS as Record<string, OutputOptionDef>)[key];
    super(`${key}${def === undefined ? "" : ` (--${def.flag})`}: ${why}`);
    this.name = "OutputOptionError";
    this.key = key;
    this.flag = def?.flag ?? key;
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

/** Finds a group's gid in /etc/group (`name` may be a gid already). */
export function resolveGroup(name: string, groupFile = "/etc/group"): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  for (const line of Deno.readTextFileSync(groupFile).split("\n")) {
    const [group, , gid] = line.split(":");
    if (group === name && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  return undefined;
}

/** Reads one setting; throws {@linkcode OutputOptionError}. */
export function parseOutputOption(key: OutputOptionKey, raw: unknown): unknown {
  const def: OutputOptionDef = OUTPUT_OPTIONS[key];
  const bad = (why: string) => new OutputOptionError(key, raw, why);
  if (def.kind === "boolean") {
    if (typeof raw === "boolean") return raw;
    if (raw === "true" || raw === "false") return raw === "true";
    throw bad(`needs true or false, not ${show(raw)}`);
  }
  if (typeof raw !== "string" && typeof raw !== "number") {
    throw bad(`needs a value, not ${show(raw)}`);
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
      if (def.min !== undefined && n < def.min) throw bad(`must be at least ${def.min} bytes`);
      return n;
    }
    case "count":
    case "seconds": {
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw bad(`needs a whole number, not ${show(raw)}`);
      }
      const n = Number(text);
      if (def.min !== undefined && n < def.min) throw bad(`must be at least ${def.min}`);
      if (def.kind === "seconds" && n > 86400) throw bad("must be at most 86400 seconds");
      return n;
    }
    case "group": {
      const gid = resolveGroup(text);
      if (gid === undefined) throw bad(`no group named ${show(raw)} in /etc/group`);
      return gid;
    }
    case "address":
      try {
        parseSyslogAddress(text);
      } catch (error) {
        throw bad((error as Error).message);
      }
      return text;
    case "choice":
      if (!def.choices!.includes(text)) {
        throw bad(`must be one of ${def.choices!.join(", ")}, not ${show(raw)}`);
      }
      return text;
  }
  throw bad("unknown kind");
}

function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** Maps parsed command line flags (by flag name) to configuration keys. */
export function flagValues(values: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, def] of Object.entries(OUTPUT_OPTIONS) as [string, OutputOptionDef][]) {
    const value = values[def.flag];
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

/**
 * Validates the settings given by configuration key (from the config file,
 * flags mapped with {@linkcode flagValues}, or both merged) into an
 * {@linkcode OutputConfig}. Unknown `output.`/`status.` keys and bad values
 * throw {@linkcode OutputOptionError}.
 */
export function readOutputConfig(values: ReadonlyMap<string, unknown>): OutputConfig {
  const get = <T>(key: OutputOptionKey): T | undefined => {
    const raw = values.get(key);
    return raw === undefined ? undefined : parseOutputOption(key, raw) as T;
  };
  for (const [key, value] of values) {
    if (key in OUTPUT_OPTIONS) parseOutputOption(key as OutputOptionKey, value);
    else if (/^(output|status)\./.test(key)) {
      throw new OutputOptionError(key, value, "unknown setting");
    }
  }
  if (!values.has("output.file.path") && !values.has("output.filtered.path")) {
    for (const key of ["output.file.size", "output.file.generations", "output.file.group"]) {
      if (values.has(key)) {
        throw new OutputOptionError(key, values.get(key), "needs output.file.path");
      }
    }
  }
  const group = get<number>("output.file.group");
  const fileOf = (path: string | undefined): FileConfig | undefined =>
    path === undefined ? undefined : {
      path,
      size: get<number>("output.file.size") ?? 0,
      generations: get<number>("output.file.generations") ?? DEFAULT_GENERATIONS,
      ...(group === undefined ? {} : { group }),
    };
  const file = fileOf(get<string>("output.file.path"));
  const filtered = fileOf(get<string>("output.filtered.path"));
  const address = get<string>("output.syslog.address");
  if (address === undefined) {
    for (const key of values.keys()) {
      if (key.startsWith("output.syslog.")) {
        throw new OutputOptionError(key, values.get(key), "needs output.syslog.address");
      }
    }
  }
  const syslog = address === undefined ? undefined : syslogConfig(address, get);
  const stdout = get<boolean>("output.stdout") ?? (file === undefined && syslog === undefined);
  return {
    ...(file === undefined ? {} : { file }),
    ...(filtered === undefined ? {} : { filtered }),
    stdout,
    ...(syslog === undefined ? {} : { syslog }),
    status: {
      intervalSeconds: get<number>("status.interval") ?? 0,
      target: get<StatusTarget>("status.target") ?? "stderr",
    },
  };
}

function syslogConfig(
  address: string,
  get: <T>(key: OutputOptionKey) => T | undefined,
): SyslogConfig {
  const tls = parseSyslogAddress(address).transport === "tls";
  const optional = <T>(key: OutputOptionKey, name: string): Record<string, T> => {
    const value = get<T>(key);
    if (value !== undefined && !tls && /\.(ca|cert|key)$/.test(key)) {
      throw new OutputOptionError(key, value, "applies to tls:// addresses only");
    }
    return value === undefined ? {} : { [name]: value };
  };
  const cert = get<string>("output.syslog.cert");
  const key = get<string>("output.syslog.key");
  if ((cert === undefined) !== (key === undefined)) {
    throw new OutputOptionError(
      cert === undefined ? "output.syslog.key" : "output.syslog.cert",
      cert ?? key,
      "a client certificate needs both output.syslog.cert and output.syslog.key",
    );
  }
  return {
    address,
    ...optional<string>("output.syslog.ca", "ca"),
    ...optional<string>("output.syslog.cert", "cert"),
    ...optional<string>("output.syslog.key", "key"),
    bufferBytes: get<number>("output.syslog.buffer") ?? SYSLOG_DEFAULTS.bufferBytes,
    bufferMessages: get<number>("output.syslog.buffer_messages") ??
      SYSLOG_DEFAULTS.bufferMessages,
    maxMessage: get<number>("output.syslog.max_message") ?? SYSLOG_DEFAULTS.maxMessage,
    appName: get<string>("output.syslog.app_name") ?? SYSLOG_DEFAULTS.appName,
    facility: get<string>("output.syslog.facility") ?? SYSLOG_DEFAULTS.facility,
    severity: get<string>("output.syslog.severity") ?? SYSLOG_DEFAULTS.severity,
    ...optional<string>("output.syslog.hostname", "hostname"),
    ...optional<SyslogFormat>("output.syslog.format", "format"),
  };
}
