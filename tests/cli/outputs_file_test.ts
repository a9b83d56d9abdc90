import assert from "node:assert/strict";
import { FileOutput } from "../../cli/outputs/file_output.ts";
import { openPrivateFile, type PrivateFileOptions, UnsafePathError } from "../../sys/open.ts";

const isRoot = Deno.uid() === 0;

/** Event `i` as a JSON line of exactly 50 bytes. */
function event(i: number): string {
  const head = `{"n":${i},"pad":"`;
  return head + "x".repeat(50 - head.length - 3) + '"}\n';
}

function numbers(text: string): number[] {
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l).n);
}

function read(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

Deno.test("outputs/file: bytes counted as UTF-8, events larger than a batch whole", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-utf8-" });
  try {
    const path = `${dir}/events.json`;
    const out = FileOutput.open({ path });
    const texts = ["", "abc", "é", "中文", "😀", "x\u{10ffff}y\u0085"]
      .map((s) => JSON.stringify({ s }) + "\n");
    texts.push("lone \ud800 surrogate\n"); // written as U+FFFD (3 bytes), as TextEncoder does
    // Events around and beyond the 64 KiB batch, with multi-byte characters.
    for (const n of [65_000, 70_000, 200_000]) {
      texts.push(JSON.stringify({ s: "é".repeat(n) }) + "\n");
    }
    for (let i = 0; i < 3; i++) for (const t of texts) out.write(t);
    await out.close();
    const encoded = new TextEncoder().encode(texts.join("").repeat(3));
    const expected = new TextDecoder().decode(encoded);
    const bytes = encoded.length;
    assert.equal(Deno.readTextFileSync(path), expected);
    const stats = out.stats();
    assert.equal(stats.bytes, bytes);
    assert.equal(stats.written, texts.length * 3);
    assert.equal(stats.queuedBytes, 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: size rotation keeps the configured generations, each event once, in order", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events.json`;
    const out = FileOutput.open({ path, size: 1000, generations: 3 });
    // 20 events of 50 bytes fill a file exactly; the 21st starts a new one.
    for (let i = 1; i <= 70; i++) {
      out.write(event(i));
      if (i % 7 === 0) await out.drain();
    }
    await out.close();
    assert.deepEqual(numbers(read(`${path}.3`)), range(1, 20));
    assert.deepEqual(numbers(read(`${path}.2`)), range(21, 40));
    assert.deepEqual(numbers(read(`${path}.1`)), range(41, 60));
    assert.deepEqual(numbers(read(path)), range(61, 70));
    const stats = out.stats();
    assert.equal(stats.rotations, 3);
    assert.equal(stats.events, 70);
    assert.equal(stats.written, 70);
    assert.equal(stats.bytes, 70 * 50);
    assert.equal(stats.queuedEvents, 0);
    for (const name of ["", ".1", ".2", ".3"]) {
      assert.equal(Deno.statSync(path + name).mode! & 0o777, 0o600, name);
      assert.ok(Deno.statSync(path + name).size <= 1000);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: the oldest generation is dropped, the rest stay whole", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events.json`;
    const out = FileOutput.open({ path, size: 1000, generations: 2 });
    for (let i = 1; i <= 95; i++) out.write(event(i));
    await out.close();
    assert.equal(out.stats().rotations, 4);
    assert.deepEqual(
      numbers(read(`${path}.2`) + read(`${path}.1`) + read(path)),
      range(41, 95),
    );
    assert.equal(read(`${path}.3`), "");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: an existing file counts towards the size; a large event gets a file of its own", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events.json`;
    Deno.writeTextFileSync(path, event(0).repeat(19), { mode: 0o600 });
    const out = FileOutput.open({ path, size: 1000, generations: 5 });
    out.write(event(1)); // fills the file to 1000
    out.write(event(2)); // rotates first
    const big = `{"n":3,"pad":"${"y".repeat(3000)}"}\n`;
    out.write(big);
    out.write(event(4));
    await out.close();
    assert.deepEqual(numbers(read(`${path}.3`)), [...Array(19).fill(0), 1]);
    assert.deepEqual(numbers(read(`${path}.2`)), [2]);
    assert.deepEqual(numbers(read(`${path}.1`)), [3]);
    assert.deepEqual(numbers(read(path)), [4]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: reopen after a logrotate-style rename loses and repeats nothing", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events.json`;
    const out = FileOutput.open({ path });
    for (let i = 1; i <= 10; i++) out.write(event(i));
    await out.flush();
    Deno.renameSync(path, `${path}.old`); // logrotate: rename, then SIGHUP
    for (let i = 11; i <= 15; i++) out.write(event(i)); // still the renamed file
    const reopened = out.reopen();
    for (let i = 16; i <= 20; i++) out.write(event(i)); // queued behind the reopen
    await reopened;
    for (let i = 21; i <= 25; i++) out.write(event(i));
    await out.close();
    assert.deepEqual(numbers(read(`${path}.old`)), range(1, 15));
    assert.deepEqual(numbers(read(path)), range(16, 25));
    assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
    assert.equal(out.stats().reopens, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: a failed reopen or rotation keeps writing to the open file", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events.json`;
    let opens = 0;
    const errors: string[] = [];
    const open = (p: string, o: PrivateFileOptions) => {
      if (++opens > 1) throw new Deno.errors.PermissionDenied(`open ${p}: denied`);
      return openPrivateFile(p, o);
    };
    const out = FileOutput.open({
      path,
      size: 500,
      generations: 2,
      open,
      onError: (e) => errors.push(e.message),
    });
    for (let i = 1; i <= 10; i++) out.write(event(i));
    await out.reopen(); // fails: keeps the file
    for (let i = 11; i <= 12; i++) out.write(event(i)); // rotation: rename done, open fails
    await out.close();
    // Everything is in the one file that stayed open (renamed to .1 by the rotation).
    assert.deepEqual(numbers(read(`${path}.1`) + read(path)), range(1, 12));
    const stats = out.stats();
    assert.equal(stats.written, 12);
    assert.equal(stats.rotations, 0);
    assert.equal(stats.reopens, 0);
    assert.match(stats.lastError ?? "", /denied/);
    assert.equal(errors.length, 2);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: a readable group gives mode 0640 and that group, rotations too", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events.json`;
    const gid = isRoot ? 4 : Deno.gid()!;
    const out = FileOutput.open({ path, size: 100, generations: 1, group: gid });
    for (let i = 1; i <= 3; i++) out.write(event(i));
    await out.close();
    for (const p of [path, `${path}.1`]) {
      const info = Deno.statSync(p);
      assert.equal(info.mode! & 0o777, 0o640, p);
      assert.equal(info.gid, gid, p);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/file: unsafe paths are refused (symlink, group-writable, other owner)", () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const victim = `${dir}/victim`;
    Deno.writeTextFileSync(victim, "keep\n", { mode: 0o644 });
    Deno.symlinkSync(victim, `${dir}/link`);
    assert.throws(() => FileOutput.open({ path: `${dir}/link` }), UnsafePathError);
    assert.equal(Deno.readTextFileSync(victim), "keep\n");
    assert.equal(Deno.statSync(victim).mode! & 0o777, 0o644);

    Deno.writeTextFileSync(`${dir}/shared`, "", { mode: 0o660 });
    Deno.chmodSync(`${dir}/shared`, 0o660);
    assert.throws(() => FileOutput.open({ path: `${dir}/shared` }), UnsafePathError);

    // A directory others may write in (not sticky): they could rename our files.
    Deno.mkdirSync(`${dir}/open`);
    Deno.chmodSync(`${dir}/open`, 0o777);
    assert.throws(
      () => FileOutput.open({ path: `${dir}/open/events` }),
      /group- or other-writable/,
    );
    Deno.chmodSync(`${dir}/open`, 0o1777); // sticky, as /tmp
    FileOutput.open({ path: `${dir}/open/events` }).close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "outputs/file: a file owned by another user is refused (needs root to chown)",
  ignore: !isRoot,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
    try {
      Deno.writeTextFileSync(`${dir}/theirs`, "", { mode: 0o600 });
      Deno.chownSync(`${dir}/theirs`, 65534, 65534);
      assert.throws(() => FileOutput.open({ path: `${dir}/theirs` }), UnsafePathError);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("outputs/file: writes after close are counted as dropped", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const out = FileOutput.open({ path: `${dir}/e` });
    out.write(event(1));
    await out.close();
    out.write(event(2));
    assert.deepEqual(out.stats().dropped, { closed: 1 });
    assert.equal(out.stats().events, 2);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "outputs/file: rotation and reopen keep working after a switch to the user owning the directory (root)",
  ignore: !isRoot,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
    try {
      Deno.chmodSync(dir, 0o755);
      Deno.chownSync(dir, 65534, 65534);
      const child = new URL("./outputs_privdrop_child.ts", import.meta.url).pathname;
      const run = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", child, dir],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.ok(run.success, stderr);
      const { uid, stats } = JSON.parse(new TextDecoder().decode(run.stdout));
      assert.equal(uid, 65534);
      assert.equal(stats.lastError, undefined);
      assert.equal(stats.written, 45);
      assert.equal(stats.rotations, 3);
      assert.equal(stats.reopens, 1);
      const files = [".3", ".2", ".1", ".rotated-away", ""].map((s) => `${dir}/events${s}`);
      assert.deepEqual(numbers(files.map(read).join("")), range(1, 45));
      // Made before the switch: root's; after it: the user's.
      assert.equal(Deno.statSync(files[0]!).uid, 0);
      assert.equal(Deno.statSync(`${dir}/events`).uid, 65534);
      assert.equal(Deno.statSync(`${dir}/events`).mode! & 0o777, 0o600);
      // A second run as root accepts the file the user left (owner), and goes on.
      const again = FileOutput.open({ path: `${dir}/events`, owner: 65534 });
      again.write(event(46));
      await again.close();
      assert.deepEqual(numbers(read(`${dir}/events`)), range(41, 46));
      assert.throws(() => FileOutput.open({ path: `${dir}/events` }), UnsafePathError);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("outputs/file: a failing write (disk full, I/O error) is counted by cause, not thrown", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rot-" });
  try {
    const path = `${dir}/events`;
    Deno.writeTextFileSync(path, "", { mode: 0o600 });
    const errors: string[] = [];
    // A descriptor that refuses writes stands in for a full disk.
    const out = FileOutput.open({
      path,
      open: (p) => Deno.openSync(p, { read: true }),
      onError: (e) => errors.push(e.message),
    });
    for (let i = 1; i <= 5; i++) out.write(event(i));
    await out.close();
    const stats = out.stats();
    assert.deepEqual(stats.dropped, { "write-error": 5 });
    assert.equal(stats.written, 0);
    assert.equal(stats.queuedEvents, 0);
    assert.match(stats.lastError ?? "", /^write: /);
    assert.equal(errors.length, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
