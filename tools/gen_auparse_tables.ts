/**
 * Generates `interpret/auparse/tables.ts` from the sources of
 * audit-userspace (the `auparse/*tab.h` and `lib/*tab.h` tables that
 * auparse's field interpreter and ausearch use), plus two facts of the
 * machine that auparse asks libc for: `strerror` texts (C locale) and
 * `/etc/protocols` (what `getprotobynumber` reads).
 *
 * The tables are C headers of `_S(VALUE, "name")` lines whose values are C
 * expressions (`AF_INET`, `MS_RDONLY`, `0x0001 | STICKY_TIMEOUTS`), so this
 * generator compiles one small C program that includes each header with
 * `_S` defined to print the value as auparse's `gen_tables.c` stores it (an
 * `int`), and reads its output. Nothing of the sources is copied into the
 * repository except the facts in the generated file.
 *
 * Usage:
 * ```
 * deno task gen:auparse /tmp/audit-3.0.9          # writes the file
 * deno task gen:auparse /tmp/audit-3.0.9 --check  # exit 1 when it differs
 * ```
 * where the path is a checkout of github.com/linux-audit/audit-userspace
 * (tag v3.0.9 is the version installed here). Needs `cc` and `perl`.
 *
 * @module
 */

const OUT = new URL("../interpret/auparse/tables.ts", import.meta.url);

/** auparse/*.h tables: [header, exported constant, what it is]. */
const AUPARSE_TABLES: readonly (readonly [string, string, string])[] = [
  ["accesstab.h", "ACCESS", "access(2) mode bits (transtab)"],
  ["bpftab.h", "BPF", "bpf(2) commands"],
  ["captab.h", "CAPABILITIES", "capability numbers"],
  ["clocktab.h", "CLOCKS", "clock ids"],
  ["clone-flagtab.h", "CLONE_FLAGS", "clone flags (transtab)"],
  ["epoll_ctl.h", "EPOLL_CTL", "epoll_ctl operations"],
  ["famtab.h", "FAMILIES", "socket address families"],
  ["fcntl-cmdtab.h", "FCNTL_CMDS", "fcntl commands"],
  ["flagtab.h", "PATH_FLAGS", "PATH record flags (transtab)"],
  ["icmptypetab.h", "ICMP_TYPES", "ICMP types"],
  ["inethooktab.h", "INET_HOOKS", "netfilter inet hooks"],
  ["ioctlreqtab.h", "IOCTL_REQS", "ioctl requests"],
  ["ip6optnametab.h", "IP6_OPT_NAMES", "IPv6 socket options"],
  ["ipccmdtab.h", "IPC_CMDS", "IPC flags (transtab)"],
  ["ipctab.h", "IPC_CALLS", "ipc(2) calls"],
  ["ipoptnametab.h", "IP_OPT_NAMES", "IP socket options"],
  ["mmaptab.h", "MMAP_FLAGS", "mmap flags (transtab)"],
  ["mounttab.h", "MOUNT_FLAGS", "mount flags (transtab)"],
  ["netactiontab.h", "NET_ACTIONS", "netfilter actions"],
  ["nfprototab.h", "NF_PROTOS", "netfilter protocols"],
  ["open-flagtab.h", "OPEN_FLAGS", "open flags (transtab)"],
  ["openat2-resolvetab.h", "OPENAT2_RESOLVE", "openat2 resolve flags (transtab)"],
  ["persontab.h", "PERSONALITIES", "personalities"],
  ["pktoptnametab.h", "PKT_OPT_NAMES", "packet socket options"],
  ["prctl-opt-tab.h", "PRCTL_OPTS", "prctl options"],
  ["prottab.h", "PROT_FLAGS", "mmap/mprotect protections (transtab)"],
  ["ptracetab.h", "PTRACE_REQS", "ptrace requests"],
  ["recvtab.h", "RECV_FLAGS", "send/recv flags (transtab)"],
  ["rlimittab.h", "RLIMITS", "resource limits"],
  ["schedtab.h", "SCHED_POLICIES", "scheduler policies"],
  ["seccomptab.h", "SECCOMP_ACTIONS", "seccomp return actions"],
  ["seektab.h", "SEEK_WHENCE", "lseek whence"],
  ["shm_modetab.h", "SHM_MODES", "shmget mode flags (transtab)"],
  ["signaltab.h", "SIGNALS", "signals"],
  ["sockleveltab.h", "SOCK_LEVELS", "socket option levels"],
  ["sockoptnametab.h", "SOCK_OPT_NAMES", "SOL_SOCKET options"],
  ["socktab.h", "SOCKET_CALLS", "socketcall(2) calls"],
  ["socktypetab.h", "SOCK_TYPES", "socket types"],
  ["tcpoptnametab.h", "TCP_OPT_NAMES", "TCP socket options"],
  ["umounttab.h", "UMOUNT_FLAGS", "umount2 flags (transtab)"],
];

/** auparse's normalizer tables (normalize.c), values from normalize-internal.h. */
const NORMALIZE_TABLES: readonly (readonly [string, string, string])[] = [
  ["normalize_record_map.h", "NORM_RECORD_ACTIONS", "actions by record type"],
  ["normalize_syscall_map.h", "NORM_SYSCALL_KINDS", "syscall names to NORM_* kinds"],
  ["normalize_obj_kind_map.h", "NORM_OBJ_KINDS", "NORM_WHAT_* object kind names"],
  ["normalize_evtypetab.h", "NORM_EVENT_KINDS", "NORM_EVTYPE_* event kind names"],
];

/** lib/*.h tables. */
const LIB_TABLES: readonly (readonly [string, string, string])[] = [
  ["ftypetab.h", "FILE_TYPES", "file types by S_IFMT bits"],
  ["flagtab.h", "FILTER_LISTS", "audit filter lists"],
  ["machinetab.h", "MACHINES", "machine (MACH_*) names"],
  ["msg_typetab.h", "MSG_TYPES", "record type names"],
];

function fail(message: string): never {
  console.error(`gen_auparse_tables: ${message}`);
  Deno.exit(2);
}

async function run(cmd: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  if (!out.success) {
    fail(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** The `#define NAME NUMBER` lines of interpret.c (its copy of asm/ipc.h). */
function interpretDefines(interpretC: string): string {
  return interpretC.split("\n").filter((l) => /^#define\s+[A-Z_]+\s+\d+\s*$/.test(l)).join("\n");
}

function cProgram(src: string, interpretC: string): string {
  let body = "";
  const table = (dir: string, h: string, name: string) => {
    body += `puts("@${name}");\n#include "${src}/${dir}/${h}"\n`;
  };
  for (const [h, name] of AUPARSE_TABLES) table("auparse", h, name);
  for (const [h, name] of LIB_TABLES) table("lib", h, name);
  for (const [h, name] of NORMALIZE_TABLES) table("auparse", h, name);
  return `#define _GNU_SOURCE
#define WITH_APPARMOR 1
#define WITH_ARM 1
#define WITH_AARCH64 1
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/mount.h>
#include <linux/net.h>
#include <netdb.h>
#include <sys/un.h>
#include <linux/capability.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sched.h>
#include "libaudit.h"
#include "auparse-defs.h"
#include "normalize-internal.h"
${interpretDefines(interpretC)}
#ifndef ADDR_NO_RANDOMIZE
# define ADDR_NO_RANDOMIZE 0x0040000
#endif
#define _S(V, S) printf("%d\\t%s\\n", (int)(V), S);
#define E(SEQ, NAME) { const char s[] = SEQ; printf("E\\t"); \\
  for (size_t i = 0; i + 1 < sizeof(s); i++) printf("%02x", (unsigned char)s[i]); \\
  printf("\\t%s\\n", NAME); }
int main(void) {
${body}
puts("@TTY_NAMED_KEYS");
#include "${src}/auparse/tty_named_keys.h"
#undef _S
#define _S(V, S) printf("%s\\t%s\\n", #V, S);
puts("@FIELD_TYPES");
#include "${src}/auparse/typetab.h"
printf("@CONSTANTS\\n");
${constants(normalizeC).map((c) => `printf("%s\\t%lld\\n", "${c}", (long long)(${c}));`).join("\n")}
printf("@ELF\\n");
#define ELF(M, A) printf("%d\\t%u\\n", (int)(M), (unsigned)(A));
${elfPairs(src)}
return 0;
}
`;
}

let lookupTableC = "";
let normalizeC = "";

/** The AUDIT_* and NORM_* constants normalize.c uses, with the NORM_ACCT_* bounds. */
function constants(c: string): string[] {
  const names = new Set<string>();
  for (const m of c.matchAll(/\b((?:AUDIT|NORM)_[A-Z0-9]+(?:_[A-Z0-9]+)*)\b/g)) {
    const n = m[1]!;
    if (n === "AUDIT_INTERP_SEPARATOR" || n.startsWith("NORM_OPT_")) continue;
    names.add(n);
  }
  return [...names].sort();
}

/** lib/lookup_table.c's elftab: `{ MACH_X86, AUDIT_ARCH_I386 },` lines. */
function elfPairs(_src: string): string {
  const start = lookupTableC.indexOf("elftab[]");
  const end = lookupTableC.indexOf("};", start);
  if (start < 0 || end < 0) fail("lib/lookup_table.c has no elftab");
  const out: string[] = [];
  for (const line of lookupTableC.slice(start, end).split("\n")) {
    const m = /^\s*\{\s*(MACH_\w+)\s*,\s*(AUDIT_ARCH_\w+)\s*\}/.exec(line);
    if (m) out.push(`ELF(${m[1]}, ${m[2]})`);
  }
  return out.join("\n");
}

function version(configureAc: string): string {
  const m = /AC_INIT\(\s*\[?audit\]?\s*,\s*\[?([\d.]+)/.exec(configureAc);
  if (!m) fail("no AC_INIT version in configure.ac");
  return m[1]!;
}

function q(s: string): string {
  return JSON.stringify(s);
}

async function strerrors(): Promise<[number, string][]> {
  const out = await run("perl", [
    "-e",
    'use POSIX qw(setlocale LC_ALL); setlocale(LC_ALL, "C"); for (1..133) { $! = $_; print "$_\\t$!\\n" }',
  ]);
  return out.trim().split("\n").map((l) => {
    const [n, text] = l.split("\t");
    return [Number(n), text!];
  });
}

function protocols(text: string): [number, string][] {
  const out: [number, string][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    const [name, num] = line.split(/\s+/);
    if (name !== undefined && num !== undefined && /^\d+$/.test(num)) out.push([Number(num), name]);
  }
  return out;
}

async function generate(src: string): Promise<string> {
  const interpretC = await Deno.readTextFile(`${src}/auparse/interpret.c`);
  lookupTableC = await Deno.readTextFile(`${src}/lib/lookup_table.c`);
  normalizeC = await Deno.readTextFile(`${src}/auparse/normalize.c`);
  const ver = version(await Deno.readTextFile(`${src}/configure.ac`));
  const dir = await Deno.makeTempDir({ prefix: "gen_auparse_" });
  try {
    const cFile = `${dir}/dump.c`;
    await Deno.writeTextFile(cFile, cProgram(src, interpretC));
    await run("cc", ["-w", "-I", `${src}/lib`, "-I", `${src}/auparse`, "-o", `${dir}/dump`, cFile]);
    const dump = await run(`${dir}/dump`, []);
    const sections = new Map<string, string[][]>();
    let cur: string[][] = [];
    for (const line of dump.split("\n")) {
      if (line === "") continue;
      if (line.startsWith("@")) sections.set(line.slice(1), cur = []);
      else cur.push(line.split("\t"));
    }
    let out = `// Code generated by tools/gen_auparse_tables.ts from audit-userspace ${ver}
// (auparse/*tab.h, auparse/tty_named_keys.h, auparse/normalize*.h and the constants
// normalize.c uses, lib/*tab.h, lib/lookup_table.c's elftab), glibc's strerror texts (C locale) and /etc/protocols; DO NOT EDIT.

/** A table of [value, name] pairs in the source's order (the first of equal values wins). */
export type Table = readonly (readonly [number, string])[];

/** The audit-userspace version these tables come from. */
export const AUDIT_USERSPACE_VERSION = ${q(ver)};
`;
    const emit = (name: string, doc: string, rows: string[][]) => {
      out += `\n/** ${doc}. */\nexport const ${name}: Table = [\n`;
      for (const [v, s] of rows) out += `  [${Number(v)}, ${q(s!)}],\n`;
      out += "];\n";
    };
    for (const [h, name, doc] of [...AUPARSE_TABLES, ...LIB_TABLES, ...NORMALIZE_TABLES]) {
      const rows = sections.get(name);
      if (rows === undefined) fail(`no output for ${h}`);
      emit(name, `${doc} (${h})`, rows);
    }
    out +=
      "\n/** Named TTY key sequences (hex bytes, name) in match order (tty_named_keys.h). */\n";
    out += "export const TTY_NAMED_KEYS: readonly (readonly [string, string])[] = [\n";
    for (const [, hex, name] of sections.get("TTY_NAMED_KEYS") ?? []) {
      out += `  [${q(hex!)}, ${q(name!)}],\n`;
    }
    out += "];\n";
    out += "\n/** Field names to auparse field types (typetab.h, built WITH_APPARMOR). */\n";
    out += "export const FIELD_TYPES: Readonly<Record<string, string>> = {\n";
    for (const [type, name] of sections.get("FIELD_TYPES") ?? []) {
      out += `  ${q(name!)}: ${q(type!.replace(/^AUPARSE_TYPE_/, ""))},\n`;
    }
    out += "};\n";
    out += "\n/** The AUDIT_* and NORM_* constants auparse's normalize.c uses. */\n";
    out += "export const CONSTANTS: Readonly<Record<string, number>> = {\n";
    for (const [name, v] of sections.get("CONSTANTS") ?? []) out += `  ${name}: ${Number(v)},\n`;
    out += "};\n";
    out +=
      "\n/** AUDIT_ARCH values libaudit maps to a machine: [machine (MACH_*), arch] (elftab). */\n";
    out += "export const ELF_MACHINES: readonly (readonly [number, number])[] = [\n";
    for (const [m, a] of sections.get("ELF") ?? []) {
      out += `  [${m}, 0x${Number(a).toString(16)}],\n`;
    }
    out += "];\n";
    emit(
      "STRERROR",
      "glibc's strerror texts in the C locale (errno 1-133)",
      (await strerrors()).map(([n, s]) => [String(n), s]),
    );
    emit(
      "PROTOCOLS",
      "IP protocol names by number as getprotobynumber gives them (/etc/protocols, first wins)",
      protocols(await Deno.readTextFile("/etc/protocols")).map(([n, s]) => [String(n), s]),
    );
    return out;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => a !== "--check");
  const check = Deno.args.includes("--check");
  const src = args[0];
  if (src === undefined) {
    fail("usage: gen_auparse_tables.ts AUDIT_USERSPACE_DIR [--check]");
  }
  const text = await generate(src);
  const fmt = await run(Deno.execPath(), ["fmt", "--line-width=100", "--ext=ts", "-"], text);
  if (check) {
    let old = "";
    try {
      old = await Deno.readTextFile(OUT);
    } catch { /* missing */ }
    if (old !== fmt) {
      console.error(`${OUT.pathname} differs from what ${src} gives; run deno task gen:auparse`);
      Deno.exit(1);
    }
    console.log("interpret/auparse/tables.ts is up to date");
  } else {
    await Deno.writeTextFile(OUT, fmt);
    console.log(`wrote ${OUT.pathname}`);
  }
}
