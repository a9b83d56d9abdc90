/**
 * Audit features (`AUDIT_SET_FEATURE`, `struct audit_features` in
 * `<linux/audit.h>`, Linux 3.13+): switches that change how the kernel treats
 * login uids, each of which can be locked until reboot.
 *
 * ```c
 * struct audit_features {
 *   __u32 vers;     // AUDIT_FEATURE_VERSION (1); libaudit sends 0
 *   __u32 mask;     // which features this request changes
 *   __u32 features; // their new values
 *   __u32 lock;     // which of them to lock until reboot
 * };
 * ```
 *
 * @module
 */

/** `AUDIT_SET_FEATURE`: turn features on or off and lock them (`struct audit_features`). */
export { AUDIT_SET_FEATURE } from "../parse/tables/record_type_constants.ts";

/** Size of `struct audit_features` (four u32). */
export const AUDIT_FEATURES_SIZE = 16;

/** Feature numbers (`AUDIT_FEATURE_*`); the bit of feature `n` in the masks is `1 << n`. */
export const AUDIT_FEATURE = {
  /** `AUDIT_FEATURE_ONLY_UNSET_LOGINUID`: a login uid can only be set while it is unset. */
  ONLY_UNSET_LOGINUID: 0,
  /** `AUDIT_FEATURE_LOGINUID_IMMUTABLE`: a login uid, once set, can never change. */
  LOGINUID_IMMUTABLE: 1,
} as const;

/** A feature number the kernel knows: 0 (only_unset_loginuid) or 1 (loginuid_immutable). */
export type AuditFeature = typeof AUDIT_FEATURE[keyof typeof AUDIT_FEATURE];

/** The kernel's name of `feature` (as in its AUDIT_FEATURE_CHANGE records), e.g. `loginuid_immutable`. */
export function featureName(feature: AuditFeature): string {
  return feature === AUDIT_FEATURE.LOGINUID_IMMUTABLE
    ? "loginuid_immutable"
    : feature === AUDIT_FEATURE.ONLY_UNSET_LOGINUID
    ? "only_unset_loginuid"
    : `feature ${feature}`;
}

/** The `struct audit_features` bit of `feature` (`AUDIT_FEATURE_TO_MASK`). */
export function featureBit(feature: AuditFeature): number {
  return (1 << (feature & 31)) >>> 0;
}

/**
 * Encodes an `AUDIT_SET_FEATURE` payload exactly as libaudit's
 * `audit_set_feature(fd, feature, value, lock)` fills it: `vers` 0, `mask`
 * the feature's bit, `features` the bit when `value`, `lock` the bit when
 * `lock`. A lock lasts until reboot.
 */
export function encodeFeatureChange(
  feature: AuditFeature,
  value: boolean,
  lock: boolean,
): Uint8Array<ArrayBuffer> {
  if (
    feature !== AUDIT_FEATURE.ONLY_UNSET_LOGINUID && feature !== AUDIT_FEATURE.LOGINUID_IMMUTABLE
  ) {
    throw new RangeError(`unknown audit feature ${feature}: expected 0 or 1`);
  }
  const bit = featureBit(feature);
  const buf = new Uint8Array(AUDIT_FEATURES_SIZE);
  const v = new DataView(buf.buffer);
  v.setUint32(4, bit, true);
  v.setUint32(8, value ? bit : 0, true);
  v.setUint32(12, lock ? bit : 0, true);
  return buf;
}
