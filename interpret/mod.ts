/**
 * Interpret audit events: coalesce the records of one event into one
 * normalized {@linkcode AuditEvent} (go-libaudit's Event shape).
 *
 * @module
 */

export { coalesce, CoalesceError } from "./coalesce.ts";
export type * from "./event.ts";
export { type EventCategory, eventCategory } from "./event_category.ts";
