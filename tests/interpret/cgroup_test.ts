// Containers, pods and units from /proc/PID/cgroup lines of many kinds of machines.
import assert from "node:assert/strict";
import { parseCgroup } from "../../interpret/mod.ts";

const ID = "4f1c5e3bd2a9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3";
const POD = "8d5d2b1e-6f4a-4a3b-9c2d-1e0f9a8b7c6d";

const CASES: [string, string, ReturnType<typeof parseCgroup>][] = [
  ["docker, cgroup v2, systemd driver", `0::/system.slice/docker-${ID}.scope\n`, {
    containerId: ID,
    runtime: "docker",
    unit: `docker-${ID}.scope`,
  }],
  [
    "docker, cgroup v1, cgroupfs driver",
    `12:pids:/docker/${ID}\n11:cpu,cpuacct:/docker/${ID}\n1:name=systemd:/docker/${ID}\n`,
    {
      containerId: ID,
      runtime: "docker",
    },
  ],
  [
    "kubernetes, cgroupfs driver (v1, hybrid)",
    `5:memory:/kubepods/besteffort/pod${POD}/${ID}\n0::/\n`,
    {
      containerId: ID,
      podUid: POD,
    },
  ],
  [
    "kubernetes containerd, systemd driver (v2)",
    `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${
      POD.replaceAll("-", "_")
    }.slice/cri-containerd-${ID}.scope\n`,
    { containerId: ID, runtime: "containerd", podUid: POD, unit: `cri-containerd-${ID}.scope` },
  ],
  [
    "kubernetes containerd, systemd driver (v1 colon form)",
    `1:name=systemd:/system.slice/containerd.service/kubepods-besteffort-pod${
      POD.replaceAll("-", "_")
    }.slice:cri-containerd:${ID}\n`,
    { containerId: ID, runtime: "containerd", podUid: POD, unit: "containerd.service" },
  ],
  [
    "CRI-O (v2)",
    `0::/kubepods.slice/kubepods-pod${POD.replaceAll("-", "_")}.slice/crio-${ID}.scope\n`,
    { containerId: ID, runtime: "cri-o", podUid: POD, unit: `crio-${ID}.scope` },
  ],
  ["podman, rootful", `0::/machine.slice/libpod-${ID}.scope\n`, {
    containerId: ID,
    runtime: "podman",
    unit: `libpod-${ID}.scope`,
  }],
  [
    "podman, rootless",
    `0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container\n`,
    { containerId: ID, runtime: "podman", unit: `libpod-${ID}.scope` },
  ],
  ["podman, cgroupfs", `0::/libpod_parent/libpod-${ID}\n`, { containerId: ID, runtime: "podman" }],
  ["systemd service (v2)", "0::/system.slice/ssh.service\n", { unit: "ssh.service" }],
  [
    "user session (v1 hybrid)",
    "12:memory:/user.slice\n1:name=systemd:/user.slice/user-1000.slice/session-3.scope\n0::/user.slice/user-1000.slice/session-3.scope\n",
    { unit: "session-3.scope" },
  ],
  ["no cgroup at all (WSL, old kernels)", "", {}],
  ["root cgroup", "0::/\n", {}],
];

for (const [name, text, want] of CASES) {
  Deno.test(`cgroup: ${name}`, () => assert.deepEqual(parseCgroup(text), want));
}
