/**
 * How a parallel `libaudit parse` process's CPU time splits between its
 * threads, for `LIBAUDIT_PARALLEL_DEBUG=1`: the main thread, the workers
 * (range workers or range proxies), V8's background threads (optimizing
 * compilers, garbage collection helpers; one set for all isolates of the
 * process) and the rest (the runtime's I/O threads). Read from
 * `/proc/self/task` while the workers still run (an ended thread is gone
 * from it). How evenly the main thread and the worker share the ranges, and
 * what the second isolate costs V8's background threads, are what decide
 * the speed-up on two cores.
 *
 * Module-private.
 *
 * @module
 */

/** CPU seconds of this process's threads, by kind. */
export interface ThreadCpu {
  /** The main thread. */
  readonly main: number;
  /** Worker threads (`worker-N`). */
  readonly workers: number;
  /** V8's background threads (`V8 DefaultWorker`). */
  readonly v8: number;
  /** Every other thread. */
  readonly other: number;
}

/** This process's CPU time by thread kind (user + system), or undefined without `/proc`. */
export function threadCpu(): ThreadCpu | undefined {
  const cpu = { main: 0, workers: 0, v8: 0, other: 0 };
  try {
    for (const task of Deno.readDirSync("/proc/self/task")) {
      let stat: string;
      try {
        stat = Deno.readTextFileSync(`/proc/self/task/${task.name}/stat`);
      } catch {
        continue; // ended meanwhile
      }
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime (fields 14 and 15 of proc(5)), in ticks of 1/100 s.
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (task.name === String(Deno.pid)) cpu.main += seconds;
      else if (name.startsWith("worker-")) cpu.workers += seconds;
      else if (name.startsWith("V8 ")) cpu.v8 += seconds;
      else cpu.other += seconds;
    }
  } catch {
    return undefined;
  }
  return cpu;
}

/** `cpu` as one line: `main 1.10 s, workers 1.07 s, V8 background 0.75 s, other 0.01 s`. */
export function formatThreadCpu(cpu: ThreadCpu | undefined): string {
  if (cpu === undefined) return "thread usage unknown";
  const s = (n: number): string => `${n.toFixed(2)} s`;
  return `main ${s(cpu.main)}, workers ${s(cpu.workers)}, V8 background ${s(cpu.v8)}, ` +
    `other ${s(cpu.other)}`;
}
