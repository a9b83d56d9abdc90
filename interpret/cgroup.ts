/**
 * Containers, Kubernetes pods and systemd units from the text of
 * `/proc/PID/cgroup` (cgroup v1 and v2, the cgroupfs and systemd cgroup
 * drivers). Pure.
 *
 * @module
 */

/** What a process's cgroups say about where it runs. */
export interface CgroupInfo {
  /** The container id (64 hex digits for docker, containerd, CRI-O and podman). */
  containerId?: string;
  /** The runtime that names the container's cgroup, when the name says so. */
  runtime?: "docker" | "containerd" | "cri-o" | "podman";
  /** The Kubernetes pod uid, when the cgroup names a pod. */
  podUid?: string;
  /** The systemd unit (the innermost `.service` or `.scope`). */
  unit?: string;
}

const RUNTIMES: Readonly<Record<string, CgroupInfo["runtime"]>> = {
  docker: "docker",
  "cri-containerd": "containerd",
  crio: "cri-o",
  libpod: "podman",
};

/** `docker-<id>.scope`, `cri-containerd-<id>.scope`, `crio-<id>`, `libpod-<id>.scope`, `…:cri-containerd:<id>`. */
const NAMED = /(?:^|[-:])(docker|cri-containerd|crio|libpod)[-:]([0-9a-f]{64})(?:\.scope)?$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** `pod<uid>` (cgroupfs) or `kubepods-<qos>-pod<uid with _>.slice` (systemd). */
const POD =
  /(?:^|-)pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

/** The cgroup paths of `/proc/PID/cgroup` text, the v2 (`0::`) and `name=systemd` ones first. */
function cgroupPaths(text: string): string[] {
  const first: string[] = [];
  const rest: string[] = [];
  for (const line of text.split("\n")) {
    const c1 = line.indexOf(":");
    const c2 = c1 < 0 ? -1 : line.indexOf(":", c1 + 1);
    if (c2 < 0) continue;
    const controllers = line.slice(c1 + 1, c2);
    const path = line.slice(c2 + 1).trim();
    if (path === "" || path === "/") continue;
    if (controllers === "" || controllers === "name=systemd") first.push(path);
    else rest.push(path);
  }
  return [...first, ...rest];
}

/**
 * Reads the container id and runtime, the Kubernetes pod uid and the systemd
 * unit from the text of `/proc/PID/cgroup`.
 *
 * @example
 * ```ts
 * import { parseCgroup } from "@libaudit/libaudit/interpret";
 * import assert from "node:assert/strict";
 * const id = "a".repeat(64);
 * assert.deepEqual(parseCgroup(`0::/system.slice/docker-${id}.scope\n`), {
 *   containerId: id,
 *   runtime: "docker",
 *   unit: `docker-${id}.scope`,
 * });
 * ```
 */
export function parseCgroup(text: string): CgroupInfo {
  const info: CgroupInfo = {};
  for (const path of cgroupPaths(text)) {
    const parts = path.split("/");
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i]!;
      if (info.containerId === undefined) {
        const named = NAMED.exec(part);
        if (named !== null) {
          info.containerId = named[2]!;
          info.runtime = RUNTIMES[named[1]!]!;
        } else if (HEX64.test(part)) {
          info.containerId = part;
          const parent = parts[i - 1];
          if (parent === "docker") info.runtime = "docker";
        }
      }
      if (info.podUid === undefined) {
        for (const segment of part.split(":")) {
          const pod = POD.exec(segment);
          if (pod !== null) info.podUid = pod[1]!.replaceAll("_", "-");
        }
      }
      if (info.unit === undefined && (part.endsWith(".service") || part.endsWith(".scope"))) {
        if (!part.includes(":")) info.unit = part;
      }
    }
  }
  return info;
}
