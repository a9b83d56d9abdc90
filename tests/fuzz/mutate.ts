/**
 * Mutated audit log lines for the fuzz campaign (issue 10): the bounded CI
 * test (`fuzz_test.ts`) and its full version (`bench/fuzz_campaign.ts`) draw
 * from the same deterministic generator.
 *
 * @module
 */

/** The logs mutated lines come from: the samples and the odd logs of the tests. */
export const SOURCE_LOGS: readonly URL[] = [
  new URL("../testdata/sample.log", import.meta.url),
  new URL("../testdata/sample-enriched.log", import.meta.url),
  new URL("../testdata/report/odd.log", import.meta.url),
  new URL("../cli/testdata/search_odd.log", import.meta.url),
  new URL("../cli/testdata/small.log", import.meta.url),
];

/** The non-empty lines of {@linkcode SOURCE_LOGS}. */
export function sourceLines(): string[] {
  const out: string[] = [];
  for (const url of SOURCE_LOGS) {
    for (const line of Deno.readTextFileSync(url).split("\n")) if (line !== "") out.push(line);
  }
  return out;
}

/** Deterministic PRNG (mulberry32) returning [0, 1). */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '"',
  "'",
  "=",
  " ",
  "  ",
  "\\",
  '\\"',
  "\\'",
  "\t",
  "\x00",
  "\x1d",
  "\x1b[31m",
  "(",
  ")",
  ":",
  "0",
  "9",
  "-1",
  "4294967295",
  "msg=",
  "msg='",
  'msg="',
  "msg=audit(1700000000.000:1):",
  "key=",
  "a0=",
  "argc=3",
  "items=99",
  "saddr=",
  "proctitle=",
  "node=",
  "?",
  "(null)",
  "é",
  "\uffff",
  "\ufffd",
  "\ud800",
  "type=",
  "audit(",
  "}",
  "{",
  "[",
  "]",
  "\r",
];

const TYPES = [
  "SYSCALL",
  "PROCTITLE",
  "EOE",
  "PATH",
  "CWD",
  "EXECVE",
  "SOCKADDR",
  "USER_LOGIN",
  "AVC",
  "LOGIN",
  "DAEMON_START",
  "URINGOP",
  "UNKNOWN[1234]",
  "1300",
  "9999",
  "",
];

/** Mutates `line` once or a few times, drawing from `random` (and from `other` for splices). */
export function mutate(line: string, other: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const at = (s: string): number => Math.floor(random() * (s.length + 1));
  let s = line;
  const rounds = 1 + Math.floor(random() * 3);
  for (let r = 0; r < rounds; r++) {
    switch (Math.floor(random() * 10)) {
      case 0: { // insert a piece
        const i = at(s);
        s = s.slice(0, i) + pick(PIECES) + s.slice(i);
        break;
      }
      case 1: { // replace a character
        const i = Math.floor(random() * s.length);
        s = s.slice(0, i) + pick(PIECES) + s.slice(i + 1);
        break;
      }
      case 2: { // delete a range
        const i = at(s);
        s = s.slice(0, i) + s.slice(i + 1 + Math.floor(random() * 20));
        break;
      }
      case 3: { // duplicate a range, sometimes many times
        const i = at(s);
        const j = Math.min(s.length, i + 1 + Math.floor(random() * 30));
        const times = random() < 0.1 ? 50 + Math.floor(random() * 500) : 2;
        s = s.slice(0, i) + s.slice(i, j).repeat(times) + s.slice(j);
        break;
      }
      case 4: { // splice with another line
        s = s.slice(0, at(s)) + other.slice(at(other));
        break;
      }
      case 5: // another record type
        s = s.replace(/type=[^ ]*/, `type=${pick(TYPES)}`);
        break;
      case 6: { // another serial: a neighbour's, a far one, or none
        const serial = pick(["1", "0", "4294967295", "4294967296", "", "99999999999", "12a"]);
        s = s.replace(/:(\d+)\)/, random() < 0.5 ? `:${serial})` : ":$1)");
        break;
      }
      case 7: { // another timestamp
        s = s.replace(/audit\(([\d.]+):/, `audit(${pick(["0.000", "1.5", "-1.000", "9e99"])}:`);
        break;
      }
      case 8: { // nested msg= (crafted)
        const i = at(s);
        s = s.slice(0, i) + "msg=audit(1.2:3):".repeat(1 + Math.floor(random() * 40)) + s.slice(i);
        break;
      }
      default: { // a node= prefix
        s = `node=${pick(["a", "b", "host-1", "", "é", "x y"])} ${s.replace(/^node=\S* /, "")}`;
      }
    }
  }
  return s;
}

/**
 * `count` lines: source lines in order with some mutated (`rate`), and
 * small windows shuffled (records out of order). Deterministic per seed.
 */
export function fuzzedLines(
  source: readonly string[],
  count: number,
  seed: number,
  rate = 0.3,
): string[] {
  const random = prng(seed);
  const out: string[] = [];
  let i = Math.floor(random() * source.length);
  while (out.length < count) {
    const line = source[i % source.length]!;
    i++;
    out.push(
      random() < rate ? mutate(line, source[Math.floor(random() * source.length)]!, random) : line,
    );
    if (random() < 0.02 && out.length >= 4) {
      // Swap two of the last four lines.
      const a = out.length - 1 - Math.floor(random() * 4);
      const b = out.length - 1 - Math.floor(random() * 4);
      [out[a], out[b]] = [out[b]!, out[a]!];
    }
  }
  return out;
}
