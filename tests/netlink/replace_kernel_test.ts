import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient, AuditPidInUseError, type RawAuditMessage } from "../../netlink/client.ts";

kernelTest(
  "netlink: AUDIT_REPLACE pings (another process registering) are counted, not yielded as records",
  async () => {
    const daemon = AuditClient.open();
    const contender = AuditClient.open();
    try {
      await daemon.setPid();
      const seen: RawAuditMessage[] = [];
      const ac = new AbortController();
      const reading = (async () => {
        for await (const m of daemon.messages({ signal: ac.signal, kernelLostIntervalMs: 0 })) {
          seen.push(m);
        }
      })();
      // The kernel pings the registered daemon with AUDIT_REPLACE (a binary
      // pid) on every AUDIT_SET pid, then refuses the contender.
      await assert.rejects(contender.setPid(), AuditPidInUseError);
      const deadline = Date.now() + 5000;
      while (daemon.replaceRequests === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      ac.abort();
      await reading;
      assert.ok(daemon.replaceRequests >= 1, "the ping was counted");
      assert.equal(daemon.replacedBy, Deno.pid);
      assert.ok(!seen.some((m) => m.type === 1329), "no REPLACE record was yielded");
      assert.equal((await contender.getStatus()).pid, Deno.pid, "the daemon stays registered");
    } finally {
      await contender.close();
      await daemon.close();
    }
  },
);
