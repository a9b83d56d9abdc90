/**
 * Parsed fields: the {@linkcode FieldMap} that extraction fills and
 * enrichment rewrites, and the stores that keep its objects fast.
 * Extraction itself is in `_extract.ts`.
 *
 * @module
 */

import { knownKeyId } from "./_known_keys.ts";
import { storeKnown } from "./_store_known.ts";

/**
 * A plain object (prototype `Object.prototype`) made by a constructor: V8
 * gives such objects room for their properties in the object itself (slack
 * tracking), where `{}` has 4 slots and copies its out-of-object property
 * store each time it grows (a record has 5 to 30 fields).
 */
function Values(): void {}
Values.prototype = Object.prototype;

/** An empty plain object for many string fields (see `Values`). */
export function newValues(): Record<string, string> {
  return new (Values as unknown as new () => Record<string, string>)();
}

/**
 * Parsed fields. The fields that enrichment replaces (`success`, `res`,
 * `key`, `subj`, `obj`, `saddr`) are held apart so that they never need to
 * be deleted from `values` (deleting makes objects slow).
 */
export class FieldMap {
  /** Field values (quotes trimmed), in the order first seen. */
  readonly values: Record<string, string> = newValues();
  /** Which of the hex-capable fields (see {@linkcode hexBit}) were quoted. */
  quotedBits = 0;
  /** Quoted execve arguments (`aN`). */
  quotedArgs: Set<string> | undefined = undefined;
  /** `success=` */
  success: string | undefined = undefined;
  /** `res=` */
  res: string | undefined = undefined;
  /** `key=` */
  key: string | undefined = undefined;
  /** Whether `key=` was quoted. */
  keyQuoted = false;
  /** `subj=` */
  subj: string | undefined = undefined;
  /** `obj=` */
  obj: string | undefined = undefined;
  /** `saddr=` */
  saddr: string | undefined = undefined;
  /** Why extraction left something unparsed (nesting too deep), if it did. */
  warning: string | undefined = undefined;

  /** Whether the value of `key` was quoted (so it is never hex). */
  isQuoted(key: string): boolean {
    const bit = hexBit(key);
    if (bit === ARG_BIT) return this.quotedArgs !== undefined && this.quotedArgs.has(key);
    return (this.quotedBits & bit) !== 0;
  }
}

const ARG_BIT = 128;

/**
 * A bit for each field that enrichment may hex-decode (`cwd`, `cmd`, `data`,
 * `exe`, `name`, `proctitle`, `acct`, and `aN` arguments); 0 for the rest.
 * Only for these does quoting need to be remembered.
 */
function hexBit(key: string): number {
  switch (key.charCodeAt(0)) {
    case 97: // a
      if (key === "acct") return 64;
      return key.length > 1 && key.charCodeAt(1) <= 57 && key.charCodeAt(1) >= 48 ? ARG_BIT : 0;
    case 99: // c
      return key === "cwd" ? 1 : key === "cmd" ? 2 : 0;
    case 100: // d
      return key === "data" ? 4 : 0;
    case 101: // e
      return key === "exe" ? 8 : 0;
    case 110: // n
      return key === "name" ? 16 : 0;
    case 112: // p
      return key === "proctitle" ? 32 : 0;
    default:
      return 0;
  }
}

/** Go regexp `\s`: `[\t\n\f\r ]`. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** `values[key] = value`, by name for the `KNOWN_KEYS` (`id` ≥ 0, see `knownKeyId`). */
export function storeValue(
  values: Record<string, string>,
  id: number,
  key: string,
  value: string,
): void {
  if (!storeKnown(values, id, value)) setOwn(values, key, value);
}

/**
 * Stores `value` under `key` as an own property: `record[key] = value`,
 * except that `__proto__` (an attacker-chosen key) becomes a plain field too.
 */
export function setOwn(record: Record<string, string>, key: string, value: string): void {
  if (key.charCodeAt(0) === 95 && key === "__proto__") {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}

/**
 * Sets an ordinary field, guarding the one key a plain object cannot hold;
 * `id` is the key's `KNOWN_KEYS` index when the caller knows it.
 */
export function setField(
  fields: FieldMap,
  key: string,
  value: string,
  quoted: boolean,
  id: number = knownKeyId(key),
): void {
  storeValue(fields.values, id, key, value);
  const bit = hexBit(key);
  if (bit !== 0) setQuoted(fields, key, bit, quoted);
}

// What `keyInfo` packs: where a field goes (ROUTE_*: an ordinary field or
// one of the slots enrichment replaces), its hex bit, and its KNOWN_KEYS id.
const ROUTE_MASK = 7;
const ROUTE_SUCCESS = 1;
const ROUTE_SUBJ = 2;
const ROUTE_SADDR = 3;
const ROUTE_RES = 4;
const ROUTE_KEY = 5;
const ROUTE_OBJ = 6;
const BIT_SHIFT = 3;
const ID_SHIFT = 11;

/** The slot a field of this name goes to (0: an ordinary field). */
function routeOf(key: string): number {
  switch (key) {
    case "success":
      return ROUTE_SUCCESS;
    case "subj":
      return ROUTE_SUBJ;
    case "saddr":
      return ROUTE_SADDR;
    case "res":
      return ROUTE_RES;
    case "key":
      return ROUTE_KEY;
    case "obj":
      return ROUTE_OBJ;
  }
  return 0;
}

/**
 * How {@linkcode storeParsed} stores a field named `key`, as one number
 * (computed once per distinct key by extraction's key cache).
 */
export function keyInfo(key: string): number {
  return routeOf(key) | (hexBit(key) << BIT_SHIFT) | ((knownKeyId(key) + 1) << ID_SHIFT);
}

/**
 * Stores a field as extraction found it, routing the ones enrichment
 * replaces (`success`, `subj`, `saddr`, `res`, `key`, `obj`) to their slots;
 * `info` is {@linkcode keyInfo}`(key)`.
 */
export function storeParsed(
  fields: FieldMap,
  key: string,
  value: string,
  quoted: boolean,
  info: number,
): void {
  switch (info & ROUTE_MASK) {
    case 0:
      break;
    case ROUTE_SUCCESS:
      fields.success = value;
      return;
    case ROUTE_SUBJ:
      fields.subj = value;
      return;
    case ROUTE_SADDR:
      fields.saddr = value;
      return;
    case ROUTE_RES:
      fields.res = value;
      return;
    case ROUTE_KEY:
      fields.key = value;
      fields.keyQuoted = quoted;
      return;
    default:
      fields.obj = value;
      return;
  }
  const id = (info >> ID_SHIFT) - 1;
  if (id < 0 || !storeKnown(fields.values, id, value)) setOwn(fields.values, key, value);
  const bit = (info >> BIT_SHIFT) & 255;
  if (bit !== 0) setQuoted(fields, key, bit, quoted);
}

/** Remembers whether the hex-capable field `key` (hex bit `bit`) was quoted. */
function setQuoted(fields: FieldMap, key: string, bit: number, quoted: boolean): void {
  if (bit === ARG_BIT) {
    if (quoted) (fields.quotedArgs ??= new Set()).add(key);
    else fields.quotedArgs?.delete(key);
  } else if (quoted) {
    fields.quotedBits |= bit;
  } else {
    fields.quotedBits &= ~bit;
  }
}
