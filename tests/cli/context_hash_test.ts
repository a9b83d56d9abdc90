// process.hash.sha256: the executable's SHA-256, cached by (dev, inode, mtime, size), size limit.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ExeHasher } from "../../cli/host/exe_hash.ts";

Deno.test("exe hash: SHA-256 of the file, re-hashed when it changes, skipped over the limit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/prog`;
    await Deno.writeTextFile(path, "#!/bin/sh\necho one\n");
    const hasher = new ExeHasher(1024);
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    assert.equal(hasher.hash(path), sha("#!/bin/sh\necho one\n"));
    await Deno.writeTextFile(path, "#!/bin/sh\necho two, longer\n");
    await Deno.utime(path, 2_000_000, 2_000_000); // a new mtime (and size): a new cache key
    assert.equal(hasher.hash(path), sha("#!/bin/sh\necho two, longer\n"));
    await Deno.writeTextFile(path, "x".repeat(2048));
    assert.equal(hasher.hash(path), undefined);
    assert.equal(hasher.tooLarge, 1);
    assert.equal(hasher.hash(`${dir}/missing`), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
