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
 * import assert from "node:assert/strict";
 * import { coalesce, type AuditEvent, parseLogLine, Reassembler } from "@libaudit/libaudit";
 *
 * const log = [
 *   'type=SYSCALL msg=audit(1795570504.898:100261): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=42 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 comm="true" exe="/usr/bin/true" key="exec"',
 *   "type=EOE msg=audit(1795570504.898:100261): ",
 * ]; // in practice: (await Deno.readTextFile("/var/log/audit/audit.log")).split("\n")
 * const events: AuditEvent[] = [];
 * const reassembler = new Reassembler({ onEvent: (messages) => events.push(coalesce(messages)) });
 * for (const line of log) if (line !== "") reassembler.push(parseLogLine(line));
 * reassembler.close();
 * assert.equal(events.length, 1);
 * assert.equal(events[0]?.summary.action, "executed");
 * ```
 *
 * @example Read the kernel's audit status
 * ```ts
 * import assert from "node:assert/strict";
 * import { AuditClient } from "@libaudit/libaudit";
 *
 * // Needs CAP_AUDIT_CONTROL (root); a read-only query.
 * const client = AuditClient.open();
 * try {
 *   const status = await client.getStatus();
 *   assert.ok([0, 1, 2].includes(status.enabled)); // off, on, locked
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
// Both ./parse (all record types) and ./netlink (the netlink request types)
// export these record-type constants; they are one definition.
export { AUDIT_SET_FEATURE } from "./parse/mod.ts";
