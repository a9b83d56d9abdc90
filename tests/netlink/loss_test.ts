import assert from "node:assert/strict";
import { LossCounter, type LossCounts } from "../../netlink/loss.ts";
import { PendingRequests } from "../../netlink/_pending.ts";
import { NetlinkError } from "../../netlink/errors.ts";
import { NLMSG_DONE, NLMSG_ERROR } from "../../netlink/constants.ts";

Deno.test("LossCounter: consumers feed it directly; onChange sees every growth", () => {
  const loss = new LossCounter();
  const seen: LossCounts[] = [];
  loss.onChange = (l) => seen.push(l);
  loss.countOverrun();
  loss.countQueueDrop();
  loss.reportSerialGap(5);
  loss.reportSerialGap(-2); // late arrivals taken back
  loss.reportSerialGap(-10); // never below 0
  loss.reportSerialGap(0); // no change, no call
  loss.countParseError();
  loss.countMalformed();
  assert.deepEqual(loss.counts(), {
    kernelLost: undefined,
    overruns: 1,
    queueDropped: 1,
    serialGaps: 0,
  });
  assert.equal(seen.length, 5);
  assert.equal(seen[2]!.serialGaps, 5);
  assert.equal(loss.parseErrors, 1);
  assert.equal(loss.malformedDatagrams, 1);
  loss.onChange = () => {
    throw new Error("a failing callback");
  };
  loss.countOverrun(); // does not throw
});

Deno.test("LossCounter: pollKernelLost records the growth of the kernel's counter", async () => {
  const loss = new LossCounter();
  let lost = 7;
  let closed = false;
  const stop = loss.pollKernelLost(5, () => ({
    getStatus: () => Promise.resolve({ lost }),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  }));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(loss.counts().kernelLost, 0);
  lost = 10;
  await stop();
  assert.equal(loss.counts().kernelLost, 3);
  assert.ok(closed);
});

function reply(type: number, seq: number, payload: Uint8Array = new Uint8Array(0)) {
  return { type, flags: 0, seq, pid: 0, payload };
}

function errPayload(errno: number): Uint8Array {
  const b = new Uint8Array(20);
  new DataView(b.buffer).setInt32(0, -errno, true);
  return b;
}

Deno.test("PendingRequests: ACK and replies settle; errors, timeouts and close reject", async () => {
  const pending = new PendingRequests(30);
  const a = pending.add("get", 1000, false);
  pending.onMessage(reply(1000, a.seq, new Uint8Array([1, 2])));
  pending.onMessage(reply(NLMSG_ERROR, a.seq, errPayload(0)));
  assert.deepEqual(await a.replies, [new Uint8Array([1, 2])]);

  const multi = pending.add("list", 1013, true);
  pending.onMessage(reply(NLMSG_ERROR, multi.seq, errPayload(0)));
  pending.onMessage(reply(1013, multi.seq, new Uint8Array([3])));
  pending.onMessage(reply(1013, multi.seq, new Uint8Array([4])));
  assert.equal(pending.size, 1);
  pending.onMessage(reply(NLMSG_DONE, multi.seq));
  assert.equal((await multi.replies).length, 2);

  const denied = pending.add("set", undefined, false);
  pending.onMessage(reply(NLMSG_ERROR, denied.seq, errPayload(1)));
  await assert.rejects(
    denied.replies,
    (e: unknown) => e instanceof NetlinkError && e.code === "EPERM",
  );

  const late = pending.add("slow", undefined, false);
  await assert.rejects(late.replies, /ETIMEDOUT/);

  const open = pending.add("open", undefined, false);
  pending.failAll();
  await assert.rejects(open.replies, /open failed: EBADF \(the client was closed\)/);
  assert.equal(pending.size, 0);
});
