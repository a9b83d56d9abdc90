/**
 * The state the ported extractors share: the criteria (what to look for), the
 * items found so far, and the name lookup for `-ui NAME` and friends.
 *
 * @module
 */
import type { SearchCriteria, SearchItems } from "./criteria.ts";

/** One record as ausearch holds it. */
export interface SearchRecord {
  /** The whole line, without its line break. */
  readonly line: string;
  /** The record type. */
  readonly type: number;
  /** Where the ENRICHED part starts (`\x1d`), or the line's length. */
  readonly mlen: number;
}

/** Name lookup: `field` is `uid`, `euid` or `auid`; `undefined` when unknown. */
export type UidLookup = (field: string, uid: number) => string | undefined;

/** What the extractors share for one event. */
export interface ExtractContext {
  readonly c: SearchCriteria;
  readonly s: SearchItems;
  readonly lookupUid: UidLookup;
}

/** Whether the criteria need the uid (ausearch: `event_uid != -1 || event_tuid`). */
export function wantUid(c: SearchCriteria): boolean {
  return c.uid !== undefined || c.uidName !== undefined;
}

/** Whether the criteria need the euid. */
export function wantEuid(c: SearchCriteria): boolean {
  return c.euid !== undefined || c.euidName !== undefined;
}

/** Whether the criteria need the login uid. */
export function wantLoginuid(c: SearchCriteria): boolean {
  return c.loginuid !== undefined || c.loginuidName !== undefined;
}

/** Appends a subject context. */
export function addSubject(s: SearchItems, scontext: string): void {
  (s.avc ??= []).push({ scontext });
}

/** Appends an object context. */
export function addObject(s: SearchItems, tcontext: string): void {
  (s.avc ??= []).push({ tcontext });
}
