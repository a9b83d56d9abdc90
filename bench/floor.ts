// The floor under `libaudit parse FILE`: Deno's start plus reading the file
// and splitting it into lines with the CLI's own reader, the same chain as
// `cli/commands/parse.ts` (syncReader, readChunks, maybeGunzip, splitLines),
// nothing parsed or written. Prints the line count.
//
//   /usr/bin/time -f '%e s %U+%S CPU %M KB' deno run -A \
//     --v8-flags=--max-semi-space-size=2,--heap-growing-percent=50,--max-inlined-bytecode-size-cumulative=460 \
//     bench/floor.ts LOG
import { maybeGunzip, readChunks, splitLines, syncReader } from "../cli/io/input.ts";

const file = await Deno.open(Deno.args[0]!, { read: true });
let lines = 0;
for await (const batch of splitLines(maybeGunzip(readChunks(syncReader(file))), () => {})) {
  lines += batch.lines.length;
}
file.close();
console.log(lines);
