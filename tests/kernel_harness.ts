/**
 * Kernel test harness: serializes tests that touch the kernel's audit state
 * through `/tmp/libaudit-kernel.lock` and restores that state afterwards.
 *
 * ```ts
 * import { kernelTest } from "./kernel_harness.ts";
 * kernelTest("netlink: status round trip", async (t) => {
 *   // talk to the kernel; enabled/pid/rates/failure/rules are restored after
 * });
 * ```
 *
 * @module
 */

/** The lock every process that changes the kernel's audit state holds. */
export const KERNEL_LOCK_PATH = "/tmp/libaudit-kernel.lock";

/** The kernel audit settings saved before and restored after each kernel test. */
interface SavedState {
  enabled: number;
  failure: number;
  rateLimit: number;
  backlogLimit: number;
  backlogWaitTime: number;
  rules: string[];
}

function run(cmd: string, args: string[]): { ok: boolean; out: string; err: string } {
  try {
    const r = new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).outputSync();
    const dec = new TextDecoder();
    return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
  } catch (e) {
    return { ok: false, out: "", err: String(e) };
  }
}

function detectSkipReason(): string | undefined {
  let uid: number | null;
  try {
    uid = Deno.uid();
  } catch {
    return "cannot read the uid (run with --allow-sys)";
  }
  if (uid !== 0) return `kernel tests need root (uid is ${uid})`;
  const s = run("auditctl", ["-s"]);
  if (!s.ok) return `the kernel's audit subsystem is not reachable: ${s.err.trim()}`;
  return undefined;
}

/** Why kernel tests are skipped here, or `undefined` when they run. */
export const KERNEL_SKIP_REASON: string | undefined = detectSkipReason();

function statusField(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\d+)`, "m").exec(text);
  if (!m?.[1]) throw new Error(`auditctl -s has no ${name}`);
  return Number(m[1]);
}

function saveState(): SavedState {
  const s = run("auditctl", ["-s"]);
  if (!s.ok) throw new Error(`auditctl -s failed: ${s.err}`);
  const l = run("auditctl", ["-l"]);
  if (!l.ok) throw new Error(`auditctl -l failed: ${l.err}`);
  const rules = l.out.split("\n").filter((x) => x.trim() !== "" && x.trim() !== "No rules");
  return {
    enabled: statusField(s.out, "enabled"),
    failure: statusField(s.out, "failure"),
    rateLimit: statusField(s.out, "rate_limit"),
    backlogLimit: statusField(s.out, "backlog_limit"),
    backlogWaitTime: statusField(s.out, "backlog_wait_time"),
    rules,
  };
}

function restoreState(saved: SavedState): void {
  const problems: string[] = [];
  const check = (r: { ok: boolean; err: string }, what: string) => {
    if (!r.ok) problems.push(`${what}: ${r.err.trim()}`);
  };
  check(run("auditctl", ["-D"]), "delete rules");
  for (const rule of saved.rules) check(run("sh", ["-c", `auditctl ${rule}`]), rule);
  check(
    run("auditctl", [
      "-f",
      String(saved.failure),
      "-r",
      String(saved.rateLimit),
      "-b",
      String(saved.backlogLimit),
      "--backlog_wait_time",
      String(saved.backlogWaitTime),
      "-e",
      String(saved.enabled),
    ]),
    "restore status",
  );
  if (problems.length > 0) throw new Error(`restoring audit state: ${problems.join("; ")}`);
}

/**
 * Registers a serialized kernel test: ignored (with the reason printed) when
 * not root or the kernel has no audit; takes `/tmp/libaudit-kernel.lock`;
 * saves the audit state (enabled, pid, rate, backlog, backlog_wait_time,
 * failure, rules) and restores it in `finally`, even when the test fails.
 */
export function kernelTest(
  name: string,
  fn: (t: Deno.TestContext) => Promise<void> | void,
): void {
  if (KERNEL_SKIP_REASON !== undefined) {
    Deno.test({
      name: `${name} (skipped: ${KERNEL_SKIP_REASON})`,
      ignore: true,
      fn() {},
    });
    return;
  }
  Deno.test({
    name,
    // Kernel tests spawn children and open sockets; each test is responsible
    // for closing what it opens, but FFI fds are invisible to the sanitizers.
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const lock = await Deno.open(KERNEL_LOCK_PATH, { create: true, write: true });
      try {
        await lock.lock(true);
        const saved = saveState();
        try {
          await fn(t);
        } finally {
          restoreState(saved);
        }
      } finally {
        lock.close();
      }
    },
  });
}
