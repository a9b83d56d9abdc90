/**
 * Worker for parallel `libaudit parse` that runs its ranges in a child
 * process (`range_child.ts`) instead of in its own isolate: two isolates of
 * one process share V8's compiler and collector threads and scale badly on
 * two cores, two processes do not (bench/README.md, "Two threads"). It
 * holds almost no code (so almost nothing to compile): it takes ranges
 * from the shared counter and within the window as a range worker does
 * (`_range_window.ts`), keeps two tasks at the child (so that the child
 * never waits for a round trip), and posts each result frame the child
 * writes back to the main thread as `{ result }`, its output transferred.
 *
 * If the child cannot start or exits before it is ready, the answer is
 * `{ fallback }` (the main thread then runs a range worker instead); if it
 * fails or exits once it has taken ranges, `{ error }`. `{ close }` ends the child's input and is answered
 * `{ closed }` once it has exited.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { WorkerAnswer, WorkerPlan } from "./parallel.ts";
import type { ChildSetup } from "./range_child.ts";
import { BufferPool, OUTPUT_BUFFER_BYTES } from "./_collector.ts";
import { FrameReader, jsonFrame } from "./_range_frames.ts";
import { takeRange } from "./_range_window.ts";
import { processUsage } from "./process_usage.ts";

/** How the main thread starts a proxy: the child's command line and its setup. */
export interface ProxyStart {
  /** The executable (`Deno.execPath()`). */
  readonly command: string;
  /** Its arguments. */
  readonly args: string[];
  /** The child's first frame. */
  readonly child: ChildSetup;
}

/** A proxy's answer to `{ close }`: its child has exited. */
export interface ProxyClosed {
  /** Always true. */
  readonly closed: true;
  /** The child's CPU time and peak memory (`process_usage.ts`), when it ran. */
  readonly usage?: string;
}

/** Tasks a proxy keeps at its child at most. */
const AT_CHILD = 2;

/** Buffers the main thread gave back, for the next outputs. */
const pool = new BufferPool();
let started: Promise<Child | undefined> | undefined;

/** The child process and what talks to it. */
interface Child {
  readonly process: Deno.ChildProcess;
  readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly reader: FrameReader;
}

function post(answer: WorkerAnswer | ProxyClosed, transfer: ArrayBuffer[] = []): void {
  self.postMessage(answer, transfer);
}

async function start(s: ProxyStart): Promise<Child | undefined> {
  let process: Deno.ChildProcess | undefined;
  try {
    process = new Deno.Command(s.command, {
      args: s.args,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
      env: { DENO_NO_UPDATE_CHECK: "1" },
    }).spawn();
    const writer = process.stdin.getWriter();
    await writer.write(jsonFrame(s.child));
    // Ranges are taken only once the child has loaded (~0.1–0.2 s): the
    // main thread, alone until then, is not held up by ranges waiting for it.
    const reader = new FrameReader(process.stdout);
    const ready = await reader.next(() => new Uint8Array(0));
    if (ready === undefined || !("ready" in ready)) throw new Error("no range child");
    return { process, writer, reader };
  } catch (error) {
    // It took no range: a range worker can run them instead.
    if (process !== undefined) {
      try {
        process.kill();
      } catch {
        // already gone
      }
      await process.status;
    }
    post({ fallback: String(error) });
    return undefined;
  }
}

/** Runs the ranges of `plan` at the child until none is left. */
async function serve(child: Child, plan: WorkerPlan): Promise<void> {
  let held = 0;
  let freed: (() => void) | undefined;
  const take = (length: number): Uint8Array =>
    length <= OUTPUT_BUFFER_BYTES ? pool.take() : new Uint8Array(length);
  const receive = (async () => {
    while (true) {
      const answer = await child.reader.next(take);
      if (answer === undefined && held === 0) return; // a later task fails to be sent
      if (answer === undefined) {
        const { code, signal } = await child.process.status;
        throw new Error(`range child exited (${signal ?? `status ${code}`}) running ranges`);
      }
      if ("error" in answer) throw new Error(answer.error);
      if (!("output" in answer)) continue;
      held--;
      freed?.();
      post({ result: answer }, answer.output.map((p) => p.buffer as ArrayBuffer));
    }
  })();
  const send = (async () => {
    while (true) {
      while (held >= AT_CHILD) await new Promise<void>((resolve) => freed = resolve);
      const index = await takeRange(plan);
      if (index === undefined) return;
      const chunk = plan.chunks[index]!;
      held++;
      try {
        const warmup = chunk.first ? 0 : Atomics.load(plan.warmup, 0);
        await child.writer.write(jsonFrame({ chunk, warmup }));
      } catch {
        return; // the child is gone (a broken pipe): the receiver tells how it ended
      }
    }
  })();
  // The receiver runs until the child exits (after the last range, when
  // the main thread closes its stdin): only its failures matter.
  await Promise.all([receive, send]);
}

/** Closes the child's stdin and waits for it to exit. */
async function close(): Promise<void> {
  const child = await started?.catch(() => undefined);
  if (child === undefined) return post({ closed: true });
  // Read while it waits for a task: all it ran, only its exit to come.
  const usage = processUsage(child.process.pid);
  await child.writer.close().catch(() => {});
  await child.process.status;
  post({ closed: true, usage });
}

self.onmessage = async (
  e: MessageEvent<ProxyStart | { recycle: Uint8Array[] } | { close: true } | WorkerPlan>,
) => {
  const data = e.data;
  if ("recycle" in data) pool.give(data.recycle);
  else if ("close" in data) await close();
  else if ("command" in data) {
    started = start(data);
    started.catch(() => {}); // answered when the plan comes
  } else {
    try {
      const child = await started;
      if (child !== undefined) await serve(child, data);
    } catch (error) {
      post({ error: String(error) });
    }
  }
};
