/**
 * Key/value extraction with go-libaudit's semantics, in one pass over the
 * text and without regular expressions.
 *
 * go-libaudit matches every `([a-z0-9_-]+)=((?:[^"'\s]+)|'(?:\\'|[^'])*'|"(?:\\"|[^"])*")`
 * (leftmost-first), trims `'`, `"` and spaces from each value, drops the
 * values `""`, `"?"`, `"?,"` and `"(null)"`, and parses the value of `msg`
 * again as key/value pairs (the nested message of user-space records).
 * {@linkcode extractFields} reproduces exactly that, including how an
 * unterminated quote falls back to the last escaped quote.
 *
 * @module
 */

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

/** Character classes by code unit: key characters, and value stoppers. */
const KEY = 1;
const STOP = 2; // `"`, `'` and Go regexp `\s` end an unquoted value
const CLASS = new Uint8Array(65536);
for (let c = 97; c <= 122; c++) CLASS[c] = KEY;
for (let c = 48; c <= 57; c++) CLASS[c] = KEY;
CLASS[95] = CLASS[45] = KEY;
for (const c of [34, 39, 32, 9, 10, 12, 13]) CLASS[c] = STOP;

/** `[a-z0-9_-]` */
function isKeyChar(c: number): boolean {
  return CLASS[c] === KEY;
}

/** Go regexp `\s`: `[\t\n\f\r ]`. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/**
 * The keys most records hold. They are stored by name ({@linkcode storeValue}):
 * V8 turns an object into a slow dictionary once it gets more than 16
 * properties through computed-key stores (`values[key] = v`), which a SYSCALL
 * record's 24 fields did; named stores keep it a fast object up to 128.
 */
const KNOWN_KEYS: readonly string[] = [
  "a0",
  "a1",
  "a2",
  "a3",
  "a4",
  "a5",
  "arch",
  "syscall",
  "exit",
  "items",
  "ppid",
  "pid",
  "auid",
  "uid",
  "gid",
  "euid",
  "suid",
  "fsuid",
  "egid",
  "sgid",
  "fsgid",
  "tty",
  "ses",
  "comm",
  "exe",
  "result",
  "item",
  "name",
  "inode",
  "dev",
  "mode",
  "ouid",
  "ogid",
  "rdev",
  "nametype",
  "cap_fp",
  "cap_fi",
  "cap_fe",
  "cap_fver",
  "cap_frootid",
  "fver",
  "fp",
  "fi",
  "fe",
  "old_pp",
  "old_pi",
  "old_pe",
  "old_pa",
  "pp",
  "pi",
  "pe",
  "pa",
  "frootid",
  "proctitle",
  "cwd",
  "argc",
  "family",
  "addr",
  "port",
  "path",
  "op",
  "acct",
  "grantors",
  "hostname",
  "terminal",
  "res",
  "obj",
  "saddr",
  "subj_user",
  "subj_role",
  "subj_domain",
  "subj_level",
  "subj_category",
  "obj_user",
  "obj_role",
  "obj_domain",
  "obj_level",
  "obj_category",
];
const KNOWN_KEY_IDS = new Map(KNOWN_KEYS.map((key, id) => [key, id]));

/** The id of `key` in {@linkcode KNOWN_KEYS}, or -1. */
function knownKeyId(key: string): number {
  return KNOWN_KEY_IDS.get(key) ?? -1;
}

/** `values[key] = value`, by name for the {@linkcode KNOWN_KEYS} (`id` ≥ 0). */
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
 * keys (see {@linkcode KNOWN_KEYS}) and stores `__proto__` as an own property.
 */
export function storeField(values: Record<string, string>, key: string, value: string): void {
  storeValue(values, knownKeyId(key), key, value);
}

/**
 * Sets an ordinary field, guarding the one key a plain object cannot hold;
 * `id` is the key's {@linkcode KNOWN_KEYS} index when the caller knows it.
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

/** Stores a field, routing the ones enrichment replaces to their slots. */
function store(fields: FieldMap, key: string, value: string, quoted: boolean, id: number): void {
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

/** Shortest slice V8 keeps as a view into its parent string (`SlicedString`). */
const SLICED_MIN = 13;
const halves: string[] = ["", ""];
const PROCTITLE_ID = KNOWN_KEYS.indexOf("proctitle");

/**
 * `text.slice(start, end)` as a flat string: V8's fast `JSON.stringify` path
 * leaves for its slow one at the first sliced (or concatenated) string, and a
 * slice of 13 or more characters is a view into `text`; `join` copies it.
 */
function flatSlice(text: string, start: number, end: number): string {
  if (end - start < SLICED_MIN) return text.slice(start, end);
  halves[0] = text.slice(start, start + 1);
  halves[1] = text.slice(start + 1, end);
  return halves.join("");
}

// Interned keys: a key seen before is reused instead of sliced again, which
// also spares V8 from internalizing it on every property store.
const KEY_CACHE_SIZE = 1024;
const keyCache: (string | undefined)[] = new Array(KEY_CACHE_SIZE).fill(undefined);
/** The {@linkcode KNOWN_KEYS} id of each cached key (-1: not known). */
const keyIds = new Int16Array(KEY_CACHE_SIZE);
/** The {@linkcode KNOWN_KEYS} id of the key {@linkcode keyAt} returned last. */
let lastKeyId = -1;

function keyAt(text: string, start: number, end: number, hash: number): string {
  const slot = (hash ^ (end - start)) & (KEY_CACHE_SIZE - 1);
  const cached = keyCache[slot];
  if (cached !== undefined && cached.length === end - start) {
    let same = true;
    for (let i = start, j = 0; i < end; i++, j++) {
      if (text.charCodeAt(i) !== cached.charCodeAt(j)) {
        same = false;
        break;
      }
    }
    if (same) {
      lastKeyId = keyIds[slot]!;
      return cached;
    }
  }
  const key = text.slice(start, end);
  keyCache[slot] = key;
  keyIds[slot] = lastKeyId = knownKeyId(key);
  return key;
}

/**
 * Extracts the key/value pairs of `text[start:end]` into `fields`, later
 * keys overwriting earlier ones (go-libaudit `extractKeyValuePairs`).
 */
export function extractFields(
  text: string,
  start: number,
  end: number,
  fields: FieldMap,
): void {
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (!isKeyChar(c)) {
      i++;
      continue;
    }
    const keyStart = i;
    let hash = 0;
    do {
      hash = (hash * 31 + c) | 0;
      c = text.charCodeAt(++i);
    } while (i < end && isKeyChar(c));
    // Every match attempt starting inside this run of key characters ends
    // at the same '=' and value, so one attempt decides for all of them.
    if (i >= end || c !== 61) continue;
    const v = i + 1;
    if (v >= end) return;
    const key = keyAt(text, keyStart, i, hash);
    const keyId = lastKeyId;
    // `msg` is split up again and `proctitle` hex-decoded: no copy for them.
    const copy = keyId !== PROCTITLE_ID && key !== "msg";
    const first = text.charCodeAt(v);
    let value: string;
    let quoted = false;
    if (first === 34 || first === 39) {
      let j = v + 1;
      let lastEscaped = -1;
      let close = -1;
      while (j < end) {
        const ch = text.charCodeAt(j);
        if (ch === first) {
          close = j;
          break;
        }
        if (ch === 92 && j + 1 < end && text.charCodeAt(j + 1) === first) {
          lastEscaped = j + 1;
          j += 2;
        } else {
          j++;
        }
      }
      // Unterminated: the regexp backtracks to the last escaped quote.
      if (close < 0) close = lastEscaped;
      if (close < 0) {
        i = v + 1;
        continue;
      }
      // Trim quotes and spaces (`strings.Trim(v, "'\" ")`).
      let a = v + 1;
      let b = close;
      let ch = text.charCodeAt(a);
      while (a < b && (ch === 34 || ch === 39 || ch === 32)) ch = text.charCodeAt(++a);
      ch = text.charCodeAt(b - 1);
      while (b > a && (ch === 34 || ch === 39 || ch === 32)) ch = text.charCodeAt(--b - 1);
      value = a === b ? "" : copy ? flatSlice(text, a, b) : text.slice(a, b);
      i = close + 1;
      quoted = true;
    } else if (isSpace(first)) {
      i = v;
      continue;
    } else {
      let j = v + 1;
      while (j < end && CLASS[text.charCodeAt(j)] !== STOP) j++;
      value = copy ? flatSlice(text, v, j) : text.slice(v, j);
      i = j;
    }
    if (value.length <= 6) {
      if (value === "" || value === "?" || value === "?," || value === "(null)") continue;
    }
    if (key === "msg") {
      extractFields(value, 0, value.length, fields);
      continue;
    }
    store(fields, key, value, quoted, keyId);
  }
}
