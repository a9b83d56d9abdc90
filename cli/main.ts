/**
 * Subcommand dispatch for the `libaudit` command.
 *
 * `libaudit <subcommand> [options]` loads `cli/<subcommand>.ts` lazily and
 * runs its `main(args)`. Errors become one line on stderr (a stack trace only
 * with `--debug`) and an exit code: 0 success, 1 runtime error, 2 usage error.
 *
 * @module
 */
import denoJson from "../deno.json" with { type: "json" };
import { UsageError } from "./usage.ts";
import { loadModule } from "./_lazy.ts";

/** A subcommand's entry: takes its arguments, returns the exit code. */
export type Subcommand = (args: string[]) => Promise<number>;

interface Entry {
  readonly summary: string;
  readonly load: () => Promise<Subcommand>;
}

const SUBCOMMANDS: Record<string, Entry> = {
  parse: {
    summary: "Parse audit logs into records, events or interpreted events",
    load: async () => (await loadModule("parse")).main,
  },
  stream: {
    summary: "Receive events from the kernel (as the audit daemon or multicast) and print them",
    load: async () => (await loadModule("stream")).main,
  },
  plugin: {
    summary: "Be auditd's dispatcher plugin: events from stdin, written as they complete",
    load: async () => (await loadModule("plugin")).main,
  },
  status: {
    summary: "Show the kernel's audit status like auditctl -s, or --watch it as JSON lines",
    load: async () => (await loadModule("status")).main,
  },
  set: {
    summary: "Change the kernel's audit settings (enabled, rate, backlog, failure, immutable)",
    load: async () => (await loadModule("set")).main,
  },
  search: {
    summary: "Search audit logs like ausearch (its options, output and exit status)",
    load: async () => (await loadModule("search")).main,
  },
  rules: {
    summary: "List, add, delete, load, check, diff and apply audit rules (auditctl syntax)",
    load: async () => (await loadModule("rules")).main,
  },
  report: {
    summary: "aureport's reports (same options and text), as JSON, a terminal chart or HTML",
    load: async () => (await loadModule("report")).main,
  },
};

/** The version of this program (from deno.json). */
const VERSION: string = denoJson.version;

function helpText(): string {
  const names = Object.keys(SUBCOMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    "libaudit: the Linux Audit Framework from Deno — kernel status and rules over netlink,",
    "audit log parsing, event reassembly and interpretation.",
    "",
    "Usage:",
    "  libaudit <subcommand> [options]",
    "  libaudit <subcommand> --help",
    "",
    "Subcommands:",
    ...names.map((n) => `  ${n.padEnd(width)}  ${SUBCOMMANDS[n]!.summary}`),
    "",
    "Global options:",
    "  -h, --help     Show this help (or a subcommand's with `libaudit <subcommand> --help`)",
    "  -V, --version  Show the version",
    "      --debug    Show stack traces on errors",
    "",
    "Exit codes: 0 success, 1 runtime error, 2 usage error.",
  ].join("\n");
}

/** Runs the command line `args` and returns the process exit code. */
export async function runCli(args: string[]): Promise<number> {
  const dash = args.indexOf("--");
  const flagEnd = dash === -1 ? args.length : dash;
  const debug = args.slice(0, flagEnd).includes("--debug");
  if (debug) args = args.filter((a, i) => i >= flagEnd || a !== "--debug");
  const [name, ...rest] = args;
  if (name === "--version" || name === "-V") {
    console.log(`libaudit ${VERSION}`);
    return 0;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(helpText());
    return 0;
  }
  const entry = name === undefined ? undefined : SUBCOMMANDS[name];
  if (entry === undefined) {
    console.error(
      name === undefined
        ? "libaudit: missing subcommand (try 'libaudit --help')"
        : `libaudit: unknown subcommand '${name}' (try 'libaudit --help')`,
    );
    return 2;
  }
  try {
    return await (await entry.load())(rest);
  } catch (error) {
    return reportError(error, name!, debug);
  }
}

/** Prints `error` as one line on stderr (stack with `debug`) and returns its exit code. */
function reportError(error: unknown, command: string, debug: boolean): number {
  // The reader left (`libaudit search ... | head`): what it wanted was written, so this is
  // quiet success, as parse and stream already treat it, not a runtime error.
  if (error instanceof Deno.errors.BrokenPipe) return 0;
  if (error instanceof UsageError) {
    console.error(`libaudit ${command}: ${error.message} (try 'libaudit ${command} --help')`);
    if (debug && error.stack) console.error(error.stack);
    return 2;
  }
  console.error(`libaudit ${command}: ${describeError(error)}`);
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  return 1;
}

/** One line describing a runtime error (Deno's errors carry the OS message). */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const line = (error.message.split("\n")[0] ?? "").trim();
    if (error instanceof Deno.errors.PermissionDenied && /run again with/i.test(line)) {
      return line;
    }
    return line || error.name;
  }
  return String(error);
}
