/**
 * auparse's normalizer (normalize.c `auparse_normalize`): subject, action,
 * object, results and how of an event, as locations of fields in the
 * event, followed step by step with auparse's cursors.
 *
 * @module
 */

import type { AuEvent } from "./_auevent.ts";
import {
  addObjAttr,
  at0,
  here,
  isScript,
  K,
  NormData,
  recordAction,
  setPrimeObject,
  setProgramObj,
} from "./_normalize_common.ts";
import { normalizeSyscall } from "./_normalize_syscall.ts";
import type { Loc } from "./_normalize_common.ts";
import { evkind, inRange } from "./_normalize_evkind.ts";

export { NormData };
export type { Loc };

function setSubjectWhat(au: AuEvent, D: NormData): number {
  let uid = 4294967295 - 1;
  if (au.fieldType() === "UID") uid = au.fieldInt();
  else {
    let found = false;
    if (au.fieldName() === "acct") {
      const acct = au.interpretField();
      if (acct !== undefined) {
        const id = au.opts.resolver?.userId?.(acct);
        if (id !== undefined) {
          uid = Number(id) | 0;
          found = true;
        }
      }
    }
    if (!found) {
      D.actorWhat = "unknown-acct";
      return 1;
    }
  }
  if (uid === 0) D.actorWhat = "privileged-acct";
  else if (uid >>> 0 === 4294967295) D.actorWhat = "unset-acct";
  else if (uid < 1000) D.actorWhat = "service-acct";
  else if (uid < 60000) D.actorWhat = "user-acct";
  else D.actorWhat = "unknown-acct";
  return 0;
}

function setPrimeSubject(au: AuEvent, D: NormData, name: string, rnum: number): number {
  if (au.findField(name) !== undefined) {
    D.actorPrimary = { record: rnum, field: au.fieldNum() };
    return 0;
  }
  return 1;
}

function setSecondarySubject(au: AuEvent, D: NormData, name: string, rnum: number): number {
  if (au.findField(name) !== undefined) {
    D.actorSecondary = { record: rnum, field: au.fieldNum() };
    return setSubjectWhat(au, D);
  }
  return 1;
}

function addSubjAttr(au: AuEvent, D: NormData, name: string, rnum: number): number {
  if (au.findField(name) !== undefined) {
    D.actorAttr.push({ record: rnum, field: au.fieldNum() });
    return 0;
  }
  au.gotoRecordNum(rnum);
  return 1;
}

function addSession(au: AuEvent, D: NormData, rnum: number): number {
  if (au.findField("ses") !== undefined) {
    D.session = { record: rnum, field: au.fieldNum() };
    return 0;
  }
  au.firstRecord();
  return 1;
}

function setResults(au: AuEvent, D: NormData, rnum: number): number {
  if (au.findField("res") !== undefined) {
    D.results = { record: rnum, field: au.fieldNum() };
    return 0;
  }
  return 1;
}

function syscallSubjAttr(au: AuEvent, D: NormData): void {
  au.firstRecord();
  do {
    const rnum = au.recordNum();
    if (au.type() === K("AUDIT_SYSCALL")) {
      if (D.noAttrs) {
        addSession(au, D, rnum);
        return;
      }
      for (
        const f of ["ppid", "pid", "gid", "euid", "suid", "fsuid", "egid", "sgid", "fsgid", "tty"]
      ) {
        addSubjAttr(au, D, f, rnum);
      }
      addSession(au, D, rnum);
      addSubjAttr(au, D, "subj", rnum);
      return;
    }
  } while (au.nextRecord() === 1);
}

function findConfigChangeObject(au: AuEvent): string | undefined {
  au.firstRecord();
  const f = au.findField("key");
  if (f !== undefined) {
    const s = au.fieldStr();
    if (s && s !== "(null)") return f;
  }
  for (
    const name of ["audit_enabled", "audit_pid", "audit_backlog_limit", "audit_failure", "actions"]
  ) {
    au.firstRecord();
    const v = au.findField(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** find_simple_object. */
function findSimpleObject(au: AuEvent, D: NormData, type: number): Loc {
  let f: string | undefined;
  au.firstField();
  const is = (...names: string[]) => names.some((n) => type === K(n));
  const what = (n: string) => D.thingWhat = K(n);
  if (is("AUDIT_SERVICE_START", "AUDIT_SERVICE_STOP")) {
    f = au.findField("unit");
    what("NORM_WHAT_SERVICE");
  } else if (is("AUDIT_SYSTEM_RUNLEVEL")) {
    f = au.findField("new-level");
    what("NORM_WHAT_SYSTEM");
  } else if (is("AUDIT_USER_ROLE_CHANGE")) {
    f = au.findField("selected-context");
    what("NORM_WHAT_USER_SESSION");
  } else if (
    is(
      "AUDIT_ROLE_ASSIGN",
      "AUDIT_ROLE_REMOVE",
      "AUDIT_USER_MGMT",
      "AUDIT_ACCT_LOCK",
      "AUDIT_ACCT_UNLOCK",
      "AUDIT_ADD_USER",
      "AUDIT_DEL_USER",
      "AUDIT_ADD_GROUP",
      "AUDIT_DEL_GROUP",
      "AUDIT_GRP_MGMT",
    )
  ) {
    f = au.findField("id");
    if (f === undefined) {
      au.firstRecord();
      f = au.findField("acct");
    }
    what("NORM_WHAT_ACCT");
  } else if (
    is(
      "AUDIT_USER_START",
      "AUDIT_USER_END",
      "AUDIT_USER_ERR",
      "AUDIT_USER_LOGIN",
      "AUDIT_USER_LOGOUT",
    )
  ) {
    f = au.findField("terminal");
    what("NORM_WHAT_USER_SESSION");
  } else if (
    is(
      "AUDIT_USER_AUTH",
      "AUDIT_USER_ACCT",
      "AUDIT_CRED_ACQ",
      "AUDIT_CRED_REFR",
      "AUDIT_CRED_DISP",
      "AUDIT_USER_CHAUTHTOK",
      "AUDIT_GRP_CHAUTHTOK",
      "AUDIT_ANOM_LOGIN_FAILURES",
      "AUDIT_ANOM_LOGIN_TIME",
      "AUDIT_ANOM_LOGIN_SESSIONS",
      "AUDIT_ANOM_LOGIN_LOCATION",
    )
  ) {
    f = au.findField("acct");
    what("NORM_WHAT_USER_SESSION");
  } else if (is("AUDIT_ANOM_EXEC", "AUDIT_USER_CMD")) {
    f = au.findField("cmd");
    what("NORM_WHAT_PROCESS");
  } else if (is("AUDIT_USER_TTY", "AUDIT_TTY")) {
    au.firstRecord();
    f = au.findField("data");
    what("NORM_WHAT_KEYSTROKES");
  } else if (is("AUDIT_USER_DEVICE")) {
    au.firstRecord();
    f = au.findField("device");
    what("NORM_WHAT_KEYSTROKES");
  } else if (is("AUDIT_SOFTWARE_UPDATE")) {
    au.firstRecord();
    f = au.findField("sw");
    what("NORM_WHAT_SOFTWARE");
  } else if (is("AUDIT_VIRT_MACHINE_ID")) {
    f = au.findField("vm");
    what("NORM_WHAT_VM");
  } else if (is("AUDIT_VIRT_RESOURCE")) {
    f = au.findField("resrc");
    what("NORM_WHAT_VM");
  } else if (is("AUDIT_VIRT_CONTROL")) {
    f = au.findField("op");
    what("NORM_WHAT_VM");
  } else if (is("AUDIT_LABEL_LEVEL_CHANGE")) {
    f = au.findField("printer");
    what("NORM_WHAT_PRINTER");
  } else if (is("AUDIT_CONFIG_CHANGE")) {
    f = findConfigChangeObject(au);
    what("NORM_WHAT_AUDIT_CONFIG");
  } else if (is("AUDIT_MAC_CONFIG_CHANGE")) {
    f = au.findField("bool");
    what("NORM_WHAT_MAC_CONFIG");
  } else if (is("AUDIT_MAC_STATUS")) {
    f = au.findField("enforcing");
    what("NORM_WHAT_MAC_CONFIG");
  } else if (
    is("AUDIT_MAC_POLICY_LOAD", "AUDIT_LABEL_OVERRIDE") ||
    inRange(type, "AUDIT_DEV_ALLOC", "AUDIT_USER_MAC_CONFIG_CHANGE")
  ) {
    what("NORM_WHAT_MAC_CONFIG");
  } else if (is("AUDIT_USER")) {
    f = au.findField("addr");
  } else if (is("AUDIT_USYS_CONFIG")) {
    f = au.findField("op");
    if (f !== undefined) {
      D.action = au.interpretField();
      f = undefined;
    }
    what("NORM_WHAT_SYSTEM");
  } else if (is("AUDIT_CRYPTO_KEY_USER")) {
    f = au.findField("fp");
    what("NORM_WHAT_USER_SESSION");
  } else if (is("AUDIT_CRYPTO_SESSION")) {
    f = au.findField("addr");
    what("NORM_WHAT_USER_SESSION");
  } else if (is("AUDIT_ANOM_RBAC_INTEGRITY_FAIL")) {
    f = au.findField("hostname");
    what("NORM_WHAT_FILESYSTEM");
  }
  return f !== undefined ? at0(au) : undefined;
}

function findSimpleField(au: AuEvent, type: number, map: Record<string, string>): Loc {
  au.firstField();
  for (const [t, name] of Object.entries(map)) {
    if (type === K(t)) return au.findField(name) !== undefined ? at0(au) : undefined;
  }
  return undefined;
}

function normalizeCompound(au: AuEvent, D: NormData): number {
  const otype = au.type();
  let type = otype;
  if (type !== K("AUDIT_SYSCALL")) {
    do {
      if (au.nextRecord() < 0) return 1;
      type = au.type();
    } while (type && type !== K("AUDIT_SYSCALL"));
  }
  if (!type) return 1;
  D.evkind = evkind(otype);
  let syscall: string | undefined;
  const recno = au.recordNum();
  if (au.findField("syscall") !== undefined) syscall = au.interpretField();
  const back = (): boolean => {
    if (au.gotoRecordNum(recno) !== 1) return false;
    au.firstField();
    return true;
  };
  if (au.findField("success") !== undefined) {
    D.syscallSuccess = au.fieldStr() === "no" ? 0 : 1;
    D.results = { record: recno, field: au.fieldNum() };
  } else if (!back()) return 1;
  if (setPrimeSubject(au, D, "auid", recno) && !back()) return 1;
  if (setSecondarySubject(au, D, "uid", recno) && !back()) return 1;
  syscallSubjAttr(au, D);
  au.firstField();
  if (au.findField("exe") !== undefined) {
    D.how = au.interpretField();
    if (D.how !== undefined && isScript(D.how)) {
      let rc = 0;
      const fnum = au.fieldNum();
      if (fnum > 0) rc = au.gotoFieldNum(fnum - 1);
      if (rc === 0) au.firstRecord();
      if (au.findField("comm") !== undefined) D.how = au.interpretField();
    }
  } else if (!back()) return 1;
  if (au.findField("key") !== undefined) {
    if (au.fieldStr() !== "(null)") D.key = { record: recno, field: au.fieldNum() };
  }
  if (otype === K("AUDIT_ANOM_LINK")) {
    const act = recordAction.get(otype);
    if (act !== undefined) D.action = act;
  } else if (otype === K("AUDIT_CONFIG_CHANGE")) {
    au.firstRecord();
    if (au.findField("op") !== undefined) {
      D.action = au.interpretField();
      D.thingPrimary = findSimpleObject(au, D, K("AUDIT_CONFIG_CHANGE"));
    }
  } else normalizeSyscall(au, D, syscall);
  return 0;
}

function collectSimpleSubjAttr(au: AuEvent, D: NormData): void {
  if (D.noAttrs) return;
  au.firstRecord();
  addSubjAttr(au, D, "pid", 0);
  addSubjAttr(au, D, "subj", 0);
}

function collectUserspaceSubjAttr(au: AuEvent, D: NormData, type: number): void {
  if (D.noAttrs) return;
  addSubjAttr(au, D, "hostname", 0);
  addSubjAttr(au, D, "addr", 0);
  if (
    type !== K("AUDIT_USER_START") && type !== K("AUDIT_USER_END") && type !== K("AUDIT_USER_ERR")
  ) {
    addSubjAttr(au, D, "terminal", 0);
  }
}

function setHowFromExe(au: AuEvent, D: NormData): void {
  if (au.findField("exe") !== undefined) {
    D.how = au.interpretField();
    if (D.how !== undefined && isScript(D.how)) {
      const fnum = au.fieldNum();
      if (fnum > 0) au.gotoFieldNum(fnum - 1);
      else au.firstRecord();
      if (au.findField("comm") !== undefined) D.how = au.interpretField();
    }
  }
}

export { collectSimpleSubjAttr, collectUserspaceSubjAttr, findSimpleField, findSimpleObject };
export {
  addSession,
  addSubjAttr,
  normalizeCompound,
  setHowFromExe,
  setPrimeSubject,
  setResults,
  setSecondarySubject,
  setSubjectWhat,
};
export { addObjAttr, here, setPrimeObject, setProgramObj };
