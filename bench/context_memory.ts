// Heap held by a process table of 100,000 processes (each with exe, name and
// three args, parent links), measured with a forced GC before and after.
//
//   deno run --v8-flags=--expose-gc bench/context_memory.ts [N]
import { ProcessTable } from "../interpret/mod.ts";

const n = Number(Deno.args[0] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
gc();
const before = Deno.memoryUsage().heapUsed;
const table = new ProcessTable({ maxProcesses: n });
for (let i = 0; i < n; i++) {
  const pid = 1000 + i;
  table.observe({
    time: i,
    pid,
    ppid: i === 0 ? 1 : 1000 + Math.floor(i / 2),
    syscall: "execve",
    success: true,
    exit: "0",
    a0: undefined,
    exe: `/usr/bin/prog${i % 500}`,
    name: `prog${i % 500}`,
    args: [`prog${i % 500}`, "--flag", `arg${i}`],
    ses: "3",
  });
}
gc();
const after = Deno.memoryUsage().heapUsed;
console.log(
  `process table: ${table.size} processes, ${((after - before) / 1048576).toFixed(1)} MiB heap ` +
    `(${Math.round((after - before) / table.size)} bytes each), evicted ${table.stats.evicted}`,
);
