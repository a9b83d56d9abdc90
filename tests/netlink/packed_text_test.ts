import assert from "node:assert/strict";
import { PackedText } from "../../netlink/_packed_text.ts";

const decoder = new TextDecoder();

/** Packs `payloads` (in one buffer, as a recvmmsg batch) and returns what the sink got. */
function run(payloads: Uint8Array[], flushEvery = Infinity): [number, string][] {
  const got: [number, string][] = [];
  const packed = new PackedText((type, text) => got.push([type, text]));
  // Payloads at odd offsets of one big buffer, like slots of a batch.
  const buffer = new Uint8Array(payloads.reduce((n, p) => n + p.length + 7, 0));
  let at = 3;
  payloads.forEach((p, i) => {
    buffer.set(p, at);
    packed.add(1300 + i, buffer, at, at + p.length);
    at += p.length + 7;
    if ((i + 1) % flushEvery === 0) packed.flush();
  });
  packed.flush();
  return got;
}

function expected(payloads: Uint8Array[]): [number, string][] {
  return payloads.map((p, i) => [1300 + i, decoder.decode(p)]);
}

const encoder = new TextEncoder();

Deno.test("packed text: each payload's own decoding, in order", () => {
  const ascii = ["audit(1.000:1): arch=c000003e syscall=59", 'audit(1.000:1): argc=1 a0="x"', ""]
    .map((t) => encoder.encode(t));
  assert.deepEqual(run(ascii), expected(ascii));
  assert.deepEqual(run(ascii, 2), expected(ascii));
});

Deno.test("packed text: a character split over two payloads is not joined", () => {
  const euro = encoder.encode("€"); // e2 82 ac
  const payloads = [
    new Uint8Array([...encoder.encode("a="), euro[0]!, euro[1]!]),
    new Uint8Array([euro[2]!, ...encoder.encode(" b=1")]),
    encoder.encode("msg='é ü'"),
    new Uint8Array([0x61, 0xff, 0x62, 0xc3]), // lone bytes that are not UTF-8
    encoder.encode("tail"),
  ];
  assert.deepEqual(run(payloads), expected(payloads));
  // Only lone bytes: one U+FFFD each, still each payload's own decoding.
  const lone = [new Uint8Array([0x61, 0xc3]), new Uint8Array([0xa9, 0x62])];
  assert.deepEqual(run(lone), expected(lone));
});

Deno.test("packed text: payloads beyond the buffer, and larger than it", () => {
  const big = encoder.encode("x".repeat(70 * 1024));
  const many = Array.from({ length: 40 }, (_, i) => encoder.encode(`${i}:` + "y".repeat(3000)));
  const payloads = [...many.slice(0, 30), big, ...many.slice(30)];
  assert.deepEqual(run(payloads), expected(payloads));
});
