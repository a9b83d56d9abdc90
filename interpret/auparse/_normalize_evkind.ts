/**
 * auparse's event kind of a record type (normalize.c
 * `normalize_determine_evkind`), for the normalizer.
 *
 * @module
 */

import { K } from "./_normalize_common.ts";
import { I2S } from "./_lookup.ts";
import { NORM_EVENT_KINDS } from "./tables.ts";

const evtypes = new I2S(NORM_EVENT_KINDS);

/** Whether record type `t` lies between the types named `lo` and `hi`. */
export function inRange(t: number, lo: string, hi: string): boolean {
  return t >= K(lo) && t <= K(hi);
}

/**
 * normalize_determine_evkind: the event kind auparse names for record type `t`.
 *
 * @param t The record type.
 * @returns The kind's text, or undefined.
 */
export function evkind(t: number): string | undefined {
  const is = (...names: string[]) => names.some((n) => t === K(n));
  let kind = "NORM_EVTYPE_UNKNOWN";
  if (
    inRange(t, "AUDIT_USER_AUTH", "AUDIT_USER_ACCT") ||
    inRange(t, "AUDIT_CRED_ACQ", "AUDIT_USER_END") ||
    inRange(t, "AUDIT_USER_CHAUTHTOK", "AUDIT_CRED_REFR") ||
    inRange(t, "AUDIT_USER_LOGIN", "AUDIT_USER_LOGOUT") || is("AUDIT_LOGIN")
  ) kind = "NORM_EVTYPE_USER_LOGIN";
  else if (is("AUDIT_GRP_AUTH", "AUDIT_CHGRP_ID")) kind = "NORM_EVTYPE_GROUP_CHANGE";
  else if (
    is("AUDIT_USER_MGMT") || inRange(t, "AUDIT_ADD_USER", "AUDIT_DEL_GROUP") ||
    inRange(t, "AUDIT_GRP_MGMT", "AUDIT_GRP_CHAUTHTOK") ||
    inRange(t, "AUDIT_ACCT_LOCK", "AUDIT_ACCT_UNLOCK")
  ) kind = "NORM_EVTYPE_USER_ACCT";
  else if (is("AUDIT_KERNEL") || inRange(t, "AUDIT_SYSTEM_BOOT", "AUDIT_SERVICE_STOP")) {
    kind = "NORM_EVTYPE_SYSTEM_SERVICES";
  } else if (
    is(
      "AUDIT_USYS_CONFIG",
      "AUDIT_CONFIG_CHANGE",
      "AUDIT_NETFILTER_CFG",
      "AUDIT_FEATURE_CHANGE",
      "AUDIT_TIME_INJOFFSET",
      "AUDIT_TIME_ADJNTPVAL",
      "AUDIT_USER_DEVICE",
      "AUDIT_SOFTWARE_UPDATE",
    )
  ) kind = "NORM_EVTYPE_CONFIG";
  else if (is("AUDIT_SECCOMP")) kind = "NORM_EVTYPE_DAC_DECISION";
  else if (
    inRange(t, "AUDIT_TEST", "AUDIT_TRUSTED_APP") || is("AUDIT_USER_CMD", "AUDIT_CHUSER_ID")
  ) {
    kind = "NORM_EVTYPE_USERSPACE";
  } else if (is("AUDIT_USER_TTY", "AUDIT_TTY")) kind = "NORM_EVTYPE_TTY";
  else if (is("AUDIT_EVENT_LISTENER") || inRange(t, "AUDIT_FIRST_DAEMON", "AUDIT_LAST_DAEMON")) {
    kind = "NORM_EVTYPE_AUDIT_DAEMON";
  } else if (
    is("AUDIT_USER_SELINUX_ERR", "AUDIT_USER_AVC", "AUDIT_APPARMOR_ERROR") ||
    inRange(t, "AUDIT_APPARMOR_ALLOWED", "AUDIT_APPARMOR_DENIED") ||
    inRange(t, "AUDIT_AVC", "AUDIT_AVC_PATH")
  ) kind = "NORM_EVTYPE_MAC_DECISION";
  else if (
    inRange(t, "AUDIT_INTEGRITY_FIRST_MSG", "AUDIT_INTEGRITY_LAST_MSG") ||
    is("AUDIT_ANOM_RBAC_INTEGRITY_FAIL")
  ) kind = "NORM_EVTYPE_INTEGRITY";
  else if (
    inRange(t, "AUDIT_FIRST_KERN_ANOM_MSG", "AUDIT_LAST_KERN_ANOM_MSG") ||
    inRange(t, "AUDIT_FIRST_ANOM_MSG", "AUDIT_ANOM_RBAC_FAIL") ||
    inRange(t, "AUDIT_ANOM_CRYPTO_FAIL", "AUDIT_LAST_ANOM_MSG")
  ) kind = "NORM_EVTYPE_ANOMALY";
  else if (inRange(t, "AUDIT_FIRST_ANOM_RESP", "AUDIT_LAST_ANOM_RESP")) {
    kind = "NORM_EVTYPE_ANOMALY_RESP";
  } else if (
    inRange(t, "AUDIT_MAC_POLICY_LOAD", "AUDIT_LAST_SELINUX") ||
    inRange(t, "AUDIT_AA", "AUDIT_APPARMOR_AUDIT") ||
    inRange(t, "AUDIT_APPARMOR_HINT", "AUDIT_APPARMOR_STATUS") ||
    inRange(t, "AUDIT_FIRST_USER_LSPP_MSG", "AUDIT_LAST_USER_LSPP_MSG")
  ) kind = "NORM_EVTYPE_MAC";
  else if (
    inRange(t, "AUDIT_FIRST_KERN_CRYPTO_MSG", "AUDIT_LAST_KERN_CRYPTO_MSG") ||
    inRange(t, "AUDIT_FIRST_CRYPTO_MSG", "AUDIT_LAST_CRYPTO_MSG")
  ) kind = "NORM_EVTYPE_CRYPTO";
  else if (inRange(t, "AUDIT_FIRST_VIRT_MSG", "AUDIT_LAST_VIRT_MSG")) kind = "NORM_EVTYPE_VIRT";
  else if (
    inRange(t, "AUDIT_SYSCALL", "AUDIT_SOCKETCALL") ||
    inRange(t, "AUDIT_SOCKADDR", "AUDIT_MQ_GETSETATTR") ||
    inRange(t, "AUDIT_FD_PAIR", "AUDIT_OBJ_PID") ||
    inRange(t, "AUDIT_BPRM_FCAPS", "AUDIT_NETFILTER_PKT")
  ) kind = "NORM_EVTYPE_AUDIT_RULE";
  else if (is("AUDIT_FANOTIFY")) kind = "NORM_EVTYPE_AV_DECISION";
  else if (is("AUDIT_BPF")) kind = "NORM_EVTYPE_BPF";
  return evtypes.get(K(kind));
}
