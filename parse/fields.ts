/**
 * Parsed fields: the {@linkcode FieldMap} that extraction fills and
 * enrichment rewrites, and the stores that keep its objects fast.
 * Extraction itself is in `_extract.ts`.
 *
 * @module
 */

import { knownKeyId } from "./_known_keys.ts";

/**
 * Parsed fields. The fields that enrichment replaces (`success`, `res`,
 * `key`, `subj`, `obj`, `saddr`) are held apart so that they never need to
 * be deleted from `values` (deleting makes objects slow).
 */
export class FieldMap {
  /** Field values (quotes trimmed), in the order first seen. */
  readonly values: Record<string, string> = {};
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

/** `values[key] = value`, by name for the `KNOWN_KEYS` (`id` ≥ 0). */
function storeValue(values: Record<string, string>, id: number, key: string, value: string): void {
  switch (id) {
    case 0:
      values.a0 = value;
      return;
    case 1:
      values.a1 = value;
      return;
    case 2:
      values.a2 = value;
      return;
    case 3:
      values.a3 = value;
      return;
    case 4:
      values.a4 = value;
      return;
    case 5:
      values.a5 = value;
      return;
    case 6:
      values.arch = value;
      return;
    case 7:
      values.syscall = value;
      return;
    case 8:
      values.exit = value;
      return;
    case 9:
      values.items = value;
      return;
    case 10:
      values.ppid = value;
      return;
    case 11:
      values.pid = value;
      return;
    case 12:
      values.auid = value;
      return;
    case 13:
      values.uid = value;
      return;
    case 14:
      values.gid = value;
      return;
    case 15:
      values.euid = value;
      return;
    case 16:
      values.suid = value;
      return;
    case 17:
      values.fsuid = value;
      return;
    case 18:
      values.egid = value;
      return;
    case 19:
      values.sgid = value;
      return;
    case 20:
      values.fsgid = value;
      return;
    case 21:
      values.tty = value;
      return;
    case 22:
      values.ses = value;
      return;
    case 23:
      values.comm = value;
      return;
    case 24:
      values.exe = value;
      return;
    case 25:
      values.result = value;
      return;
    case 26:
      values.item = value;
      return;
    case 27:
      values.name = value;
      return;
    case 28:
      values.inode = value;
      return;
    case 29:
      values.dev = value;
      return;
    case 30:
      values.mode = value;
      return;
    case 31:
      values.ouid = value;
      return;
    case 32:
      values.ogid = value;
      return;
    case 33:
      values.rdev = value;
      return;
    case 34:
      values.nametype = value;
      return;
    case 35:
      values.cap_fp = value;
      return;
    case 36:
      values.cap_fi = value;
      return;
    case 37:
      values.cap_fe = value;
      return;
    case 38:
      values.cap_fver = value;
      return;
    case 39:
      values.cap_frootid = value;
      return;
    case 40:
      values.fver = value;
      return;
    case 41:
      values.fp = value;
      return;
    case 42:
      values.fi = value;
      return;
    case 43:
      values.fe = value;
      return;
    case 44:
      values.old_pp = value;
      return;
    case 45:
      values.old_pi = value;
      return;
    case 46:
      values.old_pe = value;
      return;
    case 47:
      values.old_pa = value;
      return;
    case 48:
      values.pp = value;
      return;
    case 49:
      values.pi = value;
      return;
    case 50:
      values.pe = value;
      return;
    case 51:
      values.pa = value;
      return;
    case 52:
      values.frootid = value;
      return;
    case 53:
      values.proctitle = value;
      return;
    case 54:
      values.cwd = value;
      return;
    case 55:
      values.argc = value;
      return;
    case 56:
      values.family = value;
      return;
    case 57:
      values.addr = value;
      return;
    case 58:
      values.port = value;
      return;
    case 59:
      values.path = value;
      return;
    case 60:
      values.op = value;
      return;
    case 61:
      values.acct = value;
      return;
    case 62:
      values.grantors = value;
      return;
    case 63:
      values.hostname = value;
      return;
    case 64:
      values.terminal = value;
      return;
    case 65:
      values.res = value;
      return;
    case 66:
      values.obj = value;
      return;
    case 67:
      values.saddr = value;
      return;
    case 68:
      values.subj_user = value;
      return;
    case 69:
      values.subj_role = value;
      return;
    case 70:
      values.subj_domain = value;
      return;
    case 71:
      values.subj_level = value;
      return;
    case 72:
      values.subj_category = value;
      return;
    case 73:
      values.obj_user = value;
      return;
    case 74:
      values.obj_role = value;
      return;
    case 75:
      values.obj_domain = value;
      return;
    case 76:
      values.obj_level = value;
      return;
    case 77:
      values.obj_category = value;
      return;
  }
  setOwn(values, key, value);
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
 * `values[key] = value` that keeps `values` a fast V8 object for the common
 * keys (see `KNOWN_KEYS`) and stores `__proto__` as an own property.
 */
export function storeField(values: Record<string, string>, key: string, value: string): void {
  storeValue(values, knownKeyId(key), key, value);
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
  if (bit === 0) return;
  if (bit === ARG_BIT) {
    if (quoted) (fields.quotedArgs ??= new Set()).add(key);
    else fields.quotedArgs?.delete(key);
  } else if (quoted) {
    fields.quotedBits |= bit;
  } else {
    fields.quotedBits &= ~bit;
  }
}

/**
 * Stores a field as extraction found it, routing the ones enrichment
 * replaces (`success`, `subj`, `saddr`, `res`, `key`, `obj`) to their slots.
 */
export function storeParsed(
  fields: FieldMap,
  key: string,
  value: string,
  quoted: boolean,
  id: number,
): void {
  switch (key.charCodeAt(0)) {
    case 115: // s
      if (key === "success") {
        fields.success = value;
        return;
      }
      if (key === "subj") {
        fields.subj = value;
        return;
      }
      if (key === "saddr") {
        fields.saddr = value;
        return;
      }
      break;
    case 114: // r
      if (key === "res") {
        fields.res = value;
        return;
      }
      break;
    case 107: // k
      if (key === "key") {
        fields.key = value;
        fields.keyQuoted = quoted;
        return;
      }
      break;
    case 111: // o
      if (key === "obj") {
        fields.obj = value;
        return;
      }
      break;
  }
  setField(fields, key, value, quoted, id);
}
