import assert from "node:assert/strict";
import {
  CAPABILITY_NAMES,
  capabilityBit,
  capabilityMask,
  capabilityNames,
} from "../../sys/capabilities.ts";

const HEADER = "/usr/include/linux/capability.h";
let header: string | undefined;
try {
  header = Deno.readTextFileSync(HEADER);
} catch {
  header = undefined;
}

Deno.test({
  name: `capabilities: the names match ${HEADER} (ignored when the header is absent)`,
  ignore: header === undefined,
  fn() {
    const fromHeader: string[] = [];
    for (const m of header!.matchAll(/^#define\s+(CAP_[A-Z_0-9]+)\s+(\d+)\s*$/gm)) {
      fromHeader[Number(m[2])] = m[1]!;
    }
    assert.deepEqual([...CAPABILITY_NAMES], fromHeader);
  },
});

Deno.test("capabilities: masks and names round-trip; unknown names are errors", () => {
  assert.equal(capabilityBit("CAP_SYS_PTRACE"), 19);
  const mask = capabilityMask(["CAP_DAC_READ_SEARCH", "CAP_CHECKPOINT_RESTORE"]);
  assert.equal(mask, (1n << 2n) | (1n << 40n));
  assert.deepEqual(capabilityNames(mask | (1n << 50n)), [
    "CAP_DAC_READ_SEARCH",
    "CAP_CHECKPOINT_RESTORE",
    "CAP_50",
  ]);
  assert.throws(() => capabilityMask(["CAP_NOPE"]), RangeError);
});
