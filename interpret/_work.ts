/**
 * The event under construction by {@link coalesce}, and its one accessor for
 * `data`: the fields that would be deleted later (the `process` fields and the
 * subject SYSCALL's `items`) are held in slots instead, so `data` is the output
 * object itself and needs no deletes.
 *
 * Module-private.
 *
 * @module
 */

import { storeField } from "../parse/fields.ts";
import type { Address, EcsEntityData, FileInfo, RecordError } from "./event.ts";
import { getField } from "./fields.ts";

/** The `data` keys kept in {@link Work.held} instead of `data`. */
export interface Held {
  pid: string | undefined;
  ppid: string | undefined;
  proctitle: string | undefined;
  comm: string | undefined;
  exe: string | undefined;
  cwd: string | undefined;
  /** The subject SYSCALL's `items`, until that record is reached while folding. */
  items: string | undefined;
}

/**
 * The slot table: which keys are held, and whether always (`true`) or only
 * while the slot has a value (`false`: `items` is held only for the subject
 * SYSCALL record; any other record's `items` goes to `data`).
 */
const SLOTS: ReadonlyMap<string, boolean> = new Map<keyof Held, boolean>([
  ["pid", true],
  ["ppid", true],
  ["proctitle", true],
  ["comm", true],
  ["exe", true],
  ["cwd", true],
  ["items", false],
]);

/** The event under construction. */
export interface Work {
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
  held: Held;
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

/** An empty event of record type `type` with the rule keys `tags`. */
export function newWork(type: number, tags: readonly string[]): Work {
  return {
    type,
    tags,
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
    held: {
      pid: undefined,
      ppid: undefined,
      proctitle: undefined,
      comm: undefined,
      exe: undefined,
      cwd: undefined,
      items: undefined,
    },
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
    ecsUser: {},
    ecsEffective: {},
    ecsTarget: {},
    ecsChanges: {},
    ecsGroup: {},
    warnings: undefined,
    errors: undefined,
  };
}

/** Adds a warning to the event. */
export function warn(work: Work, warning: string): void {
  (work.warnings ??= []).push(warning);
}

/** The slot `key` is held in now, or `undefined` when `key` lives in `data`. */
function slotOf(work: Work, key: string): keyof Held | undefined {
  const always = SLOTS.get(key);
  if (always === undefined) return undefined;
  const slot = key as keyof Held;
  return always || work.held[slot] !== undefined ? slot : undefined;
}

/** The value of a `data` field (held or not). */
export function dataGet(work: Work, key: string): string | undefined {
  const slot = slotOf(work, key);
  return slot === undefined ? getField(work.data, key) : work.held[slot];
}

/** Whether the event has a `data` field `key` (held or not). */
export function dataHas(work: Work, key: string): boolean {
  return dataGet(work, key) !== undefined;
}

/** `Map.set` semantics: a new key goes last, an existing one keeps its place. */
export function dataSet(work: Work, key: string, value: string): void {
  const slot = slotOf(work, key);
  if (slot !== undefined) {
    work.held[slot] = value;
    return;
  }
  // By name for the common keys: `data` often has more than the 16 properties
  // that computed-key stores allow before V8 makes an object a slow dictionary.
  storeField(work.data, key, value);
}

/** Removes a `data` field (held or not). */
export function dataDelete(work: Work, key: string): void {
  const slot = slotOf(work, key);
  if (slot !== undefined) {
    work.held[slot] = undefined;
    return;
  }
  if (getField(work.data, key) !== undefined) delete work.data[key];
}

/** A `data` field, else a subject id of that name. */
export function getValue(work: Work, key: string): string | undefined {
  return dataGet(work, key) ?? (work.ids === undefined ? undefined : getField(work.ids, key));
}

/** The value of the first of `keys` the event has ({@link getValue}). */
export function firstValue(work: Work, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = getValue(work, key);
    if (value !== undefined) return value;
  }
  return undefined;
}
