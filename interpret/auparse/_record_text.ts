/**
 * The pieces of a record's text that the `-i` formatter reads again and
 * again: the `audit(…)` stamp (shared by an event's records) and the field
 * names (the same few dozen throughout a log), each turned into text once.
 *
 * @module
 */
import type { LocalClock } from "./time.ts";

interface Stamp {
  seconds: number;
  milli: string;
  serial: string;
}

function digits(s: string): boolean {
  if (s === "") return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function stampOf(text: string): Stamp | undefined {
  const at = text.indexOf("audit(");
  if (at < 0) return undefined;
  const dot = text.indexOf(".", at);
  const colon = text.indexOf(":", dot);
  const close = text.indexOf(")", colon);
  if (dot < 0 || colon < 0 || close < 0) return undefined;
  const sec = text.slice(at + 6, dot);
  const ms = text.slice(dot + 1, colon);
  const serial = text.slice(colon + 1, close);
  if (!digits(sec) || !digits(ms) || !digits(serial)) return undefined;
  return { seconds: Number(sec), milli: String(Number(ms)).padStart(3, "0"), serial };
}

/** An event's time stamp (seconds, milliseconds, serial), as ausearch keeps it. */
export interface EventStamp {
  /** Seconds since the epoch. */
  readonly sec: number;
  /** Milliseconds. */
  readonly milli: number;
  /** Serial number. */
  readonly serial: number;
  /** The serial's decimal digits when it is past 2^53 - 1 (`serial` is then rounded). */
  readonly serialText?: string | undefined;
}

/** `LOCAL TIME.MS:SERIAL) ` of an event's time stamp (ausearch's `%x %T` and `.%03u:%lu) `). */
export function eventStampText(stamp: EventStamp, clock: LocalClock): string {
  const ms = stamp.milli < 10
    ? `00${stamp.milli}`
    : stamp.milli < 100
    ? `0${stamp.milli}`
    : `${stamp.milli}`;
  return `${clock.ausearchTime(stamp.sec)}.${ms}:${stamp.serialText ?? stamp.serial}) `;
}

let lastClock: LocalClock | undefined;
let lastStamp = "";
let lastStampText = "";

/**
 * `LOCAL TIME.MS:SERIAL) ` of the record's `audit(…)`; the records of an
 * event share it, so the last one is kept (it depends on nothing but the
 * text from `audit(` to the `)` after its `.` and `:`, and the clock).
 */
export function stampText(body: string, clock: LocalClock): string {
  const at = body.indexOf("audit(");
  let close = -1;
  if (at >= 0) {
    const dot = body.indexOf(".", at);
    const colon = dot < 0 ? -1 : body.indexOf(":", dot);
    close = colon < 0 ? -1 : body.indexOf(")", colon);
    if (
      close >= 0 && clock === lastClock && close + 1 - at === lastStamp.length &&
      body.startsWith(lastStamp, at)
    ) return lastStampText;
  }
  const stamp = stampOf(body) ?? { seconds: 0, milli: "000", serial: "0" };
  const text = `${clock.ausearchTime(stamp.seconds)}.${stamp.milli}:${stamp.serial}) `;
  if (close >= 0) {
    lastClock = clock;
    lastStamp = body.slice(at, close + 1);
    lastStampText = text;
  }
  return text;
}

/** Name slots (a power of two; the `-i` writer keeps a table of this size per record type). */
export const NAME_SLOTS = 1024;
/** Field names as written (from the space before them), their text without `'`, and without the spaces and `(` after that. */
export const rawNames: (string | undefined)[] = new Array(NAME_SLOTS).fill(undefined);
export const quotedNames: string[] = new Array(NAME_SLOTS).fill("");
export const plainNames: string[] = new Array(NAME_SLOTS).fill("");

/** The hash of a field name that picks its slot (as the `-i` writer computes it while scanning). */
export function nameHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let p = start; p < end; p++) h = (Math.imul(h, 31) + text.charCodeAt(p)) | 0;
  return h;
}

/** Slots a name may take: its hash's and the next ones (a name in use keeps its slot). */
const PROBES = 4;
let victim = 0;

function firstSlot(hash: number): number {
  return (hash ^ (hash >>> 11)) & (NAME_SLOTS - 1);
}

/** The slot to fill for a name not found from `first`: a free one, else each in turn. */
function freeSlot(first: number): number {
  for (let k = 0; k < PROBES; k++) {
    const slot = (first + k) & (NAME_SLOTS - 1);
    if (rawNames[slot] === undefined) return slot;
  }
  victim = (victim + 1) % PROBES;
  return (first + victim) & (NAME_SLOTS - 1);
}

/**
 * The slot of the field name `body[start..end)` in the tables above: the
 * same strings again for the same names (no new string each time, and map
 * lookups with them find their hash already computed).
 */
export function nameSlot(body: string, start: number, end: number): number {
  const first = firstSlot(nameHash(body, start, end));
  for (let k = 0; k < PROBES; k++) {
    const slot = (first + k) & (NAME_SLOTS - 1);
    const raw = rawNames[slot];
    if (raw !== undefined && raw.length === end - start && body.startsWith(raw, start)) return slot;
  }
  const slot = freeSlot(first);
  fill(slot, body.slice(start, end));
  return slot;
}

/**
 * {@linkcode nameSlot} of ASCII bytes `b[start..end)` whose
 * {@linkcode nameHash} is `hash` (the same slots).
 */
export function nameSlotBytes(b: Uint8Array, start: number, end: number, hash: number): number {
  const first = firstSlot(hash);
  const raw = rawNames[first];
  if (raw !== undefined && raw.length === end - start) {
    let j = 0;
    while (j < raw.length && raw.charCodeAt(j) === b[start + j]) j++;
    if (j === raw.length) return first;
  }
  // (apart: the common case above stays small and its optimized code stays valid)
  return nameSlotProbe(b, start, end, first);
}

function nameSlotProbe(b: Uint8Array, start: number, end: number, first: number): number {
  const n = end - start;
  for (let k = 1; k < PROBES; k++) {
    const slot = (first + k) & (NAME_SLOTS - 1);
    const raw = rawNames[slot];
    if (raw === undefined) break;
    if (raw.length !== n) continue;
    let j = 0;
    while (j < n && raw.charCodeAt(j) === b[start + j]) j++;
    if (j === n) return slot;
  }
  const slot = freeSlot(first);
  fill(slot, asciiText(b, start, end));
  return slot;
}

const UTF8 = new TextDecoder();

/** ASCII bytes `b[start..end)` as text. */
export function asciiText(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > 64) return UTF8.decode(b.subarray(start, end));
  let s = "";
  for (let k = start; k < end; k++) s += String.fromCharCode(b[k]!);
  return s;
}

function fill(slot: number, r: string): void {
  const q = r.charCodeAt(0) === 39 ? r.slice(1) : r;
  let k = 0;
  while (q.charCodeAt(k) === 32 || q.charCodeAt(k) === 40) k++;
  rawNames[slot] = r;
  quotedNames[slot] = q;
  plainNames[slot] = k > 0 ? q.slice(k) : q;
}
