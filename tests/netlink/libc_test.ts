import assert from "node:assert/strict";
import { errno, libc, LIBC_CANDIDATES, libcPath, strerror } from "../../netlink/libc.ts";
import { NetlinkSocket } from "../../netlink/socket.ts";

Deno.test("libc: resolves one of the candidate paths", () => {
  assert.ok(LIBC_CANDIDATES.includes(libcPath()), libcPath());
});

Deno.test("libc: errno is read in the same turn as the failing call", () => {
  assert.equal(libc().close(-1), -1);
  assert.equal(errno(), 9);
  assert.equal(strerror(9), "Bad file descriptor");
});

Deno.test("socket: a closed socket's wait returns at once and close is idempotent", async () => {
  let sock: NetlinkSocket;
  try {
    sock = NetlinkSocket.open(0);
  } catch (e) {
    // No audit in this kernel, or not allowed: the error is typed and says why.
    assert.match(String(e), /NetlinkError|LibcLoadError/);
    return;
  }
  const waiting = sock.wait(-1);
  await sock.close();
  await waiting;
  await sock.close();
  assert.equal(sock.closed, true);
  assert.equal(sock.receiveBatch(), 0);
});
