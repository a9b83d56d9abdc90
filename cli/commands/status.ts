/**
 * `libaudit status`: the kernel's audit status, as text like `auditctl -s`,
 * JSON or YAML; `--watch SECONDS` prints it as JSON lines at that interval.
 *
 * @module
 */
import { AuditClient } from "../../netlink/client.ts";
import type { AuditFeatures, AuditStatus } from "../../netlink/status.ts";
import { chooseFormat, type Format, renderer } from "../io/output.ts";
import {
  type CommandSpec,
  parseFlags,
  parseNumber,
  POSITIVE,
  SECONDS,
  UsageError,
} from "../usage.ts";
import { type ChangeRecord, findLeftovers, SETTING_NAMES } from "../host/kernel_journal.ts";

const SPEC = {
  name: "status",
  summary: "Show the kernel's audit status (like `auditctl -s`).",
  usage: "libaudit status [--format text|json|yaml]\nlibaudit status --watch SECONDS [--count N]",
  options: {
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      description: "text (default), json or yaml",
    },
    watch: {
      type: "string",
      short: "w",
      value: "SECONDS",
      description: "Print the status as JSON lines every SECONDS until interrupted",
    },
    count: { type: "string", value: "N", description: "With --watch: stop after N lines" },
  },
  notes: "Needs root or CAP_AUDIT_CONTROL, and --allow-ffi (libc) when run with deno.\n" +
    "Fields are those of `auditctl -s`; backlog_wait_time values are in jiffies.\n" +
    "With --watch, `lost` is the kernel's counter and `lost_since_start` its growth.",
  examples: [
    "libaudit status",
    "libaudit status --format json",
    "libaudit status --watch 10 | your-metrics-shipper",
  ],
} as const satisfies CommandSpec;

/** The status fields in `auditctl -s` order, with its names. */
function statusRecord(
  s: AuditStatus,
  features: AuditFeatures | undefined,
): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {
    enabled: s.enabled,
    failure: s.failure,
    pid: s.pid,
    rate_limit: s.rateLimit,
    backlog_limit: s.backlogLimit,
    lost: s.lost,
    backlog: s.backlog,
  };
  if (s.backlogWaitTime !== undefined) out.backlog_wait_time = s.backlogWaitTime;
  if (s.backlogWaitTimeActual !== undefined) {
    out.backlog_wait_time_actual = s.backlogWaitTimeActual;
  }
  if (features !== undefined) {
    // AUDIT_FEATURE_LOGINUID_IMMUTABLE is feature number 1.
    out.loginuid_immutable = (features.features >>> 1) & 1;
    out.loginuid_immutable_locked = ((features.lock >>> 1) & 1) === 1;
  }
  return out;
}

/** The text form, line for line like `auditctl -s`. */
export function statusText(record: Record<string, number | boolean>): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(record)) {
    if (k === "loginuid_immutable_locked") continue;
    if (k === "loginuid_immutable") {
      lines.push(`${k} ${v} ${record.loginuid_immutable_locked ? "locked" : "unlocked"}`);
    } else {
      lines.push(`${k} ${v}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Reads the status and (when the kernel has them) the features. */
export async function readStatus(
  client: AuditClient,
): Promise<Record<string, number | boolean>> {
  const status = await client.getStatus();
  let features: AuditFeatures | undefined;
  try {
    features = await client.getFeatures();
  } catch {
    features = undefined;
  }
  return statusRecord(status, features);
}

/** Prints the status (and features) as `auditctl -s` text, JSON or YAML. */
export async function printStatus(client: AuditClient, format: Format): Promise<void> {
  const record = await readStatus(client);
  const text = format === "text" ? statusText(record) : renderer(format)(record);
  await Deno.stdout.write(new TextEncoder().encode(text));
}

async function watch(client: AuditClient, seconds: number, count: number | undefined) {
  const ac = new AbortController();
  const stop = () => ac.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  const encoder = new TextEncoder();
  let firstLost: number | undefined;
  try {
    for (let i = 0; count === undefined || i < count; i++) {
      if (i > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, seconds * 1000);
          ac.signal.addEventListener("abort", () => {
            clearTimeout(t);
            resolve();
          }, { once: true });
        });
      }
      if (ac.signal.aborted) break;
      const record = await readStatus(client);
      const lost = record.lost as number;
      firstLost ??= lost;
      const line = {
        "@timestamp": new Date().toISOString(),
        ...record,
        lost_since_start: (lost - firstLost) >>> 0,
      };
      await Deno.stdout.write(encoder.encode(JSON.stringify(line) + "\n"));
    }
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
}

/** Runs `libaudit status`; returns the exit code. */
/** What a journal holds, e.g. `enabled 0 -> 1, 2 rule(s)`. */
function describeRecord(record: ChangeRecord): string {
  const parts = [...record.settings].map(([name, c]) =>
    `${SETTING_NAMES[name]} ${c.from} -> ${c.to}`
  );
  if (record.rules.length > 0) parts.push(`${record.rules.length} rule(s)`);
  return parts.join(", ");
}

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(SPEC, args);
  if (flags === undefined) return 0;
  const v = flags.values;
  const format = await chooseFormat(v.format);
  const seconds = v.watch === undefined ? undefined : parseNumber("watch", v.watch, SECONDS);
  let count: number | undefined;
  if (v.count !== undefined) {
    if (seconds === undefined) throw new UsageError("--count needs --watch", "status");
    count = parseNumber("count", v.count, POSITIVE);
  }
  if (seconds !== undefined && v.format !== undefined && format !== "json") {
    throw new UsageError("--watch prints JSON lines; --format must be json", "status");
  }
  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    if (seconds !== undefined) {
      await watch(client, seconds, count);
      return 0;
    }
    await printStatus(client, format);
    for (const left of findLeftovers()) {
      console.error(
        `libaudit status: note: ${left.command} pid ${left.pid} was killed and left changes ` +
          `(${describeRecord(left)}); libaudit set --restore puts them back`,
      );
    }
    return 0;
  } finally {
    await client.close();
  }
}
