import assert from "node:assert/strict";
import {
  OUTPUT_OPTIONS,
  OutputOptionError,
  parseSize,
  readOutputConfig,
  resolveGroup,
} from "../../cli/outputs/output_options.ts";
import { openOutputs } from "../../cli/outputs/open_outputs.ts";
import { emptyStats, type Output, OutputSet, StdoutOutput } from "../../cli/outputs/outputs.ts";
import { statusRecord, StatusReporter } from "../../cli/outputs/status.ts";
import { parseFlags, UsageError } from "../../cli/usage.ts";

Deno.test("outputs/config: sizes", () => {
  assert.equal(parseSize("4096"), 4096);
  assert.equal(parseSize("512K"), 512 * 1024);
  assert.equal(parseSize("10M"), 10 << 20);
  assert.equal(parseSize("1GiB"), 1 << 30);
  assert.equal(parseSize("2 kb"), 2048);
  assert.equal(parseSize("-1"), undefined);
  assert.equal(parseSize("1.5M"), undefined);
  assert.equal(parseSize("9".repeat(30)), undefined);
});

Deno.test("outputs/config: defaults, flags and keys give one validated config", () => {
  assert.deepEqual(readOutputConfig({}), {
    stdout: true,
    status: { intervalSeconds: 0, target: "stderr" },
  });
  const config = readOutputConfig({
    output: "/var/log/libaudit/events.json",
    "output-size": "10M",
    "output-generations": "3",
    "output-group": "0",
    syslog: "tls://logs.example:6514",
    "syslog-ca": "/etc/ca.pem",
    "syslog-facility": "local4",
    "status-interval": "60",
    "status-to": "both",
  });
  assert.deepEqual(config, {
    file: { path: "/var/log/libaudit/events.json", size: 10 << 20, generations: 3, group: 0 },
    stdout: false,
    syslog: {
      address: "tls://logs.example:6514",
      ca: "/etc/ca.pem",
      bufferBytes: 8 << 20,
      bufferMessages: 65536,
      maxMessage: 64 << 10,
      appName: "libaudit",
      facility: "local4",
      severity: "info",
    },
    status: { intervalSeconds: 60, target: "both" },
  });
  // Config file values may be numbers or booleans.
  const fromFile = readOutputConfig({ output: "/x", "output-size": 2048, stdout: true });
  assert.equal(fromFile.file?.size, 2048);
  assert.equal(fromFile.stdout, true);
});

Deno.test("outputs/config: bad values name the key and the flag", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ output: "/x", "output-size": "ten" }, /^--output-size needs a size/],
    [{ output: "/x", "output-generations": "0" }, /^--output-generations needs an integer from 1/],
    [{ "output-size": "1M" }, /^--output-size needs --output/],
    [{ syslog: "udp://h:514" }, /^--syslog 'udp:\/\/h:514': expected tcp:\/\/HOST:PORT/],
    [{ "syslog-facility": "x", syslog: "tcp://h:1" }, /one of kern/],
    [{ "syslog-ca": "/ca" }, /^--syslog-ca needs --syslog/],
    [{ syslog: "tcp://h:1", "syslog-ca": "/ca" }, /tls:\/\/ addresses only/],
    [{ syslog: "tls://h:1", "syslog-cert": "/c" }, /^--syslog-cert needs its pair/],
    [{ output: "/x", "output-group": "no-such-group-here" }, /names no known group/],
    [{ "status-to": "syslog" }, /output, stderr, both/],
    [{ "status-interval": "1e3" }, /^--status-interval needs a non-negative number/],
    [{ stdout: "yes" }, /true or false/],
    [{ output: ["/a", "/b"] }, /needs one value/],
  ];
  for (const [values, message] of bad) {
    assert.throws(
      () => readOutputConfig(values),
      (e: unknown) =>
        e instanceof OutputOptionError && e instanceof UsageError && message.test(e.message),
      JSON.stringify(values),
    );
  }
});

Deno.test("outputs/config: the flags parse through a CommandSpec; every key has a flag", () => {
  const spec = { name: "t", summary: "t", usage: "t", options: OUTPUT_OPTIONS };
  const flags = parseFlags(spec, ["-o", "/tmp/f", "--syslog", "unix:///dev/log", "--stdout"])!;
  const config = readOutputConfig(flags.values);
  assert.equal(config.file?.path, "/tmp/f");
  assert.equal(config.syslog?.address, "unix:///dev/log");
  assert.equal(config.stdout, true);
  for (const [name, o] of Object.entries(OUTPUT_OPTIONS)) {
    assert.match(name, /^[a-z][a-z-]*$/);
    assert.ok(o.description.length > 0, name);
  }
});

Deno.test("outputs/config: groups by name (NSS) or number", () => {
  assert.equal(resolveGroup("root"), 0);
  assert.equal(resolveGroup("77"), 77);
  assert.equal(resolveGroup("auditors", (n) => n === "auditors" ? 1234 : undefined), 1234);
  assert.equal(resolveGroup("no-such-group-here"), undefined);
});

Deno.test("outputs/config: openOutputs opens file and filtered outputs; an unsafe path fails first", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-out-" });
  try {
    const config = readOutputConfig({
      output: `${dir}/events`,
      "filtered-output": `${dir}/filtered`,
    });
    const outputs = openOutputs(config);
    outputs.events.write("kept\n");
    outputs.filtered!.write("dropped by a filter\n");
    await outputs.close();
    assert.equal(Deno.readTextFileSync(`${dir}/events`), "kept\n");
    assert.equal(Deno.readTextFileSync(`${dir}/filtered`), "dropped by a filter\n");
    assert.equal(outputs.all.length, 2);

    Deno.symlinkSync("/etc/passwd", `${dir}/link`);
    assert.throws(
      () => openOutputs(readOutputConfig({ output: `${dir}/link` })),
      /symbolic link/,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/** An output that records what it gets. */
function memory(name: string): Output & { text: string } {
  const out = new StdoutOutput({
    name,
    sink: {
      write(p: Uint8Array) {
        out.text += new TextDecoder().decode(p);
        return Promise.resolve(p.length);
      },
    },
  }) as StdoutOutput & { text: string };
  out.text = "";
  return out;
}

Deno.test("outputs/set: each event goes to every output; stats are per output and summed", async () => {
  const a = memory("a");
  const b = memory("b");
  const set = new OutputSet([a, b]);
  set.write("one\n");
  set.write("two\n");
  await set.flush();
  assert.equal(a.text, "one\ntwo\n");
  assert.equal(b.text, "one\ntwo\n");
  assert.deepEqual(set.each().map((s) => [s.name, s.events, s.written, s.bytes]), [
    ["a", 2, 2, 8],
    ["b", 2, 2, 8],
  ]);
  const total = set.stats();
  assert.equal(total.name, "a,b");
  assert.equal(total.bytes, 16);
  assert.equal(total.events, 2);
  await set.close();
});

Deno.test("outputs/status: a status record with losses by cause, queue depth, bytes and rotations", () => {
  const file = { ...emptyStats("file:/x"), events: 10, written: 9, bytes: 900, rotations: 2 };
  file.queuedEvents = 1;
  const syslog = {
    ...emptyStats("syslog:tcp://h:514"),
    events: 10,
    written: 7,
    bytes: 700,
    connects: 1,
    connected: false,
    unconfirmed: 3,
    dropped: { "buffer-full": 2, "too-large": 1 },
    lastError: "connect: refused",
  };
  const record = statusRecord(
    { events: 10, records: 40, lost: { kernel_lost: 0, serial_gaps: 1 }, queueDepth: 5 },
    [file, syslog],
    new Date(0),
  );
  assert.deepEqual(record, {
    type: "status",
    time: "1970-01-01T00:00:00.000Z",
    events: 10,
    records: 40,
    lost: { kernel_lost: 0, serial_gaps: 1 },
    dropped: { buffer_full: 2, too_large: 1 },
    unconfirmed: 3,
    queue_depth: 6,
    bytes_written: 1600,
    rotations: 2,
    outputs: [
      {
        name: "file:/x",
        events: 10,
        written: 9,
        bytes: 900,
        dropped: {},
        unconfirmed: 0,
        queued: 1,
        rotations: 2,
        reopens: 0,
      },
      {
        name: "syslog:tcp://h:514",
        events: 10,
        written: 7,
        bytes: 700,
        dropped: { buffer_full: 2, too_large: 1 },
        unconfirmed: 3,
        queued: 0,
        rotations: 0,
        reopens: 0,
        connects: 1,
        connected: false,
        last_error: "connect: refused",
      },
    ],
  });
});

Deno.test("outputs/status: the reporter writes to the output, stderr or both, and once at stop", async () => {
  for (const target of ["output", "stderr", "both"] as const) {
    const out = memory("m");
    const stderr: string[] = [];
    const reporter = new StatusReporter({
      target,
      counters: () => ({ events: 1, records: 2 }),
      outputs: [out],
      stderr: (line) => stderr.push(line),
    });
    reporter.start();
    reporter.stop();
    await out.flush();
    const toOutput = target !== "stderr";
    const toStderr = target !== "output";
    assert.equal(out.text.split("\n").filter(Boolean).length, toOutput ? 1 : 0, target);
    assert.equal(stderr.length, toStderr ? 1 : 0, target);
    const line = toOutput ? out.text : stderr[0]!;
    assert.equal(JSON.parse(line).type, "status");
    assert.ok(line.endsWith("\n"));
  }
});

Deno.test("outputs/status: records come every interval", async () => {
  const stderr: string[] = [];
  let events = 0;
  const reporter = new StatusReporter({
    intervalSeconds: 0.02,
    counters: () => ({ events: ++events, records: 0 }),
    outputs: [],
    stderr: (line) => stderr.push(line),
  });
  reporter.start();
  while (stderr.length < 3) await new Promise((r) => setTimeout(r, 10));
  reporter.stop();
  assert.ok(stderr.length >= 4, `${stderr.length} records`);
  const seen = stderr.map((l) => JSON.parse(l).events);
  assert.deepEqual(seen, [...seen].sort((x, y) => x - y));
});
