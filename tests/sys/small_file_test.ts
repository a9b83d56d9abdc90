import assert from "node:assert/strict";
import { readSmallTextFile, readSymbolicLink } from "../../sys/mod.ts";

Deno.test("readSmallTextFile: Deno's text, undefined when missing, too long or NUL in the name", () => {
  assert.equal(readSmallTextFile("/proc/self/status")?.startsWith("Name:"), true);
  assert.equal(readSmallTextFile("/proc/4194305/stat"), undefined);
  assert.equal(readSmallTextFile("/etc/\0passwd"), undefined);
  assert.equal(readSmallTextFile("/" + "x".repeat(5000)), undefined);
  const dir = Deno.makeTempDirSync();
  try {
    const named = `${dir}/été`;
    Deno.writeTextFileSync(named, "ok\u00e9");
    assert.equal(readSmallTextFile(named), "ok\u00e9");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readSymbolicLink: the target, undefined when unreadable, long targets", () => {
  assert.equal(readSymbolicLink("/proc/self/exe"), Deno.readLinkSync("/proc/self/exe"));
  assert.equal(readSymbolicLink("/proc/self/stat"), undefined);
  const dir = Deno.makeTempDirSync();
  try {
    const long = "y".repeat(200);
    Deno.symlinkSync(
      `/${long}/${long}/${long}/${long}/${long}/${long}/${long}/${long}`,
      `${dir}/l`,
    );
    assert.equal(readSymbolicLink(`${dir}/l`)?.length, 1608);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
