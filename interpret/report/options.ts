/**
 * aureport's command line (aureport-options.c `check_params`), option for
 * option as aureport spells and reads them, plus this program's output
 * options (`--format`, `-o`, `--chart`, `--top`).
 *
 * @module
 */
import type { ReportConfig } from "./engine.ts";
import type { EscapeMode } from "./escape.ts";
import type { ReportKind } from "./kinds.ts";

/** How `-ts`/`-te` arguments are read: seconds and how many arguments were used. */
export type TimeReader = (
  edge: "start" | "end",
  args: readonly string[],
  index: number,
) => { seconds?: number; used: number };

/** The parsed command line. */
export interface ReportArgs {
  /** The report and its selection. */
  readonly config: ReportConfig;
  /** `-if FILE|DIR`. */
  readonly inputFile: string | undefined;
  /** `--input-logs`. */
  readonly inputLogs: boolean;
  /** `--eoe-timeout`, when given. */
  readonly eoeTimeout: number | undefined;
  /** `--debug`: report malformed events on stderr. */
  readonly debug: boolean;
  /** `--format`. */
  readonly format: "text" | "json" | "html";
  /** `-o FILE` / `--output FILE`. */
  readonly output: string | undefined;
  /** `--chart`. */
  readonly chart: boolean;
  /** `--top N` rows in the HTML tables (default 10). */
  readonly top: number;
}

/** What the command line asks for. */
export type ParsedArgs =
  | { readonly kind: "run"; readonly args: ReportArgs }
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  /** aureport stops at once with "Unimplemented option" and status 1. */
  | { readonly kind: "unimplemented" }
  /** A mistake: aureport prints `message` on stderr, its usage on stdout, and exits 1. */
  | { readonly kind: "error"; readonly message: string };

const REPORTS: Readonly<Record<string, ReportKind>> = {
  "-au": "auth",
  "--auth": "auth",
  "-a": "avc",
  "--avc": "avc",
  "-c": "config",
  "--config": "config",
  "--comm": "comm",
  "-cr": "crypto",
  "--crypto": "crypto",
  "-e": "event",
  "--event": "event",
  "-f": "file",
  "--file": "file",
  "-h": "host",
  "--host": "host",
  "--integrity": "integrity",
  "-k": "key",
  "--key": "key",
  "-l": "login",
  "--login": "login",
  "-m": "acct",
  "--mods": "acct",
  "-ma": "mac",
  "--mac": "mac",
  "-n": "anomaly",
  "--anomaly": "anomaly",
  "-p": "pid",
  "--pid": "pid",
  "-r": "response",
  "--response": "response",
  "-s": "syscall",
  "--syscall": "syscall",
  "-t": "time",
  "--log": "time",
  "-tm": "term",
  "--terminal": "term",
  "--tty": "tty",
  "-u": "user",
  "--user": "user",
  "--virt": "virt",
  "-x": "exe",
  "--executable": "exe",
};

/** Reports that refuse an argument after them ("specific" reports aureport never implemented). */
const TAKES_NO_VALUE = new Set<ReportKind>([
  "file",
  "host",
  "pid",
  "syscall",
  "term",
  "user",
  "exe",
  "comm",
  "anomaly",
  "response",
  "key",
]);

/** Parses aureport's options; `readTime` reads `-ts`/`-te` (search's time forms). */
export function parseReportArgs(argv: readonly string[], readTime: TimeReader): ParsedArgs {
  let kind: ReportKind | undefined;
  let summary = false;
  let interpret = false;
  let outcome: ReportConfig["outcome"] = "both";
  let confAction: ReportConfig["confAction"] = "neither";
  let noConfig = false;
  let nodes: string[] | undefined;
  let escape: EscapeMode = "tty";
  let startTime = 0;
  let endTime = 0;
  let inputFile: string | undefined;
  let inputLogs = false;
  let eoeTimeout: number | undefined;
  let debug = false;
  let format: ReportArgs["format"] = "text";
  let output: string | undefined;
  let chart = false;
  let top = 10;
  const err = (message: string): ParsedArgs => ({ kind: "error", message });
  for (let c = 0; c < argv.length; c++) {
    const opt = argv[c]!;
    const next = argv[c + 1];
    const optarg = next !== undefined && !next.startsWith("-") ? next : undefined;
    const report = Object.hasOwn(REPORTS, opt) ? REPORTS[opt] : undefined;
    if (report !== undefined) {
      if (kind !== undefined) return err("Error - only one report can be specified");
      kind = report;
      if (optarg !== undefined && TAKES_NO_VALUE.has(report)) return { kind: "unimplemented" };
      continue;
    }
    switch (opt) {
      case "-if":
      case "--input":
        if (optarg === undefined) return err(`Argument is required for ${opt}\n`);
        if (optarg.length >= 4096 - 32) return err(`File name is too long ${optarg}\n`);
        inputFile = optarg;
        c++;
        break;
      case "-i":
      case "--interpret":
        interpret = true;
        if (optarg !== undefined) return err(`Argument is NOT required for ${opt}\n`);
        break;
      case "-ts":
      case "--start":
      case "-te":
      case "--end": {
        const edge = opt === "-ts" || opt === "--start" ? "start" : "end";
        if (optarg === undefined) return err(`${opt} requires either date and/or time\n`);
        try {
          const t = readTime(edge, argv, c);
          if (edge === "start") startTime = t.seconds ?? 0;
          else endTime = t.seconds ?? 0;
          c += t.used;
        } catch (e) {
          return err(`${e instanceof Error ? e.message : String(e)}\n`);
        }
        break;
      }
      case "--node":
        if (optarg === undefined) return err(`Argument is required for ${opt}\n`);
        (nodes ??= []).push(optarg);
        c++;
        break;
      case "--escape":
        if (optarg === undefined) return err(`Argument is required for ${opt}\n`);
        if (
          optarg === "raw" || optarg === "tty" || optarg === "shell" || optarg === "shell_quote"
        ) {
          escape = optarg;
        } else return err(`Unknown option (${optarg})\n`);
        c++;
        break;
      case "--summary":
        summary = true;
        break;
      case "--failed":
        outcome = "failed";
        break;
      case "--success":
        outcome = "success";
        break;
      case "--add":
        confAction = "add";
        break;
      case "--delete":
        confAction = "delete";
        break;
      case "--debug":
        debug = true;
        break;
      case "--input-logs":
        inputLogs = true;
        break;
      case "-nc":
      case "--no-config":
        noConfig = true;
        break;
      case "-v":
      case "--version":
        return { kind: "version" };
      case "--help":
        return { kind: "help" };
      case "--eoe-timeout": {
        if (optarg === undefined) return err(`Argument is required for ${opt}\n`);
        if (!/^[0-9]/.test(optarg)) {
          return err(`End of Event Timeout must be a numeric value, was ${optarg}\n`);
        }
        const v = parseInt(optarg, 10);
        if (!(v > 0) || !Number.isSafeInteger(v)) {
          return err(`Illegal value for End of Event Timeout, was ${optarg}\n`);
        }
        eoeTimeout = v;
        c++;
        break;
      }
      case "--format":
        if (next !== "text" && next !== "json" && next !== "html") {
          return err(`--format takes text, json or html\n`);
        }
        format = next;
        c++;
        break;
      case "-o":
      case "--output":
        if (next === undefined) return err(`Argument is required for ${opt}\n`);
        output = next;
        c++;
        break;
      case "--chart":
        chart = true;
        break;
      case "--top": {
        const v = Number(next);
        if (!Number.isInteger(v) || v < 1) return err(`--top takes a positive number\n`);
        top = v;
        c++;
        break;
      }
      default:
        return err(`${opt} is an unsupported option\n`);
    }
  }
  kind ??= "summary";
  if (kind === "summary") summary = true;
  const config: ReportConfig = {
    kind,
    summary,
    interpret,
    outcome,
    confAction,
    noConfig,
    nodes,
    escape,
    startTime,
    endTime,
  };
  return {
    kind: "run",
    args: { config, inputFile, inputLogs, eoeTimeout, debug, format, output, chart, top },
  };
}

/** aureport's usage text, as aureport prints it on stdout after a mistake. */
export const AUREPORT_USAGE: string = "usage: aureport [options]\n" +
  "\t-a,--avc\t\t\tAvc report\n" +
  "\t-au,--auth\t\t\tAuthentication report\n" +
  "\t--comm\t\t\t\tCommands run report\n" +
  "\t-c,--config\t\t\tConfig change report\n" +
  "\t-cr,--crypto\t\t\tCrypto report\n" +
  "\t--debug\t\t\t\tWrite malformed events that are skipped to stderr\n" +
  "\t--eoe-timeout secs\t\tEnd of Event Timeout\n" +
  "\t-e,--event\t\t\tEvent report\n" +
  "\t--escape option\t\t\tEscape output\n" +
  "\t-f,--file\t\t\tFile name report\n" +
  "\t--failed\t\t\tonly failed events in report\n" +
  "\t-h,--host\t\t\tRemote Host name report\n" +
  "\t--help\t\t\t\thelp\n" +
  "\t-i,--interpret\t\t\tInterpretive mode\n" +
  "\t-if,--input <Input File name>\tuse this file as input\n" +
  "\t--input-logs\t\t\tUse the logs even if stdin is a pipe\n" +
  "\t--integrity\t\t\tIntegrity event report\n" +
  "\t-k,--key\t\t\tKey report\n" +
  "\t-l,--login\t\t\tLogin report\n" +
  "\t-m,--mods\t\t\tModification to accounts report\n" +
  "\t-ma,--mac\t\t\tMandatory Access Control (MAC) report\n" +
  "\t-n,--anomaly\t\t\taNomaly report\n" +
  "\t-nc,--no-config\t\t\tDon't include config events\n" +
  "\t--node <node name>\t\tOnly events from a specific node\n" +
  "\t-p,--pid\t\t\tPid report\n" +
  "\t-r,--response\t\t\tResponse to anomaly report\n" +
  "\t-s,--syscall\t\t\tSyscall report\n" +
  "\t--success\t\t\tonly success events in report\n" +
  "\t--summary\t\t\tsorted totals for main object in report\n" +
  "\t-t,--log\t\t\tLog time range report\n" +
  "\t-te,--end [end date] [end time]\tending date & time for reports\n" +
  "\t-tm,--terminal\t\t\tTerMinal name report\n" +
  "\t-ts,--start [start date] [start time]\tstarting data & time for reports\n" +
  "\t--tty\t\t\t\tReport about tty keystrokes\n" +
  "\t-u,--user\t\t\tUser name report\n" +
  "\t-v,--version\t\t\tVersion\n" +
  "\t--virt\t\t\t\tVirtualization report\n" +
  "\t-x,--executable\t\t\teXecutable name report\n" +
  "\tIf no report is given, the summary report will be displayed\n";

/** `--help`: aureport's usage and this program's own options. */
export const REPORT_HELP: string = AUREPORT_USAGE +
  "\nlibaudit report also takes:\n" +
  "\t--format text|json|html\t\toutput format (default text, aureport's)\n" +
  "\t-o,--output FILE\t\twrite the report to FILE\n" +
  "\t--chart\t\t\t\tevents over time as bars (terminal width)\n" +
  "\t--top N\t\t\t\trows of the HTML top-N tables (default 10)\n";
