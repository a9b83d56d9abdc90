/**
 * Process facts from `/proc` for the process table: pid, ppid, start time,
 * exe, argv, cgroup, POSIX session id and audit session id. Everything a
 * process may hide or lose (exe without privileges, a process that exits
 * while read) is left out rather than failing.
 *
 * @module
 */
import type { LookupOmit, ProcessFacts } from "../../interpret/process_table.ts";
import { bootTime } from "./system.ts";
import { readProcLink, readProcText } from "./_proc_text.ts";
import { processGone } from "../../sys/access.ts";

/** Clock ticks per second of `/proc/PID/stat` times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** Reads `/proc`, once per process. */
export class ProcReader {
  readonly #root: string;
  readonly #boot: number | undefined;
  /** The real `/proc` of this pid namespace: a process that is gone is asked with `kill(pid, 0)`. */
  readonly #local: boolean;

  /** Creates a reader of `root` (default `/proc`). */
  constructor(root = "/proc") {
    this.#root = root;
    this.#boot = bootTime();
    this.#local = root === "/proc";
  }

  /**
   * The facts of `pid`, or `undefined` when it is gone (or unreadable);
   * without the executable or arguments when `omit` says so (an exec event
   * names them: two files fewer, and no failed `readlink` for a zombie).
   */
  read(pid: number, omit?: LookupOmit): ProcessFacts | undefined {
    // Most processes of a live stream have exited by the time their event is
    // read: one cheap system call says so without a path walk under /proc.
    if (this.#local && processGone(pid)) return undefined;
    const dir = `${this.#root}/${pid}`;
    // The cgroup first: a process already gone costs one failed read.
    const cgroup = readProcText(`${dir}/cgroup`);
    if (cgroup === undefined) return undefined;
    const stat = readProcText(`${dir}/stat`);
    if (stat === undefined) return undefined;
    const parsed = parseStat(stat);
    if (parsed === undefined) return undefined;
    const exe = omit?.exe ? undefined : readProcLink(`${dir}/exe`)?.replace(/ \(deleted\)$/, "");
    const cmdline = omit?.args ? undefined : readProcText(`${dir}/cmdline`);
    const args = cmdline === undefined || cmdline === ""
      ? undefined
      : cmdline.replace(/\0$/, "").split("\0");
    const ses = readProcText(`${dir}/sessionid`)?.trim();
    return {
      pid,
      ppid: parsed.ppid,
      ...(this.#boot === undefined
        ? {}
        : { start: this.#boot + parsed.startTicks * 1000 / USER_HZ }),
      exe,
      name: parsed.comm,
      args,
      cgroup,
      sid: parsed.sid,
      ses: ses === undefined || ses === "4294967295" ? undefined : ses,
    };
  }

  /** The text of `/proc/PID/cgroup`, or `undefined`. */
  cgroup(pid: number): string | undefined {
    if (this.#local && processGone(pid)) return undefined;
    return readProcText(`${this.#root}/${pid}/cgroup`);
  }

  /** The facts of every process now. */
  *all(): Generator<ProcessFacts> {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(this.#root)];
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry.name)) continue;
      const facts = this.read(Number(entry.name));
      if (facts !== undefined) yield facts;
    }
  }
}

/** The fields of `/proc/PID/stat` the table needs; `undefined` when malformed. */
export function parseStat(
  text: string,
): { comm: string; ppid: number; sid: number; startTicks: number } | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(" ");
  // After "(comm) ": state ppid pgrp session tty_nr tpgid flags minflt cminflt
  // majflt cmajflt utime stime cutime cstime priority nice num_threads
  // itrealvalue starttime
  const ppid = Number(rest[1]);
  const sid = Number(rest[3]);
  const startTicks = Number(rest[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(sid) || !Number.isFinite(startTicks)) {
    return undefined;
  }
  return { comm: text.slice(open + 1, close), ppid, sid, startTicks };
}
