/**
 * Where an AF_UNIX SOCKADDR record's body stops mattering: at the NUL that
 * ends its path (private to the event JSON cache).
 *
 * @module
 */

const SADDR_UNIX = "saddr=0100";

function isUpperHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
}

/**
 * Where the part of a SOCKADDR record's body `text[start:end]` that decides
 * its interpretation ends, when the body is an AF_UNIX `saddr` alone, not
 * abstract, whose path ends in a NUL: right after that NUL; -1 otherwise.
 * `parseSockaddr` (`parse/sockaddr.ts`) decodes such a `saddr` (upper-case
 * hex of even length, checked here to its end) to the family and the path
 * cut at its first NUL: the bytes after it change nothing (the SOCKADDR
 * record's fields are `family` and `path` alone; `saddr` is kept only when
 * it does not decode).
 */
export function unixSockaddrCut(text: string, start: number, end: number): number {
  // The body starts after `audit(…)`: at its `:`.
  let at = start;
  if (text.charCodeAt(at) === 58) at++;
  while (text.charCodeAt(at) === 32) at++;
  if (!text.startsWith(SADDR_UNIX, at)) return -1;
  const from = at + SADDR_UNIX.length;
  if (((end - from) & 1) !== 0 || end - from < 4) return -1;
  // An abstract socket's name starts after a NUL.
  if (text.charCodeAt(from) === 48 && text.charCodeAt(from + 1) === 48) return -1;
  let cut = -1;
  for (let i = from; i < end; i += 2) {
    const hi = text.charCodeAt(i);
    const lo = text.charCodeAt(i + 1);
    if (!isUpperHex(hi) || !isUpperHex(lo)) return -1;
    if (cut < 0 && hi === 48 && lo === 48) cut = i + 2;
  }
  return cut;
}
