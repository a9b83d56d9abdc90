import assert from "node:assert/strict";
import { ROOT } from "./run_cli.ts";

const SAMPLE = `${ROOT}tests/testdata/sample.log`;

/**
 * Runs `libaudit ARGS` on a log of 2 MiB, reads the first chunk of its output and closes the
 * pipe, as `| head` does; resolves with the exit code and stderr.
 */
async function closeEarly(args: string[]): Promise<{ code: number; stderr: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const sample = await Deno.readFile(SAMPLE);
    const log = `${dir}/audit.log`;
    const file = await Deno.open(log, { write: true, create: true });
    for (let i = 0; i < 24; i++) await file.write(sample);
    file.close();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}cli.ts`, ...args.map((a) => a === "LOG" ? log : a)],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", TZ: "UTC", LC_ALL: "C" },
    }).spawn();
    const reader = child.stdout.getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.length > 0, "some output before the pipe closes");
    await reader.cancel();
    const stderr = new TextDecoder().decode(
      new Uint8Array(await new Response(child.stderr).arrayBuffer()),
    );
    const { code } = await child.status;
    return { code, stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (
  const args of [
    ["search", "-if", "LOG", "-i"],
    ["search", "-if", "LOG", "--raw"],
    ["report", "-if", "LOG", "-i", "-f"],
    ["parse", "-i", "--format", "json", "LOG"],
  ]
) {
  Deno.test(`broken pipe: '${args.join(" ")} | head' ends quietly with status 0`, async () => {
    const { code, stderr } = await closeEarly(args);
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });
}
