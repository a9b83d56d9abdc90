/**
 * Numeric host names of socket addresses as glibc's
 * `getnameinfo(..., NI_NUMERICHOST)` prints them.
 *
 * @module
 */

/**
 * The numeric host of a raw `sockaddr_in` (family 2) or `sockaddr_in6`
 * (family 10): dotted quad, or RFC 5952 text as glibc's `inet_ntop` writes
 * it (IPv4-mapped and -compatible forms dotted), with `%scope` when set
 * (numeric: glibc would print an interface name for link-local addresses).
 */
export function numericHost(bytes: Uint8Array, family: number): string {
  if (family === 2) return `${bytes[4] ?? 0}.${bytes[5] ?? 0}.${bytes[6] ?? 0}.${bytes[7] ?? 0}`;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((bytes[8 + 2 * i] ?? 0) << 8) | (bytes[9 + 2 * i] ?? 0));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best !== -1 && i >= best && i < best + bestLen) {
      if (i === best) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (
      i === 6 && best === 0 &&
      (bestLen === 6 || (bestLen === 7 && words[7] !== 1) || (bestLen === 5 && words[5] === 0xffff))
    ) {
      out += `${bytes[20]}.${bytes[21]}.${bytes[22]}.${bytes[23]}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best !== -1 && best + bestLen === 8) out += ":";
  const scope = ((bytes[24] ?? 0) | ((bytes[25] ?? 0) << 8) | ((bytes[26] ?? 0) << 16) |
    ((bytes[27] ?? 0) << 24)) >>> 0;
  // glibc names the interface of a link-local scope (if_indextoname); the number is printed here.
  if (scope !== 0) out += `%${scope}`;
  return out;
}
