/**
 * A process's CPU time and peak memory, for `LIBAUDIT_PARALLEL_DEBUG=1`
 * (a parent and its range children each tell their own: `/usr/bin/time`
 * shows only the largest). Used by the range proxies (`range_proxy.ts`) and
 * by `libaudit parse` for its main process.
 *
 * @module
 */

/**
 * The CPU time (user + system, its own) and peak resident set (`VmHWM`)
 * of process `pid` (default: this one), from `/proc` (which needs
 * `--allow-all`), or "usage unknown".
 */
export function processUsage(pid: number | "self" = "self"): string {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of proc(5)), in ticks of 1/100 s.
    const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1];
    return `CPU ${cpu.toFixed(2)} s, peak RSS ${(Number(hwm) / 1024).toFixed(0)} MiB`;
  } catch {
    return "usage unknown";
  }
}
