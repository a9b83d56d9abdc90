/**
 * `libaudit parse [FILE...]`: reads auditd logs (or `libaudit stream --raw`
 * output), plain or gzipped, from files or stdin, and prints records,
 * reassembled events or interpreted events as text, JSON Lines or YAML.
 *
 * @module
 */
import { buildFilter, buildRawDrop } from "../io/filters.ts";
import { FILTER_NOTES, FILTER_OPTIONS } from "../io/filter_options.ts";
import { filterContext } from "../io/filter_context.ts";
import {
  followFile,
  type LineBatch,
  maybeGunzip,
  readChunks,
  readLive,
  splitLines,
  stdinIsFile,
  stdinWaiting,
  syncReader,
} from "../io/input.ts";
import { feedLines, lineStats } from "../io/pipeline.ts";
import { createInterpreter, eventJsonCache } from "../io/interpretation.ts";
import { CONTEXT_OPTIONS, contextFromFlags, contextNote } from "../io/context_options.ts";
import { BatchWriter, chooseFormat, stdoutSink, stdoutSyncSink } from "../io/output.ts";
import { RangePool } from "../parallel/parallel.ts";
import { processUsage } from "../parallel/process_usage.ts";
import { defaultThreads, inputKind, parallelInput, parallelMinBytes } from "../parallel/threads.ts";
import { type Mode, Printer } from "../io/printer.ts";
import { Progress } from "../io/progress.ts";
import { type CommandSpec, parseFlags, parseNumber, THREADS, UsageError } from "../usage.ts";
import { Warnings } from "../io/warnings.ts";
import { coresForThreads, envVar } from "../host/system.ts";
import { MemoryRelease } from "../host/memory_release.ts";

const SPEC = {
  name: "parse",
  summary: "Parse audit logs (auditd logs or `libaudit stream --raw` output, plain or .gz).",
  usage: "libaudit parse [options] [FILE...]     (stdin when no FILE or FILE is -)",
  positionals: true,
  options: {
    interpret: {
      type: "boolean",
      short: "i",
      description: "Print one interpreted event per event (default: one record per line)",
    },
    reassemble: {
      type: "boolean",
      short: "r",
      description: "Print each reassembled event's records together",
    },
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      description: "text (default), json or yaml",
    },
    "no-resolve-ids": {
      type: "boolean",
      description: "Do not turn uids/gids into names (with -i)",
    },
    follow: {
      type: "boolean",
      description: "Keep reading FILE as it grows, across rotation (like tail -F)",
    },
    threads: {
      type: "string",
      value: "N",
      description:
        "Parse with N threads (default auto: 2 for regular files large enough to pay, 4-512 MiB by mode and format, while a second core is idle; else 1)",
    },
    ...FILTER_OPTIONS,
    ...CONTEXT_OPTIONS,
  },
  notes: "Modes: without -i/-r each line is printed as one record (JSON: go-libaudit's stored\n" +
    "shape); lines that do not parse print nothing on stdout and a warning on stderr.\n" +
    FILTER_NOTES,
  examples: [
    "libaudit parse -i /var/log/audit/audit.log",
    "libaudit parse -i --format json /var/log/audit/audit.log.1.gz > events.jsonl",
    "libaudit parse --format json < audit.log            # one record per line",
    "libaudit parse -i --key exec --success no --since today /var/log/audit/audit.log",
    "libaudit parse -i --follow /var/log/audit/audit.log",
    "libaudit stream --raw | libaudit parse -i --format yaml",
  ],
} as const satisfies CommandSpec;

/** Runs `libaudit parse`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(SPEC, args);
  if (flags === undefined) return 0;
  const v = flags.values;
  const format = await chooseFormat(v.format);
  if (v.interpret && v.reassemble) throw new UsageError("use either -i or -r, not both");
  const mode: Mode = v.interpret ? "interpret" : v.reassemble ? "events" : "raw";
  const files = flags.positionals.length === 0 ? ["-"] : flags.positionals;
  if (flags.positionals.length === 0 && Deno.stdin.isTerminal()) {
    throw new UsageError(
      "no input: give a FILE (e.g. /var/log/audit/audit.log) or pipe a log into stdin",
    );
  }
  if (v.follow && (files.length !== 1 || files[0] === "-")) {
    throw new UsageError("--follow needs exactly one FILE");
  }
  const filter = buildFilter(v, filterContext());
  const drop = buildRawDrop(v);
  // Two threads by default for large regular files when a second core is
  // idle (byte ranges, see cli/parallel/parallel.ts); `--threads 1` forces one.
  const kinds = files.map(inputKind);
  const threads = v.threads === undefined || v.threads === "auto"
    ? defaultThreads(kinds, coresForThreads(), parallelMinBytes(mode, format))
    : parseNumber("threads", v.threads, THREADS);

  // A pipe (auditd's dispatcher, `tail -F`, a slow writer) is read as it
  // comes: events are written as they complete, not when the input ends.
  const pipe = !v.follow && files.length === 1 && files[0] === "-" && !stdinIsFile();
  const live = v.follow || pipe;
  const progress = new Progress();
  const warnings = new Warnings("libaudit parse", () => progress.clear());
  // Batch input (no --follow): synchronous reads and writes, see syncReader.
  const out = new BatchWriter(live ? stdoutSink() : stdoutSyncSink());
  const context = mode === "interpret" ? contextFromFlags(v, false) : undefined;
  const printer = new Printer({
    mode,
    format,
    out,
    filter,
    interpreter: mode === "interpret"
      ? createInterpreter({ resolveIds: !v["no-resolve-ids"], context })
      : undefined,
    warn: (m) => warnings.warn(m),
    live: v.follow ?? false,
    timeouts: pipe,
    eventJsonCache: eventJsonCache(context),
    onLost: () => {}, // summed up once at the end (printer.stats.lost)
  });

  // The parallel path applies the event filters; raw-line drops, process
  // context and anything but regular uncompressed files run on one thread.
  const pool = threads > 1 && !live && drop === undefined && context === undefined &&
      files.every((name, i) => name !== "-" && parallelInput(kinds[i]))
    ? RangePool.start(threads, { mode, format, filters: v, resolveIds: !v["no-resolve-ids"] }, {
      warn: (m) => warnings.warn(m),
    })
    : undefined;
  let failed = false;
  const stats = lineStats();
  const idle = async (): Promise<void> => {
    printer.tick();
    await out.flush();
  };
  // Events that complete by time while the pipe is quiet.
  const ticker = pipe ? setInterval(() => idle().catch(() => {}), 250) : undefined;
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  if (v.follow) {
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  }
  try {
    if (pool !== undefined) {
      try {
        await pool.run(files.map((path, i) => ({ path, size: kinds[i]!.size })), out, {
          badLine: (file, line, reason) => warnings.badLine(`${files[file]}:${line}: ${reason}`),
          notice: (file, m) => warnings.warn(`${files[file]}: ${m}`),
          warn: (m) => warnings.warn(m),
          progress: (file, bytes, printed) => progress.update(files[file]!, bytes, printed),
        });
      } catch (error) {
        if (isBrokenPipe(error)) return 0;
        warnings.error(`cannot read ${files.join(", ")}: ${describe(error)}`);
        failed = true;
      }
    }
    // Freed C heap memory (V8's compile arenas) back to the system now and then.
    const memory = new MemoryRelease();
    for (const name of pool === undefined ? files : []) {
      let batches: AsyncIterable<LineBatch> | undefined;
      let chunks: AsyncIterable<Uint8Array> | undefined;
      let close = (): void => {};
      const notice = (m: string): void => warnings.warn(`${name}: ${m}`);
      try {
        if (v.follow) {
          batches = splitLines(
            followFile(name, {
              signal: abort.signal,
              notice,
              onIdle: idle,
            }),
            notice,
          );
        } else if (pipe) {
          chunks = maybeGunzip(readLive(Deno.stdin, idle, undefined, stdinWaiting()));
        } else if (name === "-") {
          chunks = maybeGunzip(readChunks(syncReader(Deno.stdin)));
        } else {
          const file = await Deno.open(name, { read: true });
          close = () => file.close();
          chunks = maybeGunzip(readChunks(syncReader(file)));
        }
      } catch (error) {
        warnings.error(`cannot open ${name}: ${describe(error)}`);
        failed = true;
        continue;
      }
      const label = name === "-" ? "stdin" : name;
      try {
        batches ??= splitLines(chunks!, notice);
        for await (const batch of batches) {
          feedLines(batch, label, { printer, warnings, drop }, stats);
          await out.drain();
          progress.update(label, batch.bytes, printer.stats.printed);
          memory.tick();
        }
      } catch (error) {
        if (isBrokenPipe(error)) return 0;
        warnings.error(`cannot read ${name}: ${describe(error)}`);
        failed = true;
      } finally {
        close();
      }
    }
    printer.finish();
    const note = contextNote(context);
    if (note !== undefined) warnings.warn(note);
    await out.close();
  } catch (error) {
    if (isBrokenPipe(error)) return 0;
    throw error;
  } finally {
    if (ticker !== undefined) clearInterval(ticker);
    await pool?.close();
    if (v.follow) {
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
    }
    progress.clear();
  }
  const lost = printer.stats.lost + (pool?.lost ?? 0);
  if (lost > 0) {
    warnings.warn(
      `${lost} sequence number(s) missing from the input (events lost or filtered out before)`,
    );
  }
  if (pool !== undefined && envVar("LIBAUDIT_PARALLEL_DEBUG") === "1") {
    warnings.error(`parallel: ${pool.mismatches} range(s) run again after a cut mismatch`);
    warnings.error(`parallel: ${pool.describeSharing()}`);
    warnings.error(`parallel: main process: ${processUsage()}`);
    if (pool.threadUsage !== undefined) warnings.error(`parallel: threads: ${pool.threadUsage}`);
    for (const u of pool.childUsage) warnings.error(`parallel: range child: ${u}`);
  }
  if (stats.dropped > 0) warnings.warn(`${stats.dropped} record(s) dropped by --drop-raw`);
  warnings.summary();
  return failed ? 1 : 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}

function isBrokenPipe(error: unknown): boolean {
  return error instanceof Deno.errors.BrokenPipe;
}
