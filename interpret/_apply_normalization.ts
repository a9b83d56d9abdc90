/**
 * Normalization for {@link coalesce}: the normalization table's entry for the
 * event fills the summary (actor, action, object, how), the ECS
 * categorization and the ECS user and group entities.
 *
 * Module-private.
 *
 * @module
 */

import { AUDIT_SYSCALL, isUnsetId, recordTypeName } from "../parse/mod.ts";
import type { EcsEntityData } from "./event.ts";
import { getField } from "./fields.ts";
import type { EcsSource, EcsTarget, Normalization } from "./normalization_types.ts";
import { recordTypeNormalizations, syscallNormalization } from "./normalization_lookup.ts";
import { setFileObject } from "./_file_object.ts";
import { dataDelete, dataGet, dataHas, firstValue, warn, type Work } from "./_work.ts";

const INTERPRETERS = ["/usr/bin/python", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/perl"];

function setHowDefaults(work: Work): void {
  const comm = dataGet(work, "comm");
  const exe = dataGet(work, "exe") ?? comm;
  if (exe === undefined) return;
  work.how = exe;
  if (comm === undefined) return;
  for (const p of INTERPRETERS) {
    if (exe.startsWith(p)) {
      work.how = comm;
      return;
    }
  }
}

function chooseNormalization(
  work: Work,
  syscallNorm: Normalization | undefined,
): Normalization | undefined {
  if (work.type === AUDIT_SYSCALL) return syscallNorm;
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

/** Applies the event's normalization (by syscall or record type), warning when there is none. */
export function applyNormalization(work: Work): void {
  setHowDefaults(work);
  const syscall = dataGet(work, "syscall");
  const syscallNorm = syscall === undefined ? undefined : syscallNormalization(syscall);
  const norm = chooseNormalization(work, syscallNorm);
  if (norm === undefined) {
    warn(work, "no normalization found for event");
    return;
  }

  if (norm.ecsKind !== "") work.ecsKind = norm.ecsKind;
  const category = norm.ecsCategory.slice();
  const type = norm.ecsType.slice();
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
  if (value === "" || value === "unset" || isUnsetId(value)) {
    delete entity.name;
    entity.id = "unset";
  } else if (isUint64(value)) {
    entity.id = value;
  } else {
    entity.name = value;
  }
}
