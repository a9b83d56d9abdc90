import assert from "node:assert/strict";
import {
  decodeDatagram,
  encodeMessage,
  isAuditEventType,
  nlmsgErrno,
} from "../../netlink/framing.ts";
import { decodeFeatures, decodeStatus, encodeStatusChange } from "../../netlink/status.ts";
import { NetlinkError } from "../../netlink/errors.ts";

function header(len: number, type: number, flags: number, seq: number, pid = 0): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, type, true);
  v.setUint16(6, flags, true);
  v.setUint32(8, seq, true);
  v.setUint32(12, pid, true);
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

Deno.test("framing: encodeMessage writes nlmsghdr and pads to 4 bytes", () => {
  const m = encodeMessage(1001, 5, 7, 42, new Uint8Array([1, 2, 3]));
  assert.equal(m.length, 20);
  const v = new DataView(m.buffer);
  assert.equal(v.getUint32(0, true), 19);
  assert.equal(v.getUint16(4, true), 1001);
  assert.equal(v.getUint16(6, true), 5);
  assert.equal(v.getUint32(8, true), 7);
  assert.equal(v.getUint32(12, true), 42);
  assert.deepEqual([...m.subarray(16)], [1, 2, 3, 0]);
});

Deno.test("framing: several control messages in one datagram", () => {
  const ack = concat(header(36, 2, 0, 5), new Uint8Array(20));
  const reply = concat(header(20, 1013, 2, 5), new Uint8Array([9, 9, 9, 9]));
  const done = header(16, 3, 2, 5);
  const { messages, malformed } = decodeDatagram(concat(ack, reply, done));
  assert.equal(malformed, false);
  assert.deepEqual(messages.map((m) => [m.type, m.seq, m.payload.length]), [
    [2, 5, 20],
    [1013, 5, 4],
    [3, 5, 0],
  ]);
});

Deno.test("framing: an audit event ignores a wrong nlmsg_len and trailing NULs", () => {
  const text = new TextEncoder().encode("audit(1.000:1): hello");
  // The kernel has sent nlmsg_len as the payload length only.
  const d = concat(header(text.length, 1300, 0, 0), text, new Uint8Array([0, 0]));
  const { messages } = decodeDatagram(d);
  assert.equal(messages.length, 1);
  assert.equal(new TextDecoder().decode(messages[0]!.payload), "audit(1.000:1): hello");
  // Too large a length is ignored the same way.
  const big = concat(header(9999, 1300, 0, 0), text);
  assert.equal(decodeDatagram(big).messages[0]!.payload.length, text.length);
});

Deno.test("framing: garbage and truncated headers are reported, not thrown", () => {
  assert.deepEqual(decodeDatagram(new Uint8Array(5)), { messages: [], malformed: true });
  const r = decodeDatagram(header(400, 2, 0, 1));
  assert.equal(r.malformed, true);
  assert.equal(r.messages.length, 0);
  assert.equal(decodeDatagram(header(3, 2, 0, 1)).malformed, true);
  assert.deepEqual(decodeDatagram(new Uint8Array(0)), { messages: [], malformed: false });
});

Deno.test("framing: NLMSG_ERROR payload gives 0 for an ACK, else the errno", () => {
  const p = new Uint8Array(20);
  assert.equal(nlmsgErrno(p), 0);
  new DataView(p.buffer).setInt32(0, -17, true);
  assert.equal(nlmsgErrno(p), 17);
  assert.equal(nlmsgErrno(new Uint8Array(2)), undefined);
  assert.equal(isAuditEventType(1300), true);
  assert.equal(isAuditEventType(1013), false);
  // USER (auditctl -m) and LOGIN records come with types below 1100.
  assert.equal(isAuditEventType(1005), true);
  assert.equal(isAuditEventType(1006), true);
  assert.equal(isAuditEventType(1000), false);
});

Deno.test("status: encodeStatusChange sets only the given fields and the mask", () => {
  const b = encodeStatusChange({ rateLimit: 5, backlogWaitTime: 100, resetLost: true });
  const v = new DataView(b.buffer);
  assert.equal(b.length, 44);
  assert.equal(v.getUint32(0, true), 0x08 | 0x20 | 0x40);
  assert.equal(v.getUint32(16, true), 5);
  assert.equal(v.getUint32(36, true), 100);
  assert.equal(v.getUint32(4, true), 0);
  const pid = new DataView(encodeStatusChange({ pid: 0 }).buffer);
  assert.equal(pid.getUint32(0, true), 0x04);
});

Deno.test("status: decodeStatus handles full and short replies", () => {
  const full = new Uint8Array(44);
  const v = new DataView(full.buffer);
  [0, 1, 1, 123, 0, 8192, 7, 2, 127, 60000, 3].forEach((x, i) => v.setUint32(i * 4, x, true));
  const s = decodeStatus(full);
  assert.equal(s.enabled, 1);
  assert.equal(s.pid, 123);
  assert.equal(s.backlogLimit, 8192);
  assert.equal(s.lost, 7);
  assert.equal(s.backlogWaitTime, 60000);
  assert.equal(s.backlogWaitTimeActual, 3);
  const old = decodeStatus(full.subarray(0, 36));
  assert.equal(old.featureBitmap, 127);
  assert.equal(old.backlogWaitTime, undefined);
  assert.equal(old.backlogWaitTimeActual, undefined);
  assert.equal(decodeStatus(new Uint8Array(0)).enabled, 0);
  assert.deepEqual(decodeFeatures(new Uint8Array(16)), {
    version: 0,
    mask: 0,
    features: 0,
    lock: 0,
  });
});

Deno.test("errors: NetlinkError carries errno name, code and a hint", () => {
  const e = new NetlinkError("get audit status", 1);
  assert.ok(e instanceof Error);
  assert.equal(e.code, "EPERM");
  assert.equal(e.errno, 1);
  assert.match(e.message, /get audit status failed: EPERM .*CAP_AUDIT_CONTROL/);
  assert.match(new NetlinkError("x", 111).message, /another audit daemon/);
  assert.match(new NetlinkError("x", 93).message, /no audit support/);
});
