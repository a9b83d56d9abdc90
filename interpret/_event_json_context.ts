/**
 * Process context in kept event JSON (`event_json_cache.ts`): the context is
 * added last (`ContextAdditions`: keys at the end of `process`, labels at the
 * end of `tags`, `tags` itself and `container`, `orchestrator`, `systemd` at
 * the end of the event), so a kept event's JSON has three more holes where
 * each repetition's own context goes in.
 *
 * Module-private.
 *
 * @module
 */

import type { AuditEvent } from "./event.ts";
import type { AppliedContext, ContextAdditions } from "./context_facts.ts";
import { marker, VARYING_COUNT } from "../parse/_varying.ts";

/** Hole numbers of kept event JSON: time, sequence, then one per varying field. */
export const HOLE_TIME = 0;
/** `sequence`. */
export const HOLE_SEQUENCE = 1;
/** The first varying field's (field k: `HOLE_FIRST_FIELD + k`). */
export const HOLE_FIRST_FIELD = 2;
/** The end of `process` (context's keys; after the varying fields' holes). */
export const HOLE_PROCESS_END: number = HOLE_FIRST_FIELD + VARYING_COUNT;
/** The end of `tags` (labels). */
export const HOLE_TAGS_END: number = HOLE_PROCESS_END + 1;
/** The end of the event (`tags` when new, `container`, `orchestrator`, `systemd`). */
export const HOLE_EVENT_END: number = HOLE_PROCESS_END + 2;
/** The holes cut with their quotes (a number or JSON goes there). */
export const JSON_HOLES: readonly number[] = [
  HOLE_SEQUENCE,
  HOLE_PROCESS_END,
  HOLE_TAGS_END,
  HOLE_EVENT_END,
];

// The key of a position marker: a NUL cannot occur in a key of an event.
const POSITION_KEY = "\u0000at";
const POSITION_PREFIX = JSON.stringify(POSITION_KEY) + ":";

/** Bits of `Entry.empty`: which object or array was empty before its hole. */
const EMPTY: Readonly<Record<number, number>> = {
  [HOLE_PROCESS_END]: 1,
  [HOLE_TAGS_END]: 2,
  [HOLE_EVENT_END]: 4,
};

/** The event without what process context added to it (`applied`). */
export function withoutContext(event: AuditEvent, applied: AppliedContext): AuditEvent {
  const additions = applied.additions;
  const process = { ...event.process } as Record<string, unknown>;
  for (const key in additions.process) delete process[key];
  const base = { ...event, process } as AuditEvent;
  if (applied.tags < 0) delete base.tags;
  else if (event.tags !== undefined) base.tags = event.tags.slice(0, applied.tags);
  if (additions.container !== undefined) delete base.container;
  if (additions.orchestrator !== undefined) delete base.orchestrator;
  if (additions.systemd !== undefined) delete base.systemd;
  return base;
}

/**
 * Adds the position markers to `marked` (an event being marked, its
 * `process` a copy already): at the end of `process`, of `tags` (when the
 * event has them) and of the event. Returns the holes added.
 */
export function markPositions(marked: Record<string, unknown>): number[] {
  (marked.process as Record<string, unknown>)[POSITION_KEY] = marker(HOLE_PROCESS_END);
  const holes = [HOLE_PROCESS_END, HOLE_EVENT_END];
  const tags = marked.tags as string[] | undefined;
  if (tags !== undefined) {
    marked.tags = [...tags, marker(HOLE_TAGS_END)];
    holes.push(HOLE_TAGS_END);
  }
  marked[POSITION_KEY] = marker(HOLE_EVENT_END);
  return holes;
}

/**
 * Takes the position markers' keys and separators out of `parts` (cut at
 * `holes`), in place; returns the bits of the holes whose object or array
 * was empty, or -1 when the pieces are not as expected.
 */
export function trimPositions(parts: string[], holes: readonly number[]): number {
  let empty = 0;
  for (let i = 0; i < holes.length; i++) {
    const hole = holes[i]!;
    if (hole !== HOLE_PROCESS_END && hole !== HOLE_TAGS_END && hole !== HOLE_EVENT_END) continue;
    let part = parts[i]!;
    if (hole !== HOLE_TAGS_END) {
      if (!part.endsWith(POSITION_PREFIX)) return -1;
      part = part.slice(0, -POSITION_PREFIX.length);
    }
    if (part.endsWith(",")) part = part.slice(0, -1);
    else if (part.endsWith(hole === HOLE_TAGS_END ? "[" : "{")) empty |= EMPTY[hole]!;
    else return -1;
    parts[i] = part;
  }
  return empty;
}

/**
 * The text of `additions` for the holes of a kept event: `[process end,
 * tags end, event end]`. `tags` are the kept event's own tags, `empty` the
 * bits from {@linkcode trimPositions}.
 */
export function contextTexts(
  additions: ContextAdditions | undefined,
  tags: readonly string[] | undefined,
  empty: number,
): [string, string, string] {
  if (additions === undefined) return ["", "", ""];
  let process = "";
  const added = additions.process as Record<string, unknown>;
  for (const key in added) process += "," + JSON.stringify(key) + ":" + JSON.stringify(added[key]);
  if (process !== "" && (empty & EMPTY[HOLE_PROCESS_END]!) !== 0) process = process.slice(1);
  let labels = "";
  let end = "";
  const list = additions.labels;
  if (list !== undefined) {
    const all = tags === undefined ? [] : [...tags];
    for (const label of list) {
      if (all.includes(label)) continue;
      all.push(label);
      labels += "," + JSON.stringify(label);
    }
    if (tags === undefined) end = ',"tags":[' + labels.slice(1) + "]";
    else if (labels !== "" && (empty & EMPTY[HOLE_TAGS_END]!) !== 0) labels = labels.slice(1);
  }
  if (additions.container !== undefined) {
    end += ',"container":' + JSON.stringify(additions.container);
  }
  if (additions.orchestrator !== undefined) {
    end += ',"orchestrator":' + JSON.stringify(additions.orchestrator);
  }
  if (additions.systemd !== undefined) end += ',"systemd":' + JSON.stringify(additions.systemd);
  if (end !== "" && (empty & EMPTY[HOLE_EVENT_END]!) !== 0) end = end.slice(1);
  return [process, tags === undefined ? "" : labels, end];
}
