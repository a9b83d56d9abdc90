/**
 * auparse's value printers (interpret.c `print_*`), one per field type,
 * with its fallbacks (`unknown-…(N)`, `conversion error(…)`, `0x…`).
 *
 * @module
 */

import {
  auUnescape,
  bytesText,
  cString,
  int32,
  simpleNumber,
  strtol,
  strtol32,
  strtoul,
  strtoul32,
  uint32,
} from "./_c.ts";
import { I2S, joinFlags, joinFlags64 } from "./_lookup.ts";
import * as T from "./tables.ts";
import type { NameResolver } from "./types.ts";

/** The i2s lookups, built on first use. */
export const L = {
  cap: new I2S(T.CAPABILITIES),
  clock: new I2S(T.CLOCKS),
  epoll: new I2S(T.EPOLL_CTL),
  fam: new I2S(T.FAMILIES),
  fcntl: new I2S(T.FCNTL_CMDS),
  icmp: new I2S(T.ICMP_TYPES),
  hook: new I2S(T.INET_HOOKS),
  ioctl: new I2S(T.IOCTL_REQS),
  ip6opt: new I2S(T.IP6_OPT_NAMES),
  ipc: new I2S(T.IPC_CALLS),
  ipopt: new I2S(T.IP_OPT_NAMES),
  netaction: new I2S(T.NET_ACTIONS),
  nfproto: new I2S(T.NF_PROTOS),
  person: new I2S(T.PERSONALITIES),
  pktopt: new I2S(T.PKT_OPT_NAMES),
  prctl: new I2S(T.PRCTL_OPTS),
  ptrace: new I2S(T.PTRACE_REQS),
  rlimit: new I2S(T.RLIMITS),
  sched: new I2S(T.SCHED_POLICIES),
  seccomp: new I2S(T.SECCOMP_ACTIONS),
  seek: new I2S(T.SEEK_WHENCE),
  signal: new I2S(T.SIGNALS),
  socklevel: new I2S(T.SOCK_LEVELS),
  sockopt: new I2S(T.SOCK_OPT_NAMES),
  sock: new I2S(T.SOCKET_CALLS),
  socktype: new I2S(T.SOCK_TYPES),
  tcpopt: new I2S(T.TCP_OPT_NAMES),
  bpf: new I2S(T.BPF),
  ftype: new I2S(T.FILE_TYPES),
  list: new I2S(T.FILTER_LISTS),
  machine: new I2S(T.MACHINES),
  msgType: new I2S(T.MSG_TYPES),
  proto: new I2S(T.PROTOCOLS),
  strerror: new I2S(T.STRERROR),
};

const CAP_LAST_CAP = Math.max(...T.CAPABILITIES.map(([v]) => v));

/** `conversion error(VAL)`. */
export function convErr(val: string): string {
  return `conversion error(${val})`;
}

/** Parses base `base` as `strtoul`, or `undefined` on overflow. */
function num(val: string, base: number): number | undefined {
  return strtoul32(val, base);
}

/** `aulookup_uid`/`aulookup_gid`: unset, root, the name, or `unknown(N)`. */
function lookupId(id: number, name: ((id: string) => string | undefined) | undefined): string {
  if (id === -1) return "unset";
  if (id === 0) return "root";
  const s = name?.(String(id >>> 0));
  return s ?? `unknown(${id})`;
}

/** print_uid. */
export function printUid(val: string, base: number, r: NameResolver | undefined): string {
  const v = num(val, base);
  if (v === undefined) return convErr(val);
  return lookupId(v, r === undefined ? undefined : (id) => r.userName(id));
}

/** print_gid. */
export function printGid(val: string, base: number, r: NameResolver | undefined): string {
  const v = num(val, base);
  if (v === undefined) return convErr(val);
  return lookupId(v, r === undefined ? undefined : (id) => r.groupName(id));
}

/** print_escaped: a quoted string unquoted, else hex decoded (to the first NUL). */
export function printEscaped(val: string): string {
  if (val.charCodeAt(0) === 34) {
    const end = val.indexOf('"', 1);
    return end < 0 ? " " : val.slice(1, end);
  }
  const d = val.charCodeAt(0) === 48 && val.charCodeAt(1) === 48
    ? auUnescape(val.slice(2)) // abstract af_unix name
    : auUnescape(val);
  if (d === undefined) return val;
  return typeof d === "string" ? d : cString(d);
}

/** path_norm: `.`, `..` and duplicate slashes resolved, relative paths as is. */
function pathNorm(name: string): string | undefined {
  if (name === "") return undefined;
  if (name[0] === ".") return name;
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

/** print_escaped_ext: a `name=` joined to the cwd and normalized. */
export function printEscapedExt(val: string, cwd: string | undefined): string {
  if (cwd === undefined) return printEscaped(val);
  const s2 = printEscaped(val);
  let s3: string;
  if (s2[0] !== "/") s3 = `${printEscaped(cwd)}/${s2}`;
  else if (!s2.includes("..")) return s2;
  else s3 = s2;
  return pathNorm(s3) ?? s3;
}

/** print_proctitle: hex decoded with NULs between arguments as spaces. */
export function printProctitle(val: string): string {
  if (val.charCodeAt(0) === 34) return printEscaped(val);
  const d = val.charCodeAt(0) === 48 && val.charCodeAt(1) === 48
    ? auUnescape(val.slice(2))
    : auUnescape(val);
  if (d === undefined) return val;
  if (typeof d === "string") return d;
  const end = Math.min(val.length >> 1, d.length);
  for (let i = 0; i < end; i++) if (d[i] === 0) d[i] = 32;
  return cString(d);
}

/** print_perm: read,write,exec,attr (0 means all). */
export function printPerm(val: string): string {
  const v = strtol32(val, 10);
  if (v === undefined) return convErr(val);
  let p = int32(v);
  if (p === 0) p = 0x0f;
  const out: string[] = [];
  if (p & 4) out.push("read");
  if (p & 2) out.push("write");
  if (p & 1) out.push("exec");
  if (p & 8) out.push("attr");
  return out.join(",");
}

const S_IFMT = 0o170000;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width, "0");
}

/** print_mode: `file,suid,755`. */
export function printMode(val: string, base: number): string {
  const v = strtoul32(val, base);
  if (v === undefined) return convErr(val);
  const m = uint32(v);
  let buf = L.ftype.get(m & S_IFMT) ?? octal((m & S_IFMT) / 0o10000, 3);
  if (m & 0o4000) buf += ",suid";
  if (m & 0o2000) buf += ",sgid";
  if (m & 0o1000) buf += ",sticky";
  return `${buf},${octal(m & 0o777, 3)}`;
}

/** print_mode_short_int: `suid,0755` or `0644`. */
export function modeShort(m: number): string {
  const bits: string[] = [];
  if (m & 0o4000) bits.push("suid");
  if (m & 0o2000) bits.push("sgid");
  if (m & 0o1000) bits.push("sticky");
  const perm = "0" + octal(m & 0o777, 3);
  return bits.length === 0 ? perm : `${bits.join(",")},${perm}`;
}

/** print_mode_short. */
export function printModeShort(val: string, base: number): string {
  const v = strtoul32(val, base);
  return v === undefined ? convErr(val) : modeShort(uint32(v));
}

/** print_flags (PATH records of old kernels). */
export function printFlags(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  if (v === 0) return "none";
  return joinFlags(T.PATH_FLAGS, v, ",") || `0x${val}`;
}

/** print_promiscuous. */
export function printPromiscuous(val: string): string {
  const v = strtol32(val, 10);
  if (v === undefined) return convErr(val);
  return int32(v) === 0 ? "no" : "yes";
}

/** print_capabilities. */
export function printCapabilities(val: string, base: number): string {
  const v = num(val, base);
  if (v === undefined) return convErr(val);
  return L.cap.get(v) ?? `unknown-capability(${base === 16 ? "0x" : ""}${val})`;
}

/** print_cap_bitmap: comma-separated capability names or `none`. */
export function printCapBitmap(val: string): string {
  let lo: number;
  let hi: number;
  const fast = simpleNumber(val, 16);
  if (fast !== undefined) {
    lo = fast >>> 0;
    hi = Math.floor(fast / 0x100000000) >>> 0;
  } else {
    const v = strtoul(val, 16);
    if (v === undefined) return convErr(val);
    lo = Number(v & 0xffffffffn);
    hi = Number((v >> 32n) & 0xffffffffn);
  }
  if (lo === 0 && hi === 0) return "none";
  let out = "";
  let found = false;
  for (let i = 0; i <= CAP_LAST_CAP; i++) {
    const word = i < 32 ? lo : hi;
    if ((word >>> (i % 32)) & 1) {
      if (found) out += ",";
      out += L.cap.get(i) ?? "";
      found = true;
    }
  }
  return found ? out : "none";
}

/** print_success: yes/no/unset for numbers, text as is. */
export function printSuccess(val: string): string {
  const c = val.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return val;
  const v = num(val, 10);
  if (v === undefined) return convErr(val);
  return v === 1 ? "yes" : v === 0 ? "no" : "unset";
}

/** print_open_flags. */
export function printOpenFlags(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  let buf = (v & 3) === 0 ? "O_RDONLY" : "";
  const rest = joinFlags(T.OPEN_FLAGS, v, "|");
  if (rest !== "") buf = buf === "" ? rest : `${buf}|${rest}`;
  return buf || `0x${val}`;
}

/** print_clone_flags: flags then the exit signal. */
export function printCloneFlags(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  let buf = joinFlags(T.CLONE_FLAGS, v, "|");
  const sig = v & 0xff;
  if (sig !== 0 && sig < 32) {
    const s = L.signal.get(sig);
    if (s !== undefined) buf = buf === "" ? s : `${buf}|${s}`;
  }
  return buf || `0x${(v >>> 0).toString(16)}`;
}

/** A `print_*` that names a value from an i2s table or prints `fallback`. */
export function printNamed(
  val: string,
  base: number,
  table: I2S,
  fallback: (v: number) => string,
  below = Infinity,
): string {
  const v = num(val, base);
  if (v === undefined) return convErr(val);
  return (v < below ? table.get(v) : undefined) ?? fallback(v);
}

/** print_prot (`mmap` allows PROT_SEM too). */
export function printProt(val: string, isMmap: boolean): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  if ((v & 7) === 0) return "PROT_NONE";
  return joinFlags(T.PROT_FLAGS, v, "|", isMmap ? 4 : 3) || `0x${val}`;
}

/** print_mmap. */
export function printMmap(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  let buf = (v & 0x0f) === 0 ? "MAP_FILE" : "";
  const rest = joinFlags(T.MMAP_FLAGS, v, "|");
  if (rest !== "") buf = buf === "" ? rest : `${buf}|${rest}`;
  return buf || `0x${val}`;
}

/** A flag-set printer over a transtab: names joined with `|`, else `0x…`. */
export function printFlagSet(val: string, table: T.Table): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  return joinFlags(table, v, "|") || `0x${val}`;
}

/** print_personality. */
export function printPersonality(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  const s = L.person.get(v & 0xff);
  if (s !== undefined) return v & 0x0040000 ? `${s}|~ADDR_NO_RANDOMIZE` : s;
  return `unknown-personality(0x${val})`;
}

/** print_access. */
export function printAccess(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  if ((v & 0xf) === 0) return "F_OK";
  return joinFlags(T.ACCESS, v, "|", 3) || `0x${val}`;
}

/** print_dirfd. */
export function printDirfd(val: string): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return convErr(val);
  return uint32(v) === 0xffffff9c ? "AT_FDCWD" : `0x${val}`;
}

/** print_sched. */
export function printSched(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  const s = L.sched.get(v & 0x0f);
  if (s !== undefined) return v & 0x40000000 ? `${s}|SCHED_RESET_ON_FORK` : s;
  return `unknown-scheduler-policy(0x${val})`;
}

/** print_shmflags. */
export function printShmFlags(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  let buf = joinFlags(T.IPC_CMDS, v & 0o3000, "|");
  const shm = joinFlags(T.SHM_MODES, v & 0o14000, "|");
  if (shm !== "") buf = buf === "" ? shm : `${buf}|${shm}`;
  const mode = modeShort(v & 0o777);
  buf = buf === "" ? mode : `${buf}|${mode}`;
  return buf;
}

/** print_openat2_resolve (64-bit). */
export function printResolve(val: string): string {
  const v = strtoul(val, 16);
  if (v === undefined) return convErr(val);
  return joinFlags64(T.OPENAT2_RESOLVE, v, "|") || `0x${val}`;
}

/** print_signals. */
export function printSignals(val: string, base: number): string {
  const v = num(val, base);
  if (v === undefined) return convErr(val);
  if (v < 32) {
    const s = L.signal.get(v);
    if (s !== undefined) return s;
  }
  return `unknown-signal(${base === 16 ? "0x" : ""}${val})`;
}

/** print_session. */
export function printSession(val: string): string {
  return val === "4294967295" ? "unset" : val;
}

/** print_seccomp_code. */
export function printSeccomp(val: string): string {
  const v = strtoul32(val, 16);
  if (v === undefined) return convErr(val);
  return L.seccomp.get(int32(v & 0x7fff0000)) ?? `unknown-seccomp-code(${val})`;
}

/** print_list. */
export function printList(val: string): string {
  const v = strtoul32(val, 10);
  if (v === undefined) return convErr(val);
  return L.list.get(int32(v)) ?? `unknown-list(${val})`;
}

/** print_macproto. */
export function printMacproto(val: string): string {
  const v = num(val, 16);
  if (v === undefined) return convErr(val);
  return v === 0x0800 ? "IP" : v === 0x0806 ? "ARP" : "UNKNOWN";
}

/** print_fanotify. */
export function printFanotify(val: string): string {
  const c = val.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return val;
  const v = num(val, 10);
  if (v === undefined) return convErr(val);
  return v === 1 ? "allow" : v === 2 ? "deny" : "unknown";
}

/** print_nlmcgrp. */
export function printNlmcgrp(val: string): string {
  const v = strtoul(val, 16);
  if (v === undefined) return convErr(val);
  return v === 1n ? "audit-netlink-multicast" : "audit-none";
}

/** print_exit: `ENOENT(No such file or directory)` for negative values. */
export function printExit(val: string): string {
  const v = strtol(val, 10);
  if (v === undefined) return convErr(val);
  if (v >= 0n) return val;
  const e = -v;
  const n = e > 0x7fffffffn ? -1 : Number(e);
  const name = n >= 0 ? errnoName(n) : undefined;
  const text = L.strerror.get(n) ?? `Unknown error ${int32(e)}`;
  return `${name ?? "(null)"}(${text})`;
}

let errnoNames: ((n: number) => string | undefined) | undefined;

/** Installs the errno name lookup (parse's table). */
export function setErrnoNames(f: (n: number) => string | undefined): void {
  errnoNames = f;
}

function errnoName(n: number): string | undefined {
  return errnoNames?.(n);
}

/** Decoded bytes as text, for callers that need the whole buffer. */
export { bytesText };
