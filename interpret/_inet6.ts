/**
 * glibc's `inet_ntop` for IPv6, as ausearch, aureport and auparse print
 * hosts: the longest run of two or more zero groups as `::` (the first of
 * equal runs), the IPv4 tail of mapped and compatible addresses dotted.
 *
 * @module
 */

/**
 * The text of the 16-byte IPv6 address at `off` in `b`.
 *
 * @param b The bytes.
 * @param off Where the address starts.
 * @returns Its text.
 */
export function inet6Text(b: Uint8Array, off: number): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(((b[off + 2 * i] ?? 0) << 8) | (b[off + 2 * i + 1] ?? 0));
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (cur.base === -1) cur = { base: i, len: 1 };
      else cur.len++;
    } else if (cur.base !== -1) {
      if (best.base === -1 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base !== -1 && (best.base === -1 || cur.len > best.len)) best = cur;
  if (best.base !== -1 && best.len < 2) best = { base: -1, len: 0 };
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && w[5] === 0xffff))) {
      out += `${b[off + 12]}.${b[off + 13]}.${b[off + 14]}.${b[off + 15]}`;
      return out;
    }
    out += w[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ":";
  return out;
}

/**
 * The numeric host of a raw `sockaddr_in6`: its address, with `%scope` when
 * the scope id is set. As glibc's `getnameinfo(NI_NUMERICHOST)`, a
 * link-local address's scope is its interface's name when `ifName` knows
 * it, and a number otherwise.
 *
 * @param b The sockaddr's bytes (family, port, flow info, address, scope).
 * @param ifName `if_indextoname`, when the host's interfaces are known.
 * @returns The host text.
 */
export function inet6Host(b: Uint8Array, ifName?: (index: number) => string | undefined): string {
  const scope = ((b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16) |
    ((b[27] ?? 0) << 24)) >>> 0;
  const text = inet6Text(b, 8);
  if (scope === 0) return text;
  // IN6_IS_ADDR_LINKLOCAL (fe80::/10) or IN6_IS_ADDR_MC_LINKLOCAL (ffx2::/16).
  const linkLocal = (b[8] === 0xfe && ((b[9] ?? 0) & 0xc0) === 0x80) ||
    (b[8] === 0xff && ((b[9] ?? 0) & 0x0f) === 0x02);
  return `${text}%${(linkLocal ? ifName?.(scope) : undefined) ?? scope}`;
}
