/**
 * auparse's normalizer for one-record events (normalize.c
 * `normalize_simple`) and its entry point `auparse_normalize`.
 *
 * @module
 */

import type { AuEvent } from "./_auevent.ts";
import {
  addObjAttr,
  addSession,
  addSubjAttr,
  collectSimpleSubjAttr,
  collectUserspaceSubjAttr,
  findSimpleField,
  findSimpleObject,
  here,
  normalizeCompound,
  NormData,
  setHowFromExe,
  setPrimeObject,
  setPrimeSubject,
  setProgramObj,
  setResults,
  setSecondarySubject,
  setSubjectWhat,
} from "./_normalize.ts";
import { evkind } from "./_normalize_evkind.ts";
import { K, recordAction } from "./_normalize_common.ts";

function interpretHow(au: AuEvent, D: NormData, name: string): void {
  if (au.findField(name) !== undefined) D.how = au.interpretField();
}

function simpleOpFirst(au: AuEvent, D: NormData, type: number): number {
  setPrimeSubject(au, D, "auid", 0);
  addSession(au, D, 0);
  collectSimpleSubjAttr(au, D);
  let mapped = true;
  if (type === K("AUDIT_CONFIG_CHANGE")) {
    au.firstField();
    if (au.findField("op") !== undefined) {
      let str = au.interpretField() ?? "";
      if (str[0] === '"') str = str.slice(1);
      if (str.startsWith("add_rule")) {
        D.action = "added-audit-rule";
        D.thingPrimary = findSimpleObject(au, D, type);
        mapped = false;
      } else if (str.startsWith("remove_rule")) {
        D.action = "deleted-audit-rule";
        D.thingPrimary = findSimpleObject(au, D, type);
        mapped = false;
      }
    }
  }
  if (mapped) {
    const act = recordAction.get(type);
    if (act !== undefined) D.action = act;
    if (type === K("AUDIT_CONFIG_CHANGE")) D.thingPrimary = findSimpleObject(au, D, type);
    au.firstRecord();
  }
  if (type === K("AUDIT_FEATURE_CHANGE")) {
    au.firstField();
    if (setSecondarySubject(au, D, "uid", 0)) au.firstRecord();
    interpretHow(au, D, "exe");
    setPrimeObject(au, D, "feature", 0);
    D.thingWhat = K("NORM_WHAT_SYSTEM");
  }
  if (type === K("AUDIT_SECCOMP")) {
    au.firstField();
    if (setSecondarySubject(au, D, "uid", 0)) au.firstRecord();
    interpretHow(au, D, "exe");
    if (setPrimeObject(au, D, "syscall", 0)) au.firstRecord();
    D.thingWhat = K("NORM_WHAT_PROCESS");
    if (au.findField("code") !== undefined) D.results = { record: 0, field: au.fieldNum() };
    return 0;
  }
  if (type === K("AUDIT_ANOM_ABEND")) {
    au.firstField();
    if (setSecondarySubject(au, D, "uid", 0)) au.firstRecord();
    if (setPrimeObject(au, D, "exe", 0)) au.firstRecord();
    D.thingWhat = K("NORM_WHAT_PROCESS");
    interpretHow(au, D, "sig");
  }
  if (type === K("AUDIT_ANOM_PROMISCUOUS")) {
    au.firstField();
    setPrimeObject(au, D, "dev", 0);
    setSecondarySubject(au, D, "uid", 0);
    D.thingWhat = K("NORM_WHAT_SOCKET");
  }
  setResults(au, D, 0);
  return 0;
}

/** normalize_simple. */
export function normalizeSimple(au: AuEvent, D: NormData): number {
  const type = au.type();
  if (type === K("AUDIT_SYSCALL")) return normalizeCompound(au, D);
  D.evkind = evkind(type);
  const is = (...names: string[]) => names.some((n) => type === K(n));
  if (
    is(
      "AUDIT_CONFIG_CHANGE",
      "AUDIT_FEATURE_CHANGE",
      "AUDIT_SECCOMP",
      "AUDIT_ANOM_ABEND",
      "AUDIT_ANOM_PROMISCUOUS",
    )
  ) return simpleOpFirst(au, D, type);
  if (is("AUDIT_LOGIN")) {
    if (setSecondarySubject(au, D, "uid", 0)) au.firstRecord();
    collectSimpleSubjAttr(au, D);
    if (setPrimeSubject(au, D, "old-auid", 0)) au.firstRecord();
    if (setPrimeObject(au, D, "auid", 0)) au.firstRecord();
    D.thingWhat = K("NORM_WHAT_USER_SESSION");
    addSession(au, D, 0);
    setResults(au, D, 0);
    const act = recordAction.get(type);
    if (act !== undefined) D.action = act;
    return 0;
  }
  if (is("AUDIT_NETFILTER_CFG")) {
    collectSimpleSubjAttr(au, D);
    interpretHow(au, D, "comm");
    D.action = "loaded-firewall-rule-to";
    au.firstRecord();
    if (au.findField("table") !== undefined) D.thingPrimary = here(au);
    D.actorWhat = "system";
    D.thingWhat = K("NORM_WHAT_FIREWALL");
    return 0;
  }
  if (is("AUDIT_AVC")) {
    if (au.findField("comm") !== undefined) D.how = au.interpretField();
    else au.firstRecord();
    setPrimeSubject(au, D, "scontext", 0);
    D.actorWhat = "unknown-acct";
    au.firstRecord();
    if (!D.noAttrs) {
      setPrimeObject(au, D, "tcontext", 0);
      au.firstRecord();
    }
    D.thingWhat = K("NORM_WHAT_UNKNOWN");
    const act = recordAction.get(type);
    if (act !== undefined) D.action = act;
    au.firstRecord();
    if (au.findField("seresult") !== undefined) D.results = { record: 0, field: au.fieldNum() };
    return 0;
  }
  if (type >= K("AUDIT_FIRST_DAEMON") && type < K("AUDIT_LAST_DAEMON")) {
    setPrimeSubject(au, D, "auid", 0);
    if (setSecondarySubject(au, D, "uid", 0)) au.firstRecord();
    if (addSession(au, D, 0)) au.firstRecord();
    collectSimpleSubjAttr(au, D);
    D.actorWhat = "auditd";
    const act = recordAction.get(type);
    if (act !== undefined) D.action = act;
    D.thingWhat = K("NORM_WHAT_SERVICE");
    if (type === K("AUDIT_DAEMON_START")) D.how = "init";
    else if (type < K("AUDIT_DAEMON_ACCEPT") && type !== K("AUDIT_DAEMON_ABORT")) D.how = "signal";
    setResults(au, D, 0);
    return 0;
  }
  if (is("AUDIT_BPF")) {
    D.actorWhat = "system";
    au.firstRecord();
    if (au.findField("op") !== undefined) {
      D.action = au.fieldStr() === "LOAD" ? "loaded-bpf-program" : "unloaded-bpf-program";
    } else D.action = "bpf-program";
    D.thingWhat = K("NORM_WHAT_PROCESS");
    setProgramObj(au, D);
    return 0;
  }
  if (is("AUDIT_EVENT_LISTENER")) {
    setPrimeSubject(au, D, "auid", 0);
    au.firstRecord();
    setSecondarySubject(au, D, "uid", 0);
    au.firstRecord();
    addSession(au, D, 0);
    collectSimpleSubjAttr(au, D);
    au.firstRecord();
    if (au.findField("op") !== undefined) {
      D.action = au.fieldStr() === "connect" ? "connected-to" : "disconnected-from";
    } else D.action = "connected";
    setProgramObj(au, D);
    D.thingWhat = K("NORM_WHAT_SOCKET");
    au.firstRecord();
    interpretHow(au, D, "exe");
    au.firstRecord();
    setResults(au, D, 0);
    return 0;
  }
  if (type >= K("AUDIT_MAC_UNLBL_ALLOW") && type <= K("AUDIT_LAST_SELINUX")) {
    setPrimeSubject(au, D, "auid", 0);
    setSubjectWhat(au, D);
    addSession(au, D, 0);
    addSubjAttr(au, D, "subj", 0);
    let act: string | undefined;
    if (type === K("AUDIT_MAC_UNLBL_ALLOW")) {
      if (au.findField("unlbl_accept") !== undefined) {
        act = au.fieldInt() === 1
          ? "is-allowing-unlabeled-network-traffic"
          : "is-disallowing-unlabeled-network-traffic";
      } else au.firstRecord();
    } else act = recordAction.get(type);
    if (act !== undefined) D.action = act;
    if (type === K("AUDIT_MAC_MAP_ADD") || type === K("AUDIT_MAC_MAP_DEL")) {
      if (setPrimeObject(au, D, "nlbl_domain", 0)) au.firstRecord();
    }
    D.thingWhat = K("NORM_WHAT_MAC_CONFIG");
    setResults(au, D, 0);
    return 0;
  }
  if (is("AUDIT_USER_LOGIN")) {
    if (setPrimeSubject(au, D, "id", 0)) {
      au.firstRecord();
      if (setPrimeSubject(au, D, "acct", 0) === 0) setSubjectWhat(au, D);
    } else setSubjectWhat(au, D);
    au.firstRecord();
  } else {
    if (setSecondarySubject(au, D, "uid", 0)) au.firstRecord();
    setPrimeSubject(au, D, "auid", 0);
  }
  addSession(au, D, 0);
  collectSimpleSubjAttr(au, D);
  if (
    (type >= K("AUDIT_FIRST_USER_MSG") && type < K("AUDIT_LAST_USER_MSG")) ||
    (type >= K("AUDIT_FIRST_USER_MSG2") && type < K("AUDIT_LAST_USER_MSG2"))
  ) collectUserspaceSubjAttr(au, D, type);
  if (type !== K("AUDIT_USER_AVC")) setResults(au, D, 0);
  else {
    au.firstRecord();
    if (au.findField("seresult") !== undefined) D.results = { record: 0, field: au.fieldNum() };
    au.firstRecord();
    setPrimeSubject(au, D, "scontext", 0);
    if (!D.noAttrs) {
      au.firstRecord();
      setPrimeObject(au, D, "tcontext", 0);
    }
  }
  let act: string | undefined;
  if (type === K("AUDIT_USER_DEVICE")) {
    au.firstRecord();
    act = au.findField("op");
  }
  act ??= recordAction.get(type);
  if (act !== undefined) D.action = act;
  if (type !== K("AUDIT_USER_AVC")) {
    au.firstRecord();
    D.thingPrimary = findSimpleObject(au, D, type);
    D.thingSecondary = findSimpleField(au, type, {
      AUDIT_CRYPTO_SESSION: "rport",
      AUDIT_SOFTWARE_UPDATE: "sw_type",
    });
    D.thingTwo = findSimpleField(au, type, {
      AUDIT_VIRT_CONTROL: "vm",
      AUDIT_VIRT_RESOURCE: "vm",
      AUDIT_SOFTWARE_UPDATE: "root_dir",
    });
    if (!D.noAttrs) {
      if (type === K("AUDIT_USER_DEVICE")) addObjAttr(au, D, "uuid", 0);
      else if (type === K("AUDIT_SOFTWARE_UPDATE")) {
        au.firstRecord();
        addObjAttr(au, D, "key_enforce", 0);
        addObjAttr(au, D, "gpg_res", 0);
      }
    }
  }
  if (type === K("AUDIT_SYSTEM_BOOT")) {
    D.thingWhat = K("NORM_WHAT_SYSTEM");
    interpretHow(au, D, "exe");
    return 0;
  }
  if (type === K("AUDIT_SYSTEM_SHUTDOWN")) {
    D.thingWhat = K("NORM_WHAT_SERVICE");
    interpretHow(au, D, "exe");
    return 0;
  }
  au.firstRecord();
  if (type === K("AUDIT_ANOM_EXEC")) {
    interpretHow(au, D, "terminal");
    return 0;
  }
  if (type === K("AUDIT_TTY")) {
    interpretHow(au, D, "comm");
    return 0;
  }
  setHowFromExe(au, D);
  return 0;
}

/** auparse_normalize: fills `D` for the event; returns 0, or 1 for a corrupt event. */
export function normalizeEvent(au: AuEvent, noAttrs: boolean): { D: NormData; rc: number } {
  const D = new NormData();
  D.noAttrs = noAttrs;
  au.firstRecord();
  const num = au.numRecords();
  au.firstRecord();
  const rc = num > 1 ? normalizeCompound(au, D) : normalizeSimple(au, D);
  au.firstRecord();
  return { D, rc };
}
