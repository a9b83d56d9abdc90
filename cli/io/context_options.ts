/**
 * The process-context flags of `parse`, `stream` and `plugin` (issue 13):
 * their specs, and the {@linkcode ProcessContext} they build. Commands spread
 * {@linkcode CONTEXT_OPTIONS} into their spec and pass the parsed values to
 * {@linkcode contextFromFlags}.
 *
 * Defaults: live (`stream`, `plugin`) adds the parent, container and unit;
 * offline (`parse`) adds nothing unless `--ancestry` is given.
 *
 * @module
 */
import { type LabelRule, parseLabelRule } from "../../interpret/labels.ts";
import { ProcessContext } from "../../interpret/process_context.ts";
import { ExeHasher } from "../host/exe_hash.ts";
import { nssAvailable } from "../host/nss_ids.ts";
import { PROC_NEEDS } from "../host/least_privilege.ts";
import type { ContextSetup } from "./interpretation.ts";
import { ProcReader } from "../host/proc.ts";
import { parseCount, UsageError } from "../usage.ts";

/** The process-context option specs. */
export const CONTEXT_OPTIONS = {
  ancestry: {
    type: "boolean",
    description: "Process context (-i): process.parent, process.ancestry, leaders, script; " +
      "offline from the log itself (per node, across the files)",
  },
  "ancestry-depth": {
    type: "string",
    value: "N",
    description: "Length of process.ancestry (default 8; 0: none)",
  },
  "no-parent": {
    type: "boolean",
    description: "Live: no process table (no process.parent, labels, container, unit)",
  },
  "no-container": {
    type: "boolean",
    description: "Live: no container.id/runtime and pod uid from /proc/PID/cgroup",
  },
  "no-unit": { type: "boolean", description: "Live: no systemd.unit from /proc/PID/cgroup" },
  "exe-hash": {
    type: "boolean",
    description: "Live: process.hash.sha256 of the executable (cached by dev/inode/mtime)",
  },
  "exe-hash-max-size": {
    type: "string",
    value: "BYTES",
    description: "Do not hash executables larger than this (default 67108864)",
  },
  "label-exe": {
    type: "string",
    value: "LABEL=REGEX",
    multiple: true,
    description: "Label processes whose executable matches REGEX (labels go to tags)",
  },
  "label-argv": {
    type: "string",
    value: "LABEL=REGEX",
    multiple: true,
    description: "Label processes whose arguments (joined by spaces) match REGEX",
  },
  "label-key": {
    type: "string",
    value: "LABEL=REGEX",
    multiple: true,
    description: "Label processes with an event whose rule key matches REGEX",
  },
  "propagate-label": {
    type: "string",
    value: "LABEL",
    multiple: true,
    description: "Children inherit LABEL from their parent",
  },
  "user-groups": {
    type: "boolean",
    description: "user.groups: the names of the uid's groups (through NSS; needs --allow-ffi)",
  },
  "max-processes": {
    type: "string",
    value: "N",
    description: "Processes kept per node in the process table (default 32768)",
  },
} as const;

// Live process context reads /proc: `--user` keeps the capabilities for it.
PROC_NEEDS.push((values, live) => live && values["no-parent"] !== true);

/** The parsed values of {@linkcode CONTEXT_OPTIONS}. */
export interface ContextFlags {
  readonly ancestry?: boolean | undefined;
  readonly "ancestry-depth"?: string | undefined;
  readonly "no-parent"?: boolean | undefined;
  readonly "no-container"?: boolean | undefined;
  readonly "no-unit"?: boolean | undefined;
  readonly "exe-hash"?: boolean | undefined;
  readonly "exe-hash-max-size"?: string | undefined;
  readonly "label-exe"?: readonly string[] | undefined;
  readonly "label-argv"?: readonly string[] | undefined;
  readonly "label-key"?: readonly string[] | undefined;
  readonly "propagate-label"?: readonly string[] | undefined;
  readonly "max-processes"?: string | undefined;
  readonly "user-groups"?: boolean | undefined;
}

function rules(specs: readonly string[] | undefined): LabelRule[] | undefined {
  if (specs === undefined || specs.length === 0) return undefined;
  return specs.map((spec) => {
    try {
      return parseLabelRule(spec);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
}

/**
 * The process context the flags ask for, or `undefined` for none. `live`:
 * `stream`/`plugin` (seeded from `/proc`, parent, container and unit on by
 * default); otherwise offline `parse` (on with `--ancestry` or a label rule).
 */
export function contextFromFlags(v: ContextFlags, live: boolean): ContextSetup | undefined {
  const process = processContext(v, live);
  const userGroups = v["user-groups"] === true;
  if (userGroups && !nssAvailable()) {
    throw new UsageError("--user-groups reads the user database through NSS: run with --allow-ffi");
  }
  return process === undefined && !userGroups ? undefined : { process, userGroups };
}

function processContext(v: ContextFlags, live: boolean): ProcessContext | undefined {
  const exe = rules(v["label-exe"]);
  const argv = rules(v["label-argv"]);
  const keys = rules(v["label-key"]);
  const labelled = exe !== undefined || argv !== undefined || keys !== undefined;
  const on = live ? !v["no-parent"] : v.ancestry === true || labelled;
  if (!on) return undefined;
  const depth = v["ancestry-depth"] === undefined
    ? (v.ancestry ? 8 : 0)
    : parseCount("ancestry-depth", v["ancestry-depth"], { min: 0, max: 1024 });
  const max = v["max-processes"] === undefined
    ? undefined
    : parseCount("max-processes", v["max-processes"], { min: 1, max: 10_000_000 });
  const labels = labelled || v["propagate-label"] !== undefined
    ? {
      ...(exe === undefined ? {} : { exe }),
      ...(argv === undefined ? {} : { argv }),
      ...(keys === undefined ? {} : { keys }),
      propagate: v["propagate-label"] ?? [],
    }
    : undefined;
  const proc = live ? new ProcReader() : undefined;
  const hasher = live && v["exe-hash"]
    ? new ExeHasher(
      v["exe-hash-max-size"] === undefined
        ? 64 * 1024 * 1024
        : parseCount("exe-hash-max-size", v["exe-hash-max-size"], { min: 0, max: 2 ** 40 }),
    )
    : undefined;
  const context = new ProcessContext({
    parent: true,
    ancestry: depth,
    container: live && !v["no-container"],
    unit: live && !v["no-unit"],
    ...(labels === undefined ? {} : { labels }),
    ...(max === undefined ? {} : { maxProcesses: max }),
    ...(proc === undefined ? {} : {
      lookup: (pid, omit) => proc.read(pid, omit),
      cgroupOf: (pid: number) => proc.cgroup(pid),
    }),
    ...(hasher === undefined
      ? {}
      : { hash: (node) => node.exe === undefined ? undefined : hasher.hash(node.exe, node.pid) }),
  });
  if (proc !== undefined) context.seed(proc.all());
  return context;
}

/** A note on the process table's evictions for stderr, or `undefined` when none happened. */
export function contextNote(context: ContextSetup | undefined): string | undefined {
  if (context?.process === undefined) return undefined;
  const s = context.process.stats;
  if (s.evicted === 0) return undefined;
  return `process table: ${s.evicted} process(es) dropped when full (raise --max-processes); ` +
    `parents of their later children are unknown`;
}
