// Reassembly speed: records/s = records per iteration / time per iteration.
// Messages are parsed once up front (headers only are needed). Reads
// LIBAUDIT_BENCH_LOG when set (e.g. a corpus from make-corpus.sh), else the
// bundled sample logs.
//
//   deno bench --allow-read --allow-env bench/reassemble_bench.ts
import { type AuditMessage, parseLogLine, Reassembler } from "../parse/mod.ts";

function load(path: string | URL, limit = 200_000): AuditMessage[] {
  return Deno.readTextFileSync(path).split("\n").filter((l) => l !== "").slice(0, limit)
    .map(parseLogLine);
}

const custom = Deno.env.get("LIBAUDIT_BENCH_LOG");
const sets: [string, AuditMessage[]][] = custom !== undefined
  ? [[custom.split("/").slice(-2).join("/"), load(custom)]]
  : [["RAW sample", load(new URL("../tests/testdata/sample.log", import.meta.url))]];

/** Interleaves events: records of `width` consecutive events arrive round-robin. */
function interleave(messages: AuditMessage[], width: number): AuditMessage[] {
  const out: AuditMessage[] = [];
  for (let i = 0; i < messages.length; i += width * 4) {
    const block = messages.slice(i, i + width * 4);
    const bySeq = new Map<number, AuditMessage[]>();
    for (const m of block) {
      const list = bySeq.get(m.sequence);
      if (list === undefined) bySeq.set(m.sequence, [m]);
      else list.push(m);
    }
    const lists = [...bySeq.values()];
    for (let k = 0; lists.some((l) => k < l.length); k++) {
      for (const l of lists) if (k < l.length) out.push(l[k]!);
    }
  }
  return out;
}

for (const [name, messages] of sets) {
  for (
    const [label, input] of [["in order", messages], [
      "interleaved",
      interleave(messages, 8),
    ]] as const
  ) {
    Deno.bench({
      name: `reassemble ${label}: ${name} (${input.length} records/iter)`,
      group: name,
      baseline: label === "in order",
      fn() {
        let events = 0;
        const r = new Reassembler<AuditMessage>({ onEvent: () => events++ });
        for (const m of input) r.push(m);
        r.close();
        if (events === 0) throw new Error("no events");
      },
    });
  }
}
