/**
 * Enrichment of extracted fields with go-libaudit's semantics
 * (`enrichData`): ids, results, exit codes, arch and syscall names, rule
 * keys, SELinux contexts, socket addresses, hex-encoded values and execve
 * arguments.
 *
 * @module
 */

import { type FieldMap, setField } from "./fields.ts";
import { flatSlice } from "./_flat.ts";
import {
  bytesToString,
  decodeHexBytes,
  hexDigitAnyCase,
  hexToSpacedString,
  hexToString,
} from "./hex.ts";
import {
  AUDIT_EXECVE,
  AUDIT_PATH,
  AUDIT_PROCTITLE,
  AUDIT_SECCOMP,
  AUDIT_SOCKADDR,
  AUDIT_SYSCALL,
  AUDIT_TTY,
  AUDIT_USER_CMD,
  AUDIT_USER_LOGIN,
  AUDIT_USER_TTY,
} from "./tables/record_type_constants.ts";
import { isUnsetId } from "./ids.ts";
import { parseSockaddr, SockaddrError } from "./sockaddr.ts";
import { SIGNAL_NAMES } from "./signals.ts";
import { AUDIT_ARCH } from "./tables/arches.ts";
import { ERRNO_NAMES } from "./tables/errno.ts";
import { SYSCALLS } from "./tables/syscalls.ts";

/** What enrichment found besides the fields. */
export interface Enriched {
  /** Rule keys from `key=`. */
  keys: string[] | undefined;
  /** Why enrichment failed, if it did. */
  error: string | undefined;
}

/** Go `strconv.Atoi`: optional sign and decimal digits; `undefined` if invalid. */
function parseGoInt(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (i >= n || n - i > 19) return undefined;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    v = v * 10 + c;
  }
  return c0 === 45 ? -v : v;
}

/** Whether `s[start:end]` is one or more decimal digits. */
function isDigits(s: string, start = 0, end = s.length): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Go `strconv.ParseInt(s, 16, 64)` truncated to uint32, or `undefined`. */
function parseArch(s: string): number | undefined {
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (i >= s.length || s.length - i > 16) return undefined;
  let lo = 0; // low 32 bits, enough for every AUDIT_ARCH_* value
  let big = 0n;
  const long = s.length - i > 8;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = hexDigitAnyCase(c);
    if (d < 0) return undefined;
    if (long) big = big * 16n + BigInt(d);
    else lo = lo * 16 + d;
  }
  if (long) {
    if (big > 0x7fffffffffffffffn) return undefined;
    lo = Number(big & 0xffffffffn);
  }
  if (c0 === 45) lo = (0x100000000 - lo) % 0x100000000;
  return lo;
}

/** Hex-decodes an unquoted field in place, NULs as spaces. */
function hexDecodeSpaced(f: FieldMap, key: string): void {
  const value = f.values[key];
  if (value === undefined || f.isQuoted(key)) return;
  const decoded = hexToSpacedString(value);
  if (decoded !== undefined) f.values[key] = decoded;
}

const CONTEXT_PARTS = ["_user", "_role", "_domain", "_level", "_category"];

/**
 * Adds `user:role:domain:level:category` as `key_user`… fields (Go
 * `strings.SplitN(value, ":", 5)`).
 */
function splitContext(f: FieldMap, key: string, value: string): void {
  let start = 0;
  let part = 0;
  for (; part < 4; part++) {
    const colon = value.indexOf(":", start);
    if (colon < 0) break;
    setField(f, key + CONTEXT_PARTS[part], value.slice(start, colon), false);
    start = colon + 1;
  }
  setField(f, key + CONTEXT_PARTS[part], value.slice(start), false);
}

/** `success` (SYSCALL) or `res` (others) → `result`: `success` | `fail`. */
function result(f: FieldMap): void {
  let v = f.success;
  if (v === undefined) {
    v = f.res;
    if (v === undefined) return;
  } else if (f.res !== undefined) {
    setField(f, "res", f.res, false); // only the one used is replaced
  }
  let ok = v === "yes" || v === "success" || v === "1";
  if (!ok) {
    const lower = v.toLowerCase();
    ok = lower === "yes" || lower === "1" || lower.startsWith("suc");
  }
  f.values.result = ok ? "success" : "fail";
}

/** `key=` → rule keys (hex with `\x01` separators, or `key=name`). */
function ruleKeys(f: FieldMap): string[] | undefined {
  const value = f.key;
  if (value === undefined) return undefined;
  if (!f.keyQuoted) {
    const bytes = decodeHexBytes(value);
    if (bytes !== undefined) {
      const text = bytesToString(bytes);
      return text.indexOf("\x01") < 0 ? [text] : splitFlat(text, 1);
    }
  }
  const eq = value.indexOf("=");
  return [eq < 0 ? value : flatSlice(value, eq + 1, value.length)];
}

/** No `argc`: every `aN` is an argument (a module constant, not a global load). */
const NO_ARGC = Infinity;

/**
 * EXECVE arguments: unquoted hex `aN` values decoded; `aN[i]` chunks of long
 * arguments kept and joined into `aN` when all of them are in this record
 * (`aN_len` bytes). Arguments missing from the record (argc larger than what
 * is present: the kernel split the list over several records) are no error.
 */
function execveArgs(f: FieldMap, body: string): string | undefined {
  const values = f.values;
  const argc = values.argc;
  if (argc !== undefined && !(isDigits(argc) && Number(argc) <= 0xffffffff)) {
    return `failed to convert argc='${argc}' to number`;
  }
  // Like go-libaudit, only a0…a(argc-1); all of them in a continuation record.
  const count = argc === undefined ? NO_ARGC : Number(argc);
  // Object.keys, not for-in: V8's optimized for-in deoptimized here again
  // and again (values objects of many shapes), each time recompiled.
  const keys = Object.keys(values);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.charCodeAt(0) !== 97 || !isDigits(key, 1) || f.isQuoted(key)) continue;
    if (Number(key.slice(1)) >= count) continue;
    const decoded = hexToString(values[key]!);
    if (decoded !== undefined) values[key] = decoded;
  }
  if (body.indexOf("]=") >= 0) joinChunks(f, body);
  return undefined;
}

/** Collects `aN[i]=HEX` chunks (which go-libaudit's key syntax skips). */
function joinChunks(f: FieldMap, body: string): void {
  const chunks = new Map<string, string[]>();
  for (let p = body.indexOf("]="); p >= 0; p = body.indexOf("]=", p + 2)) {
    let open = p - 1; // "aN[" is at most 5 digits before "]="
    while (open > p - 7 && open > 0 && body.charCodeAt(open) !== 91) open--;
    if (open < 2 || body.charCodeAt(open) !== 91) continue;
    let k = open - 1;
    while (k > 0 && body.charCodeAt(k) >= 48 && body.charCodeAt(k) <= 57) k--;
    if (body.charCodeAt(k) !== 97 || k === open - 1) continue;
    if (k > 0 && body.charCodeAt(k - 1) !== 32) continue;
    if (!isDigits(body, open + 1, p)) continue;
    const index = body.slice(open + 1, p);
    if (index.length > 4) continue; // chunks of one argument are few
    let end = p + 2;
    while (end < body.length && body.charCodeAt(end) !== 32) end++;
    const arg = body.slice(k, open);
    const hex = body.slice(p + 2, end);
    if (decodeHexBytes(hex) === undefined) continue; // the kernel's chunks are hex
    setField(f, `${arg}[${index}]`, hex, false);
    let list = chunks.get(arg);
    if (list === undefined) chunks.set(arg, list = []);
    list[Number(index)] = hex;
  }
  for (const [arg, list] of chunks) {
    const len = Number(f.values[arg + "_len"]);
    let hex = "";
    let complete = list.length > 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i] === undefined) {
        complete = false;
        break;
      }
      hex += list[i];
    }
    if (!complete || hex.length !== len * 2) continue;
    const decoded = hexToString(hex);
    if (decoded !== undefined) f.values[arg] = decoded;
  }
}

/** `text.split(String.fromCharCode(separator))` in flat strings (see `flatSlice`). */
function splitFlat(text: string, separator: number): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== separator) continue;
    parts.push(flatSlice(text, start, i));
    start = i + 1;
  }
  parts.push(flatSlice(text, start, text.length));
  return parts;
}

/** Ids whose 4294967295 (or -1) means "not set". */
function unsetId(values: Record<string, string>, key: string): void {
  if (isUnsetId(values[key])) values[key] = "unset";
}

/**
 * Enriches `f` in place for a record of `type`; `body` is the record text
 * the fields came from (needed for EXECVE only).
 */
export function enrichFields(type: number, f: FieldMap, body: string): Enriched {
  const values = f.values;
  unsetId(values, "auid");
  unsetId(values, "old-auid");
  unsetId(values, "ses");
  if (f.subj !== undefined) splitContext(f, "subj", f.subj);
  result(f);
  const exit = values.exit;
  if (exit !== undefined && exit.charCodeAt(0) === 45) {
    const code = parseGoInt(exit);
    if (code !== undefined) {
      const name = ERRNO_NAMES[-code];
      if (name !== undefined) values.exit = name;
    }
  }
  const keys = ruleKeys(f);
  if (values.cwd !== undefined) hexDecodeSpaced(f, "cwd");
  let error: string | undefined;
  if (type === AUDIT_PATH) {
    if (f.obj !== undefined) splitContext(f, "obj", f.obj);
  } else if (f.obj !== undefined) {
    setField(f, "obj", f.obj, false);
  }
  if (type === AUDIT_SOCKADDR) {
    error = sockaddr(f);
  } else if (f.saddr !== undefined) {
    setField(f, "saddr", f.saddr, false);
  }
  switch (type) {
    case AUDIT_SECCOMP:
      error = signal(values) ?? archAndSyscall(values);
      if (error === undefined) hexDecodeSpaced(f, "exe");
      break;
    case AUDIT_SYSCALL:
      error = archAndSyscall(values);
      if (error === undefined) hexDecodeSpaced(f, "exe");
      break;
    case AUDIT_PROCTITLE:
      hexDecodeSpaced(f, "proctitle");
      break;
    case AUDIT_USER_CMD:
      hexDecodeSpaced(f, "cmd");
      break;
    case AUDIT_TTY:
    case AUDIT_USER_TTY:
      hexDecodeSpaced(f, "data");
      break;
    case AUDIT_EXECVE:
      error = execveArgs(f, body);
      break;
    case AUDIT_PATH:
      hexDecodeSpaced(f, "name");
      break;
    case AUDIT_USER_LOGIN:
      hexDecodeSpaced(f, "acct");
      break;
  }
  return { keys, error };
}

/** `saddr` → `family`, `addr`, `port`, `path`… (SOCKADDR). */
function sockaddr(f: FieldMap): string | undefined {
  const saddr = f.saddr;
  if (saddr === undefined) return "saddr key not found";
  try {
    const decoded = parseSockaddr(saddr);
    for (const k in decoded) setField(f, k, decoded[k]!, false);
    return undefined;
  } catch (e) {
    if (!(e instanceof SockaddrError)) throw e;
    setField(f, "saddr", saddr, false);
    return `failed to parse saddr: ${e.message}`;
  }
}

/** `sig` number → name (SECCOMP). */
function signal(values: Record<string, string>): string | undefined {
  const sig = values.sig;
  if (sig === undefined) return "sig key not found";
  const num = parseGoInt(sig);
  if (num === undefined) return `failed to parse sig: invalid syntax: ${JSON.stringify(sig)}`;
  const name = SIGNAL_NAMES[num];
  if (name !== undefined) values.sig = name;
  return undefined;
}

/** `arch` hex → name; `syscall` number → name for that arch. */
function archAndSyscall(values: Record<string, string>): string | undefined {
  const archText = values.arch;
  if (archText === undefined) return "arch key not found";
  const arch = parseArch(archText);
  if (arch === undefined) {
    return `failed to parse arch: invalid syntax: ${JSON.stringify(archText)}`;
  }
  const archName = AUDIT_ARCH[arch] ?? `unknown[${arch.toString(16)}]`;
  values.arch = archName;
  const syscallText = values.syscall;
  if (syscallText === undefined) return "syscall key not found";
  const num = parseGoInt(syscallText);
  if (num === undefined) {
    return `failed to parse syscall: invalid syntax: ${JSON.stringify(syscallText)}`;
  }
  const name = SYSCALLS[archName]?.[num];
  if (name !== undefined) values.syscall = name;
  return undefined;
}
