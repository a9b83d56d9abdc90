/**
 * Talk to the Linux kernel's audit subsystem over `NETLINK_AUDIT`, through
 * libc via `Deno.dlopen` (run with `--allow-ffi`, or scoped
 * `--allow-ffi=<path of libc.so.6>`; {@linkcode libcPath} tells which).
 *
 * {@linkcode AuditClient.open} gives a unicast client for status, settings
 * and rules (needs root or CAP_AUDIT_CONTROL) and, after
 * {@linkcode AuditClient.setPid}, the event stream as the audit daemon.
 * {@linkcode AuditClient.openMulticast} only listens (CAP_AUDIT_READ) and
 * can run alongside auditd. Errors are {@linkcode NetlinkError}s carrying the
 * errno name and code.
 *
 * @example Read the status
 * ```ts
 * import assert from "node:assert/strict";
 * import { AuditClient } from "@libaudit/libaudit/netlink";
 *
 * // Needs CAP_AUDIT_CONTROL (root); a read-only query.
 * const client = AuditClient.open();
 * try {
 *   const s = await client.getStatus();
 *   assert.ok([0, 1, 2].includes(s.enabled)); // off, on, locked
 *   assert.ok(s.pid >= 0 && s.lost >= 0 && s.backlog >= 0);
 * } finally {
 *   await client.close();
 * }
 * ```
 *
 * @example Stream events as the audit daemon until Ctrl-C
 * ```ts ignore
 * import { AuditClient } from "@libaudit/libaudit/netlink";
 *
 * const client = AuditClient.open();
 * await client.setPid(); // AuditPidInUseError names the holder when auditd runs
 * await client.setEnabled(true);
 * const ac = new AbortController();
 * Deno.addSignalListener("SIGINT", () => ac.abort());
 * try {
 *   for await (const { type, payload } of client.messages({
 *     signal: ac.signal,
 *     onLoss: (l) => console.error("lost:", l),
 *   })) {
 *     console.log(type, payload); // 1300 "audit(1700000000.123:42): arch=c000003e ..."
 *   }
 * } finally {
 *   await client.close(); // unregisters: the kernel's audit pid is 0 again
 * }
 * console.error(client.losses()); // { kernelLost, overruns, queueDropped, serialGaps }
 * ```
 *
 * @example Listen alongside auditd (multicast)
 * ```ts ignore
 * import { AuditClient } from "@libaudit/libaudit/netlink";
 *
 * const client = AuditClient.openMulticast();
 * for await (const m of client.messages()) console.log(m.type, m.payload);
 * ```
 *
 * @example Rules as `struct audit_rule_data` bytes (see the `rule` module)
 * ```ts ignore
 * import { AuditClient } from "@libaudit/libaudit/netlink";
 *
 * const client = AuditClient.open();
 * const rules: Uint8Array[] = await client.getRules();
 * await client.deleteAllRules();
 * for (const r of rules) await client.addRule(r, { wait: false });
 * await client.waitForPendingAcks();
 * await client.close();
 * ```
 *
 * @module
 */

export { AuditClient } from "./client.ts";
export type { AuditClientOptions, MessagesOptions, RequestOptions } from "./options.ts";
export type { RawAuditMessage } from "./_event_queue.ts";
export { LossCounter, type LossCounts, type LostCounterSource } from "./loss.ts";
export { AuditPidInUseError } from "./pid_in_use.ts";
export { NetlinkError } from "./errors.ts";
export { SysError } from "../sys/errors.ts";
export { parsedMessages, type ParsedMessagesOptions } from "./parsed.ts";
export type { AuditMessage, StoredMessage } from "../parse/mod.ts";
export { type AuditFeatures, type AuditStatus, type AuditStatusChange } from "./status.ts";
export { LIBC_CANDIDATES, LibcLoadError, libcPath } from "./libc.ts";
export {
  AUDIT_FEATURE,
  AUDIT_SET_FEATURE,
  type AuditFeature,
  encodeFeatureChange,
  featureBit,
  featureName,
} from "./features.ts";
