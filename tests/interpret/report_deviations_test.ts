/**
 * Where `libaudit report` deliberately differs from aureport (README,
 * "Deviations from aureport"): link-local IPv6 scopes print as numbers, and
 * hex-encoded values are read as UTF-8.
 */
import assert from "node:assert/strict";
import { numericHost } from "../../interpret/_parse_sockaddr.ts";
import { unescape } from "../../interpret/_cstr.ts";

Deno.test("deviation: a link-local IPv6 scope prints its number (aureport: the interface name)", () => {
  const bytes = new Uint8Array(28);
  bytes[0] = 10;
  bytes[8] = 0xfe;
  bytes[9] = 0x80;
  bytes[23] = 1;
  bytes[24] = 2; // scope id 2
  assert.equal(numericHost(bytes, 10), "fe80::1%2");
});

Deno.test("deviation: hex values are decoded as UTF-8, invalid bytes as U+FFFD", () => {
  assert.equal(unescape("2F746D702FC3A9", 0), "/tmp/é");
  assert.equal(unescape("2F78FF", 0), "/x\uFFFD");
});

Deno.test("glibc's inet_ntop forms for IPv6 (aureport's getnameinfo)", () => {
  const v6 = (words: number[]): Uint8Array => {
    const b = new Uint8Array(28);
    b[0] = 10;
    words.forEach((w, i) => {
      b[8 + 2 * i] = w >> 8;
      b[9 + 2 * i] = w & 0xff;
    });
    return b;
  };
  assert.equal(numericHost(v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), 10), "2001:db8::1");
  assert.equal(numericHost(v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]), 10), "::ffff:127.0.0.1");
  assert.equal(numericHost(v6([0, 0, 0, 0, 0, 0, 0, 0]), 10), "::");
  assert.equal(numericHost(v6([1, 0, 0, 1, 0, 0, 0, 1]), 10), "1:0:0:1::1");
});
