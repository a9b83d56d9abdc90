/**
 * The frames between a range proxy (`range_proxy.ts`) and its child process
 * (`range_child.ts`), over the child's stdin and stdout.
 *
 * To the child: `u32 length` and that many bytes of JSON (the setup first,
 * then one task per frame). From the child: `u32 json length`, `u32 piece
 * count`, a `u32 length` per piece, the JSON (a {@linkcode ChildFrame}: a
 * result without its output, `{ "error": … }` or `{ "ready": true }`), then
 * the output pieces, raw. Integers are
 * little-endian. A result is plain data (what a worker posts), but for
 * the `undefined` nodes of its serial log, which JSON writes as `null`.
 *
 * Module-private.
 *
 * @module
 */
import type { RangeResult } from "./range_run.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What the child writes: `{ ready }` once it can run ranges, then a result
 * (or why it failed) per task.
 */
export type ChildFrame = RangeResult | { readonly error: string } | { readonly ready: true };

/** A JSON frame (`u32 length` + UTF-8 JSON) of `value`. */
export function jsonFrame(value: unknown): Uint8Array {
  const json = encoder.encode(JSON.stringify(value));
  const frame = new Uint8Array(4 + json.length);
  new DataView(frame.buffer).setUint32(0, json.length, true);
  frame.set(json, 4);
  return frame;
}

/** Reads the JSON frames of {@linkcode jsonFrame} from a blocking byte source (the child's stdin). */
export class JsonFrameInput {
  readonly #read: (into: Uint8Array) => number | null;
  #input = new Uint8Array(64 << 10);
  #start = 0;
  #end = 0;

  /** A reader of what `read` gives (bytes read into its argument; null or 0 at the end). */
  constructor(read: (into: Uint8Array) => number | null) {
    this.#read = read;
  }

  /** The next frame's value, undefined at the end of the input. */
  next(): unknown {
    while (true) {
      let need = 4;
      const have = this.#end - this.#start;
      if (have >= 4) {
        need += new DataView(this.#input.buffer, this.#start, 4).getUint32(0, true);
        if (have >= need) {
          const json = decoder.decode(this.#input.subarray(this.#start + 4, this.#start + need));
          this.#start += need;
          return JSON.parse(json);
        }
      }
      if (this.#start + need > this.#input.length) {
        const to = need > this.#input.length ? new Uint8Array(need) : this.#input;
        to.set(this.#input.subarray(this.#start, this.#end));
        [this.#input, this.#end, this.#start] = [to, have, 0];
      }
      const n = this.#read(this.#input.subarray(this.#end));
      if (n === null || n === 0) return undefined;
      this.#end += n;
    }
  }
}

/**
 * The head of a result frame: lengths and the JSON of `result` (or of
 * `{ error }`) without its output, which follows it as raw pieces.
 */
export function resultHead(answer: ChildFrame): Uint8Array {
  const pieces = "output" in answer ? answer.output : [];
  const json = encoder.encode(JSON.stringify({ ...answer, output: undefined }));
  const at = 8 + 4 * pieces.length;
  const head = new Uint8Array(at + json.length);
  const view = new DataView(head.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, pieces.length, true);
  pieces.forEach((p, i) => view.setUint32(8 + 4 * i, p.length, true));
  head.set(json, at);
  return head;
}

/** Reads exact byte counts from a byte stream (one `read` per pipe buffer, no copy). */
export class FrameReader {
  readonly #reader: ReadableStreamBYOBReader;
  #scratch: Uint8Array = new Uint8Array(64);

  /** A reader of `stream` (a byte stream: a child's stdout). */
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader({ mode: "byob" });
  }

  /**
   * Fills `into` (its buffer is transferred: use the view returned);
   * undefined at the end of the stream before any byte, an error at its end
   * after some.
   */
  async fill(into: Uint8Array): Promise<Uint8Array | undefined> {
    const length = into.length;
    let view = into;
    let fill = 0;
    while (fill < length) {
      const { value, done } = await this.#reader.read(view.subarray(fill));
      if (value === undefined || done) {
        if (fill === 0 && length > 0) return undefined;
        throw new Error("range child output ended inside a frame");
      }
      fill += value.length;
      view = new Uint8Array(value.buffer, value.byteOffset - fill + value.length, length);
    }
    return view;
  }

  /**
   * The next result frame, its pieces read into buffers from `take` (given
   * a length), or undefined at the end of the stream.
   */
  async next(
    take: (length: number) => Uint8Array,
  ): Promise<ChildFrame | undefined> {
    const lengths = await this.#bytes(8);
    if (lengths === undefined) return undefined;
    const head = new DataView(lengths.buffer, lengths.byteOffset, 8);
    const jsonLength = head.getUint32(0, true);
    const count = head.getUint32(4, true);
    const sizes = await this.#need(4 * count);
    const pieceLengths = new DataView(sizes.buffer, sizes.byteOffset, 4 * count);
    const lens = Array.from({ length: count }, (_, i) => pieceLengths.getUint32(4 * i, true));
    const answer = JSON.parse(decoder.decode(await this.#need(jsonLength)));
    const output: Uint8Array[] = [];
    for (const n of lens) output.push((await this.fill(take(n).subarray(0, n)))!);
    if (!("tracked" in answer)) return answer;
    // JSON has no undefined: the node of records without one came as null.
    const { tracked } = answer as RangeResult;
    return {
      ...answer,
      output,
      tracked: { ...tracked, nodes: tracked.nodes.map((n) => n ?? undefined) },
    };
  }

  async #need(length: number): Promise<Uint8Array> {
    const bytes = await this.#bytes(length);
    if (bytes === undefined) throw new Error("range child output ended inside a frame");
    return bytes;
  }

  /** `length` bytes read into the scratch buffer (grown as needed). */
  async #bytes(length: number): Promise<Uint8Array | undefined> {
    if (this.#scratch.length < length) this.#scratch = new Uint8Array(length);
    const got = await this.fill(this.#scratch.subarray(0, length));
    if (got !== undefined) this.#scratch = new Uint8Array(got.buffer as ArrayBuffer);
    return got;
  }
}
