/**
 * ausearch 3.0.9's command line (src/ausearch-options.c), spelled as
 * ausearch spells it: single-dash multi-letter options (`-ts`, `-if`, `-ui`,
 * …) and long ones, each value the next argument unless it starts with `-`,
 * the same checks and the same messages.
 *
 * @module
 */
import { auditArchValue, errnoNumber, syscallNumber } from "../../parse/tables/lookup.ts";
import { MACHINE_NAMES } from "../../parse/tables/lookup.ts";
import {
  ALIASES,
  asciiCase,
  determineMachine,
  ERANGE,
  isDigitStart,
  isNegative,
  LONG,
  messageTypes,
} from "./_option_names.ts";
import { int32, strtol, strtoul, uint32 } from "../auparse/_c.ts";
import { S_FAILED, S_SUCCESS, type SearchCriteria } from "./criteria.ts";
import { timeOption } from "./time.ts";
import type { SearchOptionFacts, SearchOptions } from "./option_types.ts";

export type { SearchFormat, SearchOptionFacts, SearchOptions } from "./option_types.ts";

/** A command line ausearch refuses: its message; exit status 1. */
export class SearchOptionError extends Error {
  /** What ausearch writes to stderr: the message and its newline, or less. */
  readonly stderr: string;
  /**
   * Makes the error.
   *
   * @param message ausearch's message.
   * @param stderr What ausearch writes (default: the message and a newline).
   */
  constructor(message: string, stderr: string = message + "\n") {
    super(message);
    this.name = "SearchOptionError";
    this.stderr = stderr;
  }
}

/**
 * Reads ausearch's command line.
 *
 * @param args The arguments after `search`.
 * @param facts The clock, machine and user database.
 * @returns The options.
 * @throws {SearchOptionError} With ausearch's message when refused.
 */
export function parseSearchArgs(args: readonly string[], facts: SearchOptionFacts): SearchOptions {
  const c: SearchCriteria = {};
  const o: SearchOptions = {
    criteria: c,
    format: "default",
    escape: "tty",
    inputLogs: false,
    justOne: false,
    lineBuffered: false,
    debug: false,
    startFromCheckpoint: false,
    extraKeys: false,
    extraLabels: false,
    extraObj2: false,
    extraTime: false,
    help: false,
    version: false,
  };
  const fail = (message: string, stderr?: string): never => {
    throw new SearchOptionError(message, stderr);
  };
  try {
    readArgs(args, facts, o, c, fail);
  } catch (e) {
    // ausearch stops at the first refused option, then still checks --extra-*.
    if (!(e instanceof SearchOptionError) || !extraWithoutCsv(o)) throw e;
    const extra = "--extra options requires format to be csv";
    throw new SearchOptionError(`${e.message}\n${extra}`, `${e.stderr}${extra}\n`);
  }
  if (extraWithoutCsv(o)) fail("--extra options requires format to be csv");
  if (o.format !== "default" && o.format !== "raw") c.wantArch = true;
  return o;
}

function extraWithoutCsv(o: SearchOptions): boolean {
  return (o.extraTime || o.extraLabels || o.extraKeys) && o.format !== "csv";
}

function readArgs(
  args: readonly string[],
  facts: SearchOptionFacts,
  o: SearchOptions,
  c: SearchCriteria,
  fail: (message: string, stderr?: string) => never,
): void {
  let machine: string | undefined;
  // strtoul/strtol with ausearch's message when errno is ERANGE ("" says nothing).
  const ul = (v: string, base: number, message: string): bigint =>
    strtoul(v, base) ?? fail(message || "ERANGE", message === "" ? "" : undefined);
  const sl = (v: string, base: number, message: string): bigint =>
    strtol(v, base) ?? fail(message || "ERANGE", message === "" ? "" : undefined);
  const userId = (v: string) => `Numeric user ID conversion error (${ERANGE}) for ${v}`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = ALIASES[arg] ?? (LONG.has(arg) ? arg : undefined);
    const next = args[i + 1];
    const optarg = next !== undefined && !next.startsWith("-") ? next : undefined;
    const need = (): string => optarg ?? fail(`Argument is required for ${arg}`);
    const none = (): void => {
      if (optarg !== undefined) fail(`Argument is NOT required for ${arg}`);
    };
    const uid = (value: string, unknown: string): [number, string | undefined] => {
      if (isDigitStart(value)) return [uint32(ul(value, 10, userId(value))), undefined];
      const id = facts.userId?.(value);
      if (id === undefined) fail(`${unknown} is non-numeric and unknown (${value})`);
      return [id!, value];
    };
    const gid = (value: string, unknown: string): number => {
      if (isDigitStart(value)) {
        return uint32(ul(value, 10, `Numeric group ID conversion error (${ERANGE}) for ${value}`));
      }
      return facts.groupId?.(value) ?? fail(`${unknown} is non-numeric and unknown (${value})`);
    };
    const loose = (): string => optarg ?? next ?? fail(`Argument is required for ${arg}`);
    switch (name) {
      case "--event": {
        const v = need();
        if (!isDigitStart(v)) fail(`Audit event id must be a numeric value, was ${v}`);
        const message = "Illegal value for audit event ID"; // without a newline
        const id = uint32(strtoul(v, 10) ?? fail(message, message));
        if (id !== 0xffffffff) c.eventId = id; // -1: not set
        else delete c.eventId;
        i++;
        break;
      }
      case "--eoe-timeout": {
        const v = need();
        if (!isDigitStart(v)) fail(`End of Event Timeout must be a numeric value, was ${v}`);
        const t = strtoul(v, 10);
        if (t === undefined || t === 0n) fail(`Illegal value for End of Event Timeout, was ${v}`);
        o.eoeTimeout = Number(BigInt.asIntN(64, t!)); // a time_t
        i++;
        break;
      }
      case "--extra-keys":
      case "--extra-labels":
      case "--extra-obj2":
      case "--extra-time": {
        const key = {
          "--extra-keys": "extraKeys",
          "--extra-labels": "extraLabels",
          "--extra-obj2": "extraObj2",
          "--extra-time": "extraTime",
        } as const;
        o[key[name]] = true;
        none();
        break;
      }
      case "--comm":
        c.comm = need();
        i++;
        break;
      case "--file":
        c.filename = need();
        i++;
        break;
      case "--key":
        c.key = need();
        i++;
        break;
      case "--gid-all":
        c.gid = c.egid = gid(need(), "Group ID");
        c.anyGid = true;
        i++;
        break;
      case "--gid-effective":
        c.egid = gid(need(), "Effective group ID");
        i++;
        break;
      case "--gid":
        c.gid = gid(need(), "Group ID");
        i++;
        break;
      case "--help":
        o.help = true;
        return;
      case "--host":
        c.hostname = need();
        i++;
        break;
      case "--interpret":
      case "--raw": {
        // ausearch reports a conflict and an argument both; -r is --raw in both.
        const shown = name === "--raw" ? name : arg;
        const refused = [
          ...(o.format === "default" ? [] : [`Conflicting output format ${shown}`]),
          ...(optarg === undefined ? [] : [`Argument is NOT required for ${shown}`]),
        ];
        if (o.format === "default") o.format = name === "--raw" ? "raw" : "interpret";
        if (refused.length > 0) fail(refused.join("\n"));
        break;
      }
      case "--input":
        // PATH_MAX - 32 bytes, and ausearch's spelling.
        o.inputFile = need();
        if (new TextEncoder().encode(o.inputFile).length >= 4064) {
          fail(`File name is too longs ${o.inputFile}`);
        }
        i++;
        break;
      case "--message": {
        const types = messageTypes(arg, optarg, fail);
        if (types !== undefined && types.length > 0) (c.types ??= []).push(...types);
        i++;
        break;
      }
      case "--object":
        c.object = need();
        i++;
        break;
      case "--ppid":
      case "--pid": {
        const v = need();
        const what = name === "--pid" ? "Process id" : "Parent process id";
        if (!isDigitStart(v)) fail(`${what} must be a numeric value, was ${v}`);
        const n = int32(sl(v, 10, "")); // a pid_t; ausearch says nothing on ERANGE
        if (name === "--pid") c.pid = n;
        else c.ppid = n;
        i++;
        break;
      }
      case "--escape": {
        const v = need();
        if (v === "raw" || v === "tty" || v === "shell" || v === "shell_quote") o.escape = v;
        else fail(`Unknown option (${v})`);
        i++;
        break;
      }
      case "--format": {
        if (o.format !== "default") fail("Multiple output formats, use only 1");
        const v = need();
        if (v === "raw" || v === "default" || v === "csv" || v === "text") o.format = v;
        else if (v.startsWith("interp")) o.format = "interpret";
        else fail(`Unknown option (${v})`);
        i++;
        break;
      }
      case "--node":
        (c.nodes ??= []).push(need());
        i++;
        break;
      case "--syscall": {
        const v = need();
        if (isDigitStart(v)) {
          c.syscall = int32(ul(v, 10, `Syscall numeric conversion error (${ERANGE}) for ${v}`));
          if (c.syscall === -1) delete c.syscall; // -1: not set
        } else {
          machine ??= MACHINE_NAMES[facts.machine] ?? fail("Error detecting machine type");
          c.syscall = syscallNumber(machine!, asciiCase(v, false)) ??
            fail(`Syscall ${v} not found`);
        }
        i++;
        break;
      }
      case "--context":
        c.subject = c.object = need();
        c.anyContext = true;
        i++;
        break;
      case "--subject":
        c.subject = need();
        i++;
        break;
      case "--success": {
        const v = need();
        if (!v.includes("yes") && !v.includes("no")) fail("Success must be 'yes' or 'no'.");
        c.success = v === "yes" ? S_SUCCESS : S_FAILED;
        i++;
        break;
      }
      case "--session": {
        const v = loose();
        if (isDigitStart(v)) c.session = uint32(ul(v, 10, ""));
        else if (isNegative(v)) c.session = uint32(ul(v, 0, `Error converting ${v}`));
        else fail(`Session id must be a numeric value, was ${v}`);
        i++;
        break;
      }
      case "--exit": {
        const v = loose();
        if (isDigitStart(v) || isNegative(v)) {
          c.exit = Number(sl(v, 0, `Error converting ${v}`));
        } else {
          const neg = v.startsWith("-");
          const n = errnoNumber(neg ? v.slice(1) : v) ?? 0;
          if (n === 0) fail(`Unknown errno, was ${v}`);
          c.exit = neg ? -n : n;
        }
        i++;
        break;
      }
      case "--end":
      case "--start": {
        const edge = name === "--start" ? "start" : "end";
        let t;
        try {
          t = timeOption(edge, args, i, facts);
        } catch (e) {
          fail(e instanceof Error ? e.message : String(e));
        }
        if (t!.checkpoint) o.startFromCheckpoint = true;
        else c[edge] = t!.seconds!;
        i += t!.used;
        break;
      }
      case "--terminal":
        c.terminal = need();
        i++;
        break;
      // A name stays once given (ausearch's event_tuid & co. are never cleared).
      case "--uid": {
        const [id, nm] = uid(need(), "Effective user ID");
        c.uid = id;
        if (nm !== undefined) c.uidName = nm;
        i++;
        break;
      }
      case "--uid-effective": {
        const [id, nm] = uid(need(), "User ID");
        c.euid = id;
        if (nm !== undefined) c.euidName = nm;
        i++;
        break;
      }
      case "--uid-all": {
        const [id, nm] = uid(need(), "User ID");
        c.uid = c.euid = c.loginuid = id;
        if (nm !== undefined) c.uidName = c.euidName = c.loginuidName = nm;
        c.anyUid = true;
        i++;
        break;
      }
      case "--loginuid": {
        const v = loose();
        if (isDigitStart(v)) c.loginuid = uint32(ul(v, 10, userId(v)));
        else if (isNegative(v)) c.loginuid = uint32(sl(v, 0, `Error converting ${v}`));
        else {
          const [id, nm] = uid(v, "Login user ID");
          c.loginuid = id;
          if (nm !== undefined) c.loginuidName = nm;
        }
        i++;
        break;
      }
      case "--uuid":
        c.uuid = need();
        i++;
        break;
      case "--vm-name":
        c.vmname = need();
        i++;
        break;
      case "--version":
        o.version = true;
        return;
      case "--word":
        c.exact = true;
        break;
      case "--input-logs":
        o.inputLogs = true;
        break;
      case "--just-one":
        o.justOne = true;
        break;
      case "--executable":
        c.exe = need();
        i++;
        break;
      case "--line-buffered":
        o.lineBuffered = true;
        break;
      case "--debug":
        o.debug = true;
        break;
      case "--checkpoint":
        o.checkpoint = need();
        i++;
        break;
      case "--arch": {
        const v = need();
        if (machine !== undefined) {
          fail(
            c.syscall !== undefined
              ? "Arch needs to be defined before the syscall"
              : "Arch is already defined",
          );
        }
        machine = determineMachine(v, facts.machine) ?? fail(`Unknown arch ${v}`);
        const value = auditArchValue(machine!);
        c.arches = value === undefined ? [] : [value | 0];
        i++;
        break;
      }
      default:
        fail(`${arg} is an unsupported option`);
    }
  }
}
