// plugin: process context on by default (live), settings from its YAML file
// (keys are the flag names), labels propagate. Pids above pid_max keep /proc out.
import assert from "node:assert/strict";
import { execLines } from "../interpret/context_log.ts";
import { jsonLines, runCli } from "./run_cli.ts";

type Event = {
  tags?: string[];
  process: { exe?: string; parent?: { executable?: string }; ancestry?: unknown[] };
};

const LOG = [
  ...execLines(1, 4100000, 4099999, "/usr/sbin/sshd", ["sshd"]),
  ...execLines(2, 4100001, 4100000, "/usr/bin/bash", ["-bash"]),
  ...execLines(3, 4100002, 4100001, "/usr/bin/id", ["id"]),
].join("\n") + "\n";

Deno.test("plugin: parent by default; ancestry and labels from the configuration file", async () => {
  const plain = await runCli(["plugin", "-f", "json"], { stdin: LOG });
  assert.equal(plain.code, 0, plain.stderr);
  const id = (jsonLines(plain.stdout) as Event[]).find((e) => e.process.exe === "/usr/bin/id");
  assert.equal(id?.process.parent?.executable, "/usr/bin/bash");
  assert.equal(id?.process.ancestry, undefined);

  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/plugin.yaml`,
      "ancestry: true\nlabel-exe: ['interactive=/sshd$']\npropagate-label: [interactive]\n",
    );
    const r = await runCli(["plugin", "-f", "json", "--config", `${dir}/plugin.yaml`], {
      stdin: LOG,
    });
    assert.equal(r.code, 0, r.stderr);
    const e = (jsonLines(r.stdout) as Event[]).find((e) => e.process.exe === "/usr/bin/id");
    assert.equal(e?.process.ancestry?.length, 3); // bash, sshd, and sshd's parent (pid only)
    assert.ok(e?.tags?.includes("interactive"), JSON.stringify(e?.tags));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
