// A range's output (cli/parallel/_collector.ts): text and lines written as
// bytes keep their order across buffers, and a range of `-i -f json` writes
// the event JSON cache's kept events as bytes, never through their text
// (decoding them and encoding them again made ranges ~40% dearer than one
// thread's loop: issue 16's two-thread speed-up).
import assert from "node:assert/strict";
import { BufferPool, Collector, OUTPUT_BUFFER_BYTES } from "../../cli/parallel/_collector.ts";
import { createRangeRunner } from "../../cli/parallel/range_run.ts";
import { EventJsonCache } from "../../interpret/event_json_cache.ts";
import type { ByteLineTarget } from "../../interpret/event_json_cache.ts";

const decoder = new TextDecoder();
const text = (pieces: Uint8Array[]): string => pieces.map((p) => decoder.decode(p)).join("");

/** Writes `line` and a line break through `target`'s byte path. */
function writeBytes(target: ByteLineTarget, line: string): void {
  const bytes = new TextEncoder().encode(line + "\n");
  const at = target.lineRoom(bytes.length);
  assert.ok(at >= 0);
  target.lineBuffer.set(bytes, at);
  target.lineWritten(at + bytes.length);
}

Deno.test("range collector: text, lines and byte lines stay in order", () => {
  const c = new Collector(new BufferPool());
  c.write("a ");
  c.write("b\n");
  writeBytes(c, "bytes é");
  c.writeLine("line ü");
  c.write("c");
  writeBytes(c, "more");
  const pieces = c.take();
  assert.equal(text(pieces), "a b\nbytes é\nline ü\ncmore\n");
  assert.equal(pieces.length, 1);
  // It starts again empty.
  c.writeLine("next");
  assert.equal(text(c.take()), "next\n");
  assert.deepEqual(c.take(), []);
});

Deno.test("range collector: byte lines go on in a new buffer when one is full", () => {
  const c = new Collector(new BufferPool());
  const line = "x".repeat(999);
  const count = Math.ceil((3 * OUTPUT_BUFFER_BYTES) / 1000);
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) writeBytes(c, line);
    else if (i % 3 === 1) c.writeLine(line);
    else c.write(line + "\n");
  }
  const pieces = c.take();
  assert.ok(pieces.length >= 3);
  for (const p of pieces) assert.equal(p.byteOffset, 0, "each piece starts its own buffer");
  assert.equal(text(pieces), (line + "\n").repeat(count));
  assert.equal(c.lineRoom(OUTPUT_BUFFER_BYTES + 1), -1);
});

Deno.test("range collector: a range of -i -f json writes kept events as bytes", async () => {
  const lines: string[] = [];
  for (let i = 1; i <= 40; i++) {
    const stamp = `audit(1700000000.${String(i).padStart(3, "0")}:${i})`;
    lines.push(
      `type=SYSCALL msg=${stamp}: arch=c000003e syscall=59 success=yes exit=0 a0=55d1 a1=7ffc${i} a2=7ffd3 a3=0 items=1 ppid=1 pid=${
        1000 + i
      } auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="ls" exe="/usr/bin/ls" key="exec"`,
      `type=EXECVE msg=${stamp}: argc=2 a0="ls" a1="-l"`,
      `type=CWD msg=${stamp}: cwd="/tmp"`,
      `type=PROCTITLE msg=${stamp}: proctitle=6C73002D6C`,
      `type=EOE msg=${stamp}: `,
    );
  }
  const dir = await Deno.makeTempDir();
  const proto = EventJsonCache.prototype;
  const { foundJson, writeFound } = proto;
  let asText = 0, asBytes = 0;
  proto.foundJson = function (this: EventJsonCache): string {
    asText++;
    return foundJson.call(this);
  };
  proto.writeFound = function (this: EventJsonCache, target: ByteLineTarget): boolean {
    const written = writeFound.call(this, target);
    if (written) asBytes++;
    return written;
  };
  try {
    const path = `${dir}/audit.log`;
    const data = lines.join("\n") + "\n";
    await Deno.writeTextFile(path, data);
    const run = createRangeRunner({
      mode: "interpret",
      format: "json",
      filters: {},
      resolveIds: false,
    });
    const size = new TextEncoder().encode(data).length;
    const result = run({
      chunk: { index: 0, file: 0, path, from: 0, to: size, size, first: true, last: true },
      warmup: 0,
    });
    const out = result.output.map((p) => decoder.decode(p)).join("").trimEnd().split("\n");
    assert.equal(out.length, 40);
    assert.deepEqual(out.map((l) => JSON.parse(l).sequence), [...Array(40)].map((_, i) => i + 1));
    assert.ok(asBytes >= 30, `kept events written as bytes: ${asBytes}`);
    assert.equal(asText, 0, "no kept event went through its text");
  } finally {
    proto.foundJson = foundJson;
    proto.writeFound = writeFound;
    await Deno.remove(dir, { recursive: true });
  }
});
