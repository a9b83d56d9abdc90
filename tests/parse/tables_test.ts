import assert from "node:assert/strict";
import { AUDIT_ARCH } from "../../parse/tables/arches.ts";
import { ERRNO_NAMES } from "../../parse/tables/errno.ts";
import { RECORD_TYPE_RANGES, RECORD_TYPES } from "../../parse/tables/record_types.ts";
import { SYSCALLS } from "../../parse/tables/syscalls.ts";
import {
  auditArchValue,
  BIARCH_32,
  MACHINE_NAMES,
  syscallNumber,
} from "../../parse/tables/lookup.ts";

Deno.test("syscall tables name execve on each arch", () => {
  assert.equal(SYSCALLS.x86_64?.[59], "execve");
  assert.equal(SYSCALLS.i386?.[11], "execve");
  assert.equal(SYSCALLS.aarch64?.[221], "execve");
  assert.equal(SYSCALLS.arm?.[11], "execve");
  assert.equal(SYSCALLS.ppc64le?.[11], "execve");
  assert.equal(SYSCALLS.s390x?.[11], "execve");
  assert.equal(SYSCALLS.riscv64?.[221], "execve");
  assert.equal(SYSCALLS.loongarch64?.[221], "execve");
});

Deno.test("syscall tables cover every arch that arch enrichment names", () => {
  for (const arch of Object.values(MACHINE_NAMES)) {
    assert.ok(SYSCALLS[arch], `no syscall table for ${arch}`);
    assert.ok(auditArchValue(arch) !== undefined, `no AUDIT_ARCH value for ${arch}`);
  }
  for (const [arch64, arch32] of Object.entries(BIARCH_32)) {
    assert.ok(SYSCALLS[arch64] && SYSCALLS[arch32], `${arch64}/${arch32}`);
  }
});

Deno.test("syscall tables know syscalls newer than this auditd", () => {
  assert.equal(SYSCALLS.x86_64?.[452], "fchmodat2");
  assert.equal(SYSCALLS.aarch64?.[462], "mseal");
  assert.equal(SYSCALLS.riscv64?.[258], "riscv_hwprobe");
});

Deno.test("syscallNumber reverses the tables", () => {
  assert.equal(syscallNumber("x86_64", "execve"), 59);
  assert.equal(syscallNumber("i386", "socketcall"), 102);
  assert.equal(syscallNumber("aarch64", "openat"), 56);
  assert.equal(syscallNumber("aarch64", "open"), undefined);
  assert.equal(syscallNumber("vax", "execve"), undefined);
  assert.equal(syscallNumber("toString", "execve"), undefined);
});

Deno.test("record types use auditd's names", () => {
  assert.equal(RECORD_TYPES[1300], "SYSCALL");
  assert.equal(RECORD_TYPES[1400], "AVC");
  assert.equal(RECORD_TYPES[1327], "PROCTITLE");
  assert.equal(RECORD_TYPES[1112], "USER_LOGIN");
  assert.equal(RECORD_TYPES[1200], "DAEMON_START");
  assert.equal(RECORD_TYPES[1500], "APPARMOR"); // AUDIT_AA, like libaudit and go-libaudit
  assert.equal(RECORD_TYPES[1100], "USER_AUTH"); // not AUDIT_FIRST_USER_MSG
  assert.equal(RECORD_TYPES[2100], "ANOM_LOGIN_FAILURES");
  assert.equal(RECORD_TYPES[1999], undefined);
  const userMsg = RECORD_TYPE_RANGES.find((r) => r.name === "USER_MSG");
  assert.deepEqual(userMsg, { name: "USER_MSG", first: 1100, last: 1199 });
});

Deno.test("arches and errno names", () => {
  assert.equal(AUDIT_ARCH[0xc000003e], "x86_64");
  assert.equal(AUDIT_ARCH[0x40000003], "i386");
  assert.equal(AUDIT_ARCH[0xc00000b7], "aarch64");
  assert.equal(AUDIT_ARCH[0x40000028], "arm");
  assert.equal(AUDIT_ARCH[0xc0000015], "ppc64le");
  assert.equal(AUDIT_ARCH[0x80000016], "s390x");
  assert.equal(auditArchValue("x86_64"), 0xc000003e);
  assert.equal(ERRNO_NAMES[13], "EACCES");
  assert.equal(ERRNO_NAMES[2], "ENOENT");
  assert.equal(ERRNO_NAMES[11], "EAGAIN");
  assert.equal(ERRNO_NAMES[35], "EDEADLK");
});

const GEN_SKIP = (() => {
  if (Deno.build.os !== "linux") return "not Linux";
  for (const tool of ["ausyscall", "cpp"]) {
    const found = ["/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"].some((dir) => {
      try {
        return Deno.statSync(dir + tool).isFile;
      } catch {
        return false;
      }
    });
    if (!found) return `${tool} not installed`;
  }
  for (
    const path of [
      "/usr/include/libaudit.h",
      "/usr/include/linux/audit.h",
      "/usr/riscv64-linux-gnu/include/asm/unistd.h",
    ]
  ) {
    try {
      Deno.statSync(path);
    } catch {
      return `${path} missing (packages libaudit-dev, linux-libc-dev-riscv64-cross)`;
    }
  }
  return undefined;
})();

Deno.test({
  name: "generated tables match what tools/gen_tables.ts --check generates",
  ignore: GEN_SKIP !== undefined,
  fn: async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-run",
        "--allow-read",
        "--allow-write",
        "--allow-ffi",
        new URL("../../tools/gen_tables.ts", import.meta.url).pathname,
        "--check",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
  },
});
if (GEN_SKIP !== undefined) console.warn(`tables_test: generator check skipped: ${GEN_SKIP}`);
