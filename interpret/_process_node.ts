/**
 * Building the process table's nodes: a blank one, one from live facts, and
 * the labels a new one inherits (a forked child is built in the table, with
 * the same fields in the same order: one object shape for V8).
 *
 * Module-private.
 *
 * @module
 */
import type { ProcessFacts, ProcessNode } from "./process_table.ts";

/** A process known only by its pid (and parent pid). */
export function blank(pid: number, ppid: number | undefined): ProcessNode {
  return {
    pid,
    ppid,
    parent: undefined,
    start: undefined,
    exe: undefined,
    name: undefined,
    args: undefined,
    cgroup: undefined,
    sid: undefined,
    ses: undefined,
    exited: undefined,
    labels: undefined,
    script: undefined,
  };
}

/** A process from live facts (e.g. `/proc`), with `parent` as its parent. */
export function fromFacts(f: ProcessFacts, parent: ProcessNode | undefined): ProcessNode {
  return {
    pid: f.pid,
    ppid: f.ppid,
    parent,
    start: f.start,
    exe: f.exe,
    name: f.name,
    args: f.args,
    cgroup: f.cgroup,
    sid: f.sid,
    ses: f.ses,
    exited: undefined,
    labels: undefined,
    script: undefined,
  };
}

/** Gives `node` the propagating labels of its parent. */
export function inherit(node: ProcessNode, propagate: ReadonlySet<string>): void {
  const from = node.parent?.labels;
  if (from === undefined || propagate.size === 0) return;
  for (const label of from) {
    if (propagate.has(label)) (node.labels ??= new Set()).add(label);
  }
}
