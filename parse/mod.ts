/**
 * Parse Linux audit records: auditd log lines (RAW and ENRICHED formats)
 * and netlink payloads become {@linkcode AuditMessage}s with go-libaudit's
 * field semantics (hex decoding, arch/syscall/errno names, `result`,
 * `unset` ids, SELinux contexts, socket addresses, execve arguments, rule
 * keys), parsed lazily and fast. The reassembler groups messages into
 * events by sequence number (see {@linkcode Reassembler}).
 *
 * @example Parse a log line
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 *
 * const msg = parseLogLine(
 *   "type=PROCTITLE msg=audit(1451781471.394:194435): proctitle=737368643A206275726E205B707269765D",
 * );
 * assert.equal(msg.sequence, 194435);
 * assert.equal(msg.data.proctitle, "sshd: burn [priv]");
 * assert.equal(JSON.parse(JSON.stringify(msg)).sequence, 194435); // go-libaudit's stored shape
 * ```
 *
 * @example Skip bad lines, with their line numbers
 * ```ts
 * import assert from "node:assert/strict";
 * import { ParseError, parseLogLine } from "@libaudit/libaudit/parse";
 *
 * const text = "type=CWD msg=audit(1.000:1): cwd=\"/\"\ngarbage\n";
 * const problems: string[] = [];
 * text.split("\n").forEach((line, i) => {
 *   if (line === "") return;
 *   try {
 *     assert.equal(parseLogLine(line).data.cwd, "/");
 *   } catch (e) {
 *     if (!(e instanceof ParseError)) throw e;
 *     e.line = i + 1;
 *     problems.push(`line ${e.line}: ${e.reason}`);
 *   }
 * });
 * assert.equal(problems.length, 1); // line 2: garbage
 * ```
 *
 * @example Tables and constants
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   AUDIT_SYSCALL,
 *   archName,
 *   errnoName,
 *   recordTypeName,
 *   syscallName,
 * } from "@libaudit/libaudit/parse";
 *
 * assert.equal(recordTypeName(AUDIT_SYSCALL), "SYSCALL");
 * assert.equal(syscallName(archName(0xc000003e) ?? "", 59), "execve");
 * assert.equal(errnoName(2), "ENOENT");
 * ```
 *
 * @module
 */

export { ParseError } from "./error.ts";
export { parseLogLine, parseMessage } from "./header.ts";
export type { AuditMessage, StoredMessage } from "./message.ts";
export { recordTypeName, recordTypeNumber } from "./record_type.ts";
export * from "./reassembler.ts";
export { isUnsetId, UNSET_ID } from "./ids.ts";
export { archName } from "./names.ts";
export * from "./tables/record_type_constants.ts";
export { RECORD_TYPE_RANGES, RECORD_TYPES, type RecordTypeRange } from "./tables/record_types.ts";
export { AUDIT_ARCH } from "./tables/arches.ts";
export { ERRNO_NAMES } from "./tables/errno.ts";
export { SYSCALLS } from "./tables/syscalls.ts";
export {
  auditArchValue,
  errnoName,
  errnoNumber,
  syscallName,
  syscallNumber,
} from "./tables/lookup.ts";
