import assert from "node:assert/strict";
import { releaseFreeMemory } from "../../sys/mod.ts";

function rssAnonKiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/^RssAnon:\s+(\d+)/m.exec(status)![1]);
}

Deno.test("releaseFreeMemory returns freed C heap pages to the system (glibc)", () => {
  // Fill and free C heap memory through FFI: 256 blocks of 64 KiB below
  // glibc's mmap threshold stay in the arena after free().
  const lib = Deno.dlopen("libc.so.6", {
    malloc: { parameters: ["usize"], result: "pointer" },
    free: { parameters: ["pointer"], result: "void" },
    memset: { parameters: ["pointer", "i32", "usize"], result: "pointer" },
  });
  try {
    const blocks = [];
    for (let i = 0; i < 256; i++) {
      const p = lib.symbols.malloc(100_000n);
      assert.notEqual(p, null);
      lib.symbols.memset(p, 1, 100_000n);
      blocks.push(p);
    }
    // Keep the last block so the arena cannot simply shrink from its top.
    const keep = blocks.pop()!;
    for (const p of blocks) lib.symbols.free(p);
    const before = rssAnonKiB();
    assert.equal(releaseFreeMemory(), true);
    const after = rssAnonKiB();
    assert.ok(before - after > 16 << 10, `RssAnon ${before} → ${after} KiB`);
    lib.symbols.free(keep);
  } finally {
    lib.close();
  }
});

Deno.test("releaseFreeMemory does nothing without FFI permission", async () => {
  const dir = Deno.makeTempDirSync();
  const script = `${dir}/no_ffi.ts`;
  Deno.writeTextFileSync(
    script,
    `import { releaseFreeMemory } from ${
      JSON.stringify(new URL("../../sys/mod.ts", import.meta.url).href)
    };
console.log(releaseFreeMemory(), releaseFreeMemory());`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--allow-read", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  Deno.removeSync(dir, { recursive: true });
  assert.equal(
    new TextDecoder().decode(out.stdout),
    "false false\n",
    new TextDecoder().decode(out.stderr),
  );
});
