/**
 * The stderr lines about reassembly that nothing else shows: never-ending
 * serials split into parts, and nodes past the loss-tracking bound.
 *
 * @module
 */
import type { ReassemblerStats, SequencedMessage, UntrackedNode } from "../../parse/mod.ts";

/** Said when the first piece of a split serial is emitted. */
export function splitWarning(first: SequencedMessage, maxRecords: number): string {
  const node = first.node === undefined ? "" : ` (node ${first.node})`;
  return `event ${first.sequence}${node}: more than ${maxRecords} records with one serial; ` +
    `printed in parts of ${maxRecords}`;
}

/** Said when loss tracking first leaves a node out. */
export function untrackedWarning(u: UntrackedNode): string {
  return `more than ${u.maxNodes} nodes: missing serials of node ${u.node ?? "(local)"} ` +
    `and of later new nodes are not tracked`;
}

/** The totals at the end (empty when nothing happened). */
export function reassemblySummary(stats: Readonly<ReassemblerStats>): string[] {
  const out: string[] = [];
  if (stats.splitSerials > 0) {
    out.push(
      `${stats.splitSerials} serial(s) with too many records were split into ` +
        `${stats.splitEvents} events`,
    );
  }
  if (stats.untrackedNodes > 0) {
    const names = stats.untrackedNodeNames.map((n) => n === "" ? "(local)" : n);
    const more = stats.untrackedNodes > names.length
      ? `, and ${stats.untrackedNodes - names.length} more`
      : "";
    out.push(
      `missing serials not tracked for ${stats.untrackedNodes} node(s) past the bound ` +
        `(${stats.untrackedRecords} records): ${names.join(", ")}${more}`,
    );
  }
  return out;
}
