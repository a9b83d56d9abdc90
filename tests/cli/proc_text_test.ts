import assert from "node:assert/strict";
import { readProcLink, readProcText } from "../../cli/host/_proc_text.ts";
import { ProcReader } from "../../cli/host/proc.ts";

Deno.test("readProcText: the same text as Deno.readTextFileSync, undefined when missing", () => {
  assert.equal(readProcText("/proc/self/cgroup"), Deno.readTextFileSync("/proc/self/cgroup"));
  assert.equal(readProcText("/proc/self/cmdline"), Deno.readTextFileSync("/proc/self/cmdline"));
  assert.equal(readProcText("/proc/4194305/stat"), undefined);
  assert.equal(readProcText("/nonexistent/libaudit/x"), undefined);
});

Deno.test("readProcText: files larger than its buffer, invalid UTF-8 and a BOM as Deno reads them", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const big = `${dir}/big`;
    Deno.writeTextFileSync(big, "é".repeat(30000) + "x".repeat(7));
    assert.equal(readProcText(big), Deno.readTextFileSync(big));
    const odd = `${dir}/odd`;
    Deno.writeFileSync(odd, new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62, 0x00, 0x63]));
    assert.equal(readProcText(odd), Deno.readTextFileSync(odd));
    // A non-ASCII path is read the careful way, with the same result.
    const named = `${dir}/été`;
    Deno.writeTextFileSync(named, "ok");
    assert.equal(readProcText(named), "ok");
    // The buffer shrinks back after a big file: a small one reads whole again.
    assert.equal(readProcText("/proc/self/cgroup"), Deno.readTextFileSync("/proc/self/cgroup"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("ProcReader: facts of this process from a /proc-like tree and from /proc", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const pid = 4242;
    Deno.mkdirSync(`${dir}/${pid}`);
    Deno.writeTextFileSync(`${dir}/${pid}/cgroup`, "0::/user.slice\n");
    Deno.writeTextFileSync(
      `${dir}/${pid}/stat`,
      `${pid} (my (odd) name) S 1 ${pid} 77 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1234 0 0`,
    );
    Deno.writeTextFileSync(`${dir}/${pid}/cmdline`, "a\0b c\0");
    Deno.writeTextFileSync(`${dir}/${pid}/sessionid`, "3\n");
    const facts = new ProcReader(dir).read(pid);
    assert.equal(facts?.name, "my (odd) name");
    assert.equal(facts?.ppid, 1);
    assert.equal(facts?.sid, 77);
    assert.deepEqual(facts?.args, ["a", "b c"]);
    assert.equal(facts?.cgroup, "0::/user.slice\n");
    assert.equal(facts?.ses, "3");
    assert.equal(new ProcReader(dir).read(4243), undefined);
    const self = new ProcReader().read(Deno.pid);
    assert.equal(self?.pid, Deno.pid);
    assert.equal(self?.cgroup, Deno.readTextFileSync("/proc/self/cgroup"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readProcLink: as Deno.readLinkSync, undefined when it cannot be read", () => {
  assert.equal(readProcLink("/proc/self/exe"), Deno.readLinkSync("/proc/self/exe"));
  assert.equal(readProcLink(`/proc/${Deno.pid}/cwd`), Deno.cwd());
  assert.equal(readProcLink("/proc/4194305/exe"), undefined);
  assert.equal(readProcLink("/proc/self/stat"), undefined); // not a link
});

Deno.test("ProcReader: an exec's lookup leaves out exe and cmdline when asked", () => {
  const self = new ProcReader().read(Deno.pid, { exe: true, args: true });
  assert.equal(self?.exe, undefined);
  assert.equal(self?.args, undefined);
  assert.equal(self?.ppid !== undefined && self.start !== undefined, true);
  const whole = new ProcReader().read(Deno.pid);
  assert.equal(whole?.exe, Deno.execPath());
  assert.deepEqual({ ...whole, exe: undefined, args: undefined }, self);
});
