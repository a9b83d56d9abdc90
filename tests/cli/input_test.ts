import assert from "node:assert/strict";
import {
  followFile,
  type LineBatch,
  LineSplitter,
  maybeGunzip,
  readChunks,
  splitLines,
} from "../../cli/io/input.ts";

const enc = new TextEncoder();

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === "string" ? enc.encode(p) : p;
}

async function collect(batches: AsyncIterable<LineBatch>): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for await (const b of batches) b.lines.forEach((l, i) => out.push([b.firstLine + i, l]));
  return out;
}

Deno.test("input: splitLines joins lines across chunks and numbers them", async () => {
  const lines = await collect(splitLines(chunksOf("a\nbb", "b\r\n", "", "c\nlast")));
  assert.deepEqual(lines, [[1, "a"], [2, "bbb"], [3, "c"], [4, "last"]]);
});

Deno.test("input: splitLines keeps multi-byte characters split across chunks", async () => {
  const bytes = enc.encode("é中\nx\n");
  const lines = await collect(
    splitLines(chunksOf(bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4))),
  );
  assert.deepEqual(lines, [[1, "é中"], [2, "x"]]);
});

Deno.test("input: invalid UTF-8 becomes U+FFFD, not an error", async () => {
  const lines = await collect(splitLines(chunksOf(new Uint8Array([0x61, 0xff, 0xfe, 0x0a]))));
  assert.deepEqual(lines, [[1, "a\ufffd\ufffd"]]);
});

Deno.test("input: over-long lines are skipped and reported, the rest goes on", async () => {
  const notices: string[] = [];
  const long = "x".repeat(50);
  const lines = await collect(
    splitLines(
      chunksOf("ok\n", long.slice(0, 25), long.slice(25), long, "\nnext\n"),
      (m) => notices.push(m),
      20,
    ),
  );
  assert.deepEqual(lines, [[1, "ok"], [3, "next"]]);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /^line 2: longer than 20 bytes, skipped$/);
});

Deno.test("input: readChunks and maybeGunzip read plain and gzip files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const gz = new Uint8Array(
      await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")))
        .arrayBuffer(),
    );
    await Deno.writeFile(`${dir}/a.log.gz`, gz);
    await Deno.writeTextFile(`${dir}/a.log`, text);
    for (const name of ["a.log", "a.log.gz"]) {
      using file = await Deno.open(`${dir}/${name}`);
      const lines = await collect(splitLines(maybeGunzip(readChunks(file, 1000))));
      assert.equal(lines.length, 5000);
      assert.deepEqual(lines[4999], [5000, "line 4999"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("input: followFile follows appends, rotation and truncation", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/audit.log`;
  const controller = new AbortController();
  const seen: string[] = [];
  const notices: string[] = [];
  try {
    await Deno.writeTextFile(path, "one\n");
    const reading = (async () => {
      const source = followFile(path, {
        intervalMs: 20,
        signal: controller.signal,
        notice: (m) => notices.push(m),
      });
      for await (const batch of splitLines(source)) seen.push(...batch.lines);
    })();
    const waitFor = async (n: number): Promise<void> => {
      for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(seen.length, n, `seen ${JSON.stringify(seen)}`);
    };
    await waitFor(1);
    await Deno.writeTextFile(path, "two\n", { append: true });
    await waitFor(2);
    await Deno.rename(path, `${path}.1`);
    await Deno.writeTextFile(`${path}.1`, "three\n", { append: true });
    await Deno.writeTextFile(path, "four\n");
    await waitFor(4);
    await Deno.writeTextFile(path, "5\n"); // truncated and rewritten, shorter
    await waitFor(5);
    controller.abort();
    await reading;
    assert.deepEqual(seen, ["one", "two", "three", "four", "5"]);
    assert.equal(notices.length, 2);
    assert.match(notices[0]!, /rotated/);
    assert.match(notices[1]!, /truncated/);
  } finally {
    controller.abort();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("input: LineSplitter joins lines across chunks, keeps the chunk reusable, ends with the last line", () => {
  const splitter = new LineSplitter();
  const buffer = new Uint8Array(16);
  const push = (text: string): string[] => {
    const n = enc.encodeInto(text, buffer).written;
    const lines = splitter.push(buffer.subarray(0, n)).flatMap((b) => b.lines);
    buffer.fill(0x21); // the reader reuses its buffer at once
    return lines;
  };
  assert.deepEqual(push("type=A msg"), []);
  assert.deepEqual(push("=1\ntype=B\r\nty"), ["type=A msg=1", "type=B"]);
  assert.deepEqual(push("pe=C"), []);
  assert.deepEqual(splitter.end().map((b) => [b.lines, b.firstLine, b.bytes]), [[
    ["type=C"],
    3,
    27,
  ]]);
  assert.deepEqual(splitter.end(), []);
});

Deno.test("input: lines split across many chunks, and a long line, come out whole (reused join and carry buffers)", () => {
  const cases: [string[], number[]][] = [
    [["abc", "", "de", "x".repeat(300), "f"], [1, 7, 64]],
    [["a".repeat(70_000), "short", "", "b".repeat(3), "c".repeat(1 << 21), "tail"], [4096, 65536]],
  ];
  for (const [lines, sizes] of cases) {
    for (const size of sizes) {
      const text = new TextEncoder().encode(lines.join("\n"));
      const splitter = new LineSplitter();
      const out: string[] = [];
      for (let at = 0; at < text.length; at += size) {
        // The same buffer each time, as readChunks hands them out.
        const chunk = new Uint8Array(size);
        const piece = text.subarray(at, at + size);
        chunk.set(piece);
        for (const b of splitter.push(chunk.subarray(0, piece.length))) out.push(...b.lines);
        chunk.fill(0x41);
      }
      for (const b of splitter.end()) out.push(...b.lines);
      assert.deepEqual(out.map((l) => l.length), lines.map((l) => l.length), `chunks of ${size}`);
      assert.deepEqual(out, lines);
    }
  }
});
