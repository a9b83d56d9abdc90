/**
 * libaudit for Deno: the Linux Audit Framework in TypeScript.
 *
 * This root module re-exports the four entrypoints. Import a subpath to take
 * only what you need; `parse`, `interpret` and `rule` are pure TypeScript and
 * run unchanged in Deno, Node and browsers, while `netlink` talks to the
 * kernel through `Deno.dlopen` and needs `--allow-ffi` (and root or
 * `CAP_AUDIT_CONTROL`/`CAP_AUDIT_READ`).
 *
 * - `@libaudit/libaudit/parse`: audit log lines and netlink payloads to
 *   messages; reassembly of records into events.
 * - `@libaudit/libaudit/interpret`: one normalized event per action
 *   (go-libaudit's Event shape with ECS fields), ID-to-name resolution.
 * - `@libaudit/libaudit/rule`: auditctl rule syntax to and from the kernel's
 *   binary rule format; rules files; change planning.
 * - `@libaudit/libaudit/netlink`: the audit client (status, settings, rules,
 *   live events) over an `AF_NETLINK`/`NETLINK_AUDIT` socket.
 *
 * @example Interpret an audit log
 * ```ts
 * import { coalesce, parseLogLine, Reassembler } from "@libaudit/libaudit";
 *
 * const reassembler = new Reassembler({
 *   onEvent: (messages) => console.log(coalesce(messages).summary),
 * });
 * for (const line of (await Deno.readTextFile("/var/log/audit/audit.log")).split("\n")) {
 *   if (line !== "") reassembler.push(parseLogLine(line));
 * }
 * reassembler.close();
 * ```
 *
 * @example Read the kernel's audit status
 * ```ts
 * import { AuditClient } from "@libaudit/libaudit";
 *
 * const client = AuditClient.open();
 * try {
 *   console.log(await client.getStatus());
 * } finally {
 *   await client.close();
 * }
 * ```
 *
 * @module
 */

export * from "./parse/mod.ts";
export * from "./interpret/mod.ts";
export * from "./rule/mod.ts";
export * from "./netlink/mod.ts";
// Both ./parse and ./netlink export these; the same value, or (errnoName)
// netlink's total form that names unknown values `E<n>`.
export { AUDIT_SET_FEATURE } from "./parse/mod.ts";
export { errnoName } from "./netlink/mod.ts";
