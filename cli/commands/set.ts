/**
 * `libaudit set`: change the kernel's audit settings (enabled, rate limit,
 * backlog, backlog wait time, failure mode, immutability), then print the
 * resulting status.
 *
 * @module
 */
import { AuditClient } from "../../netlink/client.ts";
import { chooseFormat } from "../io/output.ts";
import { printStatus } from "./status.ts";
import { restoreLeftovers } from "../host/kernel_state.ts";
import { type CommandSpec, oneOf, parseFlags, parseNumber, U32, UsageError } from "../usage.ts";

const SPEC = {
  name: "set",
  summary: "Change the kernel's audit settings, then print the status.",
  usage: "libaudit set [--enabled on|off] [--rate N] [--backlog N] [--backlog-wait-time N]\n" +
    "             [--failure silent|printk] [--format text|json|yaml]\n" +
    "libaudit set --restore\n" +
    "libaudit set --immutable --yes-really",
  options: {
    enabled: { type: "string", value: "on|off", description: "Turn auditing on or off" },
    rate: { type: "string", value: "N", description: "Messages per second limit (0: none)" },
    backlog: { type: "string", value: "N", description: "Kernel backlog queue length" },
    "backlog-wait-time": {
      type: "string",
      value: "N",
      description: "Jiffies an audited process waits when the backlog is full",
    },
    failure: {
      type: "string",
      value: "MODE",
      description: "On lost events: silent, printk, or panic (panic needs --yes-really)",
    },
    immutable: {
      type: "boolean",
      description: "Lock the configuration until reboot (needs --yes-really)",
    },
    restore: {
      type: "boolean",
      description: "Put back what a killed `libaudit stream` left changed (first, before the rest)",
    },
    "yes-really": {
      type: "boolean",
      description: "Confirm --immutable or --failure panic",
    },
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      description: "text (default), json or yaml",
    },
  },
  notes: "Needs root or CAP_AUDIT_CONTROL, and --allow-ffi (libc) when run with deno.\n" +
    "--restore reads the journals that runs keep in /run/libaudit and, for each run that no\n" +
    "longer runs, undoes its changes where the kernel still holds the value it set.\n" +
    "--immutable (enabled=2) cannot be undone: no rule or setting can change until reboot.\n" +
    "--failure panic halts the machine when audit events are lost.",
  examples: [
    "libaudit set --enabled on --backlog 8192",
    "libaudit set --rate 0 --failure printk",
    "libaudit set --restore",
    "libaudit set --immutable --yes-really",
  ],
} as const satisfies CommandSpec;

const FAILURE_MODES = ["silent", "printk", "panic"] as const;

/** Runs `libaudit set`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(SPEC, args);
  if (flags === undefined) return 0;
  const v = flags.values;
  const format = await chooseFormat(v.format);
  let enabled: boolean | undefined;
  if (v.enabled !== undefined) {
    const e = oneOf("enabled", v.enabled, ["on", "off", "1", "0"] as const, "on");
    enabled = e === "on" || e === "1";
  }
  const rate = v.rate === undefined ? undefined : parseNumber("rate", v.rate, U32);
  const backlog = v.backlog === undefined ? undefined : parseNumber("backlog", v.backlog, U32);
  const wait = v["backlog-wait-time"] === undefined
    ? undefined
    : parseNumber("backlog-wait-time", v["backlog-wait-time"], U32);
  const failure = v.failure === undefined
    ? undefined
    : FAILURE_MODES.indexOf(oneOf("failure", v.failure, FAILURE_MODES, "printk")) as 0 | 1 | 2;
  if (failure === 2 && !v["yes-really"]) {
    throw new UsageError(
      "--failure panic halts the kernel on lost events; add --yes-really",
      "set",
    );
  }
  if (v.immutable && !v["yes-really"]) {
    throw new UsageError(
      "--immutable locks the audit configuration until reboot; add --yes-really",
      "set",
    );
  }
  if (v.immutable && enabled === false) {
    throw new UsageError("--immutable and --enabled off contradict each other", "set");
  }
  if (
    enabled === undefined && rate === undefined && backlog === undefined &&
    wait === undefined && failure === undefined && !v.immutable && !v.restore
  ) {
    throw new UsageError("nothing to set (give at least one setting)", "set");
  }

  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    if (v.restore) {
      const lines = await restoreLeftovers(client);
      if (lines.length === 0) console.error("libaudit set: nothing to restore");
      for (const line of lines) console.error(`libaudit set: ${line}`);
    }
    if (failure !== undefined) await client.setFailure(failure, { allowPanic: failure === 2 });
    if (rate !== undefined) await client.setRateLimit(rate);
    if (backlog !== undefined) await client.setBacklogLimit(backlog);
    if (wait !== undefined) await client.setBacklogWaitTime(wait);
    if (enabled !== undefined) await client.setEnabled(enabled);
    if (v.immutable) {
      await client.setImmutable("until-reboot");
      console.error(
        "libaudit set: the audit configuration is now immutable (enabled=2) until reboot",
      );
    }
    await printStatus(client, format);
    return 0;
  } finally {
    await client.close();
  }
}
