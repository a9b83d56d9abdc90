import assert from "node:assert/strict";
import { runSearch } from "../../cli/commands/search.ts";

const SAMPLE = new URL("../testdata/sample.log", import.meta.url).pathname;

async function run(args: string[]): Promise<{ out: string; code: number }> {
  let out = "";
  const error = console.error;
  console.error = () => {};
  try {
    const code = await runSearch(args, { write: (t) => out += t, stdinIsPipe: false });
    return { out, code };
  } finally {
    console.error = error;
  }
}

Deno.test("search --checkpoint: runs with rotation between them print exactly one run over everything", async () => {
  const lines = (await Deno.readTextFile(SAMPLE)).split("\n").filter((l) => l !== "");
  // Cut in the middle of events on purpose.
  const parts = [
    lines.slice(0, 101),
    lines.slice(101, 257),
    lines.slice(257, 390),
    lines.slice(390),
  ];
  const text = (p: string[]): string => p.map((l) => l + "\n").join("");
  const dir = await Deno.makeTempDir({ prefix: "libaudit-search-cp-" });
  const ref = await Deno.makeTempDir({ prefix: "libaudit-search-cp-ref-" });
  try {
    const cp = `${dir}/checkpoint`;
    const log = `${dir}/logs`;
    await Deno.mkdir(log);
    const outs: string[] = [];
    const search = async (): Promise<void> => {
      outs.push((await run(["-if", log, "--checkpoint", cp, "-r"])).out);
    };
    await Deno.writeTextFile(`${log}/audit.log`, text(parts[0]!));
    await search();
    await Deno.writeTextFile(`${log}/audit.log`, text(parts[1]!), { append: true });
    await search();
    // Rotation: the checkpointed file becomes audit.log.1 and grows first.
    await Deno.writeTextFile(`${log}/audit.log`, text(parts[2]!.slice(0, 40)), { append: true });
    await Deno.rename(`${log}/audit.log`, `${log}/audit.log.1`);
    await Deno.writeTextFile(`${log}/audit.log`, text(parts[2]!.slice(40)));
    await search();
    // Two rotations between runs.
    await Deno.rename(`${log}/audit.log.1`, `${log}/audit.log.2`);
    await Deno.rename(`${log}/audit.log`, `${log}/audit.log.1`);
    await Deno.writeTextFile(`${log}/audit.log`, text(parts[3]!));
    await search();
    await search(); // nothing new: nothing printed twice
    assert.equal(outs[4], "");

    await Deno.writeTextFile(`${ref}/audit.log`, text(lines));
    const once = await run(["-if", ref, "--checkpoint", `${ref}/cp`, "-r"]);
    assert.equal(outs.join(""), once.out);
    // Only the events of the last eoe_timeout seconds are still open.
    const all = await run(["-if", `${ref}/audit.log`, "-r"]);
    assert.ok(all.out.startsWith(once.out));
    const saved = JSON.parse(await Deno.readTextFile(cp));
    assert.equal(once.out + saved.open.map((l: string) => l + "\n").join(""), all.out);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(ref, { recursive: true });
  }
});

Deno.test("search --checkpoint: the last event before a checkpoint is printed by the next run (audit-userspace #343)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "libaudit-search-cp-" });
  try {
    const log = `${dir}/audit.log`;
    const ev = (sec: number, serial: number): string =>
      `type=USER_CMD msg=audit(${sec}.000:${serial}): pid=1 uid=0 auid=0 ses=1 msg='cmd=6C73 terminal=pts/0 res=success'\n` +
      `type=SYSCALL msg=audit(${sec}.500:${
        serial + 1
      }): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="ls" exe="/usr/bin/ls" key="k${serial}"\n`;
    await Deno.writeTextFile(log, ev(1795570000, 10));
    const first = await run(["-if", log, "--checkpoint", `${dir}/cp`, "-k", "k10", "-r"]);
    assert.equal(first.code, 1); // still open: not printed, not lost
    await Deno.writeTextFile(log, ev(1795570010, 20), { append: true });
    const second = await run(["-if", log, "--checkpoint", `${dir}/cp`, "-k", "k10", "-r"]);
    assert.equal(second.code, 0);
    assert.match(second.out, /key="k10"/);
    // The checkpointed file is gone (replaced by another inode): status 12.
    await Deno.writeTextFile(`${log}.new`, ev(1795570020, 30));
    await Deno.rename(`${log}.new`, log);
    const third = await run(["-if", log, "--checkpoint", `${dir}/cp`, "-r"]);
    assert.equal(third.code, 12);
    await Deno.writeTextFile(`${dir}/cp`, "{bad");
    assert.equal((await run(["-if", log, "--checkpoint", `${dir}/cp`])).code, 10);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("search -ts checkpoint: from the checkpoint's last event time, whatever the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "libaudit-search-cp-" });
  try {
    const log = `${dir}/audit.log`;
    const line = (sec: number, serial: number): string =>
      `type=USER_CMD msg=audit(${sec}.000:${serial}): pid=1 uid=0 auid=0 ses=1 msg='cmd=6C73 terminal=pts/0 res=success'\n`;
    await Deno.writeTextFile(log, line(1795570000, 1) + line(1795570005, 2));
    await run(["-if", log, "--checkpoint", `${dir}/cp`, "-r"]);
    // Another file (no inode match): -ts checkpoint still works, from 1795570005 on.
    await Deno.writeTextFile(
      `${log}.new`,
      line(1795570000, 1) + line(1795570005, 2) + line(1795570009, 3),
    );
    await Deno.rename(`${log}.new`, log);
    const got = await run(["-if", log, "--checkpoint", `${dir}/cp`, "-ts", "checkpoint", "-r"]);
    assert.equal(got.code, 0);
    assert.deepStrictEqual(
      got.out.split("\n").filter((l) => l !== "").map((l) => l.slice(24, 34)),
      [
        "1795570005",
        "1795570009",
      ],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
