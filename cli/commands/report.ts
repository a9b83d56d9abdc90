/**
 * `libaudit report`: aureport's reports, with aureport's options and text,
 * plus JSON, a terminal chart and a self-contained HTML page.
 *
 * @module
 */
import {
  AUREPORT_USAGE,
  parseReportArgs,
  type ReportArgs,
} from "../../interpret/report/options.ts";
import { AureportRun } from "../../interpret/report/run.ts";
import type { DetailRow } from "../../interpret/report/rows.ts";
import { readTextFileOrUndefined } from "../host/system.ts";
import { escapeControl } from "../io/output.ts";

const AUREPORT_VERSION = "3.0.9";

/** `strftime("%x %T")` in the C locale, in the process's zone (TZ). */
export function formatTimeC(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${p(d.getMonth() + 1)}/${p(d.getDate())}/${p(d.getFullYear() % 100)} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** getpwuid over /etc/passwd: the first entry of each uid. */
function passwdLookup(path = "/etc/passwd"): (uid: number) => string | undefined {
  let table: Map<number, string> | undefined;
  return (uid) => {
    if (table === undefined) {
      table = new Map();
      for (const line of (readTextFileOrUndefined(path) ?? "").split("\n")) {
        const f = line.split(":");
        if (f.length < 3) continue;
        const id = Number(f[2]);
        if (Number.isInteger(id) && !table.has(id >>> 0)) table.set(id >>> 0, f[0]!);
      }
    }
    return table.get(uid >>> 0);
  };
}

interface LogInput {
  readonly name: string;
  readonly path: string | undefined;
}

/** Reads auditd.conf's log_file and end_of_event_timeout. */
function auditdConf(): { logFile: string; eoe: number; loaded: boolean } {
  const text = readTextFileOrUndefined("/etc/audit/auditd.conf");
  let logFile = "/var/log/audit/audit.log";
  let eoe = 2;
  for (const line of (text ?? "").split("\n")) {
    const m = /^\s*([a-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m === null) continue;
    if (m[1] === "log_file") logFile = m[2]!;
    if (m[1] === "end_of_event_timeout" && /^\d+$/.test(m[2]!)) eoe = Number(m[2]);
  }
  return { logFile, eoe, loaded: text !== undefined };
}

function isReadable(path: string): boolean {
  try {
    Deno.openSync(path).close();
    return true;
  } catch {
    return false;
  }
}

/** The rotated logs of `base`, oldest first (`base.N` … `base`). */
function rotations(base: string): LogInput[] {
  let num = 0;
  while (isReadable(num === 0 ? base : `${base}.${num}`)) num++;
  num--;
  const out: LogInput[] = [];
  for (let n = Math.max(num, 0); n >= 0; n--) {
    const p = n === 0 ? base : `${base}.${n}`;
    out.push({ name: p, path: p });
  }
  return out;
}

function selectInputs(a: ReportArgs, logFile: string, note: (m: string) => void): LogInput[] {
  if (a.inputFile !== undefined) {
    const st = Deno.statSync(a.inputFile);
    if (st.isDirectory) {
      const base = a.inputFile.endsWith("/")
        ? `${a.inputFile}audit.log`
        : `${a.inputFile}/audit.log`;
      note(`NOTE - using logs in ${base}`);
      return rotations(base);
    }
    return [{ name: a.inputFile, path: a.inputFile }];
  }
  if (!a.inputLogs && isPipe()) return [{ name: "stdin", path: undefined }];
  return rotations(logFile);
}

function isPipe(): boolean {
  try {
    return Deno.statSync("/proc/self/fd/0").isFifo === true;
  } catch {
    return false;
  }
}

/** Reads `input` line by line into `onLine` (the buffer is reused; memory stays flat). */
function readLines(input: LogInput, onLine: (line: string, no: number) => void): void {
  const file = input.path === undefined ? Deno.stdin : Deno.openSync(input.path);
  const buf = new Uint8Array(1 << 20);
  const decoder = new TextDecoder();
  let carry = "";
  let lineNo = 0;
  try {
    for (;;) {
      const n = file.readSync(buf);
      if (n === null || n === 0) break;
      const text = carry + decoder.decode(buf.subarray(0, n), { stream: true });
      let start = 0;
      for (;;) {
        const nl = text.indexOf("\n", start);
        if (nl === -1) break;
        onLine(text.slice(start, nl), ++lineNo);
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    carry += decoder.decode();
    if (carry !== "") onLine(carry, ++lineNo);
  } finally {
    if (input.path !== undefined) (file as Deno.FsFile).close();
  }
}

function noTime(): never {
  throw new Error("-ts/-te are not available yet");
}

/** Runs `libaudit report`; returns the exit code. */
export function main(argv: string[]): Promise<number> {
  return Promise.resolve(run(argv));
}

function run(argv: string[]): number {
  const parsed = parseReportArgs(argv, noTime);
  const enc = new TextEncoder();
  const out = (s: string): void => {
    Deno.stdout.writeSync(enc.encode(s));
  };
  switch (parsed.kind) {
    case "help":
      out(AUREPORT_USAGE);
      return 0;
    case "version":
      out(`aureport version ${AUREPORT_VERSION} (libaudit report)\n`);
      return 0;
    case "unimplemented":
      console.error("Unimplemented option");
      return 1;
    case "error":
      Deno.stderr.writeSync(enc.encode(parsed.message));
      out(AUREPORT_USAGE);
      return 1;
  }
  const a = parsed.args;
  const conf = auditdConf();
  const warn = (m: string): void => console.error(`libaudit report: warning: ${escapeControl(m)}`);
  if (!conf.loaded && a.inputFile === undefined) {
    console.error(`NOTE - using built-in logs: ${conf.logFile}`);
  }
  let pending = "";
  const write = (s: string): void => {
    pending += s;
    if (pending.length > 1 << 16) {
      out(pending);
      pending = "";
    }
  };
  const rows: DetailRow[] = [];
  const report = new AureportRun(a.config, {
    uidName: passwdLookup(),
    formatTime: formatTimeC,
    eoeTimeout: a.eoeTimeout ?? conf.eoe,
    write,
    warn,
    ...(a.format === "json" ? { onRows: (r: DetailRow[]) => rows.push(...r) } : {}),
  });
  if (report.unimplemented) {
    out(pending);
    console.error("Unimplemented option");
    return 1;
  }
  let inputs: LogInput[];
  try {
    inputs = selectInputs(a, conf.logFile, (m) => console.error(m));
  } catch (e) {
    out(pending);
    console.error(`stat: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    report.beginFile();
    try {
      readLines(input, (line, no) => report.line(line, input.name, no));
    } catch (e) {
      out(pending);
      console.error(`Error opening ${input.name} (${e instanceof Error ? e.message : String(e)})`);
      return 1;
    }
    report.endFile(input.name, i === inputs.length - 1);
  }
  const status = report.finish();
  out(pending);
  const skipped = report.engine.counts.malformed;
  if (report.badLines > 0) {
    warn(`${report.badLines} line(s) without a time stamp were skipped (as aureport does)`);
  }
  if (skipped > 0) {
    warn(`${skipped} malformed event(s) were left out of the report (as aureport does)`);
  }
  return status;
}
