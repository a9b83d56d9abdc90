/**
 * The two-thread path of `libaudit report` on one large file: its output
 * equals the sequential run's (and aureport's), and when the halves' states
 * at the boundary differ it notices and reads sequentially.
 */
import assert from "node:assert/strict";
import { aureport, HAVE_AUREPORT, runReport, TESTDATA } from "./report_helpers.ts";

/** sample.log repeated with serials and seconds shifted, past the 4 MiB split threshold. */
function bigLog(path: string): void {
  const lines = Deno.readTextFileSync(`${TESTDATA}sample.log`).split("\n").filter((l) => l !== "");
  const out: string[] = [];
  const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
  for (let k = 0; k * bytes < 6_000_000; k++) {
    for (const l of lines) {
      out.push(
        l.replace(
          /audit\((\d+)\.(\d+):(\d+)\)/,
          (_m, s, ms, q) => `audit(${Number(s) + k * 10}.${ms}:${Number(q) + k * 200000})`,
        ),
      );
    }
  }
  Deno.writeTextFileSync(path, out.join("\n") + "\n");
}

/** An event still open at the middle that began before the worker's window: the halves differ. */
function straddlingLog(path: string): void {
  const t = 1795570600;
  const out = [
    `type=SYSCALL msg=audit(${t}.000:1): arch=c000003e syscall=2 success=no exit=-2 a0=1 a1=0 a2=0 a3=0 items=1 ppid=1 pid=9 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="a" exe="/usr/bin/a" key="k"`,
  ];
  const n = 32000;
  for (let i = 0; i < n; i++) {
    // Two seconds of events in time order: the first event stays open to the end.
    const v = Math.floor((i * 1999) / n);
    const stamp = `${t + Math.floor(v / 1000)}.${String(v % 1000).padStart(3, "0")}:${i + 10}`;
    out.push(
      `type=USER_ACCT msg=audit(${stamp}): pid=1 uid=0 auid=0 ses=1 msg='op=x acct="u" exe="/usr/bin/b" hostname=? addr=? terminal=? res=success'`,
    );
  }
  const mid = out.length - 10;
  out.splice(mid, 0, `type=PATH msg=audit(${t}.000:1): item=0 name="/late/path" nametype=NORMAL`);
  Deno.writeTextFileSync(path, out.join("\n") + "\n");
}

for (
  const [name, make, verdict] of [["a large log", bigLog, "agree"], [
    "a straddling event",
    straddlingLog,
    "differ",
  ]] as const
) {
  Deno.test(`report: two threads equal one on ${name} (halves ${verdict})`, async () => {
    const dir = Deno.makeTempDirSync();
    try {
      const log = `${dir}/audit.log`;
      make(log);
      for (
        const args of [[], ["-x", "--summary"], ["-f"], ["-k", "-i"], ["-x", "--format", "json"]]
      ) {
        const par = await runReport(["-if", log, ...args], {
          env: { LIBAUDIT_REPORT_DEBUG: "1", LIBAUDIT_REPORT_THREADS: "2" },
        });
        const seq = await runReport(["-if", log, ...args], {
          env: { LIBAUDIT_REPORT_DEBUG: "1", LIBAUDIT_REPORT_THREADS: "1" },
        });
        assert.match(par.stderr, new RegExp(`two halves ${verdict}`));
        assert.ok(
          !seq.stderr.includes("two halves"),
          "LIBAUDIT_REPORT_THREADS=1 reads with one thread",
        );
        assert.equal(par.stdout, seq.stdout, args.join(" "));
        assert.equal(par.code, seq.code);
        if (HAVE_AUREPORT && verdict === "agree" && !args.includes("--format")) {
          assert.equal(
            par.stdout,
            aureport(["-if", log, ...args], "UTC").stdout,
            `aureport ${args.join(" ")}`,
          );
        }
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
