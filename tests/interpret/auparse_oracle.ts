/**
 * Shared helpers for the auparse tests: run the installed ausearch as the
 * oracle and frame records into events as ausearch -i does (the crafted
 * logs that exercise the interpreters are in `auparse_crafted.ts`).
 *
 * @module
 */

import {
  csvHeader,
  formatCsvEvent,
  formatInterpretedLine,
  formatTextEvent,
  IdResolver,
  LocalClock,
} from "../../interpret/mod.ts";
import { InterpretedLineWriter } from "../../interpret/auparse/format_bytes.ts";

/** ausearch's path when installed (CI installs it), else undefined. */
export const AUSEARCH: string | undefined = (() => {
  for (const p of ["/usr/sbin/ausearch", "/sbin/ausearch", "/usr/bin/ausearch"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  return undefined;
})();

/** An id resolver over this machine's /etc files, as ausearch sees them. */
export const resolver: IdResolver = new IdResolver({
  readFile(path) {
    try {
      return Deno.readTextFileSync(path);
    } catch {
      return undefined;
    }
  },
  // Re-read when they change: make-corpus.sh adds and removes a user while
  // other tests run, and ausearch reads the files as they are.
  mtime(path) {
    try {
      return Deno.statSync(path).mtime?.getTime() ?? 0;
    } catch {
      return undefined;
    }
  },
}, { recheckInterval: 0 });

/** Runs `ausearch ARGS` with TZ and LC_ALL=C; stdout as text. */
export async function ausearch(args: string[], tz: string): Promise<string> {
  const out = await new Deno.Command(AUSEARCH!, {
    args,
    env: { TZ: tz, LC_ALL: "C" },
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout);
}

/** The lines of a log grouped by their `audit(…)` stamp, in order of first appearance. */
export function eventsOf(text: string): string[][] {
  const events = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /audit\((\d+\.\d+:\d+)\)/.exec(line);
    const key = m ? m[1]! : line;
    let list = events.get(key);
    if (list === undefined) events.set(key, list = []);
    list.push(line);
  }
  return [...events.values()];
}

const ALPHABET = " =\"'(),:{}0123456789abcdefABCDEFxyz-_.%";

/** A log of `count` events copied from `sources`, one record of each mutated (seeded). */
export function mutatedLog(sources: string[][], count: number, seed: number): string {
  let s = seed;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = sources[rnd(sources.length)]!.map((l) => {
      const type = l.slice(0, l.indexOf(" msg="));
      const ms = String(i % 1000).padStart(3, "0");
      return `${type} msg=audit(${1795570700 + i}.${ms}:${90000 + i}): ${
        l.slice(l.indexOf("): ") + 3)
      }`;
    });
    const r = rnd(event.length);
    const line = event[r]!;
    const head = line.indexOf("): ") + 3;
    let body = line.slice(head);
    for (let j = 0, k = 1 + rnd(4); j < k; j++) {
      const p = rnd(body.length + 1);
      const c = ALPHABET[rnd(ALPHABET.length)]!;
      const op = rnd(3);
      if (op === 0) body = body.slice(0, p) + c + body.slice(p + 1);
      else if (op === 1) body = body.slice(0, p) + c + body.slice(p);
      else body = body.slice(0, p) + body.slice(p + 1 + rnd(5));
    }
    event[r] = line.slice(0, head) + body;
    out.push(...event);
  }
  return out.join("\n") + "\n";
}

/** `ausearch --format text|csv [--extra-*]` output of a log of contiguous events. */
export function normalizeLog(
  text: string,
  tz: string,
  format: "text" | "csv",
  extra: readonly string[],
): string {
  const o = {
    resolver,
    clock: new LocalClock(tz),
    extraKeys: extra.includes("--extra-keys"),
    extraLabels: extra.includes("--extra-labels"),
    extraObj2: extra.includes("--extra-obj2"),
    extraTime: extra.includes("--extra-time"),
  };
  let out = format === "csv" ? csvHeader(o) : "";
  for (const records of eventsOf(text)) {
    out += format === "csv" ? formatCsvEvent(records, o) : formatTextEvent(records, o);
  }
  return out;
}

/**
 * `ausearch -i` output of a log whose events are contiguous and in order:
 * `----` then each event's records last first, each by
 * {@linkcode formatInterpretedLine}, or with `bytes` by
 * {@linkcode InterpretedLineWriter} from the line's UTF-8 bytes.
 */
export function interpretLog(text: string, tz: string, bytes = false): string {
  const clock = new LocalClock(tz);
  const writer = new InterpretedLineWriter({ resolver, clock });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let out = "";
  for (const records of eventsOf(text)) {
    out += "----\n";
    const first = records[0]!;
    const node = first.startsWith("node=") ? first.slice(5, first.indexOf(" ")) : null;
    for (const r of records.toReversed()) {
      if (!bytes) {
        out += formatInterpretedLine(r, { resolver, clock, eventNode: node });
        continue;
      }
      const b = encoder.encode(r);
      const gs = b.indexOf(0x1d);
      writer.length = 0;
      writer.line(b, 0, b.length, gs < 0 ? b.length : gs, node ?? undefined);
      out += decoder.decode(writer.buf.subarray(0, writer.length));
    }
  }
  return out;
}
