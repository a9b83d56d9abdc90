/**
 * Coalescing: the records of one event become one {@link AuditEvent}, with
 * go-libaudit's `aucoalesce` semantics and its faults fixed (see the README's
 * deviations).
 *
 * @module
 */

import type { AuditMessage } from "../parse/mod.ts";
import { AUDIT_EOE, AUDIT_SYSCALL, recordTypeName } from "../parse/mod.ts";
import { formatTimestamp } from "../parse/timestamp.ts";
import type { AuditEvent, EcsEntityData } from "./event.ts";
import { eventCategory } from "./event_category.ts";
import { applyNormalization } from "./_apply_normalization.ts";
import { addRecords, subjectWork } from "./_records.ts";
import { warn, type Work } from "./_work.ts";

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

const lowerNames = new Map<number, string>();
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
 * import assert from "node:assert/strict";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * import { coalesce } from "@libaudit/libaudit/interpret";
 * const event = coalesce([parseLogLine(
 *   "type=USER_LOGIN msg=audit(1493046015.752:42120): pid=18981 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=46.160.144.250 terminal=ssh res=failed'",
 * )]);
 * assert.equal(event.summary.action, "logged-in");
 * assert.equal(event.result, "fail");
 * ```
 */
export function coalesce(messages: readonly AuditMessage[]): AuditEvent {
  let records: readonly AuditMessage[] = messages;
  for (const m of messages) {
    if (m.recordType === AUDIT_EOE) {
      records = messages.filter((r) => r.recordType !== AUDIT_EOE);
      break;
    }
  }
  const first = records[0];
  if (first === undefined) throw new CoalesceError(messages.length);

  let work: Work;
  if (records.length === 1) {
    work = subjectWork(first, undefined, false);
  } else {
    let special: AuditMessage | undefined;
    let syscall: AuditMessage | undefined;
    for (let i = 0; i < records.length; i++) {
      const m = records[i]!;
      if (i === 0 && m.recordType !== AUDIT_SYSCALL) {
        special = m;
        continue;
      }
      if (m.recordType === AUDIT_SYSCALL) {
        syscall = m;
        break;
      }
    }
    work = subjectWork(special, syscall, syscall !== undefined);
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
  if (work.held.pid) process.pid = work.held.pid;
  if (work.held.ppid) process.ppid = work.held.ppid;
  if (work.held.proctitle) process.title = work.held.proctitle;
  if (work.held.comm) process.name = work.held.comm;
  if (work.held.exe) process.exe = work.held.exe;
  if (work.held.cwd) process.cwd = work.held.cwd;
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
  const ecsUser = entity(work.ecsUser) as AuditEvent["ecs"]["user"];
  ecsUser.effective = entity(work.ecsEffective);
  ecsUser.target = entity(work.ecsTarget);
  ecsUser.changes = entity(work.ecsChanges);

  const event = {
    "@timestamp": formatTimestamp(first.timestamp),
    sequence: first.sequence,
    category: eventCategory(work.type),
    record_type: lowerRecordTypeName(work.type),
  } as AuditEvent;
  if (work.result !== "") event.result = work.result;
  event.session = work.session;
  if (work.tags.length > 0) event.tags = work.tags.slice();
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
