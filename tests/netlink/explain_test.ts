import assert from "node:assert/strict";
import { explainImmutable, explainLockedFeature } from "../../netlink/_explain.ts";
import { NetlinkError } from "../../netlink/errors.ts";

const eperm = new NetlinkError("set enabled", 1);

Deno.test("EPERM while immutable says so; other errors and states pass through", async () => {
  await assert.rejects(
    explainImmutable(eperm, "set enabled", () => Promise.resolve(2)),
    /set enabled failed: EPERM \(the audit configuration is immutable \(enabled=2\) until reboot\)/,
  );
  await assert.rejects(explainImmutable(eperm, "x", () => Promise.resolve(1)), (e) => e === eperm);
  await assert.rejects(
    explainImmutable(eperm, "x", () => Promise.reject(new Error())),
    (e) => e === eperm,
  );
  const other = new NetlinkError("x", 22);
  await assert.rejects(explainImmutable(other, "x", () => Promise.resolve(2)), (e) => e === other);
});

Deno.test("EPERM on a locked feature says so", async () => {
  await assert.rejects(
    explainLockedFeature(
      eperm,
      "set audit feature loginuid_immutable",
      () => Promise.resolve(true),
    ),
    /loginuid_immutable failed: EPERM \(the feature is locked until reboot\)/,
  );
  await assert.rejects(
    explainLockedFeature(eperm, "x", () => Promise.resolve(false)),
    (e) => e === eperm,
  );
});
