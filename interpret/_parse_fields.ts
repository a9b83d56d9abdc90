/**
 * The field reads that ausearch-parse.c repeats in every record parser,
 * written once for interpret/_parse_*.ts: a number after a key (`strtoul` up
 * to the next space, with consecutive error codes), `auid=`/`loginuid=`, a
 * value up to a space (`subj=`, `tty=`, contexts), `res=`. They allocate
 * nothing and return numbers: a value (>= 0), {@linkcode ABSENT}, or a
 * negated error code. Where a read stopped (the parsers' `term`) is left in
 * {@linkcode F}; the parser copies it into its own `term` when it moves on.
 *
 * @module
 */
import { strtoul } from "./_cstr.ts";
import { newAvc, type ParseItems, type ParseSink, ulong } from "./_parse_items.ts";

/** Where the last successful read here stopped (the C parsers' `term`); one reused object. */
export const F: { term: number } = { term: 0 };

/** An optional key that is not there (below every negated error code). */
export const ABSENT = -0x10000;

/**
 * The number at `ptr`, ended by the next space (`F.term`): the value; `-err`
 * when no space ends it, `-(err + 1)` when strtoul rejects it.
 */
export function numberAt(m: string, ptr: number, err: number): number {
  const term = m.indexOf(" ", ptr);
  if (term === -1) return -err;
  F.term = term;
  const v = ulong(m, ptr, term);
  return v < 0 ? -(err + 1) : v;
}

/**
 * `arch=` (searched from `from`) and its hex number up to the next space
 * (`F.term`): the value; `-err` when no space ends it, `-(err + 1)` when
 * strtoul rejects it; {@linkcode ABSENT} without the key.
 */
export function findArch(m: string, from: number, err: number): number {
  const str = m.indexOf("arch=", from);
  if (str === -1) return ABSENT;
  const term = m.indexOf(" ", str + 5);
  if (term === -1) return -err;
  F.term = term;
  const a = strtoul(m, str + 5, 16, term);
  return a.error ? -(err + 1) : a.value;
}

/**
 * `key` searched from `from`, then its number ({@linkcode numberAt}): codes
 * `first` (no key), `first + 1` (no space), `first + 2` (rejected), negated.
 */
export function needNumber(m: string, key: string, from: number, first: number): number {
  const str = m.indexOf(key, from);
  return str === -1 ? -first : numberAt(m, str + key.length, first + 1);
}

/**
 * {@linkcode needNumber} for a key that may be missing ({@linkcode ABSENT}):
 * codes `err` (no space) and `err + 1` (rejected), negated.
 */
export function findNumber(m: string, key: string, from: number, err: number): number {
  const str = m.indexOf(key, from);
  return str === -1 ? ABSENT : numberAt(m, str + key.length, err);
}

/**
 * The number at `ptr` up to a space or the end of the text: the value, or
 * `-err` when strtoul rejects it; `F.term` is the space, else `ptr`.
 */
export function looseNumberAt(m: string, ptr: number, err: number): number {
  const sp = m.indexOf(" ", ptr);
  const v = ulong(m, ptr, sp);
  if (v < 0) return -err;
  F.term = sp === -1 ? ptr : sp;
  return v;
}

/** {@linkcode looseNumberAt} after `key` searched from `from`; {@linkcode ABSENT} without it. */
export function findLooseNumber(m: string, key: string, from: number, err: number): number {
  const str = m.indexOf(key, from);
  return str === -1 ? ABSENT : looseNumberAt(m, str + key.length, err);
}

/**
 * `auid=`, else `loginuid=`, searched from `from`, and its number: codes
 * `first` (neither), `first + 1` (no space), `first + 2` (rejected), negated.
 */
export function needAuid(m: string, from: number, first: number): number {
  let ptr = m.indexOf("auid=", from);
  if (ptr !== -1) ptr += 5;
  else {
    ptr = m.indexOf("loginuid=", from);
    if (ptr === -1) return -first;
    ptr += 9;
  }
  return numberAt(m, ptr, first + 1);
}

/**
 * The value after `key` (searched from `from`) up to the next space: its
 * start, and its end in `F.term`; {@linkcode ABSENT}, or `-err` when no space
 * ends it.
 */
export function wordAt(m: string, key: string, from: number, err: number): number {
  const str = m.indexOf(key, from);
  if (str === -1) return ABSENT;
  const ptr = str + key.length;
  const term = m.indexOf(" ", ptr);
  if (term === -1) return -err;
  F.term = term;
  return ptr;
}

/**
 * Adds the `subj=` context searched from `from` (up to the next space) as a
 * subject node: 0, or `err` when no space ends it. `F.term`: that space,
 * else `from`.
 */
export function addSubject<S extends ParseItems>(
  m: string,
  from: number,
  s: S,
  k: ParseSink<S>,
  err: number,
): number {
  const p = wordAt(m, "subj=", from, err);
  if (p === ABSENT) {
    F.term = from;
    return 0;
  }
  if (p < 0) return err;
  k.addAvc(s, newAvc(m.slice(p, F.term)));
  return 0;
}

/** `res=` searched from `from` (a number up to a space or the end) into `success`: 0 or `err`. */
export function readResult<S extends ParseItems>(
  m: string,
  from: number,
  s: S,
  err: number,
): number {
  const v = findLooseNumber(m, "res=", from, err);
  if (v === ABSENT) return 0;
  if (v < 0) return err;
  s.success = v | 0;
  return 0;
}

/** Sets the uid, and its name when the caller looks names up. */
export function setUid<S extends ParseItems>(s: S, k: ParseSink<S>, v: number): void {
  s.uid = v;
  if (k.lookupUid) s.tuid = k.lookupUid("uid", v);
}

/** Sets the login uid, and its name when the caller looks names up. */
export function setLoginuid<S extends ParseItems>(s: S, k: ParseSink<S>, v: number): void {
  s.loginuid = v;
  if (k.lookupUid) s.tauid = k.lookupUid("auid", v);
}
