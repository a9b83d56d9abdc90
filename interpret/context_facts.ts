/**
 * What process context reads from an event ({@linkcode ContextFacts}) and
 * what it adds to one ({@linkcode ContextAdditions}), apart, so that an event
 * whose JSON is kept (`event_json_cache.ts`) can feed the process table and
 * get its context without being interpreted again.
 *
 * @module
 */

import type { AuditEvent, ProcessInfo } from "./event.ts";
import type { ProcessEventFacts } from "./process_table.ts";
import { getField } from "./fields.ts";

/** An event's facts for the process table (see {@linkcode contextFacts}). */
export interface ContextFacts extends Omit<ProcessEventFacts, "time"> {
  /** The event's `node` (one process table per node). */
  readonly node: string | undefined;
  /** A successful exec. */
  readonly exec: boolean;
  /** The script an exec ran (see `ProcessContextOptions.script`). */
  readonly script: string | undefined;
  /** The event's tags (rule keys), for key labels. */
  readonly tags: readonly string[] | undefined;
}

/**
 * What process context adds to an event: keys at the end of `process`,
 * labels into `tags`, then `container`, `orchestrator` and `systemd`.
 */
export interface ContextAdditions {
  /** The keys added to `process`, in order. */
  readonly process: Pick<
    ProcessInfo,
    "start" | "parent" | "ancestry" | "session_leader" | "entry_leader" | "script" | "hash"
  >;
  /** The process's labels, added to `tags` where missing. */
  readonly labels: readonly string[] | undefined;
  /** `container`. */
  container?: { id: string; runtime?: string };
  /** `orchestrator`. */
  orchestrator?: { type: "kubernetes"; resource: { type: "pod"; id: string } };
  /** `systemd`. */
  systemd?: { unit: string };
}

/** What `ProcessContext.apply` did to an event. */
export interface AppliedContext {
  /** What it added. */
  readonly additions: ContextAdditions;
  /** How many tags the event had before (-1: no `tags`). */
  readonly tags: number;
}

const EXECS: ReadonlySet<string> = new Set(["execve", "execveat"]);
const UNSET_SES: ReadonlySet<string> = new Set(["", "unset", "4294967295", "-1"]);

/**
 * The facts of an interpreted `event` that process context reads, or
 * `undefined` when it has no pid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coalesce, contextFacts } from "@libaudit/libaudit/interpret";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * const facts = contextFacts(coalesce([parseLogLine(
 *   'type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 ses=3 comm="ls" exe="/usr/bin/ls"',
 * )]));
 * assert.equal(facts?.pid, 2);
 * assert.equal(facts?.exec, true);
 * ```
 */
export function contextFacts(event: AuditEvent): ContextFacts | undefined {
  const process = event.process;
  const pid = toPid(process.pid);
  if (pid === undefined) return undefined;
  const data = event.data;
  const syscall = data === undefined ? undefined : getField(data, "syscall");
  const success = event.result === "success";
  const exec = success && syscall !== undefined && EXECS.has(syscall);
  return {
    node: event.node,
    pid,
    ppid: toPid(process.ppid),
    syscall,
    success,
    exit: data === undefined ? undefined : getField(data, "exit"),
    a0: data === undefined ? undefined : getField(data, "a0"),
    exe: process.exe,
    name: process.name,
    args: process.args,
    ses: UNSET_SES.has(event.session) ? undefined : event.session,
    exec,
    script: exec ? scriptOf(event) : undefined,
    tags: event.tags,
  };
}

/**
 * Adds `additions` to `event` (as `ProcessContext.apply` does); returns
 * `event`.
 */
export function addContext(event: AuditEvent, additions: ContextAdditions): AuditEvent {
  Object.assign(event.process, additions.process);
  const labels = additions.labels;
  if (labels !== undefined) {
    const tags = event.tags ?? [];
    for (const label of labels) if (!tags.includes(label)) tags.push(label);
    event.tags = tags;
  }
  if (additions.container !== undefined) event.container = additions.container;
  if (additions.orchestrator !== undefined) event.orchestrator = additions.orchestrator;
  if (additions.systemd !== undefined) event.systemd = additions.systemd;
  return event;
}

/** A pid from its decimal text (no regex: this runs for every event). */
export function toPid(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = text.length;
  if (n === 0 || n > 10) return undefined;
  let pid = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    pid = pid * 10 + c;
  }
  return pid;
}

/** Dynamic loaders, which the kernel records as a binary's second PATH. */
const LOADER = /(?:^|\/)ld(?:-[^/]*\.so[^/]*|\.so[^/]*)$/;

/**
 * The script an exec ran: the first PATH record when it is not the
 * executable and the second is an interpreter rather than a dynamic loader.
 */
function scriptOf(event: AuditEvent): string | undefined {
  const paths = event.paths;
  if (paths === undefined || paths.length < 2) return undefined;
  const first = getField(paths[0]!, "name");
  const second = getField(paths[1]!, "name");
  if (first === undefined || second === undefined || LOADER.test(second)) return undefined;
  const exe = event.process.exe;
  if (exe === undefined || first === exe) return undefined;
  const cwd = event.process.cwd;
  if (!first.startsWith("/") && cwd !== undefined) {
    const absolute = cwd.replace(/\/$/, "") + "/" + first.replace(/^\.\//, "");
    if (absolute === exe) return undefined;
    return absolute;
  }
  return first;
}
