/**
 * `libaudit search`: ausearch 3.0.9, its options as it spells them, its
 * output byte for byte, its default input (auditd.conf's `log_file` and its
 * rotations, or stdin when it is a pipe), its exit status (1 when nothing
 * matched). `alias ausearch='libaudit search'` works in scripts.
 *
 * @module
 */
import { recordTypeNumber } from "../../parse/record_type.ts";
import { parseIdFile } from "../../interpret/id_resolver.ts";
import {
  escapeAusearch,
  EventGrouper,
  formatDefault,
  formatRaw,
  headerProblem,
  matchEvent,
  MAY_BE_ENRICHED,
  MAY_HAVE_CONTROLS,
  parseSearchArgs,
  type SearchEvent,
  SearchOptionError,
  type SearchOptions,
} from "../../interpret/search/mod.ts";
import { AuditLogsError, type LogInput, readLogText, selectAuditLogs } from "../io/audit_logs.ts";
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
import denoJson from "../../deno.json" with { type: "json" };

/** A control character that a printed line could hold (not `\n`, not ENRICHED's `\x1d`). */
// deno-lint-ignore no-control-regex
const CONTROLS = /[\x00-\x09\x0b-\x1c\x1e\x1f]/;

/** Output written in chunks of about this many characters. */
const FLUSH_CHARS = 1 << 16;

/** Where the search writes: stdout by default, a collector in tests. */
export interface SearchIo {
  /** Writes output text. */
  readonly write?: (text: string) => void;
  /** Whether stdin is a pipe (default: looked up). */
  readonly stdinIsPipe?: boolean;
  /** Group records as ausearch does, splits included (tests compare with it). */
  readonly ausearchSplits?: boolean;
}

const encoder = new TextEncoder();
/** Reused for every write (no new buffer per flush; at most 3 bytes per UTF-16 unit). */
let stdoutBytes = new Uint8Array(3 * FLUSH_CHARS + 4096);

function writeStdout(text: string): void {
  if (3 * text.length > stdoutBytes.length) stdoutBytes = new Uint8Array(3 * text.length);
  const n = encoder.encodeInto(text, stdoutBytes).written;
  for (let off = 0; off < n;) off += Deno.stdout.writeSync(stdoutBytes.subarray(off, n));
}

class Out {
  #buf = "";
  readonly #line: boolean;
  readonly #write: (text: string) => void;
  constructor(lineBuffered: boolean, write: (text: string) => void) {
    this.#line = lineBuffered;
    this.#write = write;
  }
  write(text: string): void {
    this.#buf += text;
    if (this.#line || this.#buf.length >= FLUSH_CHARS) this.flush();
  }
  flush(): void {
    if (this.#buf === "") return;
    const text = this.#buf;
    this.#buf = "";
    this.#write(text);
  }
}

function hostMachine(): string {
  return Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
}

function uptime(): number | undefined {
  const text = readTextFileOrUndefined("/proc/uptime");
  const n = text === undefined ? NaN : Number.parseFloat(text);
  return Number.isNaN(n) ? undefined : n;
}

function idTables(): {
  users: ReturnType<typeof parseIdFile>;
  groups: ReturnType<typeof parseIdFile>;
} {
  return {
    users: parseIdFile(readTextFileOrUndefined("/etc/passwd") ?? ""),
    groups: parseIdFile(readTextFileOrUndefined("/etc/group") ?? ""),
  };
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
      console.error(error.message);
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
  return await run(options, ids.users.byId, ids.groups.byId, io);
}

async function run(
  options: SearchOptions,
  users: Map<string, string>,
  groups: Map<string, string>,
  io: SearchIo,
): Promise<number> {
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
  const out = new Out(options.lineBuffered, io.write ?? writeStdout);
  const resolver = {
    userName: (uid: string) => users.get(uid),
    groupName: (gid: string) => groups.get(gid),
  };
  // The interpreting formatters (and their tables) load only when used.
  const format = options.format === "interpret"
    ? (await import("./search_interpret.ts")).interpretedFormatter(options, resolver)
    : options.format === "csv" || options.format === "text"
    ? (await import("./search_interpret.ts")).normalizedFormatter(options, resolver)
    : undefined;
  // Raw records go out as they are (for pipes and files); on a terminal their
  // control characters are escaped so that a crafted record cannot drive it.
  const rawToTerminal = io.write === undefined && Deno.stdout.isTerminal();
  const needles = rawNeedles(c);
  const required = (1 << needles.length) - 1;
  let found = false;
  let stop = false;
  const lookupUid = (field: string, uid: number): string | undefined => {
    if (uid === 0) return "root";
    if (uid === 0xffffffff) return "unset";
    void field;
    return users.get(String(uid));
  };
  const facts = {
    lookupUid,
    warn: options.debug ? (t: string) => console.error(t) : () => {},
  };
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
  let last: CheckpointData["last"];
  const emit = (event: SearchEvent): void => {
    last = { sec: event.sec, milli: event.milli, serial: event.serial };
    if (event.node !== undefined) last.node = event.node;
    if (stop) return;
    if (((event.hits ?? 0) & required) !== required) return;
    if (!matchEvent(event, c, facts)) return;
    found = true;
    if (options.format === "raw") {
      out.write(rawToTerminal ? escapeRaw(formatRaw(event)) : formatRaw(event));
    } else if (format !== undefined) out.write(format(event));
    else out.write(formatDefault(event, options.escape));
    if (options.justOne) stop = true;
  };
  const grouper = new EventGrouper({
    eoeTimeout: options.eoeTimeout ?? selection.eoeTimeout,
    start: c.start,
    end: c.end,
    typeNumber: recordTypeNumber,
    ausearchSplits: io.ausearchSplits ?? false,
  });
  // The events open when the checkpoint was written come back first.
  if (saved !== undefined && start !== undefined) {
    grouper.lineFlags = MAY_BE_ENRICHED | MAY_HAVE_CONTROLS;
    for (const line of saved.open) {
      grouper.addAt(line, 0, line.length, needleHits(line, needles), emit);
    }
  }
  // A text that no input holds means nothing can match: say so after one
  // read, without grouping (the scan stops as soon as every text was seen).
  if (needles.length > 0 && !checkpointing && !selection.stdin) {
    const status = await prescan(inputs, needles, warnings);
    if (status === "absent") {
      out.flush();
      warnings.summary();
      if (options.format !== "raw") console.error("<no matches>");
      return 1;
    }
    if (typeof status === "number") return status;
  }
  let position: Position | undefined;
  for (const input of inputs) {
    if (stop) break;
    const from = input === inputs[0] ? start : undefined;
    const result = await readInput(input, grouper, emit, warnings, needles, () => stop, {
      start: from,
      hold: checkpointing,
      checkControls: options.format === "default",
    });
    if (typeof result === "number") {
      out.flush();
      return result;
    }
    position = result;
  }
  if (!checkpointing) grouper.finish(emit);
  out.flush();
  if (checkpointing && position !== undefined) {
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

/** Raw output for a terminal: control characters other than line breaks as `\ooo`. */
function escapeRaw(text: string): string {
  return text.split("\n").map((l) => escapeAusearch(l, "tty")).join("\n");
}

/**
 * Reads the inputs until every needle has been seen: `"seen"` then, or
 * `"absent"` when some needle is in none of them (bad lines are warned about
 * on the way, as the search would), or an exit status.
 */
async function prescan(
  inputs: LogInput[],
  needles: RegExp[],
  warnings: Warnings,
): Promise<"seen" | "absent" | number> {
  const seen = needles.map(() => false);
  const pending: string[] = [];
  try {
    for (const input of inputs) {
      for await (const chunk of readLogText(input)) {
        const text = chunk.text;
        needles.forEach((re, k) => {
          re.lastIndex = 0;
          if (!seen[k] && re.test(text)) seen[k] = true;
        });
        if (seen.every((x) => x)) return "seen";
        let lineNo = chunk.firstLine;
        for (let start = 0; start < text.length; lineNo++) {
          let end = text.indexOf("\n", start);
          if (end < 0) end = text.length;
          if (end > start) {
            const bad = headerProblem(text, start, end);
            if (bad !== undefined) pending.push(`${input.name}:${lineNo}: ${bad.reason}`);
          }
          start = end + 1;
        }
      }
    }
  } catch (error) {
    if (error instanceof AuditLogsError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  for (const line of pending) warnings.badLine(line);
  return "absent";
}

/** Where reading an input stopped (for the checkpoint). */
interface Position {
  path: string;
  dev: number;
  ino: number;
  offset: number;
  line: number;
}

function statFile(path: string): { dev: number; ino: number; size: number } | undefined {
  try {
    const info = Deno.statSync(path);
    return { dev: info.dev ?? 0, ino: info.ino ?? 0, size: info.size };
  } catch {
    return undefined;
  }
}

/** The bits of `needles` that `line` passes. */
function needleHits(line: string, needles: RegExp[]): number {
  let hits = 0;
  needles.forEach((re, k) => {
    re.lastIndex = 0;
    if (re.test(line)) hits |= 1 << k;
  });
  return hits;
}

/** Feeds one input's lines to the grouper, scanning its text in place. */
async function readInput(
  input: LogInput,
  grouper: EventGrouper,
  emit: (event: SearchEvent) => void,
  warnings: Warnings,
  needles: RegExp[],
  stopped: () => boolean,
  at: {
    start: { offset: number; line: number } | undefined;
    hold: boolean;
    /** Whether to look for control characters (only the default format uses the answer). */
    checkControls: boolean;
  },
): Promise<number | Position> {
  const position: Position = {
    path: input.name,
    dev: 0,
    ino: 0,
    offset: at.start?.offset ?? 0,
    line: at.start?.line ?? 1,
  };
  try {
    for await (
      const chunk of readLogText(input, {
        ...(at.start === undefined ? {} : { offset: at.start.offset, line: at.start.line }),
        holdPartialLine: at.hold,
        onOpen: (info) => {
          position.dev = info.dev ?? 0;
          position.ino = info.ino ?? 0;
        },
      })
    ) {
      const text = chunk.text;
      // Whether ENRICHED separators are there to look for, and whether any
      // printed text may need escaping (the text after a separator is not
      // printed), both for the whole run at once.
      grouper.lineFlags = (text.includes("\x1d") ? MAY_BE_ENRICHED : 0) |
        (!at.checkControls || CONTROLS.test(text) ? MAY_HAVE_CONTROLS : 0);
      const next = needles.map(() => -1);
      let lineNo = chunk.firstLine;
      for (let start = 0; start < text.length; lineNo++) {
        let end = text.indexOf("\n", start);
        if (end < 0) end = text.length;
        if (end > start) {
          let hits = 0;
          for (let k = 0; k < needles.length; k++) {
            let pos = next[k]!;
            if (pos < start && pos !== Infinity) {
              const re = needles[k]!;
              re.lastIndex = start;
              const m = re.exec(text);
              next[k] = pos = m === null ? Infinity : m.index;
            }
            if (pos < end) hits |= 1 << k;
          }
          const bad = grouper.addAt(text, start, end, hits, emit);
          if (bad !== undefined) warnings.badLine(`${input.name}:${lineNo}: ${bad.reason}`);
        }
        start = end + 1;
      }
      position.offset = chunk.offset;
      position.line = lineNo;
      if (stopped()) break;
    }
  } catch (error) {
    if (error instanceof AuditLogsError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  return position;
}
