/**
 * The category of an event from its main record type (go-libaudit's
 * `GetAuditEventType`, ported from audit-userspace's normalize.c).
 *
 * @module
 */

import {
  AUDIT_ACCT_LOCK,
  AUDIT_ACCT_UNLOCK,
  AUDIT_ADD_USER,
  AUDIT_ANOM_CRYPTO_FAIL,
  AUDIT_ANOM_RBAC_FAIL,
  AUDIT_ANOM_RBAC_INTEGRITY_FAIL,
  AUDIT_APPARMOR_ALLOWED,
  AUDIT_APPARMOR_AUDIT,
  AUDIT_APPARMOR_DENIED,
  AUDIT_APPARMOR_ERROR,
  AUDIT_APPARMOR_HINT,
  AUDIT_APPARMOR_STATUS,
  AUDIT_AVC,
  AUDIT_AVC_PATH,
  AUDIT_BPRM_FCAPS,
  AUDIT_CHGRP_ID,
  AUDIT_CHUSER_ID,
  AUDIT_CONFIG_CHANGE,
  AUDIT_CRED_REFR,
  AUDIT_DEL_GROUP,
  AUDIT_FD_PAIR,
  AUDIT_FEATURE_CHANGE,
  AUDIT_FIRST_ANOM_MSG,
  AUDIT_FIRST_ANOM_RESP,
  AUDIT_FIRST_APPARMOR,
  AUDIT_FIRST_CRYPTO_MSG,
  AUDIT_FIRST_DAEMON,
  AUDIT_FIRST_KERN_ANOM_MSG,
  AUDIT_FIRST_KERN_CRYPTO_MSG,
  AUDIT_FIRST_USER_LSPP_MSG,
  AUDIT_FIRST_VIRT_MSG,
  AUDIT_GRP_AUTH,
  AUDIT_GRP_CHAUTHTOK,
  AUDIT_GRP_MGMT,
  AUDIT_INTEGRITY_FIRST_MSG,
  AUDIT_INTEGRITY_LAST_MSG,
  AUDIT_KERNEL,
  AUDIT_LAST_ANOM_MSG,
  AUDIT_LAST_ANOM_RESP,
  AUDIT_LAST_CRYPTO_MSG,
  AUDIT_LAST_DAEMON,
  AUDIT_LAST_KERN_ANOM_MSG,
  AUDIT_LAST_KERN_CRYPTO_MSG,
  AUDIT_LAST_SELINUX,
  AUDIT_LAST_USER_LSPP_MSG,
  AUDIT_LAST_VIRT_MSG,
  AUDIT_MAC_POLICY_LOAD,
  AUDIT_MQ_GETSETATTR,
  AUDIT_NETFILTER_CFG,
  AUDIT_NETFILTER_PKT,
  AUDIT_OBJ_PID,
  AUDIT_REPLACE,
  AUDIT_SECCOMP,
  AUDIT_SERVICE_STOP,
  AUDIT_SOCKADDR,
  AUDIT_SOCKETCALL,
  AUDIT_SYSCALL,
  AUDIT_SYSTEM_BOOT,
  AUDIT_TRUSTED_APP,
  AUDIT_TTY,
  AUDIT_USER_AUTH,
  AUDIT_USER_AVC,
  AUDIT_USER_CHAUTHTOK,
  AUDIT_USER_CMD,
  AUDIT_USER_END,
  AUDIT_USER_LOGIN,
  AUDIT_USER_LOGOUT,
  AUDIT_USER_SELINUX_ERR,
  AUDIT_USER_TTY,
  AUDIT_USYS_CONFIG,
} from "../parse/mod.ts";

/** Event categories, as printed. */
export type EventCategory =
  | "unknown"
  | "user-space"
  | "system-services"
  | "configuration"
  | "TTY"
  | "user-account"
  | "user-login"
  | "audit-daemon"
  | "mac-decision"
  | "anomaly"
  | "integrity"
  | "anomaly-response"
  | "mac"
  | "crypto"
  | "virt"
  | "audit-rule"
  | "dac-decision"
  | "group-change";

function within(t: number, low: number, high: number): boolean {
  return t >= low && t <= high;
}

/** Record types below this have their category remembered (a walk of some 40 ranges each time). */
const KNOWN_TYPES = 4096;
const known: (EventCategory | undefined)[] = new Array(KNOWN_TYPES).fill(undefined);

/**
 * The category of a record type number; the first matching rule wins, as
 * in go-libaudit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventCategory } from "@libaudit/libaudit/interpret";
 * import { AUDIT_SYSCALL, AUDIT_USER_LOGIN } from "@libaudit/libaudit/parse";
 * assert.equal(eventCategory(AUDIT_USER_LOGIN), "user-login");
 * assert.equal(eventCategory(AUDIT_SYSCALL), "audit-rule");
 * ```
 */
export function eventCategory(t: number): EventCategory {
  if (!((t | 0) === t && t >= 0 && t < KNOWN_TYPES)) return categoryByRules(t);
  return known[t] ??= categoryByRules(t);
}

/** {@linkcode eventCategory} by its rules. */
function categoryByRules(t: number): EventCategory {
  if (
    within(t, AUDIT_USER_AUTH, AUDIT_USER_END) ||
    within(t, AUDIT_USER_CHAUTHTOK, AUDIT_CRED_REFR) ||
    within(t, AUDIT_USER_LOGIN, AUDIT_USER_LOGOUT) || t === AUDIT_GRP_AUTH
  ) return "user-login";
  if (
    within(t, AUDIT_ADD_USER, AUDIT_DEL_GROUP) || within(t, AUDIT_GRP_MGMT, AUDIT_GRP_CHAUTHTOK) ||
    within(t, AUDIT_ACCT_LOCK, AUDIT_ACCT_UNLOCK)
  ) {
    return "user-account";
  }
  if (t === AUDIT_KERNEL || within(t, AUDIT_SYSTEM_BOOT, AUDIT_SERVICE_STOP)) {
    return "system-services";
  }
  if (
    t === AUDIT_USYS_CONFIG || t === AUDIT_CONFIG_CHANGE || t === AUDIT_NETFILTER_CFG ||
    within(t, AUDIT_FEATURE_CHANGE, AUDIT_REPLACE)
  ) return "configuration";
  if (t === AUDIT_SECCOMP) return "dac-decision";
  if (
    within(t, AUDIT_CHGRP_ID, AUDIT_TRUSTED_APP) || t === AUDIT_USER_CMD ||
    t === AUDIT_CHUSER_ID
  ) return "user-space";
  if (t === AUDIT_USER_TTY || t === AUDIT_TTY) return "TTY";
  if (within(t, AUDIT_FIRST_DAEMON, AUDIT_LAST_DAEMON)) return "audit-daemon";
  if (
    t === AUDIT_USER_SELINUX_ERR || t === AUDIT_USER_AVC ||
    within(t, AUDIT_APPARMOR_ALLOWED, AUDIT_APPARMOR_DENIED) || t === AUDIT_APPARMOR_ERROR ||
    within(t, AUDIT_AVC, AUDIT_AVC_PATH)
  ) return "mac-decision";
  if (
    within(t, AUDIT_INTEGRITY_FIRST_MSG, AUDIT_INTEGRITY_LAST_MSG) ||
    t === AUDIT_ANOM_RBAC_INTEGRITY_FAIL
  ) return "integrity";
  if (
    within(t, AUDIT_FIRST_KERN_ANOM_MSG, AUDIT_LAST_KERN_ANOM_MSG) ||
    within(t, AUDIT_FIRST_ANOM_MSG, AUDIT_ANOM_RBAC_FAIL) ||
    within(t, AUDIT_ANOM_CRYPTO_FAIL, AUDIT_LAST_ANOM_MSG)
  ) {
    return "anomaly";
  }
  if (within(t, AUDIT_FIRST_ANOM_RESP, AUDIT_LAST_ANOM_RESP)) return "anomaly-response";
  if (
    within(t, AUDIT_MAC_POLICY_LOAD, AUDIT_LAST_SELINUX) ||
    within(t, AUDIT_FIRST_APPARMOR, AUDIT_APPARMOR_AUDIT) ||
    within(t, AUDIT_APPARMOR_HINT, AUDIT_APPARMOR_STATUS) ||
    within(t, AUDIT_FIRST_USER_LSPP_MSG, AUDIT_LAST_USER_LSPP_MSG)
  ) return "mac";
  if (
    within(t, AUDIT_FIRST_KERN_CRYPTO_MSG, AUDIT_LAST_KERN_CRYPTO_MSG) ||
    within(t, AUDIT_FIRST_CRYPTO_MSG, AUDIT_LAST_CRYPTO_MSG)
  ) return "crypto";
  if (within(t, AUDIT_FIRST_VIRT_MSG, AUDIT_LAST_VIRT_MSG)) return "virt";
  if (
    within(t, AUDIT_SYSCALL, AUDIT_SOCKETCALL) || within(t, AUDIT_SOCKADDR, AUDIT_MQ_GETSETATTR) ||
    within(t, AUDIT_FD_PAIR, AUDIT_OBJ_PID) || within(t, AUDIT_BPRM_FCAPS, AUDIT_NETFILTER_PKT)
  ) return "audit-rule";
  return "unknown";
}
