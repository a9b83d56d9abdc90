// Builders of audit logs for the process-context tests (edited from a recorded log).
import { parseLogLine, Reassembler } from "../../parse/mod.ts";
import type { AuditEvent, ProcessContext } from "../../interpret/mod.ts";
import { coalesce } from "../../interpret/mod.ts";

/** One execve event as the kernel logs it (SYSCALL, EXECVE, CWD, PATHs). */
export function execLines(
  seq: number,
  pid: number,
  ppid: number,
  exe: string,
  args: string[],
  paths: string[] = [exe, "/lib64/ld-linux-x86-64.so.2"],
  ses = 3,
): string[] {
  const t = `audit(1796193953.${String(seq % 1000).padStart(3, "0")}:${seq})`;
  const comm = exe.slice(exe.lastIndexOf("/") + 1).slice(0, 15);
  return [
    `type=SYSCALL msg=${t}: arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=${paths.length} ppid=${ppid} pid=${pid} auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=${ses} comm="${comm}" exe="${exe}" key="exec"`,
    `type=EXECVE msg=${t}: argc=${args.length} ${args.map((a, i) => `a${i}="${a}"`).join(" ")}`,
    `type=CWD msg=${t}: cwd="/home/alice"`,
    ...paths.map((p, i) =>
      `type=PATH msg=${t}: item=${i} name="${p}" inode=${
        100 + i
      } dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`
    ),
  ];
}

/** Interprets `lines` with `context`, in order. */
export function interpretAll(lines: string[], context: ProcessContext): AuditEvent[] {
  const out: AuditEvent[] = [];
  const r = new Reassembler({
    onEvent: (records) => out.push(context.apply(coalesce(records), records[0]!.timestamp)),
  });
  for (const line of lines) r.push(parseLogLine(line));
  r.close();
  return out;
}

/** An exit_group event of `pid`. */
export function exitLines(seq: number, pid: number, ppid: number, exe: string): string[] {
  const t = `audit(1796193953.${String(seq % 1000).padStart(3, "0")}:${seq})`;
  return [
    `type=SYSCALL msg=${t}: arch=c000003e syscall=231 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=${ppid} pid=${pid} auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="x" exe="${exe}" key="exit"`,
  ];
}
