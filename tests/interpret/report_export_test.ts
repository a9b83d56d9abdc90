/** aureport's API is reachable from the public `interpret` entry point. */
import assert from "node:assert/strict";
import { EventGrouper, report } from "../../interpret/mod.ts";

Deno.test("interpret/mod.ts exports aureport's API as the `report` namespace", () => {
  const parsed = report.parseReportArgs(["-x", "--summary"], () => ({ used: 1 }));
  assert.equal(parsed.kind, "run");
  if (parsed.kind !== "run") return;
  let text = "";
  const run = new report.AureportRun(parsed.args.config, {
    uidName: (uid) => (uid === 0 ? "root" : undefined),
    formatTime: (sec) => new Date(sec * 1000).toISOString(),
    eoeTimeout: 2,
    write: (s) => text += s,
  });
  run.beginFile();
  run.line(
    'type=SYSCALL msg=audit(1764034503.890:7): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="ls" exe="/usr/bin/ls" key=(null)',
    "audit.log",
    1,
  );
  run.endFile("audit.log", true);
  assert.equal(run.finish(), 0);
  assert.match(text, /1 {2}\/usr\/bin\/ls/);
  // ausearch's grouper keeps its plain name; aureport's is in the namespace.
  assert.notEqual(EventGrouper, report.EventGrouper);
});
