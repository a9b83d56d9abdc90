/**
 * `struct audit_status` and `struct audit_features` layouts.
 *
 * @module
 */
import { AUDIT_STATUS } from "./constants.ts";

/** The kernel's audit status (`struct audit_status`, `AUDIT_GET` reply). */
export interface AuditStatus {
  /** `mask`: which fields were valid (replies set all the kernel knows). */
  readonly mask: number;
  /** 0 disabled, 1 enabled, 2 enabled and immutable until reboot. */
  readonly enabled: number;
  /** Failure action: 0 silent, 1 printk, 2 panic. */
  readonly failure: number;
  /** The audit daemon's pid, 0 when none. */
  readonly pid: number;
  /** Messages per second limit, 0 for none. */
  readonly rateLimit: number;
  /** Queue length limit for events awaiting the daemon. */
  readonly backlogLimit: number;
  /** Messages lost since boot (or since the last reset). */
  readonly lost: number;
  /** Messages waiting in the queue now. */
  readonly backlog: number;
  /** `feature_bitmap` (`version` before Linux 3.19). */
  readonly featureBitmap: number;
  /** How long a process waits when the backlog is full (jiffies), when the kernel reports it. */
  readonly backlogWaitTime: number | undefined;
  /** Time spent waiting on a full backlog (jiffies), when the kernel reports it (Linux 5.9+). */
  readonly backlogWaitTimeActual: number | undefined;
}

/** Size of the full `struct audit_status` this module knows (11 u32 fields). */
const AUDIT_STATUS_SIZE = 44;

/** Fields of an `AUDIT_SET` request; only those given are applied (the mask is derived). */
export interface AuditStatusChange {
  /** 0, 1 or 2 (2 = immutable). */
  enabled?: number;
  /** 0 silent, 1 printk, 2 panic. */
  failure?: number;
  /** The daemon pid to register (0 unregisters). */
  pid?: number;
  /** Messages per second, 0 for no limit. */
  rateLimit?: number;
  /** Backlog queue length. */
  backlogLimit?: number;
  /** Backlog wait time (jiffies). */
  backlogWaitTime?: number;
  /** Reset the kernel's lost counter (`AUDIT_STATUS_LOST`). */
  resetLost?: boolean;
}

/** Encodes an `AUDIT_SET` payload. */
export function encodeStatusChange(change: AuditStatusChange): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(AUDIT_STATUS_SIZE);
  const v = new DataView(buf.buffer);
  let mask = 0;
  const put = (bit: number, index: number, value: number | undefined) => {
    if (value === undefined) return;
    mask |= bit;
    v.setUint32(index * 4, value >>> 0, true);
  };
  put(AUDIT_STATUS.ENABLED, 1, change.enabled);
  put(AUDIT_STATUS.FAILURE, 2, change.failure);
  put(AUDIT_STATUS.PID, 3, change.pid);
  put(AUDIT_STATUS.RATE_LIMIT, 4, change.rateLimit);
  put(AUDIT_STATUS.BACKLOG_LIMIT, 5, change.backlogLimit);
  put(AUDIT_STATUS.BACKLOG_WAIT_TIME, 9, change.backlogWaitTime);
  if (change.resetLost) mask |= AUDIT_STATUS.LOST;
  v.setUint32(0, mask, true);
  return buf;
}

/**
 * Decodes an `AUDIT_GET` reply. Older kernels send a shorter struct; fields
 * past its end are `undefined` (the two backlog wait fields) or 0.
 */
export function decodeStatus(payload: Uint8Array): AuditStatus {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const u32 = (i: number): number | undefined =>
    (i + 1) * 4 <= payload.length ? v.getUint32(i * 4, true) : undefined;
  return {
    mask: u32(0) ?? 0,
    enabled: u32(1) ?? 0,
    failure: u32(2) ?? 0,
    pid: u32(3) ?? 0,
    rateLimit: u32(4) ?? 0,
    backlogLimit: u32(5) ?? 0,
    lost: u32(6) ?? 0,
    backlog: u32(7) ?? 0,
    featureBitmap: u32(8) ?? 0,
    backlogWaitTime: u32(9),
    backlogWaitTimeActual: u32(10),
  };
}

/** The kernel's audit features (`struct audit_features`, `AUDIT_GET_FEATURE` reply). */
export interface AuditFeatures {
  /** Structure version (1). */
  readonly version: number;
  /** Which feature bits are valid. */
  readonly mask: number;
  /** Enabled features (bit 0 only_unset_loginuid, bit 1 loginuid_immutable). */
  readonly features: number;
  /** Locked features. */
  readonly lock: number;
}

/** Decodes an `AUDIT_GET_FEATURE` reply. */
export function decodeFeatures(payload: Uint8Array): AuditFeatures {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const u32 = (i: number): number => (i + 1) * 4 <= payload.length ? v.getUint32(i * 4, true) : 0;
  return { version: u32(0), mask: u32(1), features: u32(2), lock: u32(3) };
}
