/**
 * Runs the `libaudit` CLI as a subprocess for end-to-end tests.
 *
 * @module
 */
import { AuditClient } from "../../netlink/mod.ts";

/** The repository root. */
export const ROOT: string = new URL("../../", import.meta.url).pathname;
/** The CLI's fixtures. */
export const TESTDATA: string = new URL("./testdata/", import.meta.url).pathname;

/** What a CLI run produced. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `deno run -A cli.ts ...args` with optional stdin; resolves when it exits. */
export async function runCli(
  args: string[],
  options: { stdin?: string | Uint8Array; permissions?: string[] } = {},
): Promise<CliResult> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", ...(options.permissions ?? ["-A"]), `${ROOT}cli.ts`, ...args],
    cwd: ROOT,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(
      typeof options.stdin === "string" ? new TextEncoder().encode(options.stdin) : options.stdin,
    );
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** Parses JSON Lines output. */
export function jsonLines(text: string): unknown[] {
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
}

/** Waits until `check` is true (polling), failing after `ms`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  ms = 15000,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs the CLI through `setpriv` with every capability dropped (root without CAP_AUDIT_*). */
export async function runCliWithoutCapabilities(
  args: string[],
): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command("setpriv", {
    args: [
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--",
      Deno.execPath(),
      "run",
      "-A",
      `${ROOT}cli.ts`,
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/**
 * Waits until the `libaudit stream` process `pid` is ready as the audit
 * daemon: registered, its rules in (`rulesBefore` + `added`, default 1) and
 * auditing on. The stream registers FIRST and then changes the settings,
 * adds its rules and enables auditing, so being registered alone does not
 * mean it is ready.
 */
export async function streamReady(pid: number, rulesBefore: number, added = 1): Promise<void> {
  await waitUntil(async () => {
    const client = AuditClient.open({ receiveBufferSize: 0 });
    try {
      const s = await client.getStatus();
      return s.pid === pid && s.enabled !== 0 &&
        (await client.getRules()).length === rulesBefore + added;
    } finally {
      await client.close();
    }
  }, `stream ${pid} to register, add its rules and enable auditing`);
}

/** The number of rules in the kernel. */
export async function kernelRuleCount(): Promise<number> {
  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    return (await client.getRules()).length;
  } finally {
    await client.close();
  }
}

/** A running `libaudit stream`. */
export interface RunningStream {
  /** The process. */
  readonly child: Deno.ChildProcess;
  /** Its exit code and output, when it ends. */
  readonly done: Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Spawns `libaudit stream ...args` with piped stdout and stderr, left to the caller. */
export function spawnStream(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, "stream", ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Starts `libaudit stream ...args` with piped output (collected in `done`). */
export function startStream(args: string[]): RunningStream {
  const child = spawnStream(args);
  const done = child.output().then((o) => ({
    code: o.code,
    stdout: new TextDecoder().decode(o.stdout),
    stderr: new TextDecoder().decode(o.stderr),
  }));
  return { child, done };
}
