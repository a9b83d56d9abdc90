// Child process for the kernel tests: registers as the audit daemon, prints
// "ready", and unregisters when stdin closes.
import { AuditClient } from "../../netlink/client.ts";

const client = AuditClient.open();
await client.setPid();
console.log("ready");
for await (const _ of Deno.stdin.readable) {
  // Wait for the parent to close stdin.
}
await client.close();
