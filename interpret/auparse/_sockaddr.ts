/**
 * auparse's `print_sockaddr`: a hex `saddr=` as
 * `{ saddr_fam=inet laddr=127.0.0.1 lport=53 }` and its siblings.
 *
 * @module
 */

import { auUnescape } from "./_c.ts";
import { L } from "./_print.ts";
import { inet6Host } from "../_inet6.ts";

function nulTerminated(b: Uint8Array, start: number, max: number): string {
  let s = "";
  for (let i = start; i < start + max && i < b.length && b[i] !== 0; i++) {
    s += String.fromCharCode(b[i]!);
  }
  return decodeLatin1AsUtf8(s);
}

function decodeLatin1AsUtf8(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

function u16le(b: Uint8Array, i: number): number {
  return (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
}

function u32le(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) |
    ((b[i + 3] ?? 0) << 24)) >>>
    0;
}

function port(b: Uint8Array): number {
  return ((b[2] ?? 0) << 8) | (b[3] ?? 0);
}

/** print_sockaddr (`ifName`: the host's interfaces, for link-local IPv6 scopes). */
export function printSockaddr(
  val: string,
  ifName?: (index: number) => string | undefined,
): string {
  const slen = val.length >> 1;
  const d = auUnescape(val);
  if (d === undefined || typeof d === "string") return `malformed-host(${val})`;
  const fam = u16le(d, 0);
  const str = L.fam.get(fam);
  if (str === undefined) return `unknown-family(${fam})`;
  const head = `{ saddr_fam=${str}`;
  switch (fam) {
    case 1: // AF_LOCAL
      if (slen < 4) return `${head} sockaddr len too short }`;
      return `${head} path=${nulTerminated(d, d[2] ? 2 : 3, 108)} }`;
    case 2: // AF_INET
      if (slen < 16) return `${head} sockaddr len too short }`;
      return `${head} laddr=${d[4]}.${d[5]}.${d[6]}.${d[7]} lport=${port(d)} }`;
    case 3: { // AF_AX25: seven %c, a NUL ends the text
      let call = "";
      for (let i = 2; i < 9; i++) {
        const c = d[i] ?? 0;
        if (c === 0) return `${head} call=${decodeLatin1AsUtf8(call)}`;
        call += String.fromCharCode(c);
      }
      return `${head} call=${decodeLatin1AsUtf8(call)} }`;
    }
    case 8: { // AF_ATMPVC
      const itf = (u16le(d, 4) << 16) >> 16; // sap_addr is 4-aligned
      return `${head} int=${itf} }`;
    }
    case 9: // AF_X25
      return `${head} laddr=${nulTerminated(d, 2, 15)} }`;
    case 10: { // AF_INET6
      if (slen < 28) return `${head} sockaddr6 len too short }`;
      const addr = inet6Host(d, ifName);
      return `${head} laddr=${addr} lport=${port(d)} }`;
    }
    case 16: // AF_NETLINK
      if (slen < 12) return `${head} len too short }`;
      return `${head} nlnk-fam=${fam} nlnk-pid=${u32le(d, 4)} }`;
    default:
      return `${head} (unsupported) }`;
  }
}
