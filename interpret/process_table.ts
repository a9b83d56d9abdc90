/**
 * A bounded table of processes, keyed on (pid, start), fed with facts by
 * whoever has them: a `/proc` reader when live, and the events themselves
 * (exec, fork/clone/vfork, exit) live and offline. Each process links to the
 * process object that was its parent when it was seen, so a reused pid never
 * changes the parent of a process already known; a new exec, fork or exit of
 * a pid starts a new entry rather than rewriting the old one.
 *
 * Pure: the `/proc` reader is injected ({@linkcode ProcessTableOptions.lookup}).
 *
 * @module
 */
import { Interner } from "./_process_intern.ts";
import { blank, fromFacts, inherit } from "./_process_node.ts";

/** What is known about a process from outside the log (e.g. `/proc/PID`). */
export interface ProcessFacts {
  /** Process id. */
  readonly pid: number;
  /** Parent process id. */
  readonly ppid?: number | undefined;
  /** Start time, ms since the epoch. */
  readonly start?: number | undefined;
  /** Executable path. */
  readonly exe?: string | undefined;
  /** `comm`. */
  readonly name?: string | undefined;
  /** Arguments. */
  readonly args?: readonly string[] | undefined;
  /** The text of `/proc/PID/cgroup`. */
  readonly cgroup?: string | undefined;
  /** POSIX session id (the session leader's pid). */
  readonly sid?: number | undefined;
  /** Audit session id (`ses`). */
  readonly ses?: string | undefined;
}

/** One process (one generation of a pid). */
export interface ProcessNode {
  /** Process id. */
  readonly pid: number;
  /** Parent process id, when known. */
  ppid: number | undefined;
  /** The parent process as it was known when this one was seen first. */
  parent: ProcessNode | undefined;
  /** Start time, ms since the epoch, when known (fork event or /proc). */
  start: number | undefined;
  /** Executable path, when known. */
  exe: string | undefined;
  /** `comm`, when known. */
  name: string | undefined;
  /** Arguments of its last exec, when known. */
  args: readonly string[] | undefined;
  /** The text of `/proc/PID/cgroup` (or its parent's, inherited at fork). */
  cgroup: string | undefined;
  /** POSIX session id, when known. */
  sid: number | undefined;
  /** Audit session id, when known. */
  ses: string | undefined;
  /** When it exited (event time, ms), if an exit was seen. */
  exited: number | undefined;
  /** Labels attached to it (see `labels.ts`). */
  labels: Set<string> | undefined;
  /** The script its last exec ran, when that exec ran a script. */
  script: string | undefined;
}

/**
 * Facts a live lookup may leave out because the event at hand gives them:
 * a successful exec's executable and arguments replace the process's.
 */
export interface LookupOmit {
  /** The executable is not needed (`/proc/PID/exe`). */
  readonly exe: boolean;
  /** The arguments are not needed (`/proc/PID/cmdline`). */
  readonly args: boolean;
}

/** Counters of a {@linkcode ProcessTable}. */
export interface ProcessTableStats {
  /** Processes in the table now. */
  size: number;
  /** Processes dropped because the table was full (least recently seen first). */
  evicted: number;
  /** Exited processes dropped after `exitedTtl`. */
  expired: number;
  /** Times a pid was seen again as a new process (reuse, or a fork/exec after an exit). */
  reused: number;
}

/** Options of a {@linkcode ProcessTable}. */
export interface ProcessTableOptions {
  /** Most processes kept; the least recently seen is dropped beyond. Default 32768. */
  readonly maxProcesses?: number;
  /** How long (ms of event time) an exited process is kept for late children. Default 30000. */
  readonly exitedTtl?: number;
  /**
   * Live facts about a pid not in the table (e.g. read from `/proc`), or
   * `undefined` when there are none (offline, or the process is gone).
   * `omit`, when given, names facts the caller does not need.
   */
  readonly lookup?: (pid: number, omit?: LookupOmit) => ProcessFacts | undefined;
  /** Labels a new process inherits from its parent (see `labels.ts`). Default none. */
  readonly propagate?: ReadonlySet<string>;
}

/** The process facts an event carries. */
export interface ProcessEventFacts {
  /** Event time, ms since the epoch. */
  readonly time: number;
  /** `pid`. */
  readonly pid: number;
  /** `ppid`, when logged. */
  readonly ppid: number | undefined;
  /** The syscall name (`execve`, `clone`…), when the event has one. */
  readonly syscall: string | undefined;
  /** Whether the syscall succeeded. */
  readonly success: boolean;
  /** The syscall's `exit` (for fork/clone: the child's pid). */
  readonly exit: string | undefined;
  /** `a0` (for clone: the flags, hex). */
  readonly a0: string | undefined;
  /** `exe`. */
  readonly exe: string | undefined;
  /** `comm`. */
  readonly name: string | undefined;
  /** EXECVE arguments. */
  readonly args: readonly string[] | undefined;
  /** Audit session id. */
  readonly ses: string | undefined;
}

const FORKS: ReadonlySet<string> = new Set(["clone", "clone3", "fork", "vfork"]);
const EXECS: ReadonlySet<string> = new Set(["execve", "execveat"]);
const EXITS: ReadonlySet<string> = new Set(["exit", "exit_group"]);
const CLONE_THREAD = 0x10000;
/** How many unknown ancestors one live lookup follows up. */
const MAX_LOOKUP_DEPTH = 64;

/**
 * The process table (see the module doc).
 *
 * @example
 * ```ts
 * import { ProcessTable } from "@libaudit/libaudit/interpret";
 * import assert from "node:assert/strict";
 * const table = new ProcessTable();
 * const base = { success: true, exit: "0", a0: undefined, name: undefined, ses: undefined };
 * table.observe({ ...base, time: 1, pid: 10, ppid: 1, syscall: "execve", exe: "/bin/sh", args: ["sh"] });
 * const child = table.observe({ ...base, time: 2, pid: 11, ppid: 10, syscall: "execve", exe: "/bin/ls", args: ["ls"] });
 * assert.equal(child.parent?.exe, "/bin/sh");
 * ```
 */
export class ProcessTable {
  readonly #max: number;
  readonly #ttl: number;
  readonly #lookup: ((pid: number, omit?: LookupOmit) => ProcessFacts | undefined) | undefined;
  readonly #propagate: ReadonlySet<string>;
  /** pid → its current process, least recently seen first. */
  readonly #byPid = new Map<number, ProcessNode>();
  /** Exited processes in exit order, for expiry. */
  #exited: ProcessNode[] = [];
  #exitedHead = 0;
  /** Shared copies of the executables and argument lists kept. */
  readonly #shared = new Interner();
  /** Where eviction goes on: the least recently seen process is next. */
  #oldest: MapIterator<ProcessNode> | undefined;
  /** The process moved last to the end of `#byPid`. */
  #recent: ProcessNode | undefined = undefined;
  /** Counters. */
  readonly stats: ProcessTableStats = { size: 0, evicted: 0, expired: 0, reused: 0 };

  /** Creates an empty table. */
  constructor(options: ProcessTableOptions = {}) {
    this.#max = Math.max(1, options.maxProcesses ?? 32768);
    this.#ttl = options.exitedTtl ?? 30_000;
    this.#lookup = options.lookup;
    this.#propagate = options.propagate ?? new Set();
  }

  /** Adds processes known from outside the log (e.g. all of `/proc` at start). */
  seed(facts: Iterable<ProcessFacts>): void {
    const list = [...facts];
    for (const f of list) this.#put(fromFacts(f, undefined));
    for (const f of list) {
      const node = this.#byPid.get(f.pid);
      if (node !== undefined && node.ppid !== undefined) node.parent = this.#byPid.get(node.ppid);
    }
  }

  /** The current process of `pid`, if known (without live lookup). */
  get(pid: number): ProcessNode | undefined {
    return this.#byPid.get(pid);
  }

  /** Processes in the table now. */
  get size(): number {
    return this.#byPid.size;
  }

  /**
   * Takes in one event's process facts and returns the process the event is
   * about, as of this event: a fork adds the child, an exec updates the
   * process (exe, name, args), an exit marks it exited.
   */
  observe(facts: ProcessEventFacts): ProcessNode {
    this.#expire(facts.time);
    const { pid, ppid, syscall } = facts;
    // A successful exec replaces the executable and arguments it names: no need to read them.
    const omit = syscall !== undefined && facts.success && EXECS.has(syscall)
      ? OMITS[(facts.exe === undefined ? 0 : 1) | (facts.args === undefined ? 0 : 2)]
      : undefined;
    let node = this.#current(pid, ppid, facts.time, omit);
    if (facts.ses !== undefined) node.ses = facts.ses;
    if (facts.name !== undefined && node.name === undefined) node.name = facts.name;
    if (facts.exe !== undefined && node.exe === undefined) {
      node.exe = this.#shared.string(facts.exe);
    }
    if (syscall === undefined || !facts.success) return node;
    if (EXECS.has(syscall)) {
      if (facts.exe !== undefined) node.exe = this.#shared.string(facts.exe);
      if (facts.name !== undefined) node.name = facts.name;
      if (facts.args !== undefined) node.args = this.#shared.list(facts.args);
      node.script = undefined;
    } else if (FORKS.has(syscall)) {
      const child = parsePid(facts.exit);
      if (child !== undefined && child !== pid && !isThreadClone(syscall, facts.a0)) {
        this.#fork(node, child, facts.time);
      }
    } else if (EXITS.has(syscall)) {
      this.#exit(node, facts.time);
    }
    node = this.#byPid.get(pid) ?? node;
    return node;
  }

  /** Marks the current process of `pid` exited at `time` (e.g. from a live exit notice). */
  exit(pid: number, time: number): void {
    const node = this.#byPid.get(pid);
    if (node !== undefined) this.#exit(node, time);
  }

  /** The process of `pid` for an event at `time` with parent `ppid`, made current. */
  #current(pid: number, ppid: number | undefined, time: number, omit?: LookupOmit): ProcessNode {
    const node = this.#byPid.get(pid);
    if (node !== undefined) {
      if (node.exited === undefined && (ppid === undefined || node.ppid === ppid)) {
        this.#touch(node);
        return node;
      }
      if (node.exited === undefined && node.ppid === undefined) {
        node.ppid = ppid;
        node.parent = this.#parentFor(ppid!, time);
        this.#touch(node);
        return node;
      }
      if (node.exited === undefined && node.parent?.exited !== undefined) {
        // Reparented after its parent's exit: the same process.
        node.ppid = ppid;
        node.parent = this.#parentFor(ppid!, time);
        this.#touch(node);
        return node;
      }
      if (node.exited === undefined && this.#sameLive(node)) {
        node.ppid = ppid;
        node.parent = this.#parentFor(ppid!, time);
        this.#touch(node);
        return node;
      }
      this.stats.reused++;
    }
    const facts = omit === undefined ? this.#lookup?.(pid) : this.#lookup?.(pid, omit);
    const fresh = facts !== undefined && (ppid === undefined || facts.ppid === ppid)
      ? fromFacts(facts, undefined)
      : blank(pid, ppid);
    if (fresh.ppid !== undefined) fresh.parent = this.#parentFor(fresh.ppid, time);
    inherit(fresh, this.#propagate);
    this.#put(fresh);
    return fresh;
  }

  /** Whether a live lookup says `node`'s pid is still the same process (same start). */
  #sameLive(node: ProcessNode): boolean {
    if (this.#lookup === undefined || node.start === undefined) return false;
    const facts = this.#lookup(node.pid);
    return facts?.start !== undefined && Math.abs(facts.start - node.start) < 20;
  }

  /** The parent process `ppid` for a child seen at `time`: its current one, else looked up. */
  #parentFor(ppid: number, time: number, depth = 0): ProcessNode | undefined {
    const known = this.#byPid.get(ppid);
    // An exited parent is the parent of events up to its exit; after it, a
    // child still naming that ppid has a new process of the reused pid as parent.
    if (known !== undefined && (known.exited === undefined || time <= known.exited)) return known;
    if (ppid <= 0 || depth > MAX_LOOKUP_DEPTH) return undefined;
    const facts = this.#lookup?.(ppid);
    if (known !== undefined) this.stats.reused++;
    if (facts === undefined) {
      const stub = blank(ppid, undefined);
      this.#put(stub);
      return stub;
    }
    const node = fromFacts(facts, undefined);
    if (node.ppid !== undefined && node.ppid !== ppid) {
      node.parent = this.#parentFor(node.ppid, time, depth + 1);
    }
    inherit(node, this.#propagate);
    this.#put(node);
    return node;
  }

  #fork(parent: ProcessNode, pid: number, time: number): void {
    const old = this.#byPid.get(pid);
    if (
      old !== undefined && old.parent === parent && old.start === undefined && old.exe === undefined
    ) {
      old.start = time; // a stub made by the child's own event, seen before the fork
      return;
    }
    if (old !== undefined) this.stats.reused++;
    const child: ProcessNode = {
      pid,
      ppid: parent.pid,
      parent,
      start: time,
      exe: parent.exe,
      name: parent.name,
      args: parent.args,
      cgroup: parent.cgroup,
      sid: parent.sid,
      ses: parent.ses,
      exited: undefined,
      labels: undefined,
      script: parent.script,
    };
    inherit(child, this.#propagate);
    this.#put(child);
  }

  #exit(node: ProcessNode, time: number): void {
    if (node.exited !== undefined) return;
    node.exited = time;
    this.#exited.push(node);
  }

  #expire(time: number): void {
    const list = this.#exited;
    while (this.#exitedHead < list.length) {
      const node = list[this.#exitedHead]!;
      if (time - node.exited! < this.#ttl) break;
      this.#exitedHead++;
      if (this.#byPid.get(node.pid) === node) {
        this.#byPid.delete(node.pid);
        if (node === this.#recent) this.#recent = undefined;
        node.parent = undefined;
        this.stats.expired++;
      }
    }
    if (this.#exitedHead > 1024 && this.#exitedHead * 2 > list.length) {
      this.#exited = list.slice(this.#exitedHead);
      this.#exitedHead = 0;
    }
    this.stats.size = this.#byPid.size;
  }

  #touch(node: ProcessNode): void {
    if (node === this.#recent) return; // already the most recently seen
    this.#recent = node;
    const map = this.#byPid;
    map.delete(node.pid);
    map.set(node.pid, node);
  }

  #put(node: ProcessNode): void {
    this.#recent = node;
    const map = this.#byPid;
    map.delete(node.pid);
    map.set(node.pid, node);
    while (map.size > this.#max) {
      // One iterator across evictions: a new one would walk every hole left by
      // the deletes since the map was last rebuilt (V8), once per eviction.
      let next = this.#oldest?.next();
      if (next === undefined || next.done) next = (this.#oldest = map.values()).next();
      const oldest = next.value as ProcessNode;
      map.delete(oldest.pid);
      // Cut its link up, so dropped processes never hold a chain of others.
      oldest.parent = undefined;
      this.stats.evicted++;
    }
    this.stats.size = map.size;
  }
}

/** What a lookup for an exec may leave out, by what the event names (exe: 1, args: 2). */
const OMITS: readonly (LookupOmit | undefined)[] = [
  undefined,
  { exe: true, args: false },
  { exe: false, args: true },
  { exe: true, args: true },
];

function parsePid(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 && n < 4194305 ? n : undefined;
}

function isThreadClone(syscall: string, a0: string | undefined): boolean {
  if (syscall !== "clone" || a0 === undefined) return false;
  const flags = parseInt(a0, 16);
  return Number.isFinite(flags) && (flags & CLONE_THREAD) !== 0;
}
