/**
 * The "not set" user, group and session id.
 *
 * @module
 */

/** The value the kernel writes for an id that is not set: `(uint32)-1`. */
export const UNSET_ID = "4294967295";

/**
 * Whether an id field's value means "not set": `4294967295` (`(uint32)-1`,
 * as the kernel writes `auid`, `ses`, `ouid`…) or `-1`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isUnsetId } from "@libaudit/libaudit/parse";
 * assert.equal(isUnsetId("4294967295"), true);
 * assert.equal(isUnsetId("-1"), true);
 * assert.equal(isUnsetId("1000"), false);
 * ```
 */
export function isUnsetId(value: string | undefined): boolean {
  return value === UNSET_ID || value === "-1";
}
