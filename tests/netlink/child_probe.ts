// Child process for the kernel tests: tries AUDIT_GET and prints the outcome as JSON.
import { AuditClient } from "../../netlink/client.ts";
import { NetlinkError } from "../../netlink/errors.ts";

try {
  const client = AuditClient.open();
  try {
    const s = await client.getStatus();
    console.log(JSON.stringify({ ok: true, enabled: s.enabled }));
  } finally {
    await client.close();
  }
} catch (e) {
  if (e instanceof NetlinkError) {
    console.log(JSON.stringify({ ok: false, code: e.code, errno: e.errno, message: e.message }));
  } else throw e;
}
