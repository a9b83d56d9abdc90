import assert from "node:assert/strict";
import { SyslogOutput } from "../../cli/outputs/syslog.ts";
import {
  frameOctetCounted,
  MessageFormatter,
  SyslogNameError,
} from "../../cli/outputs/syslog_message.ts";
import {
  formatSyslogAddress,
  parseSyslogAddress,
  SyslogAddressError,
  type SyslogConnection,
} from "../../cli/outputs/syslog_transport.ts";
import { UnixDatagramSocket } from "../../sys/unix_datagram.ts";

const decoder = new TextDecoder();

Deno.test("outputs/syslog: RFC 5424 and local message formats", () => {
  const time = new Date(Date.UTC(2026, 11, 2, 7, 8, 9, 123));
  const f = new MessageFormatter({
    facility: "local3",
    severity: "notice",
    hostname: "web 1\u00e9",
    appName: "libaudit",
    pid: 42,
  });
  assert.equal(
    f.message('{"a":"é"}\n', time),
    '<157>1 2026-12-02T07:08:09.123Z web_1_ libaudit 42 - - {"a":"é"}',
  );
  const local = new MessageFormatter({ format: "local", pid: 7 });
  assert.match(
    local.message("x\n", time),
    /^<86>Dec {1,2}\d{1,2} \d\d:\d\d:\d\d libaudit\[7\]: x$/,
  );
  assert.equal(
    new MessageFormatter({}).message("y", time).slice(0, 30),
    "<86>1 2026-12-02T07:08:09.123Z",
  );
  assert.throws(() => new MessageFormatter({ facility: "local9" }), SyslogNameError);
  assert.throws(() => new MessageFormatter({ severity: "loud" }), /unknown syslog severity 'loud'/);
  const framed = frameOctetCounted(new TextEncoder().encode("<86>1 é"));
  assert.equal(decoder.decode(framed), "8 <86>1 é");
});

Deno.test("outputs/syslog: addresses", () => {
  assert.deepEqual(parseSyslogAddress("tcp://127.0.0.1:514"), {
    transport: "tcp",
    hostname: "127.0.0.1",
    port: 514,
  });
  assert.deepEqual(parseSyslogAddress("tls://[::1]:6514"), {
    transport: "tls",
    hostname: "::1",
    port: 6514,
  });
  assert.deepEqual(parseSyslogAddress("unix:///dev/log"), { transport: "unix", path: "/dev/log" });
  assert.equal(formatSyslogAddress(parseSyslogAddress("tls://[::1]:6514")), "tls://[::1]:6514");
  for (
    const bad of ["udp://h:514", "tcp://h", "tcp://h:0", "tcp://h:70000", "unix://rel", "h:514"]
  ) {
    assert.throws(() => parseSyslogAddress(bad), SyslogAddressError, bad);
  }
});

/** A connection that collects what is written. */
function collector(): { connect: () => Promise<SyslogConnection>; data: () => string } {
  const chunks: Uint8Array[] = [];
  return {
    connect: () =>
      Promise.resolve({
        datagram: false,
        write: (b: Uint8Array) => {
          chunks.push(b.slice());
          return Promise.resolve(b.length);
        },
        lost: new Promise<void>(() => {}),
        close: () => {},
      }),
    data: () => chunks.map((c) => decoder.decode(c)).join(""),
  };
}

Deno.test("outputs/syslog: too large messages and writes after close are dropped and counted", async () => {
  const c = collector();
  const out = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    connect: c.connect,
    maxMessage: 200,
  });
  out.write("small\n");
  out.write("x".repeat(500) + "\n");
  await out.close();
  out.write("late\n");
  const stats = out.stats();
  assert.deepEqual(stats.dropped, { "too-large": 1, closed: 1 });
  assert.equal(stats.written, 1);
  assert.equal(stats.events, 3);
  assert.match(c.data(), /^\d+ <86>1 \S+ \S+ libaudit \d+ - - small$/);
});

Deno.test("outputs/syslog: an unreachable receiver never blocks write; the buffer bound holds; backoff grows", async () => {
  const attempts: number[] = [];
  const out = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    connect: () => {
      attempts.push(performance.now());
      return Promise.reject(new Deno.errors.ConnectionRefused("refused"));
    },
    bufferMessages: 10,
    bufferBytes: 1 << 20,
    backoffMs: 10,
    backoffMaxMs: 1000,
    closeTimeoutMs: 100,
  });
  for (let i = 0; i < 100; i++) out.write(`event ${i}\n`);
  assert.equal(out.stats().queuedEvents, 10);
  assert.equal(out.stats().dropped["buffer-full"], 90);
  while (attempts.length < 6) await new Promise((r) => setTimeout(r, 10));
  // Delays double (10, 20, 40, 80, 160 ms): the last two gaps outweigh the first two.
  const gap = (i: number) => attempts[i + 1]! - attempts[i]!;
  assert.ok(gap(3) + gap(4) > gap(0) + gap(1), `gaps ${[0, 1, 2, 3, 4].map(gap)}`);
  await out.close();
  assert.deepEqual(out.stats().dropped, { "buffer-full": 90, closed: 10 });
  assert.match(out.stats().lastError ?? "", /refused/);
});

Deno.test("outputs/syslog: a connection that never completes times out; close does not hang", async () => {
  const out = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    connect: () => new Promise<SyslogConnection>(() => {}),
    connectTimeoutMs: 30,
    backoffMs: 5,
    closeTimeoutMs: 100,
  });
  out.write("x\n");
  while (out.stats().lastError === undefined) await new Promise((r) => setTimeout(r, 5));
  assert.match(out.stats().lastError ?? "", /no connection within 30 ms/);
  await out.close();
  assert.deepEqual(out.stats().dropped, { closed: 1 });
});

Deno.test("outputs/syslog: a message cut by a broken connection is sent again whole", async () => {
  const written: string[] = [];
  let connection = 0;
  const body = `<86>1 1970-01-01T00:00:00.000Z h libaudit ${Deno.pid} - - event-0`;
  const first = `${body.length} ${body}`.length + 10;
  const out = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    backoffMs: 1,
    connect: () => {
      const n = ++connection;
      let taken = 0;
      return Promise.resolve({
        datagram: false,
        write(b: Uint8Array) {
          // The first connection takes a message and 10 bytes, then breaks.
          if (n === 1 && taken > 0) return Promise.reject(new Deno.errors.ConnectionReset("reset"));
          const size = n === 1 ? Math.min(b.length, first) : b.length;
          written.push(decoder.decode(b.subarray(0, size)));
          taken += size;
          return Promise.resolve(size);
        },
        lost: new Promise<void>(() => {}),
        close() {},
      });
    },
    hostname: "h",
    now: () => new Date(0),
  });
  for (let i = 0; i < 3; i++) out.write(`event-${i}\n`);
  await out.idle();
  await out.close();
  const stream2 = written.slice(1).join("");
  // Message 0 went whole on the first connection; 1 was cut and is sent again with 2.
  assert.match(written[0]!, /event-0/);
  assert.doesNotMatch(stream2, /event-0/);
  assert.match(stream2, /^\d+ <86>1 .* event-1\d+ <86>1 .* event-2$/);
  const stats = out.stats();
  assert.equal(stats.written, 3);
  assert.equal(stats.connects, 2);
  assert.equal(stats.unconfirmed, 1);
});

Deno.test("outputs/syslog: unix datagrams wait out a full receiver queue, then all arrive", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-dgram-" });
  const path = `${dir}/log`;
  const receiver = UnixDatagramSocket.bind(path);
  try {
    const out = SyslogOutput.open({ address: `unix://${path}`, appName: "t" });
    // More than the kernel's datagram queue (max_dgram_qlen, 512 by default).
    for (let i = 0; i < 2000; i++) out.write(`{"n":${i}}\n`);
    const got: string[] = [];
    while (got.length < 2000) {
      const d = receiver.receive();
      if (d === undefined) await new Promise((r) => setTimeout(r, 1));
      else got.push(decoder.decode(d));
    }
    await out.close();
    assert.equal(got.length, 2000);
    assert.match(got[0]!, /^<86>\w{3} [ \d]\d \d\d:\d\d:\d\d t\[\d+\]: \{"n":0\}$/);
    assert.deepEqual(got.map((m) => JSON.parse(m.slice(m.indexOf("{"))).n), [
      ...Array(2000).keys(),
    ]);
    assert.equal(out.stats().written, 2000);
  } finally {
    receiver.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/syslog: a missing /dev/log socket is retried until it appears", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-dgram-" });
  const path = `${dir}/log`;
  let receiver: UnixDatagramSocket | undefined;
  try {
    const out = SyslogOutput.open({ address: `unix://${path}`, backoffMs: 5, backoffMaxMs: 20 });
    out.write("one\n");
    while (out.stats().lastError === undefined) await new Promise((r) => setTimeout(r, 5));
    assert.equal(out.stats().written, 0);
    assert.match(out.stats().lastError ?? "", /ENOENT|ECONNREFUSED/);
    receiver = UnixDatagramSocket.bind(path);
    await out.idle();
    await out.close();
    assert.match(decoder.decode(receiver.receive()!), /: one$/);
    assert.equal(out.stats().written, 1);
  } finally {
    receiver?.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("outputs/syslog: settle waits until sent, and no longer than the close timeout", async () => {
  const c = collector();
  const up = SyslogOutput.open({ address: "tcp://127.0.0.1:9", connect: c.connect });
  for (let i = 0; i < 50; i++) up.write(`e${i}\n`);
  assert.equal(up.stats().written, 0);
  await up.settle();
  assert.equal(up.stats().written, 50);
  await up.close();

  const down = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    connect: () => Promise.reject(new Deno.errors.ConnectionRefused("refused")),
    backoffMs: 5,
    closeTimeoutMs: 50,
  });
  down.write("x\n");
  await down.settle(); // returns although nothing could be sent
  assert.equal(down.stats().queuedEvents, 1);
  await down.close();
  // settle then close wait the close timeout once, not twice.
  const slow = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    connect: () => Promise.reject(new Deno.errors.ConnectionRefused("refused")),
    backoffMs: 5,
    closeTimeoutMs: 400,
  });
  slow.write("y\n");
  const t0 = performance.now();
  await slow.settle();
  const settled = performance.now() - t0;
  await slow.close();
  const closed = performance.now() - t0 - settled;
  assert.ok(settled >= 350, `settle waited ${settled} ms`);
  assert.ok(closed < settled, `close waited ${closed} ms after settle's ${settled} ms`);
  assert.deepEqual(down.stats().dropped, { closed: 1 });
});

Deno.test("outputs/syslog: reopen (SIGHUP) reconnects after the write in progress", async () => {
  const c = collector();
  let closed = 0;
  const out = SyslogOutput.open({
    address: "tcp://127.0.0.1:9",
    connect: async () => ({ ...(await c.connect()), close: () => void closed++ }),
  });
  out.write("a\n");
  await out.settle();
  await out.reopen();
  out.write("b\n");
  await out.settle();
  await out.close();
  const stats = out.stats();
  assert.equal(stats.connects, 2);
  assert.equal(stats.reopens, 1);
  assert.equal(stats.written, 2);
  assert.ok(closed >= 2);
  assert.match(c.data(), / a\d+ <86>1 .* b$/);
});
