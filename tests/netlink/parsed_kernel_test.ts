import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient, type AuditMessage, parsedMessages } from "../../netlink/mod.ts";
import { exitRule, NATIVE } from "./rule_bytes.ts";

kernelTest("netlink: parsedMessages yields parsed records with the rule key", async () => {
  const key = `libaudit-parsed-${Deno.pid}`;
  const c = AuditClient.open();
  try {
    await c.setPid();
    await c.setEnabled(true);
    await c.addRule(exitRule(NATIVE.execve, key));
    await new Deno.Command("/bin/true").output();
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 10_000);
    let found: AuditMessage | undefined;
    for await (const m of parsedMessages(c, { signal: ac.signal, kernelLostIntervalMs: 0 })) {
      if (m.recordType === 1300 && m.keys.includes(key)) {
        found = m;
        break;
      }
    }
    clearTimeout(timer);
    assert.ok(found, "a parsed SYSCALL record with the key");
    assert.equal(found.recordTypeName, "SYSCALL");
    assert.ok(found.sequence > 0);
    assert.equal(c.loss.parseErrors, 0);
  } finally {
    await c.close();
  }
});
