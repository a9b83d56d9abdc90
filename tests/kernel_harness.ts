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
import { AuditClient } from "../netlink/client.ts";
import type { AuditStatus } from "../netlink/status.ts";

/** The lock every process that changes the kernel's audit state holds. */
export const KERNEL_LOCK_PATH = "/tmp/libaudit-kernel.lock";

/** The kernel audit settings saved before and restored after each kernel test. */
interface SavedState {
  status: AuditStatus;
  rules: Uint8Array[];
}

async function detectSkipReason(): Promise<string | undefined> {
  let uid: number | null;
  try {
    uid = Deno.uid();
  } catch {
    return "cannot read the uid (run with --allow-sys)";
  }
  if (uid !== 0) return `kernel tests need root (uid is ${uid})`;
  let client: AuditClient;
  try {
    client = AuditClient.open({ receiveBufferSize: 0 });
  } catch (e) {
    return `the kernel's audit subsystem is not reachable: ${
      e instanceof Error ? e.message : String(e)
    }`;
  }
  try {
    const status = await client.getStatus();
    if (status.enabled === 2) return "the audit configuration is immutable until reboot";
  } catch (e) {
    return `cannot read the audit status: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    await client.close();
  }
  return undefined;
}

/** Why kernel tests are skipped here, or `undefined` when they run. */
export const KERNEL_SKIP_REASON: string | undefined = await detectSkipReason();

async function withClient<T>(fn: (c: AuditClient) => Promise<T>): Promise<T> {
  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

function saveState(): Promise<SavedState> {
  return withClient(async (c) => ({ status: await c.getStatus(), rules: await c.getRules() }));
}

function restoreState(saved: SavedState): Promise<void> {
  return withClient(async (c) => {
    const problems: string[] = [];
    const attempt = async (what: string, f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const now = await c.getStatus();
    // A client of this process left registered as the daemon: only we can clear it.
    if (now.pid !== saved.status.pid && now.pid === Deno.pid) {
      await attempt("unregister pid", () => c.clearPid());
    }
    await attempt("delete rules", () => c.deleteAllRules());
    for (const rule of saved.rules) await attempt("re-add a rule", () => c.addRule(rule));
    const s = saved.status;
    await attempt("failure", () => c.setFailure(s.failure === 0 ? 0 : 1));
    await attempt("rate limit", () => c.setRateLimit(s.rateLimit));
    await attempt("backlog limit", () => c.setBacklogLimit(s.backlogLimit));
    if (s.backlogWaitTime !== undefined) {
      const bwt = s.backlogWaitTime;
      await attempt("backlog wait time", () => c.setBacklogWaitTime(bwt));
    }
    await attempt("enabled", () => c.setEnabled(s.enabled === 1));
    if (problems.length > 0) throw new Error(`restoring audit state: ${problems.join("; ")}`);
  });
}

/**
 * Registers a serialized kernel test: ignored (with the reason printed) when
 * not root, the kernel has no audit, or `options.skip` gives a reason (a tool
 * the test needs is missing); takes `/tmp/libaudit-kernel.lock`;
 * saves the audit state (enabled, pid, rate, backlog, backlog_wait_time,
 * failure, rules) and restores it in `finally`, even when the test fails.
 */
export function kernelTest(
  name: string,
  fn: (t: Deno.TestContext) => Promise<void> | void,
  options: { readonly skip?: string | undefined } = {},
): void {
  const skip = KERNEL_SKIP_REASON ?? options.skip;
  if (skip !== undefined) {
    Deno.test({
      name: `${name} (skipped: ${skip})`,
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
        const saved = await saveState();
        try {
          await fn(t);
        } finally {
          await restoreState(saved);
        }
      } finally {
        lock.close();
      }
    },
  });
}
