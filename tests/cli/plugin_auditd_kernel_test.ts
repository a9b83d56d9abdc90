/**
 * `libaudit plugin` as the plugin of a real Debian auditd, started by the
 * test in the foreground with a configuration folder of its own
 * (`auditd -n -c DIR`, `plugin_dir = DIR/plugins.d`, no log written).
 *
 * 10,000 execs under a rule of the test's own give 10,000 events in the
 * plugin's output; auditd's state report (SIGCONT → /var/run/auditd.state)
 * shows no dispatcher queue overflow; the median delay from exec (the
 * event's kernel time) to the output line is under 200 ms; stopping auditd
 * makes the plugin flush and exit 0. auditd is stopped and the kernel's
 * state restored (kernel harness) even when the test fails.
 *
 * @module
 */
import assert from "node:assert/strict";
import { kernelTest } from "../kernel_harness.ts";
import { AuditClient } from "../../netlink/client.ts";
import { ROOT } from "./run_cli.ts";
import { CHILD_V8_FLAGS } from "../../cli/parallel/range_backend.ts";

const EXECS = 10_000;
const KEY = "libaudit_plugin_test";

function which(program: string): string | undefined {
  for (const dir of ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]) {
    try {
      if (Deno.statSync(`${dir}/${program}`).isFile) return `${dir}/${program}`;
    } catch { /* not there */ }
  }
  return undefined;
}

const AUDITD = which("auditd");
const AUDITCTL = which("auditctl");
const MISSING = AUDITD === undefined
  ? "auditd is not installed"
  : AUDITCTL === undefined
  ? "auditctl is not installed"
  : undefined;

/** Writes the configuration folder auditd is started with; returns its paths. */
async function auditdFolder(dir: string): Promise<{ out: string; err: string; rc: string }> {
  const out = `${dir}/out.jsonl`;
  const err = `${dir}/plugin.err`;
  const rc = `${dir}/plugin.rc`;
  await Deno.mkdir(`${dir}/plugins.d`, { mode: 0o755 });
  await Deno.writeTextFile(
    `${dir}/auditd.conf`,
    [
      "local_events = yes",
      "write_logs = no",
      `log_file = ${dir}/audit.log`,
      "log_format = ENRICHED",
      "flush = NONE",
      "max_log_file = 100",
      "num_logs = 2",
      "max_log_file_action = IGNORE",
      "space_left = 75",
      "space_left_action = IGNORE",
      "admin_space_left = 50",
      "admin_space_left_action = IGNORE",
      "disk_full_action = IGNORE",
      "disk_error_action = IGNORE",
      "q_depth = 20000",
      "overflow_action = SYSLOG",
      "end_of_event_timeout = 2",
      "name_format = NONE",
      `plugin_dir = ${dir}/plugins.d`,
      "",
    ].join("\n"),
    { mode: 0o640 },
  );
  // auditd wants the plugin's path absolute, root-owned and not writable by
  // others. The wrapper runs the CLI with the plugin's stdin, passes
  // auditd's signals on and records the exit status.
  const wrapper = `${dir}/libaudit-plugin.sh`;
  await Deno.writeTextFile(
    wrapper,
    [
      "#!/bin/sh",
      "exec 3<&0",
      `"${Deno.execPath()}" run -A --v8-flags=${CHILD_V8_FLAGS} "${ROOT}cli.ts" "$@" ` +
      `<&3 3<&- >"${out}" 2>"${err}" &`,
      "child=$!",
      "exec 3<&-",
      "trap 'kill -HUP $child' HUP",
      "trap 'kill -TERM $child' TERM",
      "while :; do wait $child; rc=$?; kill -0 $child 2>/dev/null || break; done",
      `echo $rc > "${rc}"`,
      "",
    ].join("\n"),
  );
  await Deno.chmod(wrapper, 0o755);
  await Deno.writeTextFile(`${dir}/plugin.yaml`, "format: json\ninterpret: true\n");
  // auditd passes at most two arguments: the subcommand and the config file.
  await Deno.writeTextFile(
    `${dir}/plugins.d/libaudit.conf`,
    [
      "active = yes",
      "direction = out",
      `path = ${wrapper}`,
      "type = always",
      `args = plugin --config=${dir}/plugin.yaml`,
      "format = string",
      "",
    ].join("\n"),
  );
  return { out, err, rc };
}

/** Follows a growing file, stamping each line with the time it was seen. */
class LineWatcher {
  readonly lines: { text: string; seen: number }[] = [];
  #stop = false;
  #done: Promise<void>;
  constructor(path: string) {
    this.#done = this.#run(path);
  }
  async #run(path: string): Promise<void> {
    let file: Deno.FsFile | undefined;
    while (file === undefined && !this.#stop) {
      try {
        file = await Deno.open(path);
      } catch {
        await sleep(5);
      }
    }
    if (file === undefined) return;
    const buffer = new Uint8Array(1 << 20);
    const decoder = new TextDecoder();
    let rest = "";
    try {
      while (true) {
        const n = await file.read(buffer);
        if (n === null || n === 0) {
          if (this.#stop) return;
          await sleep(5);
          continue;
        }
        const seen = Date.now();
        const parts = (rest + decoder.decode(buffer.subarray(0, n), { stream: true })).split("\n");
        rest = parts.pop()!;
        for (const text of parts) this.lines.push({ text, seen });
      }
    } finally {
      file.close();
    }
  }
  async stop(): Promise<void> {
    this.#stop = true;
    await this.#done;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function run(program: string, args: string[]): Promise<string> {
  const r = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  if (!r.success) throw new Error(`${program} ${args.join(" ")}: ${text.trim()}`);
  return text;
}

async function kernelPid(): Promise<number> {
  const c = AuditClient.open({ receiveBufferSize: 0 });
  try {
    return (await c.getStatus()).pid;
  } finally {
    await c.close();
  }
}

interface Event {
  "@timestamp": string;
  tags?: string[];
  process?: { ppid?: string; exe?: string };
}

function body(): (t: Deno.TestContext) => Promise<void> {
  return async () => {
    if ((await kernelPid()) !== 0) throw new Error("another audit daemon is registered");
    const dir = await Deno.makeTempDir({ prefix: "libaudit-auditd-" });
    const paths = await auditdFolder(dir);
    const watcher = new LineWatcher(paths.out);
    const auditd = new Deno.Command(AUDITD!, {
      args: ["-n", "-c", dir],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const auditdErr = new Response(auditd.stderr).text();
    let auditdExited = false;
    const auditdStatus = auditd.status.then((s) => {
      auditdExited = true;
      return s;
    });
    try {
      // auditd registered, and the plugin started (it writes DAEMON_START).
      await waitFor(
        async () => auditdExited || (await kernelPid()) === auditd.pid,
        "auditd",
        15_000,
      );
      assert.ok(!auditdExited, `auditd exited: ${await auditdErr}`);
      await waitFor(() => watcher.lines.length > 0, "the plugin's first event", 30_000);

      await run(AUDITCTL!, [
        "-a",
        "always,exit",
        "-F",
        "arch=b64",
        "-S",
        "execve",
        "-F",
        `key=${KEY}`,
      ]);
      await run(AUDITCTL!, ["-e", "1"]);
      const storm = new Deno.Command("/bin/bash", {
        args: ["-c", `for ((i = 0; i < ${EXECS}; i++)); do /bin/true; done`],
      }).spawn();
      const ppid = String(storm.pid);
      assert.ok((await storm.status).success);

      const isOurs = (text: string): boolean => {
        const e = JSON.parse(text) as Event;
        return e.tags?.includes(KEY) === true && e.process?.ppid === ppid &&
          e.process?.exe === "/usr/bin/true";
      };
      let scanned = 0;
      let count = 0;
      await waitFor(
        () => {
          for (; scanned < watcher.lines.length; scanned++) {
            if (isOurs(watcher.lines[scanned]!.text)) count++;
          }
          return count >= EXECS;
        },
        `${EXECS} events in the output`,
        120_000,
      );

      // auditd's own state report: no dispatcher queue overflow.
      auditd.kill("SIGCONT");
      await waitFor(
        async () => {
          try {
            return (await Deno.stat("/var/run/auditd.state")).mtime!.getTime() >= Date.now() - 5000;
          } catch {
            return false;
          }
        },
        "auditd.state",
        10_000,
      );
      const state = await Deno.readTextFile("/var/run/auditd.state");
      assert.match(state, /plugin queue overflow detected = no/, state);

      // Stopping auditd: the plugin flushes and exits 0.
      auditd.kill("SIGTERM");
      await auditdStatus;
      await waitFor(
        async () => {
          try {
            return (await Deno.readTextFile(paths.rc)).trim() !== "";
          } catch {
            return false;
          }
        },
        "the plugin's exit",
        15_000,
      );
      const stderr = await Deno.readTextFile(paths.err);
      assert.equal((await Deno.readTextFile(paths.rc)).trim(), "0", stderr);
      assert.match(stderr, /totals: records=\d+ events=\d+/);
      await watcher.stop();

      // Each exec exactly once, and written promptly.
      const lines = watcher.lines.filter((l) => isOurs(l.text));
      assert.equal(lines.length, EXECS);
      const delays = lines.map((l) =>
        l.seen - Date.parse((JSON.parse(l.text) as Event)["@timestamp"])
      ).sort((a, b) => a - b);
      const median = delays[delays.length >> 1]!;
      console.log(
        `plugin under auditd: ${EXECS} events, exec->output delay median ${median} ms, ` +
          `p99 ${delays[Math.floor(delays.length * 0.99)]} ms; ${
            state.match(/max plugin queue depth used = \d+/)?.[0]
          }`,
      );
      assert.ok(median < 200, `median delay ${median} ms`);
    } finally {
      if (!auditdExited) {
        auditd.kill("SIGTERM");
        const timer = setTimeout(() => auditd.kill("SIGKILL"), 10_000);
        await auditdStatus;
        clearTimeout(timer);
      }
      await auditdErr;
      await watcher.stop();
      await Deno.remove(dir, { recursive: true });
    }
  };
}

if (MISSING !== undefined) {
  Deno.test({ name: `plugin under auditd (skipped: ${MISSING})`, ignore: true, fn() {} });
} else {
  kernelTest("plugin under auditd: 10,000 execs, no overflow, prompt output, clean stop", body());
}
