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

import { storeValue } from "../parse/fields.ts";
import { knownKeyId } from "../parse/_known_keys.ts";
import { flat } from "../parse/_flat.ts";
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

/** The held keys, in {@linkcode keyFacts}' slot numbering (1…). */
const HELD_KEYS: readonly (keyof Held)[] = [
  "pid",
  "ppid",
  "proctitle",
  "comm",
  "exe",
  "cwd",
  "items",
];
/** The slot number of `items`: held only while its slot has a value (the subject SYSCALL's). */
const ITEMS_SLOT = HELD_KEYS.indexOf("items") + 1;

/** {@linkcode keyFacts}' bits: the held slot (1…7, 0: none), then the KNOWN_KEYS id + 1. */
const SLOT_MASK = 7;
const ID_SHIFT = 3;
const factCache = new Map<string, number>();

/**
 * What coalescing needs to know about a field name, as one number: its held
 * slot and its `KNOWN_KEYS` id (one map lookup per field instead of three).
 */
function keyFacts(key: string): number {
  let facts = factCache.get(key);
  if (facts === undefined) {
    facts = (HELD_KEYS.indexOf(key as keyof Held) + 1) | ((knownKeyId(key) + 1) << ID_SHIFT);
    if (factCache.size < 4096) factCache.set(key, facts);
  }
  return facts;
}

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
  // Flat: a concatenated string puts all of the event's `JSON.stringify` on
  // its slow path (2.5 times the time on a log where every event warns).
  (work.warnings ??= []).push(flat(warning));
}

/** The slot `key` (with {@linkcode keyFacts} `facts`) is held in now, or `undefined` when it lives in `data`. */
function slotOf(work: Work, facts: number): keyof Held | undefined {
  const n = facts & SLOT_MASK;
  if (n === 0) return undefined;
  const slot = HELD_KEYS[n - 1]!;
  return n !== ITEMS_SLOT || work.held[slot] !== undefined ? slot : undefined;
}

/** The value of a `data` field (held or not). */
export function dataGet(work: Work, key: string): string | undefined {
  const slot = slotOf(work, keyFacts(key));
  return slot === undefined ? getField(work.data, key) : work.held[slot];
}

/** Whether the event has a `data` field `key` (held or not). */
export function dataHas(work: Work, key: string): boolean {
  return dataGet(work, key) !== undefined;
}

/** `Map.set` semantics: a new key goes last, an existing one keeps its place. */
export function dataSet(work: Work, key: string, value: string): void {
  dataSetFacts(work, key, value, keyFacts(key));
}

/**
 * Adds `key` unless the event has it already (held or not); returns whether
 * it did. One lookup of the key's facts for both.
 */
export function dataAdd(work: Work, key: string, value: string): boolean {
  const facts = keyFacts(key);
  const slot = slotOf(work, facts);
  if ((slot === undefined ? getField(work.data, key) : work.held[slot]) !== undefined) {
    return false;
  }
  dataSetFacts(work, key, value, facts);
  return true;
}

function dataSetFacts(work: Work, key: string, value: string, facts: number): void {
  const slot = slotOf(work, facts);
  if (slot !== undefined) {
    work.held[slot] = value;
    return;
  }
  // By name for the common keys: `data` often has more than the 16 properties
  // that computed-key stores allow before V8 makes an object a slow dictionary.
  storeValue(work.data, (facts >> ID_SHIFT) - 1, key, value);
}

/** Removes a `data` field (held or not). */
export function dataDelete(work: Work, key: string): void {
  const slot = slotOf(work, keyFacts(key));
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
