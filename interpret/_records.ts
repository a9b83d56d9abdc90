/**
 * Record folding for {@link coalesce}: the subject record (ids, SELinux
 * labels, result, session) starts the event, and the other records are folded
 * in (PATH to `paths`, SOCKADDR to `source`/`destination`, EXECVE to `args`,
 * the rest to `data`).
 *
 * Module-private.
 *
 * @module
 */

import { AUDIT_EXECVE, AUDIT_PATH, AUDIT_SOCKADDR, AUDIT_SYSCALL } from "../parse/mod.ts";
import type { AuditMessage } from "../parse/mod.ts";
import type { Address } from "./event.ts";
import { getField, setField } from "./fields.ts";
import { dataAdd, dataDelete, dataGet, dataSet, newWork, warn, type Work } from "./_work.ts";

const upperKeys = new Map<string, string>();

/** `key.toUpperCase()`, cached for the few id field names. */
function upperCase(key: string): string {
  let upper = upperKeys.get(key);
  if (upper === undefined) {
    upper = key.toUpperCase();
    if (upperKeys.size < 256) upperKeys.set(key, upper);
  }
  return upper;
}

/**
 * Starts the event from its subject: the SYSCALL record when there is one,
 * else `main`. `main` (the first record when it is not a SYSCALL) gives the
 * event its type. With `holdItems`, the subject's `items` is held apart
 * (dropped when the SYSCALL record is folded).
 */
export function subjectWork(
  main: AuditMessage | undefined,
  syscall: AuditMessage | undefined,
  holdItems: boolean,
): Work {
  const source = (syscall ?? main)!;
  const head = main ?? syscall!;
  const work = newWork(head.recordType, source.keys);
  const fields = source.data;
  const enrichment = source.enrichment;
  for (const key in fields) {
    const value = getField(fields, key);
    if (value === undefined) continue;
    if (key === "result") {
      work.result = value;
    } else if (key === "ses") {
      work.session = value;
    } else if (key.endsWith("uid") || key.endsWith("gid")) {
      if (key === "auid") work.actorPrimary = value;
      else if (key === "uid") work.actorSecondary = value;
      setField(work.ids ??= {}, key, value);
      if (enrichment !== undefined) {
        const name = getField(enrichment, upperCase(key));
        if (name !== undefined && name !== "unset") setField(work.names ??= {}, key, name);
      }
    } else if (key.startsWith("subj_")) {
      setField(work.selinux ??= {}, key.slice(5), value);
    } else if (holdItems && key === "items") {
      work.held.items = value;
    } else {
      dataSet(work, key, value);
    }
  }
  return work;
}

/** Folds `records` (all but `skip`) into the event. */
export function addRecords(
  work: Work,
  records: readonly AuditMessage[],
  skip: AuditMessage | undefined,
): void {
  let execve: AuditMessage[] | undefined;
  for (const m of records) {
    if (m === skip) continue;
    switch (m.recordType) {
      case AUDIT_SYSCALL:
        dataDelete(work, "items");
        break;
      case AUDIT_PATH:
        addPath(work, m);
        break;
      case AUDIT_SOCKADDR:
        addSockaddr(work, m.data);
        break;
      case AUDIT_EXECVE:
        (execve ??= []).push(m);
        break;
      default:
        addFields(work, m);
    }
  }
  if (execve !== undefined) addExecve(work, execve);
}

function addPath(work: Work, m: AuditMessage): void {
  const paths = work.paths ??= [];
  const enrichment = m.enrichment;
  if (enrichment !== undefined) (work.pathNames ??= [])[paths.length] = enrichment;
  paths.push(m.data);
}

function addFields(work: Work, m: AuditMessage): void {
  const fields = m.data;
  for (const key in fields) {
    const value = getField(fields, key);
    if (value === undefined) continue;
    if (!dataAdd(work, key, value)) {
      warn(work, `duplicate key (${key}) from ${m.recordTypeName} message`);
    }
  }
}

function addSockaddr(work: Work, fields: Readonly<Record<string, string>>): void {
  const syscall = dataGet(work, "syscall");
  if (syscall === undefined) {
    warn(work, "failed to add SOCKADDR data because syscall is unknown");
    return;
  }
  for (const key in fields) {
    const value = getField(fields, key);
    if (value !== undefined) dataSet(work, "socket_" + key, value);
  }
  switch (syscall) {
    case "recvfrom":
    case "recvmsg":
    case "accept":
    case "accept4": {
      const address = toAddress(fields);
      if (address !== undefined) work.source = address;
      work.direction = "ingress";
      break;
    }
    case "connect":
    case "sendto":
    case "sendmsg": {
      const address = toAddress(fields);
      if (address !== undefined) work.destination = address;
      work.direction = "egress";
      break;
    }
  }
}

function toAddress(fields: Readonly<Record<string, string>>): Address | undefined {
  const ip = getField(fields, "addr") ?? "";
  const port = getField(fields, "port") ?? "";
  const path = getField(fields, "path") ?? "";
  if (ip === "" && port === "" && path === "") return undefined;
  const address: Address = {};
  if (ip !== "") address.ip = ip;
  if (port !== "") address.port = port;
  if (path !== "") address.path = path;
  return address;
}

/**
 * EXECVE: arguments a0…a(argc-1). The kernel splits long argument lists
 * over several EXECVE records (only the first has `argc`), so the records
 * are read together (go-libaudit reads each alone and loses the arguments).
 */
function addExecve(work: Work, records: readonly AuditMessage[]): void {
  const first = records[0]!.data;
  const argc = getField(first, "argc");
  if (argc === undefined) {
    warn(work, "argc key not found in EXECVE message");
    return;
  }
  dataSet(work, "argc", argc);
  if (!/^\d{1,10}$/.test(argc) || Number(argc) > 4294967295) {
    warn(work, `failed to convert argc='${argc}' to number`);
    return;
  }
  const count = Number(argc);
  const args: string[] = [];
  let record = 0;
  for (let i = 0; i < count; i++) {
    const key = "a" + i;
    let arg = getField(records[record]!.data, key);
    while (arg === undefined && record + 1 < records.length) {
      record++;
      arg = getField(records[record]!.data, key);
    }
    if (arg === undefined) {
      warn(work, `failed to find arg ${key}`);
      return;
    }
    args.push(arg);
  }
  work.args = args;
}
