/**
 * `-k` on an event's bytes: the same answer as {@linkcode matchEvent} for a
 * search whose only criterion is the key (with or without `-w`), without
 * decoding the event, for events made of records whose extraction is known
 * here (SYSCALL's `parse_syscall` up to its key, with plain numbers, and records nothing is taken
 * from for a key search: PATH, CWD, SOCKADDR, PROCTITLE, EXECVE, user space messages, …). Any
 * other record, an unusual key (hex-encoded, non-ASCII) or a malformed
 * SYSCALL gives {@linkcode MATCH_UNSURE}: the caller asks {@linkcode matchEvent}.
 *
 * @module
 */
import type { SearchCriteria } from "./criteria.ts";
import type { GroupedEvent } from "./grouped_event.ts";
import { findByte } from "../_bytes.ts";
import { same, viewOf } from "../_byte_runs.ts";
import { K_CWD, K_NONE, K_PATH, K_SOCKADDR, K_SYSCALL, kindOf, recordKind } from "./match.ts";
// For the {@linkcode matchEvent} link above.
// deno-lint-ignore no-unused-vars
import type { matchEvent } from "./match.ts";

/** The event does not match. */
export const MATCH_NO = 0;
/** The event matches. */
export const MATCH_YES = 1;
/** Not decided here (ask {@linkcode matchEvent}). */
export const MATCH_UNSURE = 2;

/**
 * The kind of user space records (USER_AUTH's): ausearch's `parse_user`
 * reads nothing of them for a key search (all it reads is for other
 * options).
 */
const K_USER = recordKind(1100);

/** Criteria fields that {@linkcode keyMatcher} handles (the rest must be absent). */
const HANDLED = new Set(["key", "exact", "wantArch", "start", "end"]);

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const ARCH = enc("arch=");
const SYSCALL = enc("syscall=");
const A0 = enc("a0=");
const A1 = enc("a1=");
const KEY = enc("key=");

/** The first `pat` in `buf[from..end)`, or -1. */
function find(buf: Uint8Array, pat: Uint8Array, from: number, end: number): number {
  const first = pat[0]!;
  const last = end - pat.length;
  outer: for (let i = from; i <= last; i++) {
    if (buf[i] !== first) {
      // Far from here: let the native search find the next candidate.
      if (last - i > 48) {
        i = buf.indexOf(first, i);
        if (i < 0 || i > last) return -1;
      } else continue;
    }
    for (let k = 1; k < pat.length; k++) if (buf[i + k] !== pat[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Whether `buf[from..from+n)` is `last[0..n)` (`lastView`: a view of
 * `last`): its last four bytes first, so that a body differing only there
 * (a counter at its end) fails at once.
 */
function sameAsLast(
  last: Uint8Array,
  lastView: DataView,
  buf: Uint8Array,
  from: number,
  n: number,
): boolean {
  const v = viewOf(buf);
  if (n >= 4 && lastView.getInt32(n - 4, true) !== v.getInt32(from + n - 4, true)) return false;
  return same(last, lastView, 0, buf, v, from, n);
}

/**
 * Whether `buf[from..to)` is 1 to `max` digits of `base` (10 or 16): a
 * number no C conversion fails on (anything else is left to the port).
 */
function plainNumber(
  buf: Uint8Array,
  from: number,
  to: number,
  base: number,
  max: number,
): boolean {
  if (to <= from || to - from > max) return false;
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) continue;
    if (base === 16 && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) continue;
    return false;
  }
  return true;
}

/**
 * A byte-level key test for `c`, or `undefined` when `c` asks for more than a
 * key (or for an empty or non-ASCII one).
 *
 * @param c The criteria.
 * @returns A function from an event to {@linkcode MATCH_NO}, {@linkcode MATCH_YES} or
 * {@linkcode MATCH_UNSURE}.
 */
export function keyMatcher(c: SearchCriteria): ((e: GroupedEvent) => number) | undefined {
  const key = c.key;
  if (key === undefined || key === "" || !/^[\x20-\x7e]*$/.test(key)) return undefined;
  for (const [name, value] of Object.entries(c)) {
    if (value !== undefined && !HANDLED.has(name)) return undefined;
  }
  const want = enc(key);
  const exact = c.exact === true;
  const wantArch = c.wantArch === true;
  const start = c.start;
  const endSec = c.end;
  /** Whether `buf[from..to)` is the key (or holds it). */
  const same = (buf: Uint8Array, from: number, to: number): boolean => {
    if (exact) {
      if (to - from !== want.length) return false;
      for (let k = 0; k < want.length; k++) if (buf[from + k] !== want[k]) return false;
      return true;
    }
    const i = find(buf, want, from, to);
    return i >= 0;
  };
  /** ausearch's `parse_syscall` for a key search: MATCH_NO (no key matched), MATCH_YES, MATCH_UNSURE. */
  const syscall = (buf: Uint8Array, from: number, end: number): number => {
    let term = from;
    let str: number;
    if (wantArch) {
      str = find(buf, ARCH, term, end);
      if (str < 0) return MATCH_UNSURE;
      term = findByte(buf, 32, str + 5, end);
      if (term < 0 || !plainNumber(buf, str + 5, term, 16, 16)) return MATCH_UNSURE;
    }
    str = find(buf, SYSCALL, term, end);
    if (str < 0) return MATCH_UNSURE;
    term = findByte(buf, 32, str + 8, end);
    if (term < 0 || !plainNumber(buf, str + 8, term, 10, 9)) return MATCH_UNSURE;
    // a0 and a1: there, and short enough not to overflow.
    str = find(buf, A0, term, end);
    if (str < 0) return MATCH_UNSURE;
    term = findByte(buf, 32, str + 3, end);
    if (term < 0 || term - str - 3 > 16) return MATCH_UNSURE;
    str = find(buf, A1, term, end);
    if (str < 0) return MATCH_UNSURE;
    term = findByte(buf, 32, str + 3, end);
    if (term < 0 || term - str - 3 > 16) return MATCH_UNSURE;
    str = find(buf, KEY, term, end);
    if (str < 0) return MATCH_NO;
    const p = str + 4;
    let from2: number;
    let to: number;
    if (buf[p] === 34) {
      from2 = p + 1;
      to = findByte(buf, 34, from2, end);
      if (to < 0) return MATCH_UNSURE;
    } else if (buf[p] === 40) {
      const close = findByte(buf, 41, p, end);
      if (close < 0) return MATCH_UNSURE;
      from2 = p;
      to = close + 1;
    } else return MATCH_UNSURE;
    for (let k = from2; k < to; k++) if (buf[k]! >= 0x80 || buf[k] === 1) return MATCH_UNSURE;
    return same(buf, from2, to) ? MATCH_YES : MATCH_NO;
  };
  // The body of the last SYSCALL record read after a plain header (which
  // holds none of the words looked for) and its answer: a log often repeats
  // a SYSCALL record whole but for its time stamp (a program trying each
  // directory of its PATH), and the answer is then the same.
  const last = new Uint8Array(4096);
  const lastView = new DataView(last.buffer);
  let lastLength = -1;
  let lastAnswer = MATCH_UNSURE;
  /** {@linkcode syscall} of record `i` of `e`. */
  const syscallAt = (e: GroupedEvent, i: number): number => {
    const buf = e.bufs[i]!;
    const start = e.offs[3 * i]!;
    const end = e.messageEnd(i);
    const head = e.heads[i]!;
    if (head < 0) return syscall(buf, start, end);
    const from = start + (head & 511) + (head >>> 9) + 1;
    const n = end - from;
    if (n === lastLength && sameAsLast(last, lastView, buf, from, n)) {
      return lastAnswer;
    }
    const r = syscall(buf, start, end);
    lastLength = n <= last.length ? n : -1;
    if (lastLength >= 0) last.set(buf.subarray(from, end));
    lastAnswer = r;
    return r;
  };
  return (e) => {
    if (start !== undefined && e.sec < start) return MATCH_NO;
    if (endSec !== undefined && e.sec > endSec) return MATCH_NO;
    let found = false;
    for (let i = 0; i < e.count; i++) {
      const t = e.typeAt(i);
      const kind = kindOf(t);
      if (kind === K_SYSCALL) {
        const r = syscallAt(e, i);
        if (r === MATCH_UNSURE) return MATCH_UNSURE;
        if (r === MATCH_YES) found = true;
      } else if (
        kind !== K_NONE && kind !== K_PATH && kind !== K_CWD && kind !== K_SOCKADDR &&
        kind !== K_USER
      ) {
        return MATCH_UNSURE;
      }
    }
    return found ? MATCH_YES : MATCH_NO;
  };
}
