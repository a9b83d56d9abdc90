/**
 * Loading a rules file for `libaudit stream --rules FILE`.
 *
 * @module
 */
import type { AuditClient } from "../netlink/mod.ts";

/** Adds the rules of `text` (auditctl syntax) and returns the encoded rules added. */
export function loadRulesFile(
  _client: AuditClient,
  _text: string,
  name: string,
): Promise<Uint8Array[]> {
  return Promise.reject(new Error(`${name}: rule loading is not available yet`));
}
