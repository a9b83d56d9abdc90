import assert from "node:assert/strict";
import { check, SysError } from "../../sys/errors.ts";
import { libc } from "../../sys/_libc.ts";
import { lookupUser } from "../../sys/nss.ts";
import { NetlinkError } from "../../netlink/errors.ts";

Deno.test("check: passes non-negative results and throws the errno of a failing call", () => {
  assert.equal(check(3, "x"), 3);
  assert.equal(check(0n, "x"), 0n);
  assert.throws(() => check(libc().close(-1), "close(-1)"), (e: unknown) => {
    assert.ok(e instanceof SysError);
    assert.equal(e.errno, 9);
    assert.equal(e.code, "EBADF");
    assert.equal(e.operation, "close(-1)");
    assert.equal(e.message, "close(-1) failed: EBADF");
    return true;
  });
});

Deno.test("check: with NetlinkError, the error is both a NetlinkError and a SysError", () => {
  assert.throws(() => check(libc().fchmod(-1, 0), "fchmod", NetlinkError), (e: unknown) => {
    assert.ok(e instanceof NetlinkError && e instanceof SysError);
    assert.equal(e.name, "NetlinkError");
    assert.equal(e.code, "EBADF");
    return true;
  });
  assert.match(new NetlinkError("AUDIT_SET pid", 1).message, /EPERM \(needs root/);
});

Deno.test("lookupUser: root and nobody through NSS; an unknown name is undefined", () => {
  const root = lookupUser("root");
  assert.equal(root?.uid, 0);
  assert.equal(root?.gid, 0);
  assert.ok(root?.groups.includes(0));
  assert.equal(root?.name, "root");
  assert.equal(lookupUser("nobody")?.uid, 65534);
  assert.equal(lookupUser("no-such-user-libaudit"), undefined);
  assert.throws(() => lookupUser("a\0b"), TypeError);
});
