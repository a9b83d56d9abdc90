/**
 * Interpret audit events: {@linkcode coalesce} turns the records of one
 * event (as the reassembler in `@libaudit/libaudit/parse` emits them) into
 * one normalized {@linkcode AuditEvent} in go-libaudit's Event shape, with
 * a summary (actor, action, object, how) and ECS categorization from the
 * normalization table. {@linkcode resolveIds} adds user and group names
 * through an {@linkcode IdResolver}; {@linkcode formatEventText} renders an
 * event as one escaped text line.
 *
 * @example Interpret a log
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine, Reassembler } from "@libaudit/libaudit/parse";
 * import { coalesce, formatEventText } from "@libaudit/libaudit/interpret";
 *
 * const text = // in practice: await Deno.readTextFile("/var/log/audit/audit.log")
 *   'type=SYSCALL msg=audit(1795570504.898:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=42 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 comm="true" exe="/usr/bin/true" key="exec"\n' +
 *   "type=EOE msg=audit(1795570504.898:7): \n";
 * const lines: string[] = [];
 * const reassembler = new Reassembler({
 *   onEvent: (records) => lines.push(formatEventText(coalesce(records))),
 *   onLost: (lost) => console.error(`lost ${lost.count} events`),
 * });
 * for (const line of text.split("\n")) if (line !== "") reassembler.push(parseLogLine(line));
 * reassembler.close();
 * assert.equal(lines.length, 1);
 * assert.match(lines[0]!, /\/usr\/bin\/true/);
 * ```
 *
 * @example Resolve ids with Deno's file system
 * ```ts
 * import assert from "node:assert/strict";
 * import { coalesce, IdResolver, resolveIds } from "@libaudit/libaudit/interpret";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 *
 * const resolver = new IdResolver({
 *   readFile(path) {
 *     try {
 *       return Deno.readTextFileSync(path);
 *     } catch {
 *       return undefined;
 *     }
 *   },
 *   mtime(path) {
 *     try {
 *       return Deno.statSync(path).mtime?.getTime() ?? 0;
 *     } catch {
 *       return undefined;
 *     }
 *   },
 * });
 * // resolveIds fills user.names, file.owner, ECS names…
 * const event = resolveIds(
 *   coalesce([parseLogLine("type=USER_CMD msg=audit(1.000:1): pid=1 uid=0 auid=0 msg='cmd=6C73 res=success'")]),
 *   resolver,
 * );
 * assert.equal(event.user.names?.uid, "root");
 * ```
 *
 * @module
 */

export { coalesce, CoalesceError, lowerRecordTypeName } from "./coalesce.ts";
export type * from "./event.ts";
export { type EventCategory, eventCategory } from "./event_category.ts";
export {
  type IdFileSource,
  type IdLookup,
  IdResolver,
  type IdResolverOptions,
  type IdTable,
  parseIdFile,
  resolveIds,
} from "./id_resolver.ts";
export type { EcsMapping, EcsSource, EcsTarget, Normalization } from "./normalization_types.ts";
export { NORMALIZATIONS } from "./normalizations.ts";
export {
  hasSyscallNormalization,
  recordTypeNormalizations,
  syscallNormalization,
} from "./normalization_lookup.ts";
export { escapeText, formatEventText } from "./text.ts";
export { type CgroupInfo, parseCgroup } from "./cgroup.ts";
export {
  labelExec,
  labelKeys,
  type LabelRule,
  LabelRuleError,
  type LabelRules,
  parseLabelRule,
} from "./labels.ts";
export {
  type LookupOmit,
  type ProcessEventFacts,
  type ProcessFacts,
  type ProcessNode,
  ProcessTable,
  type ProcessTableOptions,
  type ProcessTableStats,
} from "./process_table.ts";
export { DEFAULT_TTL_MS, TtlCache, type TtlCacheOptions } from "./ttl_cache.ts";
export { addTargetIds } from "./target_ids.ts";
export {
  ProcessContext,
  type ProcessContextOptions,
  type ProcessContextStats,
} from "./process_context.ts";
export {
  addContext,
  type AppliedContext,
  type ContextAdditions,
  type ContextFacts,
  contextFacts,
} from "./context_facts.ts";
export * from "./search/mod.ts";
export {
  fieldType,
  interpretField,
  interpretTyped,
  msgTypeName,
  msgTypeNumber,
} from "./auparse/field.ts";
export {
  type EventStamp,
  formatInterpretedLine,
  formatInterpretedRecord,
  type InterpretedField,
  type InterpretedFormatOptions,
  interpretRecord,
  parseInterpretations,
} from "./auparse/format.ts";
export { escapeFor as escapeAuparse } from "./auparse/_escape.ts";
export { cDate, cTime, LocalClock, type LocalTime } from "./auparse/time.ts";
export type { EscapeMode, FieldContext, FieldType, NameResolver } from "./auparse/types.ts";
export { AUDIT_USERSPACE_VERSION } from "./auparse/tables.ts";
export {
  auparseEvents,
  csvHeader,
  type CsvOptions,
  type FedRecord,
  formatCsvEvent,
  formatTextEvent,
  normalizeAuparse,
  type NormalizedEvent,
  type NormalizeOptions,
} from "./auparse/normalize.ts";
/**
 * aureport 3.0.9's reports as pure functions ({@linkcode report.AureportRun},
 * {@linkcode report.parseReportArgs}, …), in their own namespace since some
 * names (`EventGrouper`, `extractSearchItems`, `SearchItems`) are also
 * ausearch's.
 */
export * as report from "./report/mod.ts";
