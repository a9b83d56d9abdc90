// AUDIT_SET_FEATURE request bytes at the unit level (locking a feature lasts
// until reboot, so the lock bit is only ever tested here), and on the kernel a
// feature value set and unset WITHOUT lock, restored afterwards.
import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient } from "../../netlink/client.ts";
import {
  AUDIT_FEATURE,
  AUDIT_FEATURES_SIZE,
  type AuditFeature,
  encodeFeatureChange,
  featureBit,
  featureName,
} from "../../netlink/features.ts";
import { decodeFeatures } from "../../netlink/status.ts";

function words(bytes: Uint8Array): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [0, 1, 2, 3].map((i) => v.getUint32(i * 4, true));
}

Deno.test("netlink features: auditctl --loginuid-immutable's bytes (vers 0, mask/features/lock bit 1)", () => {
  // libaudit's audit_set_loginuid_immutable: audit_set_feature(fd, 1, 1, 1).
  const bytes = encodeFeatureChange(AUDIT_FEATURE.LOGINUID_IMMUTABLE, true, true);
  assert.equal(bytes.length, AUDIT_FEATURES_SIZE);
  assert.deepEqual([...bytes], [0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0]);
});

Deno.test("netlink features: value and lock bits follow libaudit's audit_set_feature", () => {
  const cases: [AuditFeature, boolean, boolean, number[]][] = [
    [AUDIT_FEATURE.LOGINUID_IMMUTABLE, false, false, [0, 2, 0, 0]],
    [AUDIT_FEATURE.LOGINUID_IMMUTABLE, true, false, [0, 2, 2, 0]],
    [AUDIT_FEATURE.LOGINUID_IMMUTABLE, false, true, [0, 2, 0, 2]],
    [AUDIT_FEATURE.ONLY_UNSET_LOGINUID, true, false, [0, 1, 1, 0]],
    [AUDIT_FEATURE.ONLY_UNSET_LOGINUID, false, false, [0, 1, 0, 0]],
    [AUDIT_FEATURE.ONLY_UNSET_LOGINUID, true, true, [0, 1, 1, 1]],
  ];
  for (const [feature, value, lock, expected] of cases) {
    const bytes = encodeFeatureChange(feature, value, lock);
    assert.deepEqual(words(bytes), expected, `${featureName(feature)} ${value} ${lock}`);
    // The GET_FEATURE decoder reads the same layout back.
    const back = decodeFeatures(bytes);
    assert.deepEqual([back.version, back.mask, back.features, back.lock], expected);
  }
  assert.equal(featureBit(AUDIT_FEATURE.LOGINUID_IMMUTABLE), 2);
  assert.equal(featureName(AUDIT_FEATURE.ONLY_UNSET_LOGINUID), "only_unset_loginuid");
});

Deno.test("netlink features: an unknown feature number is a RangeError", () => {
  assert.throws(() => encodeFeatureChange(2 as AuditFeature, true, false), RangeError);
  assert.throws(() => encodeFeatureChange(-1 as AuditFeature, true, false), RangeError);
});

function auditctlLoginuidLine(): string | undefined {
  try {
    const r = new Deno.Command("auditctl", { args: ["-s"], stdout: "piped", stderr: "null" })
      .outputSync();
    return new TextDecoder().decode(r.stdout).split("\n").find((l) =>
      l.startsWith("loginuid_immutable ")
    );
  } catch {
    return undefined;
  }
}

kernelTest(
  "netlink features: set and unset loginuid_immutable without lock (restored)",
  async (t) => {
    const client = AuditClient.open();
    try {
      const bit = featureBit(AUDIT_FEATURE.LOGINUID_IMMUTABLE);
      const before = await client.getFeatures();
      if ((before.lock & bit) !== 0) {
        console.warn("skipped: loginuid_immutable is locked on this kernel until reboot");
        return;
      }
      const original = (before.features & bit) !== 0;
      try {
        for (const value of [!original, original]) {
          await client.setFeature(AUDIT_FEATURE.LOGINUID_IMMUTABLE, value);
          const now = await client.getFeatures();
          assert.equal((now.features & bit) !== 0, value);
          assert.equal(now.lock & bit, 0, "never locked");
          assert.equal(now.features & ~bit, before.features & ~bit, "other features untouched");
          const line = auditctlLoginuidLine();
          if (line !== undefined) {
            await t.step(`auditctl -s: ${line}`, () => {
              assert.equal(line, `loginuid_immutable ${value ? 1 : 0} unlocked`);
            });
          }
        }
      } finally {
        await client.setFeature(AUDIT_FEATURE.LOGINUID_IMMUTABLE, original);
      }
      assert.deepEqual(await client.getFeatures(), before);
      await assert.rejects(
        () => client.setLoginuidImmutable("now" as "until-reboot"),
        TypeError,
      );
      assert.deepEqual(await client.getFeatures(), before, "nothing sent without the confirmation");
    } finally {
      await client.close();
    }
  },
);
