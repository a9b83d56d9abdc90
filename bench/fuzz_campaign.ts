// The full fuzz campaign of issue 10 (its bounded CI version is
// tests/fuzz/fuzz_test.ts): per seed, LINES mutated lines of the sample and
// odd logs are parsed one by one (no exception but ParseError, no internal
// error, JSON that loads back, no line over 50x the median cost per char),
// reassembled and coalesced (no exception), and written to a log that the
// CLI parses as records, events and interpreted events, in JSON (every line
// loads back) with 1 and 2 threads (the same stdout and stderr bytes).
//
//   deno run -A bench/fuzz_campaign.ts [--lines N] [--no-cli] [SEED...]
//
// Defaults: 200,000 lines, seeds 1 2 3. Exits 1 when anything failed, with
// the first failing lines printed (JSON-escaped).
import {
  checkEvents,
  checkLines,
  firstDifference,
  notJson,
  type Problem,
  runCli,
} from "../tests/fuzz/checks.ts";
import { fuzzedLines, sourceLines } from "../tests/fuzz/mutate.ts";

const args = [...Deno.args];
let lines = 200_000;
let cli = true;
const seeds: number[] = [];
while (args.length > 0) {
  const arg = args.shift()!;
  if (arg === "--lines") lines = Number(args.shift());
  else if (arg === "--no-cli") cli = false;
  else seeds.push(Number(arg));
}
if (!Number.isInteger(lines) || lines <= 0 || seeds.some((s) => !Number.isInteger(s))) {
  console.error("usage: fuzz_campaign.ts [--lines N] [--no-cli] [SEED...]");
  Deno.exit(2);
}
if (seeds.length === 0) seeds.push(1, 2, 3);

const source = sourceLines();
let failures = 0;

function report(what: string, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  failures += problems.length;
  console.log(`  ${what}: ${problems.length}`);
  for (const p of problems.slice(0, 3)) {
    console.log(`    ${p.what}: ${JSON.stringify(p.line.slice(0, 200))}`);
  }
}

for (const seed of seeds) {
  const started = performance.now();
  const fuzzed = fuzzedLines(source, lines, seed);
  const chars = fuzzed.reduce((n, l) => n + l.length + 1, 0);
  console.log(`seed ${seed}: ${fuzzed.length} lines, ${(chars / 1e6).toFixed(1)} M chars`);
  const parsed = checkLines(fuzzed);
  console.log(`  parse: median ${parsed.medianNsPerChar.toFixed(1)} ns/char`);
  report("parse problems", parsed.problems);
  report("slow lines", parsed.slow);
  report("reassembly/coalesce problems", checkEvents(fuzzed));
  if (cli) {
    const file = await Deno.makeTempFile({ prefix: `libaudit-fuzz-${seed}-`, suffix: ".log" });
    try {
      await Deno.writeTextFile(file, fuzzed.join("\n") + "\n");
      // -i without id names: /etc/passwd may change between two runs.
      for (const mode of [[], ["-r"], ["-i", "--no-resolve-ids"]]) {
        const argv = ["parse", ...mode, "-f", "json", file];
        const name = ["parse", ...mode].join(" ");
        const t0 = performance.now();
        const one = await runCli(argv);
        const t1 = performance.now();
        const two = await runCli([...argv, "--threads", "2"]);
        const t2 = performance.now();
        const out = one.stdout.split("\n").length - 1;
        console.log(
          `  ${name}: ${out} lines out, 1 thread ${((t1 - t0) / 1000).toFixed(1)} s, ` +
            `2 threads ${((t2 - t1) / 1000).toFixed(1)} s`,
        );
        const bad: Problem[] = [];
        if (one.code !== 0 || two.code !== 0) {
          bad.push({ line: one.stderr + two.stderr, what: `exit ${one.code}/${two.code}` });
        }
        const notJsonLine = notJson(one.stdout);
        if (notJsonLine !== undefined) bad.push({ line: notJsonLine, what: "not JSON" });
        if (one.stdout !== two.stdout) {
          bad.push({ line: firstDifference(one.stdout, two.stdout), what: "stdout differs" });
        }
        if (one.stderr !== two.stderr) {
          bad.push({ line: firstDifference(one.stderr, two.stderr), what: "stderr differs" });
        }
        report(name, bad);
      }
    } finally {
      await Deno.remove(file);
    }
  }
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(failures === 0 ? "no failures" : `${failures} failure(s)`);
Deno.exit(failures === 0 ? 0 : 1);
