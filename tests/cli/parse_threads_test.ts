// Thread count of `--threads auto` (issue 16): two threads for a large regular
// file, one for a pipe or a small file; the output is the same bytes either way.
import assert from "node:assert/strict";
import { defaultThreads, inputKind, PARALLEL_MIN_BYTES } from "../../cli/io/threads.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const big = { isFile: true, size: PARALLEL_MIN_BYTES };

Deno.test("parse threads: auto is 2 for a large regular file, 1 for a small one, a pipe or one core", () => {
  assert.equal(defaultThreads([big], 2), 2);
  assert.equal(defaultThreads([big], 8), 2);
  assert.equal(defaultThreads([{ isFile: true, size: PARALLEL_MIN_BYTES - 1 }], 2), 1);
  assert.equal(
    defaultThreads([{ isFile: true, size: 5 << 20 }, { isFile: true, size: 5 << 20 }], 2),
    2,
  );
  assert.equal(defaultThreads([{ isFile: false, size: 0 }], 2), 1);
  assert.equal(defaultThreads([big, { isFile: false, size: 0 }], 2), 1);
  assert.equal(defaultThreads([big, undefined], 2), 1);
  assert.equal(defaultThreads([big], 1), 1);
  assert.equal(defaultThreads([], 2), 1);
});

Deno.test("parse threads: inputKind tells a regular file from a FIFO", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/log`, new Uint8Array(1234));
    assert.deepEqual(inputKind(`${dir}/log`), { isFile: true, size: 1234 });
    const fifo = await new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).output();
    assert.equal(fifo.code, 0);
    assert.equal(inputKind(`${dir}/fifo`)?.isFile, false);
    assert.equal(inputKind(`${dir}/missing`), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A log of `copies` shifted copies of the sample (serials and times moved on). */
async function bigLog(copies: number): Promise<string> {
  const sample = (await Deno.readTextFile(`${ROOT}tests/testdata/sample.log`)).trimEnd()
    .split("\n");
  const lines: string[] = [];
  for (let k = 0; k < copies; k++) {
    for (const line of sample) {
      lines.push(line.replace(
        /audit\((\d+)\.(\d+):(\d+)\)/,
        (_, s, ms, seq) => `audit(${Number(s) + k * 100}.${ms}:${Number(seq) + k * 1000000})`,
      ));
    }
  }
  return lines.join("\n") + "\n";
}

async function run(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, "parse", ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).spawn();
  // Written while the output is read: a large input would fill both pipes.
  const written = stdin === undefined ? Promise.resolve() : (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  })();
  const [out] = await Promise.all([child.output(), written]);
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("parse threads: auto (2 threads on a large file) prints the bytes of --threads 1, of the default and of a pipe", async () => {
  const text = await bigLog(20);
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/big.log`;
    await Deno.writeTextFile(path, text + "type=SYSCALL garbage\n");
    assert.equal(defaultThreads([inputKind(path)], 2, text.length), 2);
    // The file counts as large; small batches so events cross many batch boundaries.
    const env = { LIBAUDIT_PARALLEL_MIN_BYTES: "1", LIBAUDIT_TASK_CHARS: String(16 << 10) };
    for (const mode of [["-f", "json"], ["-r", "-f", "json"], ["-i", "-f", "json"], ["-i"]]) {
      const auto = await run([...mode, "--threads", "auto", path], env);
      const one = await run([...mode, "--threads", "1", path], env);
      const plain = await run([...mode, path], env);
      assert.deepEqual(plain.stdout, one.stdout, `${mode.join(" ")} (default)`);
      const piped = await run(mode, env, text + "type=SYSCALL garbage\n");
      assert.equal(auto.code, 0, auto.stderr);
      assert.ok(auto.stdout.length > 100_000, mode.join(" "));
      assert.deepEqual(auto.stdout, one.stdout, mode.join(" "));
      assert.equal(auto.stderr, one.stderr, mode.join(" "));
      assert.match(auto.stderr, /big\.log:\d+: /);
      assert.deepEqual(piped.stdout, one.stdout, `${mode.join(" ")} (pipe)`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
