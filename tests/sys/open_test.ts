import assert from "node:assert/strict";
import { checkPrivateDirectory, openPrivateFile, UnsafePathError } from "../../sys/open.ts";

const isRoot = Deno.uid() === 0;
const NOBODY = 65534;

function tempDir(): string {
  return Deno.makeTempDirSync({ prefix: "libaudit-sys-" });
}

function refused(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof UnsafePathError, String(e));
    assert.match(e.reason, reason);
    return true;
  });
}

Deno.test("openPrivateFile: creates a new file with mode 0600 and appends", () => {
  const dir = tempDir();
  try {
    const path = `${dir}/out.json`;
    const f = openPrivateFile(path);
    f.writeSync(new TextEncoder().encode("one\n"));
    f.close();
    assert.equal(Deno.statSync(path).mode! & 0o7777, 0o600);
    const g = openPrivateFile(path);
    g.writeSync(new TextEncoder().encode("two\n"));
    g.close();
    assert.equal(Deno.readTextFileSync(path), "one\ntwo\n");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openPrivateFile: fchmods an existing own 0644 file to 0600 and keeps it", () => {
  const dir = tempDir();
  try {
    const path = `${dir}/out.log`;
    Deno.writeTextFileSync(path, "old\n");
    Deno.chmodSync(path, 0o644);
    const ino = Deno.statSync(path).ino;
    const f = openPrivateFile(path);
    f.writeSync(new TextEncoder().encode("new\n"));
    f.close();
    const st = Deno.statSync(path);
    assert.equal(st.mode! & 0o7777, 0o600);
    assert.equal(st.ino, ino);
    assert.equal(Deno.readTextFileSync(path), "old\nnew\n");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openPrivateFile: append false truncates after the checks; mode 0640 with a group", () => {
  const dir = tempDir();
  try {
    const path = `${dir}/out.log`;
    Deno.writeTextFileSync(path, "old\n");
    const gid = Deno.gid()!;
    const f = openPrivateFile(path, { append: false, mode: 0o640, group: gid });
    f.writeSync(new TextEncoder().encode("new\n"));
    f.close();
    assert.equal(Deno.readTextFileSync(path), "new\n");
    const st = Deno.statSync(path);
    assert.equal(st.mode! & 0o7777, 0o640);
    assert.equal(st.gid, gid);
    assert.throws(() => openPrivateFile(path, { mode: 0o660 }), RangeError);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openPrivateFile: refuses a symlink and leaves its target alone", () => {
  const dir = tempDir();
  try {
    const target = `${dir}/target`;
    Deno.writeTextFileSync(target, "precious\n");
    Deno.chmodSync(target, 0o644);
    Deno.symlinkSync(target, `${dir}/link`);
    refused(() => openPrivateFile(`${dir}/link`), /symbolic link/);
    Deno.symlinkSync(`${dir}/missing`, `${dir}/dangling`);
    refused(() => openPrivateFile(`${dir}/dangling`), /symbolic link/);
    assert.equal(Deno.readTextFileSync(target), "precious\n");
    assert.equal(Deno.statSync(target).mode! & 0o7777, 0o644);
    assert.throws(() => Deno.lstatSync(`${dir}/missing`), Deno.errors.NotFound);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openPrivateFile: refuses group- and other-writable files, FIFOs, directories, hard links", () => {
  const dir = tempDir();
  try {
    const path = `${dir}/gw`;
    Deno.writeTextFileSync(path, "");
    Deno.chmodSync(path, 0o620);
    refused(() => openPrivateFile(path), /group- or other-writable \(mode 0620\)/);
    assert.equal(Deno.statSync(path).mode! & 0o7777, 0o620);
    Deno.chmodSync(path, 0o602);
    refused(() => openPrivateFile(path), /group- or other-writable/);
    Deno.chmodSync(path, 0o600);
    Deno.linkSync(path, `${dir}/hard`);
    refused(() => openPrivateFile(path), /2 hard links/);
    Deno.mkdirSync(`${dir}/d`);
    assert.throws(() => openPrivateFile(`${dir}/d`)); // EISDIR from open(O_WRONLY)
    new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).outputSync();
    refused(() => openPrivateFile(`${dir}/fifo`), /not a regular file/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "openPrivateFile: refuses a file owned by another user (needs root for chown)",
  ignore: !isRoot,
  fn() {
    const dir = tempDir();
    try {
      const path = `${dir}/theirs`;
      Deno.writeTextFileSync(path, "");
      Deno.chmodSync(path, 0o600);
      Deno.chownSync(path, NOBODY, NOBODY);
      refused(() => openPrivateFile(path), /owned by uid 65534, not 0/);
      assert.equal(Deno.statSync(path).uid, NOBODY);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "checkPrivateDirectory: accepts own and sticky dirs, refuses links and others' dirs",
  ignore: !isRoot,
  fn() {
    const dir = tempDir();
    try {
      assert.equal(checkPrivateDirectory(dir).uid, 0);
      assert.equal(checkPrivateDirectory("/tmp").mode & 0o1000, 0o1000);
      Deno.symlinkSync(dir, `${dir}.link`);
      refused(() => checkPrivateDirectory(`${dir}.link`), /symbolic link/);
      Deno.chmodSync(dir, 0o777);
      refused(() => checkPrivateDirectory(dir), /without the sticky bit/);
      Deno.chmodSync(dir, 0o700);
      Deno.chownSync(dir, NOBODY, NOBODY);
      refused(() => checkPrivateDirectory(dir), /owned by uid 65534/);
      Deno.writeTextFileSync(`${dir}/f`, "");
      refused(() => checkPrivateDirectory(`${dir}/f`), /not a directory/);
    } finally {
      Deno.removeSync(`${dir}.link`);
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
