/**
 * The child process of a range proxy (`range_proxy.ts`) for parallel
 * `libaudit parse`: reads the setup from stdin and says when it is ready,
 * then reads tasks, runs each in order (`range_run.ts`) and writes a
 * result frame per task to stdout (`_range_frames.ts`). It exits at the end of stdin (its parent is
 * done or gone). A process of its own, not a worker: two V8 isolates of one
 * process share its compiler and collector threads and scale badly on two
 * cores (bench/README.md, "Two threads").
 *
 * @module
 */
import { loadYaml } from "../io/output.ts";
import { BufferPool } from "./_collector.ts";
import { type ChildFrame, JsonFrameInput, resultHead } from "./_range_frames.ts";
import { createRangeRunner, type RangeSetup, type RangeTask } from "./range_run.ts";

/** The first frame: how ranges are rendered, and a test hook. */
export interface ChildSetup {
  /** The setup of every range. */
  readonly setup: RangeSetup;
  /** Tests: exit (status 3) before running the task after this many (-1: before it is ready). */
  readonly dieAfter?: number | undefined;
}

const input = new JsonFrameInput((into) => Deno.stdin.readSync(into));

function writeAll(bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += Deno.stdout.writeSync(bytes.subarray(at));
}

/**
 * Two frame buffers, used in turn (one is being written while the next
 * frame is made): new ones for every frame were garbage outside the heap
 * (the child peaked at 105 MiB instead of 70 on a 43 MB log).
 */
const frames = [new Uint8Array(0), new Uint8Array(0)];
let nextFrame = 0;

/** A frame in one buffer: its head, then its output pieces. */
function frameBytes(frame: ChildFrame): Uint8Array {
  const head = resultHead(frame);
  if (!("output" in frame)) return head;
  let size = head.length;
  for (const piece of frame.output) size += piece.length;
  const k = nextFrame ^= 1;
  if (frames[k]!.length < size) frames[k] = new Uint8Array(Math.max(size, 2 << 20));
  const bytes = frames[k]!.subarray(0, size);
  bytes.set(head);
  let at = head.length;
  for (const piece of frame.output) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}

/** Writes `bytes` in the background (the pipe's reader may be slower than the next range). */
async function writeAsync(bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await Deno.stdout.write(bytes.subarray(at));
}

async function main(): Promise<void> {
  const first = input.next() as ChildSetup | undefined;
  if (first === undefined) return;
  if (first.setup.format === "yaml") await loadYaml();
  const pool = new BufferPool();
  const run = createRangeRunner(first.setup, pool);
  if (first.dieAfter === -1) Deno.exit(3);
  // Loaded: the proxy takes ranges from now on (the main thread runs them until then).
  writeAll(frameBytes({ ready: true }));
  let writing = Promise.resolve();
  for (let done = 0;; done++) {
    const task = input.next() as RangeTask | undefined;
    if (task === undefined) return await writing;
    if (done === first.dieAfter) Deno.exit(3);
    let result;
    try {
      result = run(task);
    } catch (error) {
      await writing;
      writeAll(frameBytes({ error: String(error) }));
      return;
    }
    const bytes = frameBytes(result);
    pool.give(result.output);
    await writing;
    writing = writeAsync(bytes);
  }
}

if (import.meta.main) await main();
