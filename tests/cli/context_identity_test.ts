// Identities: NSS with --allow-ffi, the files without; target ids of
// account-management events get names (ACCT_LOCK id=65534 → nobody, as ausearch -i).
import assert from "node:assert/strict";
import { jsonLines, runCli } from "./run_cli.ts";

const LOCK =
  "type=ACCT_LOCK msg=audit(1700000000.000:5): pid=1 uid=0 auid=0 ses=1 msg='op=locked-password " +
  'id=65534 exe="/usr/sbin/usermod" hostname=? addr=? terminal=? res=success\'\n';

type Event = {
  ecs: { user: { target: { id?: string; name?: string } } };
  user: { groups?: string[] };
};

async function nobody(): Promise<string | undefined> {
  const out = await new Deno.Command("getent", { args: ["passwd", "65534"], stdout: "piped" })
    .output()
    .catch(() => undefined);
  return out?.success ? new TextDecoder().decode(out.stdout).split(":")[0] : undefined;
}
const NOBODY = await nobody();

Deno.test({
  name: "identities: ACCT_LOCK's id= becomes user.target with its name (NSS and files)",
  ignore: NOBODY === undefined,
  async fn() {
    for (const permissions of [["-A"], ["--allow-read", "--allow-env"]]) {
      const r = await runCli(["parse", "-i", "-f", "json", "-"], { stdin: LOCK, permissions });
      assert.equal(r.code, 0, r.stderr);
      const [e] = jsonLines(r.stdout) as Event[];
      assert.deepEqual(e!.ecs.user.target, { id: "65534", name: NOBODY }, permissions.join(" "));
    }
  },
});

Deno.test("identities: --user-groups lists the uid's groups through NSS; without FFI it says so", async () => {
  const r = await runCli(["parse", "-i", "--user-groups", "-f", "json", "-"], { stdin: LOCK });
  assert.equal(r.code, 0, r.stderr);
  const [e] = jsonLines(r.stdout) as Event[];
  assert.ok(e!.user.groups?.includes("root"), JSON.stringify(e!.user));
  const denied = await runCli(["parse", "-i", "--user-groups", "-"], {
    stdin: LOCK,
    permissions: ["--allow-read", "--allow-env"],
  });
  assert.equal(denied.code, 2);
  assert.match(denied.stderr, /--allow-ffi/);
});
