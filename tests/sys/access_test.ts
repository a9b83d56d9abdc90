import assert from "node:assert/strict";
import { mayExist, processGone } from "../../sys/access.ts";

Deno.test("processGone: this process exists; a pid past pid_max does not", () => {
  assert.equal(processGone(Deno.pid), false);
  assert.equal(processGone(1), false); // init: exists even when it may not be signalled
  assert.equal(processGone(4194304 + 1000), true);
  assert.equal(processGone(0), false); // not a process id: not asked
});

Deno.test("mayExist agrees with processGone on /proc/PID", () => {
  assert.equal(mayExist(`/proc/${Deno.pid}/stat`), !processGone(Deno.pid));
  assert.equal(mayExist(`/proc/${4194304 + 1000}/stat`), !processGone(4194304 + 1000));
});
