import assert from "node:assert/strict";
import { currentCapabilities } from "../../sys/privileges.ts";

const isRoot = Deno.uid() === 0;
const CHILD = new URL("./child_drop.ts", import.meta.url).pathname;

/** Runs child_drop.ts with `args` beside a root-owned `sleep` whose /proc entry it reads. */
async function dropInChild(args: string[]): Promise<Record<string, unknown>> {
  const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", CHILD, ...args, String(sleeper.pid)],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } finally {
    sleeper.kill();
    await sleeper.status;
  }
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("currentCapabilities: reads this thread's sets", () => {
  const caps = currentCapabilities();
  if (isRoot) assert.ok(caps.effective.includes("CAP_SETUID"), String(caps.effective));
  for (const c of caps.effective) assert.match(c, /^CAP_[A-Z_0-9]+$/);
});

Deno.test({
  name: "dropPrivileges: a child becomes nobody with only the kept capabilities (needs root)",
  ignore: !isRoot,
  async fn() {
    const r = await dropInChild(["65534", "65534", "65534", "CAP_DAC_READ_SEARCH,CAP_SYS_PTRACE"]);
    assert.equal(r.uid, "65534\t65534\t65534\t65534");
    assert.equal(r.gid, "65534\t65534\t65534\t65534");
    assert.equal(r.groups, "65534");
    // CAP_DAC_READ_SEARCH is bit 2, CAP_SYS_PTRACE bit 19.
    assert.equal(r.capEff, (1 << 2 | 1 << 19).toString(16).padStart(16, "0"));
    assert.equal(r.capPrm, r.capEff);
    assert.equal(r.noNewPrivs, "1");
    assert.deepEqual((r.now as { effective: string[] }).effective, [
      "CAP_DAC_READ_SEARCH",
      "CAP_SYS_PTRACE",
    ]);
    assert.match(String(r.exe), /sleep$/); // root's /proc/PID/exe needs CAP_SYS_PTRACE
    assert.match(String(r.regained), /setgroups failed: EPERM/);
  },
});

Deno.test({
  name: "dropPrivileges: keeping nothing leaves no capability at all (needs root)",
  ignore: !isRoot,
  async fn() {
    const r = await dropInChild(["65534", "65534", "", ""]);
    assert.equal(r.uid, "65534\t65534\t65534\t65534");
    assert.equal(r.groups, "");
    assert.equal(r.capEff, "0000000000000000");
    assert.equal(r.capPrm, "0000000000000000");
    assert.match(String(r.exe), /^error: PermissionDenied/);
  },
});
