/**
 * `libaudit search`: ausearch 3.0.9, its options as it spells them, its
 * output byte for byte, its default input (auditd.conf's `log_file` and its
 * rotations, or stdin when it is a pipe), its exit status (1 when nothing
 * matched). `alias ausearch='libaudit search'` works in scripts.
 *
 * @module
 */
import { auditNameToMsgType } from "../../interpret/report/msg_types.ts";
import {
  ByteSink,
  EventGrouper,
  type GroupedEvent,
  MAY_BE_ENRICHED,
  MAY_BE_NON_ASCII,
  MAY_HAVE_CONTROLS,
  parseSearchArgs,
  SearchOptionError,
  type SearchOptions,
} from "../../interpret/search/mod.ts";
import { AuditLogsError, selectAuditLogs } from "../io/audit_logs.ts";
import { Warnings } from "../io/warnings.ts";
import {
  type CheckpointData,
  CheckpointError,
  loadCheckpoint,
  planResume,
  saveCheckpoint,
} from "../io/checkpoint.ts";
import { readTextFileOrUndefined } from "../host/system.ts";
import { rawNeedles, SEARCH_USAGE } from "./search_usage.ts";
import { type Position, prescan, readInput, statFile } from "./search_read.ts";
import { eventTest, eventWriter, type IdTables, idTables, textFormat } from "../io/search_emit.ts";
import { rangeSearch, searchInRanges, searchThreads } from "../parallel/search_threads.ts";
import { inputKind } from "../parallel/threads.ts";
import denoJson from "../../deno.json" with { type: "json" };

/** Output gathered in buffers of this many bytes. */
const OUT_BYTES = 1 << 18;

/** Where the search writes: stdout by default, a collector in tests. */
export interface SearchIo {
  /** Writes output text. */
  readonly write?: (text: string) => void;
  /** Whether stdin is a pipe (default: looked up). */
  readonly stdinIsPipe?: boolean;
  /** Group records as ausearch does, splits included (tests compare with it). */
  readonly ausearchSplits?: boolean;
}

function writeStdout(bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length;) off += Deno.stdout.writeSync(bytes.subarray(off));
}

/** Output bytes for `io.write` (text) or stdout; `raw` writes past the sink (after flushing it). */
function outputSink(io: SearchIo): {
  sink: ByteSink;
  raw: (bytes: Uint8Array) => void;
  end: () => void;
} {
  const write = io.write;
  const decoder = new TextDecoder();
  const out = write === undefined
    ? writeStdout
    : (b: Uint8Array): void => write(decoder.decode(b, { stream: true }));
  const sink = new ByteSink(out, OUT_BYTES);
  return {
    sink,
    raw: (b) => {
      sink.flush();
      out(b);
    },
    end: () => {
      const rest = decoder.decode();
      if (rest !== "") write?.(rest);
    },
  };
}

function hostMachine(): string {
  return Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
}

function uptime(): number | undefined {
  const text = readTextFileOrUndefined("/proc/uptime");
  const n = text === undefined ? NaN : Number.parseFloat(text);
  return Number.isNaN(n) ? undefined : n;
}

/** Runs `libaudit search ARGS`; returns the exit status. */
export function main(args: string[]): Promise<number> {
  return runSearch(args);
}

/**
 * Runs a search with ausearch's arguments, writing to `io.write` (stdout by
 * default); returns ausearch's exit status.
 */
export async function runSearch(args: string[], io: SearchIo = {}): Promise<number> {
  if (args.length === 0) {
    console.log(SEARCH_USAGE);
    return 1;
  }
  const ids = idTables();
  let options: SearchOptions;
  try {
    options = parseSearchArgs(args, {
      now: Math.floor(Date.now() / 1000),
      uptime: uptime(),
      machine: hostMachine(),
      userId: (n) => {
        const id = ids.users.byName.get(n);
        return id === undefined ? undefined : Number(id);
      },
      groupId: (n) => {
        const id = ids.groups.byName.get(n);
        return id === undefined ? undefined : Number(id);
      },
    });
  } catch (error) {
    if (error instanceof SearchOptionError) {
      // ausearch's exact text: a message may lack its newline, or be empty.
      const text = error.stderr;
      if (text.endsWith("\n")) console.error(text.slice(0, -1));
      else if (text !== "") Deno.stderr.writeSync(new TextEncoder().encode(text));
      return 1;
    }
    throw error;
  }
  if (options.help) {
    console.log(SEARCH_USAGE);
    return 0;
  }
  if (options.version) {
    console.log(`libaudit search ${denoJson.version} (ausearch version 3.0.9 options and output)`);
    return 0;
  }
  return await run(options, ids, io);
}

async function run(options: SearchOptions, ids: IdTables, io: SearchIo): Promise<number> {
  const warnings = new Warnings("libaudit search");
  const c = options.criteria;
  let selection;
  try {
    selection = await selectAuditLogs({
      inputFile: options.inputFile,
      inputLogs: options.inputLogs,
      stdinIsPipe: io.stdinIsPipe,
    });
  } catch (error) {
    if (error instanceof AuditLogsError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  for (const note of selection.notes) console.error(note);
  const { sink, raw, end: endOutput } = outputSink(io);
  const flush = (): void => {
    sink.flush();
    endOutput();
  };
  // The interpreting formatters (and their tables) load only when used.
  const format = await textFormat(options, ids);
  // Raw records go out as they are (for pipes and files); on a terminal their
  // control characters are escaped so that a crafted record cannot drive it.
  const rawToTerminal = io.write === undefined && Deno.stdout.isTerminal();
  const needles = rawNeedles(c);
  let found = false;
  let stop = false;
  let saved: CheckpointData | undefined;
  let inputs = selection.inputs;
  let start: { offset: number; line: number } | undefined;
  const checkpointing = options.checkpoint !== undefined && !selection.stdin;
  if (options.checkpoint !== undefined && selection.stdin) {
    console.error("Warning - checkpointing stdin is not supported");
  }
  try {
    if (checkpointing) saved = await loadCheckpoint(options.checkpoint!);
    if (saved !== undefined && options.startFromCheckpoint) {
      // -ts checkpoint: only the time of the checkpoint's last event counts.
      if (saved.last !== undefined && (c.start === undefined || c.start < saved.last.sec)) {
        c.start = saved.last.sec;
      }
    } else if (saved !== undefined) {
      const plan = planResume(saved, inputs, statFile);
      inputs = plan.inputs;
      start = plan.start;
      if (plan.note !== undefined) warnings.warn(plan.note);
    }
  } catch (error) {
    if (error instanceof CheckpointError) {
      console.error(error.message);
      return error.status;
    }
    throw error;
  }
  // The last event handed out (for the checkpoint), kept without an object per event.
  let anyEvent = false;
  let lastSec = 0;
  let lastMilli = 0;
  let lastSerial = 0;
  let lastNode: string | undefined;
  const matches = eventTest(options, ids);
  const write = eventWriter(options, format, rawToTerminal, sink);
  const emit = (event: GroupedEvent): void => {
    anyEvent = true;
    lastSec = event.sec;
    lastMilli = event.milli;
    lastSerial = event.serial;
    lastNode = event.node;
    if (stop || !matches(event)) return;
    found = true;
    write(event);
    if (options.lineBuffered) sink.flush();
    if (options.justOne) stop = true;
  };
  const grouper = new EventGrouper({
    eoeTimeout: options.eoeTimeout ?? selection.eoeTimeout,
    start: c.start,
    end: c.end,
    typeNumber: auditNameToMsgType,
    ausearchSplits: io.ausearchSplits ?? false,
    recycle: !checkpointing,
  });
  // The events open when the checkpoint was written come back first.
  if (saved !== undefined && start !== undefined) {
    grouper.lineFlags = MAY_BE_ENRICHED | MAY_HAVE_CONTROLS | MAY_BE_NON_ASCII;
    for (const line of saved.open) grouper.add(line, emit);
  }
  // A text that no input holds means nothing can match: say so after one
  // read, without grouping (the scan stops as soon as every text was seen).
  if (needles.length > 0 && !checkpointing && !selection.stdin) {
    const status = await prescan(inputs, needles, warnings);
    if (status === "absent") {
      flush();
      warnings.summary();
      if (options.format !== "raw") console.error("<no matches>");
      return 1;
    }
    if (typeof status === "number") return status;
  }
  // One large regular file, when a core is idle: ranges on two threads.
  const only = inputs.length === 1 && !selection.stdin ? inputs[0]!.path : undefined;
  const kind = only === undefined || checkpointing || io.ausearchSplits === true
    ? undefined
    : inputKind(only);
  if (only !== undefined && kind !== undefined && searchThreads(kind, rangeSearch(options)) === 2) {
    const setup = {
      path: only,
      options,
      eoeTimeout: options.eoeTimeout ?? selection.eoeTimeout,
      rawToTerminal,
    };
    const input = { name: inputs[0]!.name, size: kind.size };
    found = await searchInRanges(setup, input, ids, format, { sink, raw }, warnings);
    flush();
    warnings.summary();
    if (!found) {
      if (options.format !== "raw") console.error("<no matches>");
      return 1;
    }
    return 0;
  }
  let position: Position | undefined;
  for (const input of inputs) {
    if (stop) break;
    const from = input === inputs[0] ? start : undefined;
    const result = await readInput(input, grouper, emit, warnings, () => stop, {
      start: from,
      hold: checkpointing,
      checkControls: options.format === "default",
    });
    if (typeof result === "number") {
      flush();
      return result;
    }
    position = result;
  }
  if (!checkpointing) grouper.finish(emit);
  flush();
  if (checkpointing && position !== undefined) {
    let last: CheckpointData["last"];
    if (anyEvent) {
      last = { sec: lastSec, milli: lastMilli, serial: lastSerial };
      if (lastNode !== undefined) last.node = lastNode;
    }
    try {
      await saveCheckpoint(options.checkpoint!, {
        version: 1,
        ...position,
        ...(last === undefined ? saved?.last === undefined ? {} : { last: saved.last } : { last }),
        open: grouper.openEvents().flatMap((e) => e.records.map((r) => r.line)),
      });
    } catch (error) {
      if (error instanceof CheckpointError) {
        console.error(error.message);
        return error.status;
      }
      throw error;
    }
  }
  warnings.summary();
  if (!found) {
    if (options.format !== "raw") console.error("<no matches>");
    return 1;
  }
  return 0;
}
