/**
 * Netlink message framing for the audit protocol: `struct nlmsghdr` encoding
 * and decoding, several messages per datagram, `NLMSG_ERROR` payloads, and
 * the audit quirk that event messages' `nlmsg_len` cannot be trusted.
 *
 * Pure functions; no I/O.
 *
 * @module
 */
import {
  AUDIT_LOGIN,
  AUDIT_USER,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_NOOP,
} from "./constants.ts";

/** One netlink message: the header fields and the payload bytes. */
export interface NetlinkMessage {
  /** `nlmsg_type`: `NLMSG_*` or an audit message type. */
  readonly type: number;
  /** `nlmsg_flags`. */
  readonly flags: number;
  /** `nlmsg_seq`: our request's sequence number in replies, 0 in events. */
  readonly seq: number;
  /** `nlmsg_pid`: the sender's port id (0 for the kernel). */
  readonly pid: number;
  /** The payload after the 16-byte header (a view into the receive buffer). */
  readonly payload: Uint8Array;
}

/** Rounds up to the 4-byte netlink alignment (`NLMSG_ALIGN`). */
function nlmsgAlign(n: number): number {
  return (n + 3) & ~3;
}

/** Encodes one request: header (`nlmsg_len` = 16 + payload) and payload. */
export function encodeMessage(
  type: number,
  flags: number,
  seq: number,
  pid: number,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array<ArrayBuffer> {
  const len = NLMSG_HDRLEN + payload.length;
  const buf = new Uint8Array(nlmsgAlign(len));
  const view = new DataView(buf.buffer);
  view.setUint32(0, len, true);
  view.setUint16(4, type, true);
  view.setUint16(6, flags, true);
  view.setUint32(8, seq >>> 0, true);
  view.setUint32(12, pid >>> 0, true);
  buf.set(payload, NLMSG_HDRLEN);
  return buf;
}

/**
 * Whether `type` is an audit event/record (kernel or user message) rather
 * than a netlink control message or a reply to a request: 1100 and up, plus
 * the two records the kernel logs with a type from the command range,
 * `AUDIT_USER` (1005, e.g. `auditctl -m`) and `AUDIT_LOGIN` (1006). The
 * kernel sends those one per datagram and their `nlmsg_len` is unreliable.
 */
export function isAuditEventType(type: number): boolean {
  return type >= 1100 || type === AUDIT_USER || type === AUDIT_LOGIN;
}

/**
 * Splits a received datagram into messages. Control messages and replies are
 * framed by `nlmsg_len`; an audit event takes the rest of the datagram (the
 * kernel has sent `nlmsg_len` without the header, or larger than the data),
 * minus trailing NUL bytes. A truncated or garbage header ends the datagram
 * with what was decoded so far plus `malformed` set.
 */
export function decodeDatagram(
  data: Uint8Array,
): { messages: NetlinkMessage[]; malformed: boolean } {
  const messages: NetlinkMessage[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  while (off + NLMSG_HDRLEN <= data.length) {
    const len = view.getUint32(off, true);
    const type = view.getUint16(off + 4, true);
    const flags = view.getUint16(off + 6, true);
    const seq = view.getUint32(off + 8, true);
    const pid = view.getUint32(off + 12, true);
    const start = off + NLMSG_HDRLEN;
    if (isAuditEventType(type)) {
      let end = data.length;
      while (end > start && data[end - 1] === 0) end--;
      messages.push({ type, flags, seq, pid, payload: data.subarray(start, end) });
      return { messages, malformed: false };
    }
    if (len < NLMSG_HDRLEN || off + len > data.length) {
      return { messages, malformed: true };
    }
    if (type !== NLMSG_NOOP) {
      messages.push({ type, flags, seq, pid, payload: data.subarray(start, off + len) });
    }
    off += nlmsgAlign(len);
  }
  return { messages, malformed: off < data.length };
}

/**
 * The errno carried by an `NLMSG_ERROR` payload (`struct nlmsgerr`: a
 * negative `int error` then the offending header): 0 for an ACK, else the
 * positive errno. Returns `undefined` if the payload is too short.
 */
export function nlmsgErrno(payload: Uint8Array): number | undefined {
  if (payload.length < 4) return undefined;
  const v = new DataView(payload.buffer, payload.byteOffset, 4).getInt32(0, true);
  return v === 0 ? 0 : -v;
}

/** Whether `type` ends a request's replies (`NLMSG_ERROR` or `NLMSG_DONE`). */
export function isTerminal(type: number): boolean {
  return type === NLMSG_ERROR || type === NLMSG_DONE;
}
