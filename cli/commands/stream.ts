/**
 * `libaudit stream`: become the audit daemon (or only listen with
 * `--multicast`) and print events as they happen: raw records in auditd's log
 * line format (`--raw`, readable back with `libaudit parse`), reassembled
 * events (`-r`) or interpreted events (`-i`, the default), as text, JSON
 * Lines or YAML.
 *
 * Settings changed for the run (`--backlog`, `--rate`, enabling auditing,
 * rules loaded with `--rules`) are put back on exit; SIGINT/SIGTERM flush
 * the open events, unregister and exit 0.
 *
 * @module
 */
import { AuditClient, type RawAuditMessage } from "../../netlink/mod.ts";
import { type AuditMessage, parseMessage, recordTypeName } from "../../parse/mod.ts";
import { buildFilter, buildRawDrop } from "../io/filters.ts";
import { FILTER_NOTES, FILTER_OPTIONS } from "../io/filter_options.ts";
import { filterContext } from "../io/filter_context.ts";
import { createInterpreter, eventJsonCache } from "../io/interpretation.ts";
import { CONTEXT_OPTIONS, contextFromFlags } from "../io/context_options.ts";
import { chooseFormat, toJsonLine } from "../io/output.ts";
import { OUTPUT_OPTIONS } from "../outputs/output_options.ts";
import { openPipelineOutputs, outputConfig, startStatus } from "../outputs/pipeline_outputs.ts";
import { CONFIG_FILE_OPTIONS, loadSettings, locateErrorsAsync } from "../outputs/config.ts";
import { needsProc, resolveUser, switchUser, USER_OPTIONS } from "../host/least_privilege.ts";
import { LossReport } from "../io/loss_report.ts";
import { logLine } from "../io/enriched_line.ts";
import { nssAvailable, NssIds } from "../host/nss_ids.ts";
import { type Mode, Printer } from "../io/printer.ts";
import { KernelSession } from "../host/kernel_state.ts";
import { readTrustedRulesFile } from "../host/rules_host.ts";
import { RulesFileError } from "../../rule/mod.ts";
import { hostName } from "../host/system.ts";
import { type CommandSpec, parseFlags, parseNumber, U32, UsageError } from "../usage.ts";
import { Warnings } from "../io/warnings.ts";

const SPEC = {
  name: "stream",
  summary: "Receive audit events from the kernel and print them as they happen.",
  usage: "libaudit stream [options]",
  options: {
    ...CONFIG_FILE_OPTIONS,
    multicast: {
      type: "boolean",
      description:
        "Only listen (multicast group; runs alongside auditd) instead of being the daemon",
    },
    raw: {
      type: "boolean",
      description: "Print raw records in auditd's log format (readable by `libaudit parse`)",
    },
    "raw-format": {
      type: "string",
      value: "FORMAT",
      choices: ["raw", "enriched"],
      default: "raw",
      description: "With --raw: auditd's RAW lines, or ENRICHED (uids, gids, syscall, arch, " +
        "sockaddr interpreted after \\x1d)",
    },
    node: {
      type: "string",
      value: "NAME",
      description: "Prefix each record with node=NAME, as auditd's name_format does",
    },
    reassemble: {
      type: "boolean",
      short: "r",
      description: "Print each reassembled event's records together",
    },
    interpret: {
      type: "boolean",
      short: "i",
      description: "Print one interpreted event per event (the default)",
    },
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      choices: ["text", "json", "yaml"],
      default: "text",
      description: "text, json or yaml",
    },
    "no-resolve-ids": { type: "boolean", description: "Do not turn uids/gids into names" },
    rules: {
      type: "string",
      value: "FILE",
      description: "Load these audit rules (auditctl syntax) first; removed again on exit",
    },
    backlog: {
      type: "string",
      value: "N",
      range: U32,
      description: "Set the kernel backlog limit for the run",
    },
    rate: {
      type: "string",
      value: "N",
      range: U32,
      description: "Set the kernel rate limit (msgs/s) for the run",
    },
    ...OUTPUT_OPTIONS,
    ...USER_OPTIONS,
    ...FILTER_OPTIONS,
    ...CONTEXT_OPTIONS,
  },
  notes:
    "Needs root (CAP_AUDIT_CONTROL; CAP_AUDIT_READ for --multicast). Without --multicast it\n" +
    "registers as the audit daemon, so auditd must not be running.\n" +
    "Lost events (kernel lost counter, socket overruns, queue drops, serial gaps) are reported\n" +
    "on stderr (at most once a second, with running totals, and always at exit) and, with\n" +
    '--format json, as {"type":"lost",...} records. kernel_lost and queue_dropped count records,\n' +
    "serial_gaps events; --raw counts gaps too. A missing serial counts\n" +
    "as a gap once 16384 newer ones and 10 s have passed (or at exit): under load the kernel\n" +
    "resends records late; one arriving later still is taken back (serial_gaps_retracted).\n" +
    "When stdout is not read, the stream waits and the client's queue absorbs the pause.\n" +
    FILTER_NOTES,
  examples: [
    "sudo libaudit stream",
    "sudo libaudit stream --rules /etc/audit/rules.d/audit.rules --format json -o events.jsonl",
    "sudo libaudit stream --raw > audit.log    # later: libaudit parse -i audit.log",
    "sudo libaudit stream --multicast -i --key exec --format yaml",
  ],
} as const satisfies CommandSpec;

/** Runs `libaudit stream`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(SPEC, args);
  if (flags === undefined) return 0;
  const { config, values: v } = await loadSettings(flags.values, SPEC.options);
  const checked = await locateErrorsAsync(
    async () => {
      const format = await chooseFormat(v.format);
      const filter = buildFilter(v, filterContext());
      const drop = buildRawDrop(v);
      const user = resolveUser(v.user);
      return { format, filter, drop, user, outputs: outputConfig(v) };
    },
    config,
    flags.values,
  );
  if (v["check-config"]) {
    console.log(`libaudit stream: ${config === undefined ? "settings" : config.file}: OK`);
    return 0;
  }
  const { format, filter, drop } = checked;
  const modes = [v.raw, v.reassemble, v.interpret].filter(Boolean).length;
  if (modes > 1) throw new UsageError("use only one of --raw, -r, -i");
  const mode: Mode = v.raw ? "raw" : v.reassemble ? "events" : "interpret";
  const backlog = v.backlog === undefined ? undefined : parseNumber("backlog", v.backlog, U32);
  const rate = v.rate === undefined ? undefined : parseNumber("rate", v.rate, U32);
  let dropped = 0;
  const rulesText = v.rules === undefined ? undefined : readTrustedRulesFile(v.rules);

  const warnings = new Warnings("libaudit stream");
  // Files are opened (as root) before anything else: a bad one fails here.
  const outputs = openPipelineOutputs(checked.outputs, (m) => warnings.warn(m), checked.user?.uid);
  const out = outputs.events;
  const losses = new LossReport({
    warn: (m) => warnings.warn(m),
    record: format === "json"
      ? (fields) => out.write(toJsonLine({ type: "lost", ...fields }))
      : undefined,
  });
  let kernel: KernelSession | undefined;
  let printer: Printer | undefined;
  let status: ReturnType<typeof startStatus> | undefined;
  let client: AuditClient | undefined;
  // On a signal the event client is closed: it unregisters, and the loop
  // below still prints what was already received, then ends.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    client?.close().catch(() => {});
  };
  // SIGHUP (logrotate): reopen the output files.
  const reopen = (): void => {
    outputs.reopen().catch((error) => warnings.warn(`SIGHUP: ${(error as Error).message}`));
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGHUP", reopen);
  let tick: ReturnType<typeof setInterval> | undefined;
  try {
    const events = v.multicast ? AuditClient.openMulticast() : AuditClient.open();
    try {
      // Registers first (as the daemon), then changes and journals the settings.
      kernel = await KernelSession.start({
        events,
        daemon: !v.multicast,
        backlogLimit: backlog,
        rateLimit: rate,
        rules: rulesText === undefined ? undefined : { text: rulesText, name: v.rules! },
        warn: (m) => warnings.warn(m),
      });
    } catch (error) {
      await events.close();
      throw error;
    }
    client = events;
    if (stopping) await client.close();
    // Everything is open: from here on, run as the user (CAP_AUDIT_CONTROL
    // kept to put the kernel's settings back at exit).
    if (checked.user !== undefined) {
      // Live process context (-i, unless --no-parent) reads other processes' /proc.
      const proc = needsProc(v, true) || (mode === "interpret" && !v["no-parent"]);
      switchUser(checked.user, proc, ["CAP_AUDIT_CONTROL"]);
    }

    const host = hostName();
    const streamClient = client;
    const context = mode === "interpret" ? contextFromFlags(v, true) : undefined;
    const eventPrinter = printer = new Printer({
      mode,
      format,
      out,
      filter,
      interpreter: mode === "interpret"
        ? createInterpreter({
          resolveIds: !v["no-resolve-ids"],
          ...(host === undefined ? {} : { host }),
          context,
        })
        : undefined,
      eventJsonCache: eventJsonCache(context),
      warn: (m) => warnings.warn(m),
      live: true,
      rawGaps: true,
      enrichedSeparator: mode === "raw" && v["raw-format"] === "enriched",
      rejected: outputs.filtered,
      // A negative count: serials reported as gaps arrived late after all.
      onLost: (count) => {
        if (count < 0) losses.late -= count;
        streamClient.loss.reportSerialGap(count);
      },
    });
    status = startStatus(checked.outputs, outputs, () => {
      const p = eventPrinter.stats;
      const l = streamClient.losses();
      return {
        events: p.printed + p.filtered,
        records: p.records,
        filtered: p.filtered,
        lost: {
          ...(l.kernelLost === undefined ? {} : { kernel_lost: l.kernelLost }),
          overruns: l.overruns,
          queue_dropped: l.queueDropped,
          serial_gaps: l.serialGaps,
          dropped_raw: dropped,
        },
      };
    });
    // auditd's own line format: node= prefix and ENRICHED tails when asked.
    const enriched = mode === "raw" && v["raw-format"] === "enriched";
    const lineOptions = enriched || v.node !== undefined
      ? {
        ...(v.node === undefined ? {} : { node: v.node }),
        enriched,
        ...(enriched && nssAvailable() ? { resolver: new NssIds(Date.now) } : {}),
      }
      : undefined;
    const lineOf = (raw: RawAuditMessage): string =>
      lineOptions === undefined
        ? `type=${recordTypeName(raw.type)} msg=${raw.payload}`
        : logLine(recordTypeName(raw.type), raw.type, raw.payload, lineOptions);
    // Each record's log line only when something reads it (--drop-raw, text output, rejected).
    const needLines = drop !== undefined || eventPrinter.usesLines;
    // Written after each batch, not from a timer: a timer costs more CPU
    // (tens of µs) than the write of the batch's last partial chunk.
    const flush = (): void => {
      out.flush().catch(stop);
    };
    // While output is blocked the loop waits (backpressure): the client keeps
    // draining the socket into its bounded queue and counts what it drops.
    // Meanwhile the reassembler's clock is not advanced by the timer: records
    // still queued must not time out or count as lost because we stopped.
    let blocked = false;
    tick = setInterval(() => {
      if (!blocked) eventPrinter.tick();
      flush();
    }, 250);
    // Records come in batches (what arrived since the last one): one wake-up
    // and one output flush per batch rather than per record.
    for await (const batch of client.batches({ onLoss: (l) => losses.update(l) })) {
      if (out.queued > OUTPUT_HIGH_WATER) {
        blocked = true;
        try {
          await out.flush();
        } finally {
          blocked = false;
        }
      }
      for (let i = 0; i < batch.length; i++) {
        const raw = batch[i]!;
        const line = needLines ? lineOf(raw) : "";
        if (drop !== undefined && drop(line)) {
          dropped++;
          outputs.filtered?.write(line + "\n");
          continue;
        }
        let message: AuditMessage;
        try {
          message = parseMessage(raw.type, raw.payload);
        } catch (error) {
          warnings.badLine(`${lineOf(raw).slice(0, 200)}: ${(error as Error).message}`);
          continue;
        }
        printer.add(message, line);
      }
      flush();
    }
    printer.finish();
    await out.flush();
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) {
      warnings.error("output closed (EPIPE)");
      return 0;
    }
    if (error instanceof RulesFileError) {
      // Every bad line, each on its own line (file:line: message).
      for (const e of error.errors) warnings.error(e.message);
      return 1;
    }
    throw error;
  } finally {
    if (tick !== undefined) clearInterval(tick);
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    Deno.removeSignalListener("SIGHUP", reopen);
    await client?.close();
    // The final totals, always (a closed output included).
    if (dropped > 0) warnings.warn(`${dropped} record(s) dropped by --drop-raw`);
    if (client !== undefined) {
      const p = printer?.stats;
      warnings.error(
        `totals: records=${p?.records ?? 0} events=${p?.printed ?? 0} ` +
          `filtered=${p?.filtered ?? 0} dropped_raw=${dropped}; ${losses.final(client.losses())}`,
      );
    }
    await kernel?.end();
    await outputs.settle().catch(() => {}); // the final status counts what syslog sent
    status?.stop();
    await outputs.close().catch((error) => {
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
    });
  }
  warnings.summary();
  return 0;
}

/**
 * Output held back for a slow or blocked stdout before the loop waits for it
 * (a few of the writer's 1 MiB chunks; a reader keeping up never gets near).
 */
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;
