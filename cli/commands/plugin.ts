/**
 * `libaudit plugin`: auditd's dispatcher plugin. Reads the records auditd
 * passes on stdin (plugins.d `format = string`: one record per line, RAW or
 * ENRICHED, maybe with `node=`), reassembles, interprets (or not), filters and
 * writes the events as they complete.
 *
 * - Input is read as it comes: before waiting for input (and at least every
 *   100 ms while input keeps coming) everything complete is written; a timer
 *   completes the events that end by time. LIBAUDIT_PLUGIN_BATCH_MS=N (off
 *   by default) pauses up to N ms after a read that emptied auditd's socket,
 *   so that records written meanwhile are read together: less CPU offline,
 *   but under auditd on a loaded host it let auditd's dispatch queue
 *   overflow (lost events), so it is not the default.
 * - SIGHUP (auditd passes it on at reload) rereads the configuration file
 *   (filters) and reopens the outputs; SIGTERM and the end of stdin (auditd
 *   stopped) write the open events and exit 0.
 * - auditd passes at most two arguments: `plugin --config=FILE` holds the
 *   rest in the file.
 *
 * @module
 */
import { buildFilter, buildRawDrop, type EventFilter } from "../io/filters.ts";
import { FILTER_NOTES, FILTER_OPTIONS } from "../io/filter_options.ts";
import { CONTEXT_OPTIONS, contextFromFlags } from "../io/context_options.ts";
import { filterContext } from "../io/filter_context.ts";
import {
  type Config,
  CONFIG_FILE_OPTIONS,
  ConfigError,
  locateErrors,
  locateErrorsAsync,
  mergeSettings,
  readConfig,
} from "../outputs/config.ts";
import { LineSplitter, readLive, stdinWaiting } from "../io/input.ts";
import { canPollStdin, readStdinLive } from "../io/live_stdin.ts";
import { createInterpreter, eventJsonCache } from "../io/interpretation.ts";
import { chooseFormat, type Format } from "../io/output.ts";
import { OUTPUT_OPTIONS, type OutputConfig } from "../outputs/output_options.ts";
import { openPipelineOutputs, outputConfig, startStatus } from "../outputs/pipeline_outputs.ts";
import { feedLines, lineStats } from "../io/pipeline.ts";
import { type Mode, Printer } from "../io/printer.ts";
import { type CommandSpec, type ParsedFlags, parseFlags, UsageError } from "../usage.ts";
import { Warnings } from "../io/warnings.ts";
import { hostName } from "../host/system.ts";
import { needsProc, resolveUser, switchUser, USER_OPTIONS } from "../host/least_privilege.ts";
import type { SystemUser } from "../../sys/nss.ts";

/** The settings of `plugin` (flags and configuration keys alike), extendable by other modules. */
export const PLUGIN_OPTIONS = {
  ...CONFIG_FILE_OPTIONS,
  interpret: {
    type: "boolean",
    short: "i",
    description: "Write one interpreted event per event (the default)",
  },
  reassemble: {
    type: "boolean",
    short: "r",
    description: "Write each reassembled event's records together",
  },
  raw: {
    type: "boolean",
    description: "Write the records as received, in auditd's log format",
  },
  format: {
    type: "string",
    short: "f",
    value: "FORMAT",
    choices: ["text", "json", "yaml"],
    default: "json",
    description: "text, json or yaml",
  },
  "no-resolve-ids": { type: "boolean", description: "Do not turn uids/gids into names" },
  ...OUTPUT_OPTIONS,
  ...USER_OPTIONS,
  ...FILTER_OPTIONS,
  ...CONTEXT_OPTIONS,
} as const satisfies CommandSpec["options"];

const SPEC = {
  name: "plugin",
  summary: "Be auditd's dispatcher plugin: read its records on stdin, write events as they end.",
  usage: "libaudit plugin [options]     (started by auditd; see plugins.d in the README)",
  options: PLUGIN_OPTIONS,
  notes: "auditd starts it with at most two arguments: put the settings in a file and give\n" +
    "`args = plugin --config=/etc/libaudit/plugin.yaml` in /etc/audit/plugins.d/libaudit.conf.\n" +
    "SIGHUP rereads the configuration (filters) and reopens the outputs; SIGTERM or the end\n" +
    "of stdin writes the open events and exits 0.\n" + FILTER_NOTES,
  examples: [
    "libaudit plugin --config=/etc/libaudit/plugin.yaml",
    "libaudit plugin --check-config --config=/etc/libaudit/plugin.yaml",
    "libaudit plugin -f json --exclude-key noisy < /var/log/audit/audit.log",
  ],
} as const satisfies CommandSpec;

type Values = ParsedFlags<typeof SPEC>["values"];

/** What the settings turn into, checked before anything runs. */
interface Plan {
  readonly mode: Mode;
  readonly format: Format;
  readonly filter: EventFilter | undefined;
  readonly drop: ((line: string) => boolean) | undefined;
  readonly user: SystemUser | undefined;
  readonly outputs: OutputConfig;
}

/** Checks the settings and builds what they describe (throws UsageError). */
async function plan(v: Values): Promise<Plan> {
  const modes = [v.raw, v.reassemble, v.interpret].filter(Boolean).length;
  if (modes > 1) throw new UsageError("use only one of --raw, -r, -i");
  const mode: Mode = v.raw ? "raw" : v.reassemble ? "events" : "interpret";
  const format = await chooseFormat(v.format ?? "json");
  const outputs = outputConfig(v);
  return { mode, format, ...filters(v), user: resolveUser(v.user), outputs };
}

function filters(v: Values): Pick<Plan, "filter" | "drop"> {
  return { filter: buildFilter(v, filterContext()), drop: buildRawDrop(v) };
}

/** Reads the configuration file named by `--config`, if any. */
function loadConfig(flags: Values): Promise<Config | undefined> {
  return flags.config === undefined
    ? Promise.resolve(undefined)
    : readConfig(flags.config, PLUGIN_OPTIONS);
}

/** Runs `libaudit plugin`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(SPEC, args);
  if (flags === undefined) return 0;
  let config = await loadConfig(flags.values);
  let v = mergeSettings(flags.values, config);
  const setup = await locateErrorsAsync(() => plan(v), config, flags.values);
  if (v["check-config"]) {
    console.log(`libaudit plugin: ${config === undefined ? "settings" : config.file}: OK`);
    return 0;
  }

  const warnings = new Warnings("libaudit plugin");
  // Files are opened (as root) before anything is read: a bad one fails here.
  const outputs = openPipelineOutputs(setup.outputs, (m) => warnings.warn(m), setup.user?.uid);
  const out = outputs.events;
  // Everything is open: from here on, run as the user.
  if (setup.user !== undefined) switchUser(setup.user, needsProc(v));
  let { filter, drop } = setup;
  const host = hostName();
  const context = setup.mode === "interpret" ? contextFromFlags(v, true) : undefined;
  const printer = new Printer({
    mode: setup.mode,
    format: setup.format,
    out,
    // Through a closure: SIGHUP may replace the filter.
    filter: (records) => filter === undefined || filter(records),
    interpreter: setup.mode === "interpret"
      ? createInterpreter({
        resolveIds: !v["no-resolve-ids"],
        ...(host === undefined ? {} : { host }),
        context,
      })
      : undefined,
    eventJsonCache: eventJsonCache(context),
    warn: (m) => warnings.warn(m),
    live: true,
    rejected: outputs.filtered,
    // --raw writes auditd's lines as received, ENRICHED separators included.
    enrichedSeparator: setup.mode === "raw",
  });
  const stats = lineStats();
  const sink = {
    printer,
    warnings,
    rejected: outputs.filtered,
    get drop() {
      return drop;
    },
  };
  const status = startStatus(setup.outputs, outputs, () => ({
    events: printer.stats.printed + printer.stats.filtered,
    records: stats.lines,
    filtered: printer.stats.filtered,
    lost: { serial_gaps: printer.stats.lost, bad_lines: stats.bad, dropped_raw: stats.dropped },
  }));

  const reload = async (): Promise<void> => {
    try {
      config = await loadConfig(flags.values);
      v = mergeSettings(flags.values, config);
      ({ filter, drop } = locateErrors(() => filters(v), config, flags.values));
      warnings.warn("SIGHUP: configuration reread, outputs reopened");
    } catch (error) {
      const message = error instanceof ConfigError || error instanceof UsageError
        ? error.message
        : String(error);
      warnings.warn(`SIGHUP: configuration not changed: ${message}`);
    }
    await outputs.reopen();
  };
  const onHup = (): void => void reload();

  let finished: Promise<void> | undefined;
  const finish = (): Promise<void> =>
    finished ??= (async () => {
      clearInterval(ticker);
      printer.finish();
      await outputs.settle(); // the final status counts what syslog sent
      status.stop();
      await outputs.close();
      summary(warnings, stats, printer);
    })();
  // SIGTERM: auditd closes our stdin as it stops us; read what is left
  // until then, but never for more than a second.
  let exitTimer: ReturnType<typeof setTimeout> | undefined;
  const onTerm = (): void => {
    exitTimer ??= setTimeout(() => finish().finally(() => Deno.exit(0)), 1000);
  };
  // Written so far (events, filtered, lost records): nothing new, nothing to flush.
  let flushedAt = -1;
  const flushAll = async (): Promise<void> => {
    printer.tick();
    const p = printer.stats;
    const progress = p.printed + p.filtered + p.lost + stats.dropped;
    if (progress === flushedAt) return;
    flushedAt = progress;
    await out.flush();
  };
  const ticker = setInterval(() => flushAll().catch(() => {}), TICK_MS);
  Deno.addSignalListener("SIGHUP", onHup);
  Deno.addSignalListener("SIGTERM", onTerm);
  Deno.addSignalListener("SIGINT", onTerm);
  try {
    // Waiting in poll(2) ourselves: no thread-pool hop per read (see live_stdin.ts).
    const chunks = canPollStdin()
      ? readStdinLive(flushAll, { turnMs: TICK_MS, batchMs: batchMs() })
      : readLive(Deno.stdin, flushAll, undefined, stdinWaiting());
    const splitter = new LineSplitter();
    for await (const chunk of chunks) {
      for (const batch of splitter.push(chunk)) feedLines(batch, "stdin", sink, stats);
      if (out.queued > OUTPUT_HIGH_WATER) await out.drain();
    }
    for (const batch of splitter.end()) feedLines(batch, "stdin", sink, stats);
    await finish();
  } catch (error) {
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
    summary(warnings, stats, printer);
    warnings.error("output closed (EPIPE)");
    return 1;
  } finally {
    clearInterval(ticker);
    if (exitTimer !== undefined) clearTimeout(exitTimer);
    Deno.removeSignalListener("SIGHUP", onHup);
    Deno.removeSignalListener("SIGTERM", onTerm);
    Deno.removeSignalListener("SIGINT", onTerm);
  }
  return 0;
}

/** How often open events are checked for completion by time, and output flushed (ms). */
const TICK_MS = 100;
/**
 * Pause (ms) after a read that emptied auditd's pipe, so that the records it
 * writes one by one meanwhile are read and written out together (see
 * live_stdin.ts): none unless LIBAUDIT_PLUGIN_BATCH_MS sets it.
 */
function batchMs(): number {
  let text: string | undefined;
  try {
    text = Deno.env.get("LIBAUDIT_PLUGIN_BATCH_MS");
  } catch {
    text = undefined;
  }
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 1000 ? n : BATCH_MS;
}
/**
 * No pause by default. Under auditd (bench/plugin_live.sh, 10 s storms), a
 * 10 ms pause saved CPU on a lightly loaded host (load 2-3: 1.58-1.65 against
 * 2.14-3.10 s per 10,000 events, no overflow either way), but on a loaded one
 * (load 13) auditd's plugin queue overflowed (depth 20,000, events lost) in 3
 * runs of 3 with it against 1 of 3 without it. Losing events is worse than
 * the CPU, so the pause is opt-in until it can back off when auditd falls
 * behind.
 */
const BATCH_MS = 0;
/** Output held for a slow reader before the loop waits for it. */
const OUTPUT_HIGH_WATER = 4 * 1024 * 1024;

/** The final totals, always, on stderr. */
function summary(
  warnings: Warnings,
  stats: ReturnType<typeof lineStats>,
  printer: Printer,
): void {
  const p = printer.stats;
  warnings.error(
    `totals: records=${stats.lines} events=${p.printed} filtered=${p.filtered} ` +
      `dropped_raw=${stats.dropped} bad_lines=${stats.bad} serial_gaps=${p.lost}`,
  );
}
