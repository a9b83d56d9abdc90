// Crafted lines against plain lines of the same length (issue 10 item 1):
// every line must parse in time linear in its length, so each crafted line's
// time should stay within a small factor of its plain twin's at every size,
// and grow 4x from one size to the next (not 16x).
//
//   deno bench --allow-read bench/crafted_lines_bench.ts
import { parseLogLine } from "../parse/mod.ts";

const HEAD = "type=USER_ACCT msg=audit(1700000000.000:1): ";

/** `unit` repeated after `head` up to `length` characters. */
function fill(unit: string, length: number, head = HEAD): string {
  return head + unit.repeat(Math.ceil((length - head.length) / unit.length)).slice(
    0,
    length - head.length,
  );
}

const CRAFTED: readonly (readonly [string, string])[] = [
  ["nested unquoted msg=", "msg=audit(1700000000.000:1):"],
  ["bare msg= chain", "msg="],
  ["alternating quotes", `x=' msg="y='" `],
  ["quoted msg= in quotes", `msg='a msg="b `],
  ["unterminated quotes", `x=' `],
  ["escaped quotes", `x="\\" `],
];

for (const size of [64 * 1024, 256 * 1024, 1024 * 1024]) {
  const group = `${size / 1024} KiB line`;
  const plain = fill("a0=audit(1700000000.000:1): ", size);
  Deno.bench({
    name: `plain (${group})`,
    group,
    baseline: true,
    fn() {
      if (parseLogLine(plain).data.a0 === undefined) throw new Error("no a0");
    },
  });
  for (const [name, unit] of CRAFTED) {
    const line = fill(unit, size);
    Deno.bench({
      name: `${name} (${group})`,
      group,
      fn() {
        const m = parseLogLine(line);
        void m.data;
        if (m.error?.startsWith("internal error")) throw new Error(m.error);
      },
    });
  }
}
