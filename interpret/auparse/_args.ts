/**
 * auparse's syscall-dependent interpreters: `syscall=`, `arch=` and the
 * meaning of `a0`–`a3` per syscall (interpret.c `print_syscall`,
 * `print_arch`, `print_a0` … `print_a3`).
 *
 * @module
 */

import { SYSCALLS } from "../../parse/tables/syscalls.ts";
import { int32, strtol32, strtoul32, uint32 } from "./_c.ts";
import * as P from "./_print.ts";
import { L } from "./_print.ts";
import { MOUNT_FLAGS, RECV_FLAGS, UMOUNT_FLAGS } from "./tables.ts";
import { elfToMachine, machineName } from "./_machines.ts";
import type { NameResolver } from "./types.ts";

/** What the a0–a3 interpreters need. */
export interface ArgContext {
  /** libaudit machine (MACH_*), -1 when unknown. */
  machine: number;
  syscall: number;
  a0: bigint;
  a1: bigint;
  resolver: NameResolver | undefined;
  protocolName: (proto: number) => string | undefined;
}

export { elfToMachine, machineName };

/** audit_syscall_to_name. */
export function syscallName(syscall: number, machine: number): string | undefined {
  const name = machineName(machine);
  if (name === undefined) return undefined;
  const table = SYSCALLS[name];
  return table === undefined ? undefined : table[syscall];
}

const MACH_AARCH64 = 9;

/** print_arch. */
export function printArch(val: string, machine: number): string {
  if (machine < 0 || machine > MACH_AARCH64) {
    const v = strtoul32(val, 16);
    if (v === undefined) return `conversion error(${val}) `;
    machine = elfToMachine(uint32(v));
  }
  if (machine < 0) return `unknown-elf-type(${val})`;
  return machineName(machine) ?? `unknown-machine-type(${machine >>> 0})`;
}

/** print_syscall. */
export function printSyscall(val: string, c: ArgContext, hostMachine: number): string {
  const machine = c.machine < 0 ? hostMachine : c.machine;
  if (machine < 0) return val;
  const sys = syscallName(c.syscall, machine);
  if (sys === undefined) return `unknown-syscall(${c.syscall})`;
  if (!syscallReadsA0(sys)) return sys;
  let func: string | undefined;
  const a0 = c.a0;
  if (BigInt.asUintN(64, BigInt(int32(a0))) === a0) {
    if (sys === "socketcall") func = L.sock.get(int32(a0));
    else func = L.ipc.get(int32(a0));
  }
  return func === undefined ? sys : `${sys}(${func})`;
}

/** Whether print_syscall names the call of `sys` from a0 (socketcall and ipc). */
export function syscallReadsA0(sys: string): boolean {
  return sys === "socketcall" || sys === "ipc";
}

function hex(val: string): string {
  return `0x${val}`;
}

function named(val: string, base: number, table: typeof L.cap, unknown: string): string {
  return P.printNamed(val, base, table, () => unknown);
}

function callName(val: string, base: number, table: typeof L.cap, kind: string): string {
  const v = strtol32(val, base);
  if (v === undefined) return P.convErr(val);
  return table.get(int32(v)) ?? `unknown-${kind}(${val})`;
}

function numbered(val: string, table: typeof L.cap, unknown: string): string {
  return P.printNamed(val, 16, table, (v) => `${unknown}(${v})`);
}

/** An interpreter of one of a syscall's arguments. */
export type ArgPrinter = (val: string, c: ArgContext) => string;

const dirfd: ArgPrinter = (val) => P.printDirfd(val);
const uid16: ArgPrinter = (val, c) => P.printUid(val, 16, c.resolver);
const gid16: ArgPrinter = (val, c) => P.printGid(val, 16, c.resolver);
const signals16: ArgPrinter = (val) => P.printSignals(val, 16);
const cloneFlags: ArgPrinter = (val) => P.printCloneFlags(val);
const modeShort16: ArgPrinter = (val) => P.printModeShort(val, 16);
const openFlags: ArgPrinter = (val) => P.printOpenFlags(val);
const access: ArgPrinter = (val) => P.printAccess(val);
const recvFlags: ArgPrinter = (val) => P.printFlagSet(val, RECV_FLAGS);

/** print_a0's interpreter for `sys`, `undefined` when it prints `0x` and the value. */
function a0Printer(sys: string): ArgPrinter | undefined {
  switch (sys) {
    case "rt_sigaction":
      return signals16;
    case "readlinkat":
    case "mkdirat":
    case "mknodat":
    case "fchownat":
    case "futimesat":
    case "fchmodat":
    case "futimensat":
    case "unlinkat":
    case "utimensat":
    case "linkat":
    case "newfstatat":
    case "name_to_handle_at":
      return dirfd;
    case "clock_settime":
      return (val) => P.printNamed(val, 16, L.clock, () => `unknown-clk_id(0x${val})`, 7);
    case "personality":
      return (val) => P.printPersonality(val);
    case "ptrace":
      return (val) => named(val, 16, L.ptrace, `unknown-ptrace(0x${val})`);
    case "prctl":
      return (val) => named(val, 16, L.prctl, `unknown-prctl-option(0x${val})`);
    case "unshare":
      return cloneFlags;
    case "setuid":
    case "setreuid":
    case "setresuid":
    case "setfsuid":
      return uid16;
    case "setgid":
    case "setregid":
    case "setresgid":
    case "setfsgid":
      return gid16;
    case "socket":
      return (val) => named(val, 16, L.fam, `unknown-family(0x${val})`);
    case "socketcall":
      return (val) => callName(val, 16, L.sock, "socketcall");
    case "ipccall":
      return (val) => callName(val, 16, L.ipc, "ipccall");
    case "bpf":
      return (val) => named(val, 16, L.bpf, `unknown-bpf-cmd(${val})`);
  }
  if (sys.startsWith("renameat") || sys.startsWith("faccessat") || sys.startsWith("openat")) {
    return dirfd;
  }
  if (sys.startsWith("exit")) {
    return (val) => val === "0" ? "EXIT_SUCCESS" : val === "1" ? "EXIT_FAILURE" : "UNKNOWN";
  }
  if (sys.slice(1) === "etrlimit") return printRlimit;
  return undefined;
}

const printers = new Map<string, readonly (ArgPrinter | undefined)[]>();

/**
 * The interpreters of a0–a3 of syscall `sys` (print_a0 … print_a3), each
 * `undefined` where it prints `0x` and the value as written.
 */
export function argPrinters(sys: string): readonly (ArgPrinter | undefined)[] {
  let p = printers.get(sys);
  if (p === undefined) {
    printers.set(sys, p = [a0Printer(sys), a1Printer(sys), a2Printer(sys), a3Printer(sys)]);
  }
  return p;
}

function printArg(n: number, val: string, c: ArgContext): string {
  const sys = syscallName(c.syscall, c.machine);
  const p = sys === undefined ? undefined : argPrinters(sys)[n];
  return p === undefined ? hex(val) : p(val, c);
}

/** print_a0. */
export function printA0(val: string, c: ArgContext): string {
  return printArg(0, val, c);
}

/** print_a1. */
export function printA1(val: string, c: ArgContext): string {
  return printArg(1, val, c);
}

/** print_a2. */
export function printA2(val: string, c: ArgContext): string {
  return printArg(2, val, c);
}

/** print_a3. */
export function printA3(val: string, c: ArgContext): string {
  return printArg(3, val, c);
}

function printRlimit(val: string): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  const i = int32(v);
  if (i < 17) {
    const s = L.rlimit.get(i);
    if (s !== undefined) return s;
  }
  return `unknown-rlimit(0x${val})`;
}

const O_CREAT = 0o100n;

/** print_a1's interpreter for `sys`. */
function a1Printer(sys: string): ArgPrinter | undefined {
  if (sys === "fchmod" || sys === "chmod" || sys === "creat" || sys === "mkdir") {
    return modeShort16;
  }
  if (sys.startsWith("fcntl")) return (val) => numbered(val, L.fcntl, "unknown-fcntl-command");
  if (sys[0] === "c" && sys.includes("chown")) return uid16;
  if (sys.slice(1) === "etsockopt") return printSockOptLevel;
  switch (sys) {
    case "setreuid":
    case "setresuid":
      return uid16;
    case "setregid":
    case "setresgid":
      return gid16;
    case "socket":
      return printSocketType;
    case "setns":
      return cloneFlags;
    case "sched_setscheduler":
      return (val) => P.printSched(val);
    case "mknod":
      return (val) => P.printMode(val, 16);
    case "mq_open":
    case "open":
      return openFlags;
    case "access":
      return access;
    case "epoll_ctl":
      return (val) => numbered(val, L.epoll, "unknown-epoll_ctl-operation");
    case "kill":
    case "tkill":
      return signals16;
    case "prctl":
      return (val, c) => {
        if (c.a0 === 23n || c.a0 === 24n) return P.printCapabilities(val, 16);
        if (c.a0 === 1n) return P.printSignals(val, 16);
        return hex(val);
      };
    case "umount2":
      return (val) => P.printFlagSet(val, UMOUNT_FLAGS);
    case "ioctl":
      return printIoctl;
  }
  return undefined;
}

function printIoctl(val: string): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  const req = int32(v);
  return L.ioctl.get(req) ?? `0x${(req >>> 0).toString(16)}`;
}

function printSocketType(val: string): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  return L.socktype.get(uint32(v) & 0xff) ?? `unknown-type(${val})`;
}

function printSocketProto(val: string, c: ArgContext): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  return c.protocolName(uint32(v)) ?? `unknown-proto(${val})`;
}

function printSockOptLevel(val: string, c: ArgContext): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  const lvl = int32(v);
  if (lvl === 1) return "SOL_SOCKET";
  return c.protocolName(lvl) ?? L.socklevel.get(lvl) ?? `unknown-sockopt-level(0x${val})`;
}

function printSockOptName(val: string, machine: number): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  let opt = int32(v);
  // PPC's numbers differ (MACH_PPC64 = 3, MACH_PPC = 4)
  if ((machine === 3 || machine === 4) && opt >= 16 && opt <= 21) opt += 100;
  return L.sockopt.get(opt) ?? `unknown-sockopt-name(0x${val})`;
}

function printUdpOptName(val: string): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return P.convErr(val);
  const opt = int32(v);
  return opt === 1 ? "UDP_CORK" : opt === 100 ? "UDP_ENCAP" : `unknown-udpopt-name(0x${val})`;
}

/** print_a2's interpreter for `sys`. */
function a2Printer(sys: string): ArgPrinter | undefined {
  if (sys.startsWith("fcntl")) {
    return (val, c) => {
      const v = strtoul32(val, 16);
      if (v === undefined) return P.convErr(val);
      if (c.a1 === 8n) return P.printUid(val, 16, c.resolver); // F_SETOWN
      if (c.a1 === 2n && int32(v) === 1) return "FD_CLOEXEC"; // F_SETFD
      return hex(val);
    };
  }
  if (sys.slice(1) === "etsockopt") {
    return (val, c) => {
      switch (c.a1) {
        case 0n: // IPPROTO_IP
          return named(val, 16, L.ipopt, `unknown-ipopt-name(0x${val})`);
        case 1n: // SOL_SOCKET
          return printSockOptName(val, c.machine);
        case 6n: // IPPROTO_TCP
          return named(val, 16, L.tcpopt, `unknown-tcpopt-name(0x${val})`);
        case 17n: // IPPROTO_UDP
          return printUdpOptName(val);
        case 41n: // IPPROTO_IPV6
          return named(val, 16, L.ip6opt, `unknown-ip6opt-name(0x${val})`);
        case 263n: // SOL_PACKET
          return named(val, 16, L.pktopt, `unknown-pktopt-name(0x${val})`);
      }
      return hex(val);
    };
  }
  switch (sys) {
    case "openat":
    case "open_by_handle_at":
      return openFlags;
    case "open":
    case "mq_open":
      return (val, c) => c.a1 & O_CREAT ? P.printModeShort(val, 16) : hex(val);
    case "fchmodat":
    case "mkdirat":
    case "mknodat":
      return modeShort16;
    case "setresuid":
      return uid16;
    case "setresgid":
      return gid16;
    case "socket":
      return printSocketProto;
    case "sendmsg":
    case "recvmsg":
      return recvFlags;
    case "shmget":
      return (val) => P.printShmFlags(val);
    case "mmap":
      return (val) => P.printProt(val, true);
    case "mprotect":
      return (val) => P.printProt(val, false);
    case "readlinkat":
    case "linkat":
      return dirfd;
    case "lseek":
      return (val) => {
        const v = strtoul32(val, 16);
        if (v === undefined) return P.convErr(val);
        return L.seek.get(uint32(v) & 0xff) ?? `unknown-whence(${val})`;
      };
    case "clone":
    case "clone2":
      return cloneFlags;
    case "tgkill":
      return signals16;
  }
  if (sys.startsWith("faccessat")) return access;
  if (sys.startsWith("renameat")) return dirfd;
  if (
    sys.includes("chown") && sys[0] !== "o" && sys[0] !== "f" && sys[0] !== "s" &&
    sys[0] !== "m" && sys[0] !== "r" && sys[0] !== "l" && sys[0] !== "c"
  ) {
    return gid16;
  }
  return undefined;
}

/** print_a3's interpreter for `sys`. */
function a3Printer(sys: string): ArgPrinter | undefined {
  switch (sys) {
    case "mmap":
      return (val) => P.printMmap(val);
    case "mount":
      return (val) => P.printFlagSet(val, MOUNT_FLAGS);
    case "recv":
    case "recvfrom":
    case "recvmmsg":
    case "send":
    case "sendto":
    case "sendmmsg":
      return recvFlags;
  }
  return undefined;
}
