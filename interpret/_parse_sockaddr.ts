/**
 * ausearch-parse.c's `parse_sockaddr` (SOCKADDR), one copy for search and
 * report, and the numeric host names of socket addresses as glibc's
 * `getnameinfo(..., NI_NUMERICHOST)` prints them.
 *
 * @module
 */
import { cString, isXDigit, unescapeBytes } from "./_cstr.ts";
import type { RecordParser } from "./_parse_items.ts";
import { inet6Host } from "./_inet6.ts";

/** The value of a hex digit (known to be one). */
function nibble(c: number): number {
  return (c & 15) + (c > 57 ? 9 : 0);
}

/** The byte of the two hex digits at `i` (both known to be hex). */
function hexByte(m: string, i: number): number {
  return (nibble(m.charCodeAt(i)) << 4) | nibble(m.charCodeAt(i + 1));
}

const SCRATCH = new Uint8Array(128);

/**
 * `sun_path` of the AF_UNIX address in the `hex` hex digits at `str` (at
 * least 4 bytes), as C reads it: from byte 2, or 3 when byte 2 is NUL (an
 * abstract socket), up to a NUL; an odd last digit is its high nibble.
 */
function unixPath(m: string, str: number, hex: number): string {
  const byteAt = (i: number): number =>
    2 * i + 1 < hex ? hexByte(m, str + 2 * i) : nibble(m.charCodeAt(str + 2 * i)) << 4;
  const bytes = (hex + 1) >> 1;
  let i = byteAt(2) !== 0 ? 2 : 3;
  let buf = SCRATCH;
  let n = 0;
  let high = 0;
  for (; i < bytes; i++) {
    const b = byteAt(i);
    if (b === 0) break;
    if (n === buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    buf[n++] = b;
    high |= b;
  }
  // ASCII (the usual path) needs no decoder.
  if (high < 0x80 && n <= 4096) {
    return String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]);
  }
  return cString(buf.subarray(0, n));
}

/** `parse_sockaddr`: the remote host (numeric), or an AF_UNIX socket's path as a file name. */
export const parseSockaddr: RecordParser = (m, s, w, k) => {
  if (!w.hostname && !w.filename) return 0;
  let str = m.indexOf("saddr=");
  if (str === -1) return 0;
  str += 6;
  let len = 0;
  if (m.charCodeAt(str) === 40) {
    const close = m.indexOf(")", str);
    if (close !== -1) len = close - str + 1;
  } else {
    let e = str;
    while (e < m.length && isXDigit(m.charCodeAt(e))) e++;
    len = (e - str) >> 1;
    if (e - str >= 4) {
      // The family from the hex text: only IPv6 needs the bytes decoded.
      const family = hexByte(m, str) | (hexByte(m, str + 2) << 8);
      if (family !== 10) {
        s.hostname = undefined;
        if (family === 1) {
          if (len < 4) {
            k.warn?.("sun_path len too short");
            return 3;
          }
          if (w.filename) k.addFile(s, unixPath(m, str, e - str));
          return 0;
        }
        if (family !== 2) return 0;
        if (len < 16) {
          k.warn?.("sockaddr len too short");
          return 1;
        }
        if (w.hostname) {
          s.hostname = `${hexByte(m, str + 8)}.${hexByte(m, str + 10)}.${hexByte(m, str + 12)}.${
            hexByte(m, str + 14)
          }`;
        }
        return 0;
      }
    }
  }
  const raw = unescapeBytes(m, str);
  if (raw === undefined) return 4;
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  const family = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
  s.hostname = undefined;
  if (family === 2) {
    if (len < 16) {
      k.warn?.("sockaddr len too short");
      return 1;
    }
  } else if (family === 10) {
    if (len < 28) {
      k.warn?.("sockaddr6 len too short");
      return 2;
    }
  } else if (family === 1) {
    if (len < 4) {
      k.warn?.("sun_path len too short");
      return 3;
    }
    if (w.filename) k.addFile(s, cString(bytes[2] !== 0 ? bytes.subarray(2) : bytes.subarray(3)));
    return 0;
  } else return 0;
  if (!w.hostname) return 0;
  s.hostname = numericHost(bytes, family, k.ifName);
  return 0;
};

/**
 * The numeric host of a raw `sockaddr_in` (family 2) or `sockaddr_in6`
 * (family 10): dotted quad, or RFC 5952 text as glibc's `inet_ntop` writes
 * it (IPv4-mapped and -compatible forms dotted), with `%scope` when set
 * (a link-local address's interface name when `ifName` knows it).
 */
export function numericHost(
  bytes: Uint8Array,
  family: number,
  ifName?: (index: number) => string | undefined,
): string {
  if (family === 2) return `${bytes[4] ?? 0}.${bytes[5] ?? 0}.${bytes[6] ?? 0}.${bytes[7] ?? 0}`;
  return inet6Host(bytes, ifName);
}
