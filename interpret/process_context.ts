/**
 * Process context on interpreted events: the parent, an ancestry chain, the
 * start time, the session and entry leaders, the script an exec ran, labels,
 * and the container, pod and systemd unit, from a {@linkcode ProcessTable}
 * per `node`. Pure: live facts (`/proc`, hashes) are injected.
 *
 * @module
 */

import type { AuditEvent, ProcessRef } from "./event.ts";
import {
  addContext,
  type AppliedContext,
  type ContextAdditions,
  type ContextFacts,
  contextFacts,
} from "./context_facts.ts";
import { type CgroupInfo, parseCgroup } from "./cgroup.ts";
import { labelExec, labelKeys, type LabelRules } from "./labels.ts";
import {
  type LookupOmit,
  type ProcessFacts,
  type ProcessNode,
  ProcessTable,
  type ProcessTableStats,
} from "./process_table.ts";

/** Which context is added, and where live facts come from. */
export interface ProcessContextOptions {
  /** `process.parent` (pid, executable, name, args, start). Default true. */
  readonly parent?: boolean;
  /** Length of `process.ancestry` (parent first); 0 for none. Default 0. */
  readonly ancestry?: number;
  /** `process.start`, `process.session_leader`, `process.entry_leader`. Default true. */
  readonly leaders?: boolean;
  /** `process.script` when an exec ran a script. Default true. */
  readonly script?: boolean;
  /** `container.id`/`container.runtime` and the pod uid (`orchestrator.resource`). Default false. */
  readonly container?: boolean;
  /** `systemd.unit`. Default false. */
  readonly unit?: boolean;
  /** Label rules; labels go to the event's `tags`. */
  readonly labels?: LabelRules;
  /** Most processes per node. Default 32768. */
  readonly maxProcesses?: number;
  /** How long (ms) exited processes are kept for late children. Default 30000. */
  readonly exitedTtl?: number;
  /**
   * Live facts about a local pid (events without `node`), e.g. from `/proc`;
   * `omit` names facts the event gives (an exec's executable and arguments).
   */
  readonly lookup?: (pid: number, omit?: LookupOmit) => ProcessFacts | undefined;
  /** The live text of `/proc/PID/cgroup` of a local pid (re-read at each exec). */
  readonly cgroupOf?: (pid: number) => string | undefined;
  /** The SHA-256 (hex) of a process's executable, for `process.hash.sha256`. */
  readonly hash?: (node: ProcessNode) => string | undefined;
}

/** Counters over all nodes' tables. */
export type ProcessContextStats = ProcessTableStats;

/** ms (event time) a live cgroup read is reused for the same pid. */
const CGROUP_TTL = 100;

/**
 * Adds process context to interpreted events, in log order, keeping one
 * process table per `node`. Call {@linkcode ProcessContext.apply} on every
 * event (or {@linkcode ProcessContext.observe} on events that are not
 * printed), so that the table sees every exec, fork and exit.
 *
 * @example
 * ```ts
 * import { coalesce, ProcessContext } from "@libaudit/libaudit/interpret";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * import assert from "node:assert/strict";
 * const context = new ProcessContext({ ancestry: 4 });
 * const exec = (seq: number, pid: number, ppid: number, exe: string) =>
 *   coalesce([parseLogLine(
 *     `type=SYSCALL msg=audit(1.000:${seq}): arch=c000003e syscall=59 success=yes exit=0 ` +
 *       `ppid=${ppid} pid=${pid} auid=0 uid=0 ses=1 comm="x" exe="${exe}"`,
 *   )]);
 * context.apply(exec(1, 10, 1, "/usr/bin/bash"), 1000);
 * const event = context.apply(exec(2, 11, 10, "/usr/bin/ls"), 1000);
 * assert.equal(event.process.parent?.executable, "/usr/bin/bash");
 * ```
 */
export class ProcessContext {
  readonly #options: ProcessContextOptions;
  readonly #tables = new Map<string | undefined, ProcessTable>();
  readonly #cgroups = new Map<string, CgroupInfo>();
  readonly #propagate: ReadonlySet<string>;
  /** Pids looked up live during the current event, and whether they were there. */
  readonly #looked = new Map<number, boolean>();
  /** Live cgroup reads: pid → [text, time], re-read after {@linkcode CGROUP_TTL} ms. */
  readonly #cgroupReads = new Map<number, [string | undefined, number]>();
  #lastEvent: AuditEvent | undefined = undefined;
  #lastApplied: AppliedContext | undefined = undefined;

  /** Creates the context with `options`. */
  constructor(options: ProcessContextOptions = {}) {
    this.#options = options;
    this.#propagate = new Set(options.labels?.propagate ?? []);
  }

  /** Adds processes known from outside the log to the local (no `node`) table. */
  seed(facts: Iterable<ProcessFacts>): void {
    this.#table(undefined).seed(facts);
  }

  /** The counters, summed over the nodes. */
  get stats(): ProcessContextStats {
    const sum: ProcessContextStats = { size: 0, evicted: 0, expired: 0, reused: 0 };
    for (const table of this.#tables.values()) {
      const s = table.stats;
      sum.size += table.size;
      sum.evicted += s.evicted;
      sum.expired += s.expired;
      sum.reused += s.reused;
    }
    return sum;
  }

  #table(node: string | undefined): ProcessTable {
    let table = this.#tables.get(node);
    if (table === undefined) {
      const o = this.#options;
      table = new ProcessTable({
        ...(o.maxProcesses === undefined ? {} : { maxProcesses: o.maxProcesses }),
        ...(o.exitedTtl === undefined ? {} : { exitedTtl: o.exitedTtl }),
        ...(o.lookup === undefined || node !== undefined ? {} : {
          lookup: (pid: number, omit?: LookupOmit) => {
            const facts = omit === undefined ? o.lookup!(pid) : o.lookup!(pid, omit);
            this.#looked.set(pid, facts !== undefined);
            return facts;
          },
        }),
        propagate: this.#propagate,
      });
      this.#tables.set(node, table);
    }
    return table;
  }

  /**
   * Feeds the event to the table without changing it; returns the event's
   * process, or `undefined` when the event has no pid.
   */
  observe(event: AuditEvent, time: number): ProcessNode | undefined {
    const facts = contextFacts(event);
    return facts === undefined ? undefined : this.observeFacts(facts, time);
  }

  /**
   * Feeds an event's {@linkcode ContextFacts} (see {@linkcode contextFacts})
   * to the table; returns the event's process. The same as
   * {@linkcode ProcessContext.observe} of that event.
   */
  observeFacts(facts: ContextFacts, time: number): ProcessNode {
    const pid = facts.pid;
    if (this.#looked.size > 0) this.#looked.clear(); // clear() allocates
    const node = this.#table(facts.node).observe({
      time,
      pid,
      ppid: facts.ppid,
      syscall: facts.syscall,
      success: facts.success,
      exit: facts.exit,
      a0: facts.a0,
      exe: facts.exe,
      name: facts.name,
      args: facts.args,
      ses: facts.ses,
    });
    const o = this.#options;
    if (facts.exec) {
      if (o.script !== false) node.script = facts.script;
      if (o.labels !== undefined) {
        node.labels = labelExec(node.labels, o.labels, node.exe, node.args);
      }
      if (o.cgroupOf !== undefined && facts.node === undefined) {
        // Just read from /proc (fresh), or found gone: no second read of the same pid.
        const looked = this.#looked.get(pid);
        const own = looked === undefined ? this.#cgroupOf(pid, time) : undefined;
        const text = looked === true
          ? node.cgroup
          : own ?? (node.parent && this.#cgroupOf(node.parent.pid, time));
        if (text !== undefined) node.cgroup = text;
      }
    }
    if (o.labels?.keys !== undefined) node.labels = labelKeys(node.labels, o.labels, facts.tags);
    return node;
  }

  /** Feeds the event to the table and adds the context to it; returns `event`. */
  apply(event: AuditEvent, time: number): AuditEvent {
    const facts = contextFacts(event);
    this.#lastEvent = event;
    this.#lastApplied = undefined;
    if (facts === undefined) return event;
    const additions = this.additions(this.observeFacts(facts, time));
    this.#lastApplied = { additions, tags: event.tags?.length ?? -1 };
    return addContext(event, additions);
  }

  /**
   * What {@linkcode ProcessContext.apply} added to `event`, when it was the
   * last event applied and had a pid.
   */
  applied(event: AuditEvent): AppliedContext | undefined {
    return event === this.#lastEvent ? this.#lastApplied : undefined;
  }

  /** The context of `node` (just observed), as {@linkcode ProcessContext.apply} adds it. */
  additions(node: ProcessNode): ContextAdditions {
    const o = this.#options;
    const process: ContextAdditions["process"] = {};
    if (o.leaders !== false && node.start !== undefined) process.start = iso(node.start);
    const parent = node.parent;
    if (o.parent !== false && parent !== undefined) process.parent = ref(parent, true);
    const depth = o.ancestry ?? 0;
    if (depth > 0 && parent !== undefined) {
      const chain: ProcessRef[] = [];
      for (
        let p: ProcessNode | undefined = parent;
        p !== undefined && chain.length < depth;
        p = p.parent
      ) {
        chain.push(p.exe === undefined ? { pid: p.pid } : { pid: p.pid, executable: p.exe });
      }
      process.ancestry = chain;
    }
    if (o.leaders !== false) {
      const session = sessionLeader(node);
      if (session !== undefined) process.session_leader = ref(session, false);
      const entry = entryLeader(node);
      if (entry !== undefined) process.entry_leader = ref(entry, false);
    }
    if (node.script !== undefined && o.script !== false) process.script = { path: node.script };
    if (o.hash !== undefined) {
      const sha256 = o.hash(node);
      if (sha256 !== undefined) process.hash = { sha256 };
    }
    const additions: ContextAdditions = {
      process,
      labels: node.labels !== undefined && node.labels.size > 0 ? [...node.labels] : undefined,
    };
    if ((o.container || o.unit) && node.cgroup !== undefined) {
      const info = this.#cgroupInfo(node.cgroup);
      if (o.container && info.containerId !== undefined) {
        additions.container = info.runtime === undefined
          ? { id: info.containerId }
          : { id: info.containerId, runtime: info.runtime };
      }
      if (o.container && info.podUid !== undefined) {
        additions.orchestrator = {
          type: "kubernetes",
          resource: { type: "pod", id: info.podUid },
        };
      }
      if (o.unit && info.unit !== undefined) additions.systemd = { unit: info.unit };
    }
    return additions;
  }

  /**
   * The live cgroup text of `pid`, read at most every {@linkcode CGROUP_TTL}
   * ms of event time (a parent that starts thousands of children is read once
   * per interval, not once per child).
   */
  #cgroupOf(pid: number, time: number): string | undefined {
    const cached = this.#cgroupReads.get(pid);
    if (cached !== undefined && time - cached[1] < CGROUP_TTL && time >= cached[1]) {
      return cached[0];
    }
    const text = this.#options.cgroupOf!(pid);
    if (this.#cgroupReads.size >= 4096) this.#cgroupReads.clear();
    this.#cgroupReads.set(pid, [text, time]);
    return text;
  }

  #cgroupInfo(text: string): CgroupInfo {
    let info = this.#cgroups.get(text);
    if (info === undefined) {
      info = parseCgroup(text);
      if (this.#cgroups.size >= 4096) this.#cgroups.clear();
      this.#cgroups.set(text, info);
    }
    return info;
  }
}

/** ISO texts of start times: parents' starts repeat with every child's event. */
const ISO_TEXTS = new Map<number, string>();

function iso(ms: number): string {
  let text = ISO_TEXTS.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (ISO_TEXTS.size >= 4096) ISO_TEXTS.clear();
    ISO_TEXTS.set(ms, text);
  }
  return text;
}

function ref(node: ProcessNode, full: boolean): ProcessRef {
  const out: ProcessRef = { pid: node.pid };
  if (node.exe !== undefined) out.executable = node.exe;
  if (node.name !== undefined) out.name = node.name;
  // Shared, not copied: a process's args are replaced on exec, never changed.
  if (full && node.args !== undefined) out.args = node.args as string[];
  if (full && node.start !== undefined) out.start = iso(node.start);
  return out;
}

/** The ancestor (or the process itself) whose pid is the POSIX session id. */
function sessionLeader(node: ProcessNode): ProcessNode | undefined {
  const sid = node.sid;
  if (sid === undefined) return undefined;
  for (
    let p: ProcessNode | undefined = node, n = 0;
    p !== undefined && n < 256;
    p = p.parent, n++
  ) {
    if (p.pid === sid) return p;
  }
  return undefined;
}

/** The topmost known ancestor in the same audit session (the login's first process). */
function entryLeader(node: ProcessNode): ProcessNode | undefined {
  const ses = node.ses;
  if (ses === undefined) return undefined;
  let leader: ProcessNode | undefined;
  for (
    let p: ProcessNode | undefined = node, n = 0;
    p !== undefined && n < 256;
    p = p.parent, n++
  ) {
    if (p.ses === ses) leader = p;
    else if (p.ses !== undefined) break;
  }
  return leader;
}
