/**
 * Coalescing: the records of one event become one {@link AuditEvent}, with
 * go-libaudit's `aucoalesce` semantics and its faults fixed (see the README's
 * deviations).
 *
 * @module
 */

import type { AuditMessage } from "../parse/mod.ts";
import { recordTypeName } from "../parse/mod.ts";
import { storeField } from "../parse/fields.ts";
import { formatTimestamp } from "../parse/timestamp.ts";
import type { Address, AuditEvent, EcsEntityData, FileInfo, RecordError } from "./event.ts";
import { eventCategory } from "./event_category.ts";
import { getField, setField } from "./fields.ts";
import type { EcsSource, EcsTarget, Normalization } from "./normalization_types.ts";
import { recordTypeNormalizations, syscallNormalization } from "./normalization_lookup.ts";

const SYSCALL = 1300;
const PATH = 1302;
const SOCKADDR = 1306;
const EXECVE = 1309;
const EOE = 1320;

/** Thrown by {@link coalesce} when it is given no records (or only EOE records). */
export class CoalesceError extends RangeError {
  /** How many records were given. */
  readonly records: number;
  /** Creates the error for an event of `records` records, none with content. */
  constructor(records: number) {
    super("Cannot coalesce an event without records");
    this.name = "CoalesceError";
    this.records = records;
  }
}

/** The event under construction. */
interface Work {
  type: number;
  /** Rule keys of the record the subject came from. */
  tags: readonly string[];
  result: string;
  session: string;
  actorPrimary: string | undefined;
  actorSecondary: string | undefined;
  action: string | undefined;
  objectType: string | undefined;
  objectPrimary: string | undefined;
  objectSecondary: string | undefined;
  how: string | undefined;
  /** The fields that become `data`, in their final order (built once, never copied). */
  data: Record<string, string>;
  /** The fields that become `process` (held apart so `data` needs no deletes). */
  pid: string | undefined;
  ppid: string | undefined;
  proctitle: string | undefined;
  comm: string | undefined;
  exe: string | undefined;
  cwd: string | undefined;
  /** The subject SYSCALL's `items`, until that record is reached in {@link addRecords}. */
  items: string | undefined;
  ids: Record<string, string> | undefined;
  selinux: Record<string, string> | undefined;
  paths: Readonly<Record<string, string>>[] | undefined;
  /** The PATH records' ENRICHED tails, parallel to `paths` (when any has one). */
  pathNames: (Readonly<Record<string, string>> | undefined)[] | undefined;
  /** Id names from the ENRICHED tail of the subject's record. */
  names: Record<string, string> | undefined;
  file: FileInfo | undefined;
  source: Address | undefined;
  destination: Address | undefined;
  direction: "ingress" | "egress" | undefined;
  args: string[] | undefined;
  ecsKind: string | undefined;
  ecsCategory: string[] | undefined;
  ecsType: string[] | undefined;
  ecsOutcome: string | undefined;
  ecsUser: EcsEntityData;
  ecsEffective: EcsEntityData;
  ecsTarget: EcsEntityData;
  ecsChanges: EcsEntityData;
  ecsGroup: EcsEntityData;
  warnings: string[] | undefined;
  errors: RecordError[] | undefined;
}

function warn(work: Work, warning: string): void {
  (work.warnings ??= []).push(warning);
}

const lowerNames = new Map<number, string>();
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

/** Lower-case record type name, as go-libaudit prints `record_type`. */
export function lowerRecordTypeName(type: number): string {
  let name = lowerNames.get(type);
  if (name === undefined) {
    name = recordTypeName(type).toLowerCase();
    if (lowerNames.size < 4096) lowerNames.set(type, name);
  }
  return name;
}

/**
 * Combines the records of one event (as the reassembler emits them) into
 * one {@link AuditEvent}: subject ids and SELinux labels go to `user`, PATH
 * records to `paths` and `file`, SOCKADDR to `source`/`destination`,
 * EXECVE to `process.args`, the rest to `data`; then the normalization
 * table fills `summary` and `ecs`. Ids are not resolved to names here (see
 * {@link resolveIds}), except that the names an ENRICHED log carries (`UID="root"`…)
 * fill `user.names` and `file.owner`/`file.group`.
 *
 * Never throws for content: what cannot be interpreted becomes a warning,
 * records that did not parse cleanly keep their raw text in `errors`, and
 * an event without a SYSCALL record still coalesces (with a warning).
 *
 * @throws {CoalesceError} when `messages` has no record other than EOE.
 *
 * @example
 * ```ts
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * import { coalesce } from "@libaudit/libaudit/interpret";
 * const event = coalesce([parseLogLine(
 *   "type=USER_LOGIN msg=audit(1493046015.752:42120): pid=18981 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=46.160.144.250 terminal=ssh res=failed'",
 * )]);
 * event.summary.action; // "logged-in"
 * event.result; // "fail"
 * ```
 */
export function coalesce(messages: readonly AuditMessage[]): AuditEvent {
  let records: readonly AuditMessage[] = messages;
  for (const m of messages) {
    if (m.recordType === EOE) {
      records = messages.filter((r) => r.recordType !== EOE);
      break;
    }
  }
  const first = records[0];
  if (first === undefined) throw new CoalesceError(messages.length);

  let work: Work;
  if (records.length === 1) {
    work = newWork(first, undefined, false);
  } else {
    let special: AuditMessage | undefined;
    let syscall: AuditMessage | undefined;
    for (let i = 0; i < records.length; i++) {
      const m = records[i]!;
      if (i === 0 && m.recordType !== SYSCALL) {
        special = m;
        continue;
      }
      if (m.recordType === SYSCALL) {
        syscall = m;
        break;
      }
    }
    work = newWork(special, syscall, syscall !== undefined);
    if (syscall === undefined) warn(work, "missing syscall message in compound event");
    addRecords(work, records, syscall === undefined ? first : undefined);
  }
  for (const m of records) {
    const error = m.error;
    if (error !== undefined) {
      (work.errors ??= []).push({
        record_type: lowerRecordTypeName(m.recordType),
        raw_msg: m.rawMessage,
        error,
      });
      warn(work, `failed to parse ${m.recordTypeName} message: ${error}`);
    }
  }
  applyNormalization(work);
  return build(work, first);
}

function newEntity(): EcsEntityData {
  return {};
}

/**
 * `data` without a Map: the fields that would be deleted later (`process`
 * fields, the subject SYSCALL's `items`) are held in slots instead, so
 * `data` is the output object itself.
 */
function dataGet(work: Work, key: string): string | undefined {
  switch (key) {
    case "pid":
      return work.pid;
    case "ppid":
      return work.ppid;
    case "proctitle":
      return work.proctitle;
    case "comm":
      return work.comm;
    case "exe":
      return work.exe;
    case "cwd":
      return work.cwd;
    case "items":
      return work.items ?? getField(work.data, key);
  }
  return getField(work.data, key);
}

function dataHas(work: Work, key: string): boolean {
  return dataGet(work, key) !== undefined;
}

/** `Map.set` semantics: a new key goes last, an existing one keeps its place. */
function dataSet(work: Work, key: string, value: string): void {
  switch (key) {
    case "pid":
      work.pid = value;
      return;
    case "ppid":
      work.ppid = value;
      return;
    case "proctitle":
      work.proctitle = value;
      return;
    case "comm":
      work.comm = value;
      return;
    case "exe":
      work.exe = value;
      return;
    case "cwd":
      work.cwd = value;
      return;
    case "items":
      if (work.items !== undefined) {
        work.items = value;
        return;
      }
  }
  // By name for the common keys: `data` often has more than the 16 properties
  // that computed-key stores allow before V8 makes an object a slow dictionary.
  storeField(work.data, key, value);
}

function dataDelete(work: Work, key: string): void {
  switch (key) {
    case "pid":
      work.pid = undefined;
      return;
    case "ppid":
      work.ppid = undefined;
      return;
    case "proctitle":
      work.proctitle = undefined;
      return;
    case "comm":
      work.comm = undefined;
      return;
    case "exe":
      work.exe = undefined;
      return;
    case "cwd":
      work.cwd = undefined;
      return;
    case "items":
      if (work.items !== undefined) {
        work.items = undefined;
        return;
      }
  }
  if (getField(work.data, key) !== undefined) delete work.data[key];
}

function newWork(
  main: AuditMessage | undefined,
  syscall: AuditMessage | undefined,
  holdItems: boolean,
): Work {
  const source = (syscall ?? main)!;
  const head = main ?? syscall!;
  const work: Work = {
    type: head.recordType,
    tags: source.keys,
    result: "unknown",
    session: "",
    actorPrimary: undefined,
    actorSecondary: undefined,
    action: undefined,
    objectType: undefined,
    objectPrimary: undefined,
    objectSecondary: undefined,
    how: undefined,
    data: {},
    pid: undefined,
    ppid: undefined,
    proctitle: undefined,
    comm: undefined,
    exe: undefined,
    cwd: undefined,
    items: undefined,
    ids: undefined,
    selinux: undefined,
    paths: undefined,
    pathNames: undefined,
    names: undefined,
    file: undefined,
    source: undefined,
    destination: undefined,
    direction: undefined,
    args: undefined,
    ecsKind: undefined,
    ecsCategory: undefined,
    ecsType: undefined,
    ecsOutcome: undefined,
    ecsUser: newEntity(),
    ecsEffective: newEntity(),
    ecsTarget: newEntity(),
    ecsChanges: newEntity(),
    ecsGroup: newEntity(),
    warnings: undefined,
    errors: undefined,
  };
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
      work.items = value;
    } else {
      dataSet(work, key, value);
    }
  }
  return work;
}

function addRecords(
  work: Work,
  records: readonly AuditMessage[],
  skip: AuditMessage | undefined,
): void {
  let execve: AuditMessage[] | undefined;
  for (const m of records) {
    if (m === skip) continue;
    switch (m.recordType) {
      case SYSCALL:
        dataDelete(work, "items");
        break;
      case PATH:
        addPath(work, m);
        break;
      case SOCKADDR:
        addSockaddr(work, m.data);
        break;
      case EXECVE:
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
    if (dataHas(work, key)) {
      warn(work, `duplicate key (${key}) from ${m.recordTypeName} message`);
      continue;
    }
    dataSet(work, key, value);
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

function getValue(work: Work, key: string): string | undefined {
  return dataGet(work, key) ?? (work.ids === undefined ? undefined : getField(work.ids, key));
}

function firstValue(work: Work, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = getValue(work, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

const INTERPRETERS = ["/usr/bin/python", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/perl"];

function setHowDefaults(work: Work): void {
  const comm = dataGet(work, "comm");
  const exe = dataGet(work, "exe") ?? comm;
  if (exe === undefined) return;
  work.how = exe;
  if (comm !== undefined && INTERPRETERS.some((p) => exe.startsWith(p))) work.how = comm;
}

function chooseNormalization(work: Work, syscallNorm: Normalization | undefined) {
  if (work.type === SYSCALL) return syscallNorm;
  const norms = recordTypeNormalizations(recordTypeName(work.type));
  if (norms.length <= 1) return norms[0];
  let chosen: Normalization | undefined;
  for (const norm of norms) {
    if (norm.hasFields.every((f) => dataHas(work, f))) chosen = norm; // the last match wins
  }
  return chosen;
}

function missing(work: Work, what: string, keys: readonly string[]): void {
  warn(work, `failed to set ${what} using keys=[${keys.join(" ")}] because they were not found`);
}

function applyNormalization(work: Work): void {
  setHowDefaults(work);
  const syscall = dataGet(work, "syscall");
  const syscallNorm = syscall === undefined ? undefined : syscallNormalization(syscall);
  const norm = chooseNormalization(work, syscallNorm);
  if (norm === undefined) {
    warn(work, "no normalization found for event");
    return;
  }

  if (norm.ecsKind !== "") work.ecsKind = norm.ecsKind;
  const category = [...norm.ecsCategory];
  const type = [...norm.ecsType];
  if (syscallNorm !== undefined && syscallNorm !== norm) {
    category.push(...syscallNorm.ecsCategory);
    type.push(...syscallNorm.ecsType);
    if (work.result === "fail") work.ecsOutcome = "failure";
  }
  if (category.length > 0) work.ecsCategory = category;
  if (type.length > 0) work.ecsType = type;

  if (norm.action !== "") work.action = norm.action;
  if (norm.objectWhat !== "") work.objectType = norm.objectWhat;
  if (norm.objectWhat === "file" || norm.objectWhat === "filesystem") {
    if (work.paths !== undefined) setFileObject(work, norm.objectPathIndex);
  } else if (norm.objectWhat === "socket") {
    const primary = dataGet(work, "socket_addr") ?? dataGet(work, "socket_path");
    if (primary !== undefined) work.objectPrimary = primary;
    const port = dataGet(work, "socket_port");
    if (port !== undefined) work.objectSecondary = port;
  }

  let value: string | undefined;
  if (norm.subjectPrimary.length > 0) {
    value = firstValue(work, norm.subjectPrimary);
    if (value !== undefined) work.actorPrimary = value;
    else missing(work, "subject primary", norm.subjectPrimary);
  }
  if (norm.subjectSecondary.length > 0) {
    value = firstValue(work, norm.subjectSecondary);
    if (value !== undefined) work.actorSecondary = value;
    else missing(work, "subject secondary", norm.subjectSecondary);
  }
  if (norm.objectPrimary.length > 0) {
    value = firstValue(work, norm.objectPrimary);
    if (value !== undefined) work.objectPrimary = value;
    else missing(work, "object primary", norm.objectPrimary);
  }
  if (norm.objectSecondary.length > 0) {
    value = firstValue(work, norm.objectSecondary);
    if (value !== undefined) work.objectSecondary = value;
    else missing(work, "object secondary", norm.objectSecondary);
  }
  if (norm.how.length > 0) {
    value = firstValue(work, norm.how);
    if (value !== undefined) work.how = value;
    else missing(work, "how", norm.how);
  }
  if (work.source === undefined && norm.sourceIp.length > 0) {
    const key = norm.sourceIp.find((k) => dataHas(work, k));
    if (key === undefined) missing(work, "source IP", norm.sourceIp);
    else {
      work.source = { ip: dataGet(work, key)! };
      dataDelete(work, key);
      work.direction = "ingress";
    }
  }
  for (const mapping of norm.ecsMappings) {
    setEntity(ecsEntity(work, mapping.to), readSource(work, mapping.from));
  }
}

function readSource(work: Work, from: EcsSource): string {
  switch (from) {
    case "subject.primary":
      return work.actorPrimary ?? "";
    case "subject.secondary":
      return work.actorSecondary ?? "";
    case "object.primary":
      return work.objectPrimary ?? "";
    case "object.secondary":
      return work.objectSecondary ?? "";
  }
  if (from.startsWith("data.")) return dataGet(work, from.slice(5)) ?? "";
  return (work.ids === undefined ? undefined : getField(work.ids, from.slice(4))) ?? "";
}

function ecsEntity(work: Work, to: EcsTarget): EcsEntityData {
  switch (to) {
    case "user":
      return work.ecsUser;
    case "user.effective":
      return work.ecsEffective;
    case "user.target":
      return work.ecsTarget;
    case "user.changes":
      return work.ecsChanges;
    case "group":
      return work.ecsGroup;
  }
}

/** Whether Go's strconv.ParseUint(s, 10, 64) accepts `s`. */
function isUint64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n < 20 || s <= "18446744073709551615";
}

/** go-libaudit's `ECSEntityData.set`: unset ids reset the entity; numbers are ids, else names. */
function setEntity(entity: EcsEntityData, value: string): void {
  if (value === "" || value === "unset" || value === "4294967295" || value === "-1") {
    delete entity.name;
    entity.id = "unset";
  } else if (isUint64(value)) {
    entity.id = value;
  } else {
    entity.name = value;
  }
}

/** File type names from the S_IFMT bits of a mode. */
function fileType(mode: number): string | undefined {
  switch (mode & 0o170000) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "directory";
    case 0o020000:
      return "character-device";
    case 0o060000:
      return "block-device";
    case 0o010000:
      return "named-pipe";
    case 0o120000:
      return "symlink";
    case 0o140000:
      return "socket";
  }
  return undefined;
}

/** The PATH record's name type; older kernels call the field `objtype`. */
function nameType(path: Readonly<Record<string, string>>): string | undefined {
  return getField(path, "nametype") ?? getField(path, "objtype");
}

function setFileObject(work: Work, hint: number): void {
  const paths = work.paths!;
  let index = paths.length > hint ? hint : 0;
  for (let i = index; i < paths.length; i++) {
    // Skip PARENT and UNKNOWN entries in case the index hint was wrong.
    const type = nameType(paths[i]!);
    if (type !== "PARENT" && type !== "UNKNOWN") {
      index = i;
      break;
    }
  }
  const path = paths[index]!;
  const names = work.pathNames?.[index];
  const file: FileInfo = {};
  work.file = file;
  const name = getField(path, "name");
  if (name !== undefined) {
    work.objectPrimary = name;
    file.path = name;
  }
  const device = getField(path, "rdev");
  if (device !== undefined) file.device = device;
  const inode = getField(path, "inode");
  if (inode !== undefined) file.inode = inode;
  const modeText = getField(path, "mode");
  if (modeText !== undefined) {
    if (!/^[0-7]{1,22}$/.test(modeText)) {
      warn(work, `failed to set file object: failed to parse file mode: ${modeText}`);
    } else {
      const mode = parseInt(modeText.slice(-7), 8);
      file.mode = (mode & 0o7777).toString(8).padStart(4, "0");
      const type = fileType(mode);
      if (type !== undefined) work.objectType = type;
    }
  }
  const uid = getField(path, "ouid");
  if (uid !== undefined) file.uid = uid;
  const gid = getField(path, "ogid");
  if (gid !== undefined) file.gid = gid;
  // Names from an ENRICHED log are those of the machine and time of the event.
  const owner = names === undefined ? undefined : getField(names, "OUID");
  if (owner !== undefined && uid !== undefined) file.owner = owner;
  const group = names === undefined ? undefined : getField(names, "OGID");
  if (group !== undefined && gid !== undefined) file.group = group;
  // Adding `selinux` changes the key order only when there are labels.
  for (const key in path) {
    if (key.startsWith("obj_")) {
      const value = getField(path, key);
      if (value !== undefined) setField(file.selinux ??= {}, key.slice(4), value);
    }
  }
}

function entity(data: EcsEntityData): EcsEntityData {
  const out: EcsEntityData = {};
  if (data.name !== undefined) out.name = data.name;
  if (data.id !== undefined) out.id = data.id;
  return out;
}

function hasKeys(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}

/** The event object, keys in go-libaudit's order. */
function build(work: Work, first: AuditMessage): AuditEvent {
  const process: AuditEvent["process"] = {};
  if (work.pid) process.pid = work.pid;
  if (work.ppid) process.ppid = work.ppid;
  if (work.proctitle) process.title = work.proctitle;
  if (work.comm) process.name = work.comm;
  if (work.exe) process.exe = work.exe;
  if (work.cwd) process.cwd = work.cwd;
  if (work.args !== undefined && work.args.length > 0) process.args = work.args;

  const actor: AuditEvent["summary"]["actor"] = {};
  if (work.actorPrimary) actor.primary = work.actorPrimary;
  if (work.actorSecondary) actor.secondary = work.actorSecondary;
  const object: AuditEvent["summary"]["object"] = {};
  if (work.objectType) object.type = work.objectType;
  if (work.objectPrimary) object.primary = work.objectPrimary;
  if (work.objectSecondary) object.secondary = work.objectSecondary;
  const summary = { actor } as AuditEvent["summary"];
  if (work.action) summary.action = work.action;
  summary.object = object;
  if (work.how) summary.how = work.how;

  const user: AuditEvent["user"] = {};
  if (work.ids !== undefined) user.ids = work.ids;
  if (work.names !== undefined) user.names = work.names;
  if (work.selinux !== undefined) user.selinux = work.selinux;

  const ecsEvent: AuditEvent["ecs"]["event"] = {};
  if (work.ecsKind !== undefined) ecsEvent.kind = work.ecsKind;
  if (work.ecsCategory !== undefined) ecsEvent.category = work.ecsCategory;
  if (work.ecsType !== undefined) ecsEvent.type = work.ecsType;
  if (work.ecsOutcome !== undefined) ecsEvent.outcome = work.ecsOutcome;
  const ecsUser: AuditEvent["ecs"]["user"] = {
    ...entity(work.ecsUser),
    effective: entity(work.ecsEffective),
    target: entity(work.ecsTarget),
    changes: entity(work.ecsChanges),
  };

  const event = {
    "@timestamp": formatTimestamp(first.timestamp),
    sequence: first.sequence,
    category: eventCategory(work.type),
    record_type: lowerRecordTypeName(work.type),
  } as AuditEvent;
  if (work.result !== "") event.result = work.result;
  event.session = work.session;
  if (work.tags.length > 0) event.tags = [...work.tags];
  event.summary = summary;
  event.user = user;
  event.process = process;
  if (work.file !== undefined) event.file = work.file;
  if (work.source !== undefined) event.source = work.source;
  if (work.destination !== undefined) event.destination = work.destination;
  if (work.direction !== undefined) event.network = { direction: work.direction };
  if (hasKeys(work.data)) event.data = work.data;
  if (work.paths !== undefined) event.paths = work.paths;
  event.ecs = { event: ecsEvent, user: ecsUser, group: entity(work.ecsGroup) };
  const node = first.node;
  if (node !== undefined) {
    event.ecs.host = { name: node };
    event.node = node;
  }
  if (work.warnings !== undefined) event.warnings = work.warnings;
  if (work.errors !== undefined) event.errors = work.errors;
  return event;
}
