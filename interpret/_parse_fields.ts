/**
 * The field reads that ausearch-parse.c repeats in every record parser,
 * written once for interpret/_parse_*.ts: a number after a key (`strtoul` up
 * to the next space, with consecutive error codes) set into its field,
 * `auid=`/`loginuid=`, `arch=`, a value up to a space (`subj=`, `tty=`,
 * contexts), `comm=`/`exe=` texts, `res=`. They allocate
 * nothing and return numbers: the parser's new `term` (where the read
 * stopped), a value or a start (>= 0), {@linkcode ABSENT}, or a negated
 * error code. Where a value read stopped is also left in {@linkcode F}.
 *
 * @module
 */
import { strtoul } from "./_cstr.ts";
import { newAvc, type ParseItems, type ParseSink, quotedOrHex, ulong } from "./_parse_items.ts";

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
 * The number at `ptr` up to a space or the end of the text: the value, or
 * `-err` when strtoul rejects it; `F.term` is the space, else `ptr`.
 */
function looseNumberAt(m: string, ptr: number, err: number): number {
  const sp = m.indexOf(" ", ptr);
  const v = ulong(m, ptr, sp);
  if (v < 0) return -err;
  F.term = sp === -1 ? ptr : sp;
  return v;
}

/** A missing key is code `first`; the number ends at the next space (`first + 1` when none). */
export const NEED = 0;
/** A missing key is no error; the number ends at the next space (`first + 1` when none). */
export const FIND = 1;
/** A missing key is code `first`; the number ends at a space or the end of the text. */
export const NEED_LOOSE = 2;
/** A missing key is no error; the number ends at a space or the end of the text. */
export const FIND_LOOSE = 3;

/** Which field {@linkcode num} sets: `pid` (an int). */
export const PID = 0;
/** `ppid` (an int). */
export const PPID = 1;
/** `uid`, and its name when the caller looks names up. */
export const UID = 2;
/** `uid` alone. */
export const UID_NUMBER = 3;
/** `loginuid`, and its name. */
export const AUID = 4;
/** `gid`. */
export const GID = 5;
/** `euid`, and its name. */
export const EUID = 6;
/** `egid`. */
export const EGID = 7;
/** `session`. */
export const SES = 8;
/** `syscall` (an int). */
export const SYSCALL = 9;

/** Stores `v` into the `field` ({@linkcode PID} ...) of `s`. */
function store<S extends ParseItems>(s: S, k: ParseSink<S>, field: number, v: number): void {
  switch (field) {
    case PID:
      s.pid = v | 0;
      return;
    case PPID:
      s.ppid = v | 0;
      return;
    case UID:
      return setUid(s, k, v);
    case UID_NUMBER:
      s.uid = v;
      return;
    case AUID:
      return setLoginuid(s, k, v);
    case GID:
      s.gid = v;
      return;
    case EUID:
      s.euid = v;
      if (k.lookupUid) s.teuid = k.lookupUid("euid", v);
      return;
    case EGID:
      s.egid = v;
      return;
    case SES:
      s.session = v;
      return;
    case SYSCALL:
      s.syscall = v | 0;
  }
}

/**
 * Reads the number after `key`, searched from `from`, into `field` of `s`
 * (`mode`: {@linkcode NEED}, {@linkcode FIND}, {@linkcode NEED_LOOSE},
 * {@linkcode FIND_LOOSE}). Returns the new `term` (the space after the
 * number; for a loose one without a space, where the number starts; `from`
 * when the key is missing and may be), or a negated code: `first` (missing
 * key), `first + 1` (no space), `first + 2` (strtoul rejects it), loose ones
 * `first + 1` (rejected).
 */
export function num<S extends ParseItems>(
  m: string,
  key: string,
  from: number,
  first: number,
  mode: number,
  s: S,
  k: ParseSink<S>,
  field: number,
): number {
  const str = m.indexOf(key, from);
  if (str === -1) return mode === NEED || mode === NEED_LOOSE ? -first : from;
  const v = mode < NEED_LOOSE
    ? numberAt(m, str + key.length, first + 1)
    : looseNumberAt(m, str + key.length, first + 1);
  if (v < 0) return v;
  store(s, k, field, v);
  return F.term;
}

/**
 * `auid=`, else `loginuid=`, searched from `from`, into `loginuid`: the new
 * `term`, or a negated code: `first` (neither), `first + 1` (no space),
 * `first + 2` (strtoul rejects it).
 */
export function readAuid<S extends ParseItems>(
  m: string,
  from: number,
  first: number,
  s: S,
  k: ParseSink<S>,
): number {
  let ptr = m.indexOf("auid=", from);
  if (ptr !== -1) ptr += 5;
  else {
    ptr = m.indexOf("loginuid=", from);
    if (ptr === -1) return -first;
    ptr += 9;
  }
  const v = numberAt(m, ptr, first + 1);
  if (v < 0) return v;
  setLoginuid(s, k, v);
  return F.term;
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
 * subject node: the new `term` (`from` without one), or `-err` when no space
 * ends it.
 */
export function addSubject<S extends ParseItems>(
  m: string,
  from: number,
  s: S,
  k: ParseSink<S>,
  err: number,
): number {
  const p = wordAt(m, "subj=", from, err);
  if (p === ABSENT) return from;
  if (p < 0) return p;
  k.addAvc(s, newAvc(m.slice(p, F.term)));
  return F.term;
}

/** Which text {@linkcode textAt} sets: `comm`. */
export const COMM = 0;
/** `exe`. */
export const EXE = 1;

/**
 * The `comm=`/`exe=` style text at `ptr` (quoted, else hex) into `field`
 * ({@linkcode COMM}, {@linkcode EXE}) of `s`: the closing quote (the new
 * `term`), 0 when unquoted (`term` stays), or `-err` when the quote is not
 * closed.
 */
export function textAt<S extends ParseItems>(
  m: string,
  ptr: number,
  err: number,
  s: S,
  field: number,
): number {
  const text = quotedOrHex(m, ptr);
  if (text === null) return -err;
  if (field === COMM) s.comm = text;
  else s.exe = text;
  return m.charCodeAt(ptr) === 34 ? m.indexOf('"', ptr + 1) : 0;
}

/**
 * The `comm=` text searched from `from` ({@linkcode textAt}): the new `term`
 * (the closing quote; `from` when unquoted or missing), or `-err`.
 */
export function readComm<S extends ParseItems>(m: string, from: number, s: S, err: number): number {
  const str = m.indexOf("comm=", from);
  if (str === -1) return from;
  const end = textAt(m, str + 5, err, s, COMM);
  return end === 0 ? from : end;
}

/** `res=` searched from `from` (a number up to a space or the end) into `success`: 0 or `err`. */
export function readResult<S extends ParseItems>(
  m: string,
  from: number,
  s: S,
  err: number,
): number {
  const str = m.indexOf("res=", from);
  if (str === -1) return 0;
  const v = looseNumberAt(m, str + 4, err);
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
