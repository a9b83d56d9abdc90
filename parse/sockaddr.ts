/**
 * Decoding of the `saddr` field of SOCKADDR records (a hex dump of a
 * `struct sockaddr`) with go-libaudit's semantics.
 *
 * @module
 */

import { decodeHexBytes, hexDigitAnyCase, hexToString } from "./hex.ts";

/**
 * Go `strconv.ParseInt(s, 16, 32)`: optional sign, hex digits of either case,
 * the result within int32; `undefined` when invalid.
 */
function parseHexInt32(s: string): number | undefined {
  let i = 0;
  let negative = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    negative = c0 === 45;
    i = 1;
  }
  if (i >= s.length) return undefined;
  let n = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = hexDigitAnyCase(c);
    if (d < 0) return undefined;
    n = n * 16 + d;
  }
  if (negative) n = -n;
  return n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
}

/** Go `net.IP.String()` for 16 bytes. */
function formatIPv6(b: Uint8Array): string {
  let mapped = b[10] === 0xff && b[11] === 0xff;
  for (let i = 0; mapped && i < 10; i++) mapped = b[i] === 0;
  if (mapped) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // The longest run (at least two) of zero groups becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += "::";
      i += bestLen - 1;
      continue;
    }
    if (out !== "" && !out.endsWith(":")) out += ":";
    out += groups[i]!.toString(16);
  }
  return out;
}

/** A `saddr` that cannot be decoded. */
export class SockaddrError extends Error {
  /** Creates the error with its message. */
  constructor(message: string) {
    super(message);
    this.name = "SockaddrError";
  }
}

/**
 * Decodes a `saddr` hex dump into `family` (`unix`, `ipv4`, `ipv6`,
 * `netlink` or the number), `addr`, `port`, `flow` (IPv6 flow label when
 * non-zero), `path` (unix sockets; abstract ones as `@name`) or, for other
 * families, the original `saddr`.
 *
 * @throws {SockaddrError} When the dump is too short or not hex.
 */
export function parseSockaddr(s: string): Record<string, string> {
  if (s.length < 4) throw new SockaddrError(`invalid family: too short: ${s.length}`);
  const family = parseHexInt32(s.slice(2, 4) + s.slice(0, 2)); // host order
  if (family === undefined) throw new SockaddrError(`invalid family: ${s.slice(0, 4)}`);
  switch (family) {
    case 1: { // AF_UNIX
      const rest = s.slice(4);
      let path: string | undefined;
      if (rest.startsWith("00") && rest.length > 2 && rest.slice(2, 4) !== "00") {
        // Abstract socket: a leading NUL, then a name (shown as "@name").
        const name = hexToString(rest.slice(2));
        path = name === undefined ? undefined : "@" + name;
      } else {
        path = hexToString(rest);
      }
      if (path === undefined) throw new SockaddrError(`invalid unix socket path: not hex`);
      return { family: "unix", path };
    }
    case 2: { // AF_INET
      if (s.length < 16) {
        throw new SockaddrError(`invalid socket address size family=ipv4: ${s.length}`);
      }
      const port = parseHexInt32(s.slice(4, 8));
      if (port === undefined) throw new SockaddrError(`invalid port: ${s.slice(4, 8)}`);
      const octet = (i: number): number => parseHexInt32(s.slice(i, i + 2)) ?? 0;
      return {
        family: "ipv4",
        addr: `${octet(8)}.${octet(10)}.${octet(12)}.${octet(14)}`,
        port: String(port),
      };
    }
    case 10: { // AF_INET6
      if (s.length < 48) {
        throw new SockaddrError(`invalid socket address size family=ipv6: ${s.length}`);
      }
      const port = parseHexInt32(s.slice(4, 8));
      if (port === undefined) throw new SockaddrError(`invalid port: ${s.slice(4, 8)}`);
      const flow = parseHexInt32(s.slice(8, 16));
      if (flow === undefined) throw new SockaddrError(`invalid flow label: ${s.slice(8, 16)}`);
      const bytes = decodeHexBytes(s.slice(16, 48).toUpperCase());
      if (bytes === undefined) throw new SockaddrError(`invalid ipv6 address: ${s.slice(16, 48)}`);
      const out: Record<string, string> = {
        family: "ipv6",
        addr: formatIPv6(bytes),
        port: String(port),
      };
      if (flow > 0) out.flow = String(flow);
      return out;
    }
    case 16: // AF_NETLINK
      return { family: "netlink", saddr: s };
    default:
      return { family: String(family), saddr: s };
  }
}
