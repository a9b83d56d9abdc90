// Child for live_stdin_test.ts: reads its stdin with readStdinLive and prints
// what happened, in order, as JSON.
import { readStdinLive } from "../../cli/io/live_stdin.ts";

const log: string[] = [];
const decoder = new TextDecoder();
// A timer must fire while the reader waits for input (the event loop gets turns).
setTimeout(() => log.push("timer"), 50);
// Deno.args[0]: batchMs (default none).
const batchMs = Number(Deno.args[0] ?? 0);
for await (
  const chunk of readStdinLive(() => void log.push("idle"), {
    turnMs: batchMs > 0 ? 1000 : 20,
    batchMs,
  })
) {
  log.push(`chunk:${decoder.decode(chunk)}`);
}
console.log(JSON.stringify(log));
