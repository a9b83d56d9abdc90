/**
 * auparse's normalizer for syscall events (normalize.c `normalize_syscall`
 * and its helpers): the action and object of a syscall by its kind.
 *
 * @module
 */

import type { AuEvent } from "./_auevent.ts";
import {
  collectPathAttrs,
  K,
  type NormData,
  recordAction,
  setFileObject,
  setPrimeObject,
  setPrimeObject2,
  setProgramObj,
  setSocketObject,
  simpleFileAttr,
  syscallKind,
} from "./_normalize_common.ts";
import { here } from "./_normalize_common.ts";

function collectPermObj2(au: AuEvent, D: NormData, syscall: string): void {
  const val = syscall === "fchmodat" ? "a2" : "a1";
  au.firstRecord();
  if (au.findField(val) !== undefined) D.thingTwo = { record: 0, field: au.fieldNum() };
}

function collectOwnObj2(au: AuEvent, D: NormData, syscall: string): void {
  const val = syscall === "fchownat" ? "a2" : "a1";
  au.firstRecord();
  if (au.findField(val) !== undefined) {
    if (au.fieldInt() === -1) au.nextField();
    D.thingTwo = { record: 0, field: au.fieldNum() };
  }
}

function collectIdObj2(au: AuEvent, D: NormData, syscall: string): void {
  const limits: Record<string, number> = {
    setuid: 1,
    setreuid: 2,
    setresuid: 3,
    setgid: 1,
    setregid: 2,
    setresgid: 3,
  };
  const limit = limits[syscall];
  if (limit === undefined) return;
  let cnt = 1;
  au.firstRecord();
  if (au.findField("a0") !== undefined) {
    while (cnt <= limit) {
      if (au.interpretField() === "unset") {
        if (cnt < limit) {
          if (au.nextField() === 0) return;
          cnt++;
        } else return;
      } else break;
    }
    D.thingTwo = { record: 0, field: au.fieldNum() };
  }
}

/** normalize_syscall. */
export function normalizeSyscall(au: AuEvent, D: NormData, syscall: string | undefined): void {
  let objtype = K("NORM_UNKNOWN");
  let tmpObjkind = objtype;
  let ttype = 0;
  let act: string | undefined;
  let rc = au.firstRecord();
  const checks: [string, string, boolean][] = [
    ["AUDIT_AVC", "NORM_MAC", true],
    ["AUDIT_SELINUX_ERR", "NORM_MAC_ERR", false],
    ["AUDIT_NETFILTER_CFG", "NORM_IPTABLES", false],
    ["AUDIT_ANOM_PROMISCUOUS", "NORM_PROMISCUOUS", false],
    ["AUDIT_KERN_MODULE", "NORM_FILE_LDMOD", false],
    ["AUDIT_MAC_POLICY_LOAD", "NORM_MAC_LOAD", false],
    ["AUDIT_MAC_STATUS", "NORM_MAC_ENFORCE", false],
    ["AUDIT_MAC_CONFIG_CHANGE", "NORM_MAC_CONFIG", false],
    ["AUDIT_FANOTIFY", "NORM_AV", true],
    ["AUDIT_TIME_INJOFFSET", "NORM_SYSTEM_TIME", false],
    ["AUDIT_TIME_ADJNTPVAL", "NORM_SYSTEM_TIME", false],
    ["AUDIT_BPF", "NORM_BPF", false],
    ["AUDIT_EVENT_LISTENER", "NORM_EV_LISTEN", false],
  ];
  scan: while (rc === 1) {
    ttype = au.type();
    for (const [t, kind, tmp] of checks) {
      if (ttype === K(t)) {
        if (tmp) tmpObjkind = K(kind);
        else objtype = K(kind);
        break scan;
      }
    }
    rc = au.nextRecord();
  }
  if (objtype === K("NORM_UNKNOWN")) objtype = syscallKind(syscall) ?? objtype;
  const sc = syscall ?? "";
  const file = (a: string, what: string, adjust: number) => {
    act = a;
    D.thingWhat = K(what);
    setFileObject(au, D, adjust);
    simpleFileAttr(au, D);
  };
  const sock = (a: string) => {
    act = a;
    D.thingWhat = K("NORM_WHAT_SOCKET");
    setSocketObject(au, D);
  };
  const firstHere = (name: string) => {
    au.firstRecord();
    if (au.findField(name) !== undefined) D.thingPrimary = here(au);
  };
  switch (objtype) {
    case K("NORM_FILE"):
      act = "opened-file";
      setFileObject(au, D, 0);
      D.thingWhat = K("NORM_WHAT_FILE"); // after the object, unlike the others
      simpleFileAttr(au, D);
      break;
    case K("NORM_FILE_CHATTR"):
      file("changed-file-attributes-of", "NORM_WHAT_FILE", sc === "fsetxattr" ? -1 : 0);
      break;
    case K("NORM_FILE_CHPERM"):
      act = "changed-file-permissions-of";
      D.thingWhat = K("NORM_WHAT_FILE");
      collectPermObj2(au, D, sc);
      setFileObject(au, D, sc === "fchmod" ? -1 : 0);
      simpleFileAttr(au, D);
      break;
    case K("NORM_FILE_CHOWN"):
      act = "changed-file-ownership-of";
      D.thingWhat = K("NORM_WHAT_FILE");
      collectOwnObj2(au, D, sc);
      setFileObject(au, D, sc === "fchown" ? -1 : 0);
      simpleFileAttr(au, D);
      break;
    case K("NORM_FILE_LDMOD"):
      act = "loaded-kernel-module";
      D.thingWhat = K("NORM_WHAT_FILE");
      au.gotoRecordNum(1);
      setPrimeObject(au, D, "name", 1);
      break;
    case K("NORM_FILE_UNLDMOD"):
      act = "unloaded-kernel-module";
      D.thingWhat = K("NORM_WHAT_FILE");
      break;
    case K("NORM_FILE_DIR"):
      file("created-directory", "NORM_WHAT_FILE", 1);
      break;
    case K("NORM_FILE_MOUNT"):
      act = "mounted";
      D.thingWhat = K("NORM_WHAT_FILESYSTEM");
      if (D.syscallSuccess === 1) setPrimeObject2(au, D, "name", 0);
      setFileObject(au, D, D.syscallSuccess);
      collectPathAttrs(au, D);
      break;
    case K("NORM_FILE_RENAME"):
      act = "renamed";
      D.thingWhat = K("NORM_WHAT_FILE");
      setPrimeObject2(au, D, "name", 4);
      setFileObject(au, D, 2);
      simpleFileAttr(au, D);
      break;
    case K("NORM_FILE_STAT"):
      file("checked-metadata-of", "NORM_WHAT_FILE", 0);
      break;
    case K("NORM_FILE_SYS_STAT"):
      file("checked-filesystem-metadata-of", "NORM_WHAT_FILESYSTEM", 0);
      break;
    case K("NORM_FILE_LNK"):
      act = "symlinked";
      D.thingWhat = K("NORM_WHAT_FILE");
      setPrimeObject2(au, D, "name", 0);
      setFileObject(au, D, 2);
      simpleFileAttr(au, D);
      break;
    case K("NORM_FILE_UMNT"):
      file("unmounted", "NORM_WHAT_FILESYSTEM", 0);
      break;
    case K("NORM_FILE_DEL"):
      file("deleted", "NORM_WHAT_FILE", 0);
      break;
    case K("NORM_FILE_TIME"):
      file("changed-timestamp-of", "NORM_WHAT_FILE", 0);
      break;
    case K("NORM_EXEC"):
      file("executed", "NORM_WHAT_FILE", 1);
      break;
    case K("NORM_SOCKET_ACCEPT"):
      sock("accepted-connection-from");
      break;
    case K("NORM_SOCKET_BIND"):
      sock("bound-socket");
      break;
    case K("NORM_SOCKET_CONN"):
      sock("connected-to");
      break;
    case K("NORM_SOCKET_RECV"):
      sock("received-from");
      break;
    case K("NORM_SOCKET_SEND"):
      sock("sent-to");
      break;
    case K("NORM_PID"):
      act = au.numRecords() > 2 ? "killed-list-of-pids" : "killed-pid";
      au.gotoRecordNum(1);
      au.firstField();
      if (au.findField("saddr") !== undefined) D.thingPrimary = here(au);
      D.thingWhat = K("NORM_WHAT_PROCESS");
      break;
    case K("NORM_MAC_LOAD"):
      act = recordAction.get(ttype);
      D.thingWhat = K("NORM_WHAT_MAC_CONFIG");
      break;
    case K("NORM_MAC_CONFIG"):
      act = recordAction.get(ttype);
      if (au.findField("bool") !== undefined) D.thingPrimary = here(au);
      D.thingWhat = K("NORM_WHAT_MAC_CONFIG");
      break;
    case K("NORM_MAC_ENFORCE"):
      act = recordAction.get(ttype);
      if (au.findField("enforcing") !== undefined) D.thingPrimary = here(au);
      D.thingWhat = K("NORM_WHAT_MAC_CONFIG");
      break;
    case K("NORM_MAC_ERR"):
      act = "caused-mac-policy-error";
      D.thingWhat = K("NORM_WHAT_SYSTEM");
      break;
    case K("NORM_IPTABLES"):
      act = "loaded-firewall-rule-to";
      firstHere("table");
      D.thingWhat = K("NORM_WHAT_FIREWALL");
      break;
    case K("NORM_PROMISCUOUS"):
      firstHere("dev");
      if (au.findField("prom") !== undefined) {
        act = au.fieldInt() === 0
          ? "left-promiscuous-mode-on-device"
          : "entered-promiscuous-mode-on-device";
      }
      D.thingWhat = K("NORM_WHAT_SOCKET");
      break;
    case K("NORM_UID"):
    case K("NORM_GID"):
      act = "changed-identity-of";
      D.thingWhat = K("NORM_WHAT_PROCESS");
      setProgramObj(au, D);
      if (D.how !== undefined) D.how = syscall;
      collectIdObj2(au, D, sc);
      break;
    case K("NORM_SYSTEM_TIME"):
      act = "changed-system-time";
      D.thingWhat = K("NORM_WHAT_SYSTEM");
      break;
    case K("NORM_MAKE_DEV"):
      setFileObject(au, D, 0);
      simpleFileAttr(au, D);
      if (D.thingWhat === K("NORM_WHAT_CHAR_DEV")) act = "made-character-device";
      else if (D.thingWhat === K("NORM_WHAT_BLOCK_DEV")) act = "made-block-device";
      else act = "make-device";
      break;
    case K("NORM_SYSTEM_NAME"):
      act = "changed-system-name";
      D.thingWhat = K("NORM_WHAT_SYSTEM");
      break;
    case K("NORM_SYSTEM_MEMORY"):
      act = "allocated-memory";
      if (D.syscallSuccess === 1) {
        act = "allocated-memory-in";
        firstHere("comm");
      }
      D.thingWhat = K("NORM_WHAT_MEMORY");
      break;
    case K("NORM_SCHEDULER"):
      act = "adjusted-scheduling-policy-of";
      D.thingWhat = K("NORM_WHAT_PROCESS");
      setProgramObj(au, D);
      if (D.how !== undefined) D.how = syscall;
      break;
    case K("NORM_BPF"):
      au.firstRecord();
      if (au.findField("op") !== undefined) {
        act = au.fieldStr() === "LOAD" ? "loaded-bpf-program" : "unloaded-bpf-program";
      } else act = "bpf-program";
      D.thingWhat = K("NORM_WHAT_PROCESS");
      setProgramObj(au, D);
      break;
    case K("NORM_EV_LISTEN"):
      au.firstRecord();
      if (au.findField("op") !== undefined) {
        act = au.fieldStr() === "connect" ? "connected-to" : "disconnected-from";
      } else act = "connected";
      D.thingWhat = K("NORM_WHAT_SOCKET");
      setProgramObj(au, D);
      break;
    default: {
      au.firstRecord();
      const k = au.findField("key");
      if (k !== undefined && k !== "(null)") {
        act = "triggered-audit-rule";
        D.thingPrimary = here(au);
      } else act = "triggered-unknown-audit-rule";
      D.thingWhat = K("NORM_WHAT_AUDIT_RULE");
    }
  }
  if (tmpObjkind === K("NORM_MAC")) act = "accessed-mac-policy-controlled-object";
  else if (tmpObjkind === K("NORM_AV")) act = "accessed-policy-controlled-file";
  if (act !== undefined) D.action = act;
}
