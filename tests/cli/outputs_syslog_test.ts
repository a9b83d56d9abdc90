import assert from "node:assert/strict";
import { SyslogOutput } from "../../cli/outputs/syslog.ts";
import { droppedTotal } from "../../cli/outputs/outputs.ts";
import {
  HAS_GTLS,
  HAS_OPENSSL,
  HAS_RSYSLOG,
  makeCertificates,
  withRsyslog,
} from "./rsyslog_harness.ts";

const NO_RSYSLOG = !HAS_RSYSLOG;

function event(i: number): string {
  return JSON.stringify({ type: "EXECVE", n: i, exe: "/usr/bin/é中", argv: ["a b", "\t"] }) + "\n";
}

/** The event numbers in rsyslog's received lines (`APP HOST FAC SEV PROCID MSG`). */
function received(lines: string[]): number[] {
  return lines.map((l) => JSON.parse(l.split(" ").slice(5).join(" ")).n);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test({
  name: "outputs/syslog: RFC 5424 over TCP, octet-counted, every event reaches a real rsyslogd",
  ignore: NO_RSYSLOG,
  async fn() {
    await withRsyslog(async (rsyslog) => {
      const out = SyslogOutput.open({
        address: `tcp://127.0.0.1:${rsyslog.port}`,
        appName: "auditplug",
        facility: "local3",
        severity: "notice",
        hostname: "host-a",
      });
      for (let i = 1; i <= 3000; i++) out.write(event(i));
      await out.close();
      const lines = await rsyslog.waitFor(3000);
      assert.deepEqual(received(lines), range(1, 3000));
      assert.equal(
        lines[0]!.split(" ").slice(0, 5).join(" "),
        `auditplug host-a local3 notice ${Deno.pid}`,
      );
      assert.equal(lines[0]!.split(" ").slice(5).join(" "), event(1).trimEnd());
      const stats = out.stats();
      assert.equal(stats.written, 3000);
      assert.equal(droppedTotal(stats), 0);
      assert.equal(stats.connects, 1);
    });
  },
});

Deno.test({
  name:
    "outputs/syslog: receiver restart: what arrived plus what was reported lost equals what was sent",
  ignore: NO_RSYSLOG,
  async fn() {
    const errors: string[] = [];
    await withRsyslog(async (rsyslog) => {
      const out = SyslogOutput.open({
        address: `tcp://127.0.0.1:${rsyslog.port}`,
        bufferMessages: 200,
        backoffMs: 20,
        backoffMaxMs: 200,
        onError: (e) => errors.push(e.message),
      });
      let sent = 0;
      const send = (n: number) => {
        for (let i = 0; i < n; i++) out.write(event(++sent));
      };
      send(150);
      await rsyslog.waitFor(150);
      await rsyslog.stop();
      await until(() => out.stats().connected === false);
      // Down: 200 wait in the buffer, the rest are dropped and counted; write never waits.
      send(500);
      assert.equal(out.stats().dropped["buffer-full"], 300);
      await rsyslog.startAgain();
      await out.idle();
      send(100);
      await out.close();
      const lines = await rsyslog.waitFor(sent - droppedTotal(out.stats()));
      const got = received(lines);
      const stats = out.stats();
      assert.equal(got.length + droppedTotal(stats), sent);
      assert.deepEqual(got, [...range(1, 350), ...range(651, 750)]);
      assert.equal(stats.connects, 2);
      // The lost connection is reported when the sender noticed it (a failed
      // write or reconnect); a reconnect that succeeds at once reports none.
      assert.ok(errors.length > 0 || stats.connects === 2, errors.join("; "));
    });
  },
});

Deno.test({
  name:
    "outputs/syslog: receiver restart during a steady stream: losses are bounded by what is reported",
  ignore: NO_RSYSLOG,
  async fn() {
    await withRsyslog(async (rsyslog) => {
      const out = SyslogOutput.open({
        address: `tcp://127.0.0.1:${rsyslog.port}`,
        backoffMs: 20,
        backoffMaxMs: 100,
        bufferMessages: 1500,
      });
      let sent = 0;
      for (let tick = 0; tick < 60; tick++) {
        for (let i = 0; i < 50; i++) out.write(event(++sent));
        if (tick === 20) await rsyslog.stop(); // no pause: messages are in flight
        if (tick === 40) await rsyslog.startAgain();
        await new Promise((r) => setTimeout(r, 5));
      }
      await out.idle();
      await out.close();
      const stats = out.stats();
      const dropped = droppedTotal(stats);
      await rsyslog.waitFor(sent - dropped - stats.unconfirmed);
      await new Promise((r) => setTimeout(r, 300));
      const got = received(rsyslog.lines());
      assert.equal(new Set(got).size, got.length, "no duplicates");
      for (let i = 1; i < got.length; i++) assert.ok(got[i]! > got[i - 1]!, "in order");
      assert.ok(got.length + dropped <= sent, `${got.length} + ${dropped} <= ${sent}`);
      assert.ok(
        got.length + dropped + stats.unconfirmed >= sent,
        `${got.length} + ${dropped} + ${stats.unconfirmed} >= ${sent}`,
      );
      assert.equal(stats.written + dropped, sent);
    });
  },
});

Deno.test({
  name: "outputs/syslog: a paused receiver never stalls the writer; drops are counted",
  ignore: NO_RSYSLOG,
  async fn() {
    await withRsyslog(async (rsyslog) => {
      const out = SyslogOutput.open({
        address: `tcp://127.0.0.1:${rsyslog.port}`,
        bufferBytes: 256 << 10,
      });
      out.write(event(0));
      await out.idle();
      rsyslog.signal("SIGSTOP");
      // Far more than the socket buffers and our 256 KiB hold: writes return at once.
      const pad = "p".repeat(900);
      let sent = 1;
      for (let i = 1; i <= 20000; i++) {
        out.write(JSON.stringify({ n: i, pad }) + "\n");
        sent++;
        if (i % 1000 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      const stats = out.stats();
      assert.ok((stats.dropped["buffer-full"] ?? 0) > 0, "some dropped");
      assert.ok(stats.queuedBytes <= 256 << 10);
      assert.equal(out.queued, 0, "the caller is never asked to wait");
      rsyslog.signal("SIGCONT");
      await out.idle();
      await out.close();
      const total = sent - droppedTotal(out.stats());
      const lines = await rsyslog.waitFor(total, 20_000);
      assert.equal(lines.length, total);
      const got = received(lines);
      for (let i = 1; i < got.length; i++) assert.ok(got[i]! > got[i - 1]!, "in order");
    });
  },
});

Deno.test({
  name: "outputs/syslog: TLS (RFC 5425) to rsyslogd's gtls driver with a client certificate",
  ignore: NO_RSYSLOG || !HAS_GTLS || !HAS_OPENSSL,
  async fn() {
    let certs!: Awaited<ReturnType<typeof makeCertificates>>;
    await withRsyslog(async (rsyslog) => {
      const out = SyslogOutput.open({
        address: `tls://127.0.0.1:${rsyslog.port}`,
        ca: certs.ca,
        ...certs.client,
      });
      for (let i = 1; i <= 500; i++) out.write(event(i));
      await out.close();
      assert.deepEqual(received(await rsyslog.waitFor(500)), range(1, 500));
      assert.equal(out.stats().written, 500);

      // A receiver whose certificate does not chain to our CA gets nothing.
      const errors: string[] = [];
      const wrong = SyslogOutput.open({
        address: `tls://127.0.0.1:${rsyslog.port}`,
        ca: certs.otherCa,
        ...certs.client,
        closeTimeoutMs: 300,
        onError: (e) => errors.push(e.message),
      });
      wrong.write(event(9999));
      await wrong.close();
      assert.equal(wrong.stats().dropped.closed, 1);
      assert.equal(wrong.stats().written, 0);
      assert.ok(errors.length > 0);
      assert.deepEqual(received(rsyslog.lines()), range(1, 500));
    }, async (dir) => {
      certs = await makeCertificates(dir);
      return { tls: { ca: certs.ca, ...certs.server } };
    });
  },
});

Deno.test({
  name: "outputs/syslog: local format to a unix socket (rsyslogd imuxsock at a temp path)",
  ignore: NO_RSYSLOG,
  async fn() {
    let socket = "";
    await withRsyslog(async (rsyslog) => {
      const out = SyslogOutput.open({ address: `unix://${socket}`, appName: "libaudit" });
      for (let i = 1; i <= 1000; i++) out.write(event(i));
      await out.close();
      const lines = await rsyslog.waitFor(1000);
      assert.deepEqual(received(lines.map((l) => l.replace(/ +/g, " "))), range(1, 1000));
      assert.match(lines[0]!, /^libaudit \S+ authpriv info /);
      assert.equal(out.stats().written, 1000);
    }, (dir) => {
      socket = `${dir}/log`;
      return { unixSocket: socket };
    });
  },
});
