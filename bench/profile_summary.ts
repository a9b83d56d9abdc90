// Summarizes a V8 CPU profile (`deno run --cpu-prof`): self time per
// function and per file, largest first.
//
//   deno run -A --cpu-prof --cpu-prof-dir=/tmp/prof cli.ts parse -i --format json LOG > /dev/null
//   deno run --allow-read bench/profile_summary.ts /tmp/prof/*.cpuprofile [TOP]

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in µs per profile node id: each sample lasts until the next one. */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const duration = timeDeltas[i + 1] ?? 0;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + duration);
  }
  return self;
}

function shortUrl(url: string): string {
  const parts = url.split("/");
  return parts.slice(-2).join("/");
}

function table(title: string, rows: Map<string, number>, total: number, top: number): string {
  const lines = [`${title} (total ${(total / 1000).toFixed(0)} ms)`];
  for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const ms = (us / 1000).toFixed(1).padStart(8);
    const share = (100 * us / total).toFixed(1).padStart(5);
    lines.push(`${ms} ms ${share}%  ${name}`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const [path, topArg] = Deno.args;
  if (path === undefined) {
    console.error("usage: profile_summary.ts FILE.cpuprofile [TOP]");
    Deno.exit(2);
  }
  const top = Number(topArg ?? 30);
  const profile = JSON.parse(Deno.readTextFileSync(path)) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfTimes(profile)) {
    const frame = nodes.get(id)!.callFrame;
    const file = frame.url === "" ? "(native)" : shortUrl(frame.url);
    const fn = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    total += us;
  }
  console.log(table("self time by function", byFunction, total, top));
  console.log();
  console.log(table("self time by file", byFile, total, top));
}
