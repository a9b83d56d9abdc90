import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient, AuditPidInUseError, type RawAuditMessage } from "../../netlink/client.ts";
import { NetlinkError } from "../../netlink/errors.ts";
import { exitRule, NATIVE } from "./rule_bytes.ts";

const HERE = new URL(".", import.meta.url).pathname;

function auditctl(...args: string[]): string | undefined {
  try {
    const r = new Deno.Command("auditctl", { args, stdout: "piped", stderr: "piped" }).outputSync();
    return r.success ? new TextDecoder().decode(r.stdout) : undefined;
  } catch {
    return undefined;
  }
}

function auditctlStatus(): Record<string, number> | undefined {
  const out = auditctl("-s");
  if (out === undefined) return undefined;
  const fields: Record<string, number> = {};
  for (const line of out.split("\n")) {
    const [k, v] = line.split(" ");
    if (k && v !== undefined && /^\d+$/.test(v)) fields[k] = Number(v);
  }
  return fields;
}

async function withClient<T>(fn: (c: AuditClient) => Promise<T>): Promise<T> {
  const c = AuditClient.open();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** Reads messages until `done` says so or `timeoutMs` passes; returns what was read. */
async function collect(
  client: AuditClient,
  done: (seen: RawAuditMessage[]) => boolean,
  timeoutMs: number,
): Promise<RawAuditMessage[]> {
  const seen: RawAuditMessage[] = [];
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    for await (const m of client.messages({ signal: ac.signal, kernelLostIntervalMs: 0 })) {
      seen.push(m);
      if (done(seen)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

const isKeyedExec = (key: string) => (m: RawAuditMessage) =>
  m.type === 1300 && m.payload.includes(`key="${key}"`);

kernelTest("netlink: status round trip agrees with auditctl -s", async (t) => {
  const s = await withClient((c) => c.getStatus());
  assert.ok(s.enabled === 0 || s.enabled === 1);
  assert.ok(s.backlogLimit > 0);
  const ref = auditctlStatus();
  if (ref === undefined) {
    await t.step({ name: "auditctl comparison (auditctl missing)", ignore: true, fn() {} });
    return;
  }
  assert.equal(s.enabled, ref.enabled);
  assert.equal(s.failure, ref.failure);
  assert.equal(s.pid, ref.pid);
  assert.equal(s.rateLimit, ref.rate_limit);
  assert.equal(s.backlogLimit, ref.backlog_limit);
  assert.equal(s.lost, ref.lost);
  assert.equal(s.backlogWaitTime, ref.backlog_wait_time);
});

kernelTest("netlink: each setter changes the status and back", async () => {
  await withClient(async (c) => {
    const before = await c.getStatus();
    await c.setRateLimit(123);
    await c.setBacklogLimit(4321);
    await c.setBacklogWaitTime(1234);
    await c.setFailure(0);
    await c.setEnabled(true);
    let s = await c.getStatus();
    assert.equal(s.rateLimit, 123);
    assert.equal(s.backlogLimit, 4321);
    assert.equal(s.backlogWaitTime, 1234);
    assert.equal(s.failure, 0);
    assert.equal(s.enabled, 1);
    // The same without waiting, ACKs collected afterwards.
    await c.setRateLimit(before.rateLimit, { wait: false });
    await c.setBacklogLimit(before.backlogLimit, { wait: false });
    await c.setBacklogWaitTime(before.backlogWaitTime ?? 60000, { wait: false });
    await c.setFailure(before.failure === 0 ? 0 : 1, { wait: false });
    await c.setEnabled(before.enabled === 1, { wait: false });
    await c.waitForPendingAcks();
    s = await c.getStatus();
    assert.equal(s.rateLimit, before.rateLimit);
    assert.equal(s.backlogLimit, before.backlogLimit);
    assert.equal(s.backlogWaitTime, before.backlogWaitTime);
    assert.equal(s.failure, before.failure);
    assert.equal(s.enabled, before.enabled);
  });
});

kernelTest("netlink: refuses panic and immutable without opt-in", async () => {
  await withClient(async (c) => {
    await assert.rejects(c.setFailure(2), RangeError);
    // @ts-expect-error: the confirmation string is required
    await assert.rejects(c.setImmutable("yes"), TypeError);
    assert.notEqual((await c.getStatus()).enabled, 2);
  });
});

kernelTest("netlink: a value the kernel rejects comes back as a typed NetlinkError", async () => {
  await withClient(async (c) => {
    const before = await c.getStatus();
    // More than 10 * 60 * HZ jiffies: the kernel answers EINVAL.
    const err = await c.setBacklogWaitTime(0x7fffffff).then(() => undefined, (e) => e);
    assert.ok(err instanceof NetlinkError, String(err));
    assert.equal(err.code, "EINVAL");
    assert.equal(err.errno, 22);
    assert.equal((await c.getStatus()).backlogWaitTime, before.backlogWaitTime);
  });
});

kernelTest("netlink: rules add, list and delete as bytes", async () => {
  const rule = exitRule(NATIVE.execve, "libaudit-test");
  await withClient(async (c) => {
    await c.deleteAllRules();
    await c.addRule(rule);
    const rules = await c.getRules();
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0], rule);
    const listed = auditctl("-l");
    if (listed !== undefined) {
      assert.match(listed, /-a always,exit -F arch=b64 -S execve -F key=libaudit-test/);
    }
    await assert.rejects(c.addRule(rule), (e) => e instanceof NetlinkError && e.code === "EEXIST");
    await c.deleteRule(rule);
    assert.deepEqual(await c.getRules(), []);
    await assert.rejects(
      c.deleteRule(rule),
      (e) => e instanceof NetlinkError && e.code === "ENOENT",
    );
    for (let i = 0; i < 20; i++) {
      await c.addRule(exitRule(NATIVE.execve, `libaudit-many-${i}`), { wait: false });
    }
    await c.waitForPendingAcks();
    assert.equal(await c.deleteAllRules(), 20);
  });
});

kernelTest("netlink: receives the event a child process causes, close leaves pid 0", async () => {
  const key = `libaudit-evt-${Deno.pid}`;
  const c = AuditClient.open();
  try {
    await c.setPid();
    assert.equal((await c.getStatus()).pid, Deno.pid);
    await c.setEnabled(true);
    await c.addRule(exitRule(NATIVE.execve, key));
    const child = await new Deno.Command("/bin/true").output();
    assert.ok(child.success);
    const seen = await collect(c, (s) => s.some(isKeyedExec(key)), 10_000);
    const ev = seen.find(isKeyedExec(key));
    assert.ok(ev, `no SYSCALL record with key ${key} among ${seen.length} records`);
    assert.match(ev.payload, /^audit\(\d+\.\d+:\d+\): /);
    assert.match(ev.payload, /exe="\/(usr\/)?bin\/true"/);
  } finally {
    await c.close();
    await c.close();
  }
  assert.equal(await withClient(async (x) => (await x.getStatus()).pid), 0);
});

kernelTest("netlink: multicast receives while another client is the daemon", async () => {
  const key = `libaudit-mc-${Deno.pid}`;
  const daemon = AuditClient.open();
  const listener = AuditClient.openMulticast();
  try {
    await daemon.setPid();
    await daemon.setEnabled(true);
    await daemon.addRule(exitRule(NATIVE.execve, key));
    await new Deno.Command("/bin/true").output();
    const [mc, uc] = await Promise.all([
      collect(listener, (s) => s.some(isKeyedExec(key)), 10_000),
      collect(daemon, (s) => s.some(isKeyedExec(key)), 10_000),
    ]);
    assert.ok(mc.some(isKeyedExec(key)), "multicast listener saw the event");
    assert.ok(uc.some(isKeyedExec(key)), "daemon saw the event");
  } finally {
    await listener.close();
    await daemon.close();
  }
});

kernelTest("netlink: setPid names the process holding the audit pid", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${HERE}child_holder.ts`],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    const first = await reader.read();
    assert.equal(first.value?.trim(), "ready");
    await withClient(async (c) => {
      const err = await c.setPid().then(() => undefined, (e) => e);
      assert.ok(err instanceof AuditPidInUseError, String(err));
      assert.equal(err.holderPid, child.pid);
      assert.equal(err.holderName, "deno");
      assert.match(err.message, new RegExp(`pid ${child.pid} \\(deno\\).*--multicast`));
    });
  } finally {
    await child.stdin.close();
    await reader.cancel();
    await child.status;
  }
  assert.equal(await withClient(async (x) => (await x.getStatus()).pid), 0);
});

kernelTest("netlink: EPERM without CAP_AUDIT_CONTROL says what is needed", async (t) => {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("setpriv", {
      args: [
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
        Deno.execPath(),
        "run",
        "--allow-all",
        `${HERE}child_probe.ts`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch {
    await t.step({ name: "setpriv missing", ignore: true, fn() {} });
    return;
  }
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const r = JSON.parse(text);
  assert.equal(r.ok, false);
  assert.equal(r.code, "EPERM");
  assert.match(r.message, /CAP_AUDIT_CONTROL/);
});

kernelTest("netlink: 1,000 execs under a rule give 1,000 events and 0 lost", async () => {
  const key = `libaudit-1k-${Deno.pid}`;
  const c = AuditClient.open();
  try {
    await c.setPid();
    await c.setEnabled(true);
    await c.addRule(exitRule(NATIVE.execve, key, "/usr/bin/true"));
    const ac = new AbortController();
    let count = 0;
    let records = 0;
    const reading = (async () => {
      for await (const m of c.messages({ signal: ac.signal, kernelLostIntervalMs: 200 })) {
        records++;
        if (isKeyedExec(key)(m)) count++;
        if (count === 1000) break;
      }
    })();
    const run = await new Deno.Command("sh", {
      args: ["-c", "i=0; while [ $i -lt 1000 ]; do /usr/bin/true; i=$((i+1)); done"],
    }).output();
    assert.ok(run.success);
    const timer = setTimeout(() => ac.abort(), 30_000);
    await reading;
    clearTimeout(timer);
    const losses = c.losses();
    console.log(`records=${records} matching=${count} losses=${JSON.stringify(losses)}`);
    assert.equal(count, 1000);
    assert.equal(losses.kernelLost ?? 0, 0);
    assert.equal(losses.overruns, 0);
    assert.equal(losses.queueDropped, 0);
  } finally {
    await c.close();
  }
  assert.equal(await withClient(async (x) => (await x.getStatus()).pid), 0);
});

kernelTest("netlink: batches() yields every record in order, many datagrams per read", async () => {
  const key = `libaudit-batch-${Deno.pid}`;
  const c = AuditClient.open();
  try {
    await c.setPid();
    await c.setEnabled(true);
    await c.addRule(exitRule(NATIVE.execve, key));
    // 40 execs, about 300 records: more than one recvmmsg (64) and one batch (256).
    for (let i = 0; i < 40; i++) assert.ok((await new Deno.Command("/bin/true").output()).success);
    // Other processes on the machine may exec too: only this test's children count.
    const ours = (m: RawAuditMessage) =>
      isKeyedExec(key)(m) && m.payload.includes(` ppid=${Deno.pid} `);
    const seen: RawAuditMessage[] = [];
    let batches = 0;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 10_000);
    try {
      for await (const batch of c.batches({ signal: ac.signal, kernelLostIntervalMs: 0 })) {
        assert.ok(batch.length > 0 && batch.length <= 256, `batch of ${batch.length}`);
        batches++;
        seen.push(...batch);
        if (seen.filter(ours).length >= 40) break;
      }
    } finally {
      clearTimeout(timer);
    }
    const serial = (m: RawAuditMessage) => Number(/^audit\(\d+\.\d+:(\d+)\)/.exec(m.payload)?.[1]);
    const execs = seen.filter(ours).map(serial);
    assert.equal(execs.length, 40);
    // Our execs ran one after the other: their events arrive in serial order (other
    // processes' events, on the other CPU, may interleave out of order).
    for (let i = 1; i < execs.length; i++) {
      assert.ok(execs[i]! > execs[i - 1]!, `serial ${execs[i]} after ${execs[i - 1]}`);
    }
    // An event's records stay together in order: SYSCALL first, EOE last.
    for (const s of execs) {
      const types = seen.filter((m) => serial(m) === s).map((m) => m.type);
      assert.equal(types[0], 1300, `event ${s}: ${types}`);
      assert.equal(types.at(-1), 1320, `event ${s}: ${types}`);
    }
    assert.ok(batches >= 1);
  } finally {
    await c.close();
  }
});
