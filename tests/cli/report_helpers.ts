/**
 * Helpers for the report tests: run aureport itself, and run our report
 * in-process over a file in a given time zone.
 *
 * @module
 */
import { equal as assertEquals } from "node:assert/strict";
import { parseReportArgs } from "../../interpret/report/options.ts";
import { AureportRun } from "../../interpret/report/run.ts";
import { interfaceNames } from "../../cli/host/interfaces.ts";

/** Repository test data. */
export const TESTDATA: string = new URL("../testdata/", import.meta.url).pathname;

/** Whether aureport is installed. */
export const HAVE_AUREPORT: boolean = (() => {
  try {
    return Deno.statSync("/usr/sbin/aureport").isFile;
  } catch {
    return false;
  }
})();

/** Output and status of one run. */
export interface ReportResult {
  readonly stdout: string;
  readonly code: number;
}

/** Runs aureport with `args` in zone `tz` under LC_ALL=C. */
export function aureport(args: string[], tz: string): ReportResult {
  const out = new Deno.Command("/usr/sbin/aureport", {
    args,
    env: { TZ: tz, LC_ALL: "C" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  return { stdout: new TextDecoder().decode(out.stdout), code: out.code };
}

/** `%x %T` in the C locale in zone `tz`. */
export function formatTimeIn(tz: string): (sec: number) => string {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    year: "2-digit",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  return (sec) => {
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(new Date(sec * 1000))) p[part.type] = part.value;
    return `${p.month}/${p.day}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
  };
}

function passwd(): (uid: number) => string | undefined {
  const table = new Map<number, string>();
  for (const line of Deno.readTextFileSync("/etc/passwd").split("\n")) {
    const f = line.split(":");
    const id = Number(f[2]);
    if (f.length >= 3 && Number.isInteger(id) && !table.has(id >>> 0)) table.set(id >>> 0, f[0]!);
  }
  return (uid) => table.get(uid >>> 0);
}

/** Runs our report over `file` with aureport's `args` (no -if), in zone `tz`. */
export function ours(file: string, args: string[], tz: string): ReportResult {
  const parsed = parseReportArgs(args, () => {
    throw new Error("no time options in this helper");
  });
  if (parsed.kind !== "run") throw new Error(`unexpected ${parsed.kind}`);
  let stdout = "";
  const run = new AureportRun(parsed.args.config, {
    uidName: passwd(),
    ifName: interfaceNames(),
    formatTime: formatTimeIn(tz),
    eoeTimeout: parsed.args.eoeTimeout ?? 2,
    write: (s) => stdout += s,
  });
  if (run.unimplemented) return { stdout, code: 1 };
  run.beginFile();
  // Fed as the CLI feeds it: runs of whole lines, read in place.
  run.lines(Deno.readTextFileSync(file), file, 1);
  run.endFile(file, true);
  const code = run.finish();
  return { stdout, code };
}

/** What a `libaudit report` process produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `deno run -A cli.ts report ...args` with TZ=UTC, LC_ALL=C (plus `env`) and optional stdin. */
export async function runReport(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const root = new URL("../../", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}cli.ts`, "report", ...args],
    cwd: root,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", TZ: "UTC", LC_ALL: "C", ...options.env },
  }).spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const out = await child.output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/**
 * Asserts that `libaudit report -if path ARGS` prints what aureport prints
 * (stdout and exit status) for each of `argSets` in each zone of `zones`;
 * nothing when aureport is not installed.
 */
export async function assertLikeAureport(
  path: string,
  zones: readonly string[],
  argSets: readonly string[][],
): Promise<void> {
  if (!HAVE_AUREPORT) return;
  for (const tz of zones) {
    for (const args of argSets) {
      const want = aureport(["-if", path, ...args], tz);
      const got = await runReport(["-if", path, ...args], { env: { TZ: tz } });
      assertEquals(got.stdout, want.stdout, `aureport ${args.join(" ")} (${tz})`);
      assertEquals(got.code, want.code);
    }
  }
}
