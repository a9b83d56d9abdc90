/**
 * What the fuzz campaign asserts, shared by `fuzz_test.ts` and
 * `bench/fuzz_campaign.ts`.
 *
 * @module
 */
import { type AuditMessage, ParseError, parseLogLine, Reassembler } from "../../parse/mod.ts";
import { coalesce } from "../../interpret/mod.ts";

/** A line that broke a promise. */
export interface Problem {
  readonly line: string;
  readonly what: string;
}

/**
 * Parses `line` and touches everything a caller may touch (fields, keys,
 * error, enrichment, JSON); returns what went wrong, if anything. Only a
 * `ParseError` may be thrown, and no message error may be an internal one.
 */
export function checkLine(line: string): string | undefined {
  let m: AuditMessage;
  try {
    m = parseLogLine(line);
  } catch (e) {
    return e instanceof ParseError ? undefined : `threw ${String(e)}`;
  }
  try {
    for (const key in m.data) {
      if (typeof m.data[key] !== "string") return `field ${key} is not a string`;
    }
    void m.keys;
    void m.enrichment;
    if (m.error?.startsWith("internal error")) return m.error;
    const json = JSON.stringify(m);
    if (JSON.parse(json).sequence !== m.sequence) return "JSON does not load back";
  } catch (e) {
    return `threw ${String(e)}`;
  }
  return undefined;
}

/** Times `check` on each line; flags lines over `slack` times the median cost per character. */
export function checkLines(
  lines: readonly string[],
  slack = 50,
  floorMs = 50,
): { problems: Problem[]; slow: Problem[]; medianNsPerChar: number } {
  const problems: Problem[] = [];
  const times = new Float64Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const started = performance.now();
    const what = checkLine(lines[i]!);
    times[i] = performance.now() - started;
    if (what !== undefined) problems.push({ line: lines[i]!, what });
  }
  const perChar = Array.from(times, (t, i) => t / Math.max(1, lines[i]!.length)).sort((a, b) =>
    a - b
  );
  const median = perChar[perChar.length >> 1] ?? 0;
  const slow: Problem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const budget = Math.max(floorMs, slack * median * line.length);
    if (times[i]! <= budget) continue;
    // The best of three more runs, to tell a slow line from a pause of the
    // collector or of a shared machine.
    let again = Infinity;
    for (let run = 0; run < 3 && again > budget; run++) {
      const started = performance.now();
      checkLine(line);
      again = Math.min(again, performance.now() - started);
    }
    if (again > budget) {
      slow.push({ line, what: `${again.toFixed(1)} ms for ${line.length} chars` });
    }
  }
  return { problems, slow, medianNsPerChar: median * 1e6 };
}

/** Reassembles and coalesces `lines`; returns what threw. */
export function checkEvents(lines: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const r = new Reassembler({
    onEvent: (records) => {
      try {
        JSON.stringify(coalesce(records));
      } catch (e) {
        if (e instanceof Error && e.name === "CoalesceError") return;
        problems.push({ line: records[0]!.rawMessage, what: `coalesce threw ${String(e)}` });
      }
    },
  });
  for (const line of lines) {
    try {
      r.push(parseLogLine(line));
    } catch (e) {
      if (!(e instanceof ParseError)) problems.push({ line, what: `push threw ${String(e)}` });
    }
  }
  r.close();
  return problems;
}

/** What a CLI run printed. */
export interface CliOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `deno run -A cli.ts ...args` (with `env`) and returns its output. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutput> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../cli.ts", import.meta.url).pathname, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** The first line of `text` that is not JSON, if any. */
export function notJson(text: string): string | undefined {
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      JSON.parse(line);
    } catch {
      return line;
    }
  }
  return undefined;
}

/** Where two outputs first differ, for a message. */
export function firstDifference(a: string, b: string): string {
  const al = a.split("\n");
  const bl = b.split("\n");
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) {
      return `line ${i + 1}:\n  ${JSON.stringify(al[i]?.slice(0, 300))}\n  ${
        JSON.stringify(bl[i]?.slice(0, 300))
      }`;
    }
  }
  return "no difference";
}
