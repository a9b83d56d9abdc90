/**
 * aureport's time stamps through the fast path (names seen before, a stamp
 * repeated from the last line) and the exact slow path give the same values.
 */
import assert from "node:assert/strict";
import { StampReader } from "../../interpret/report/_stamp.ts";
import { EventGrouper } from "../../interpret/report/grouper.ts";
import { typeFlags } from "../../interpret/report/_flags.ts";

function stamp(r: StampReader, text: string, start = 0, end = text.length): string {
  return r.read(text, start, end)
    ? `${r.sec}.${r.milli}:${r.serial}:${r.type}:${r.node ?? ""}`
    : `bad: ${r.reason}`;
}

Deno.test("report stamps: the fast path agrees with a fresh reader's", () => {
  const lines = [
    "type=SYSCALL msg=audit(1.002:3): a=b",
    "type=USER_AUTH msg=audit(1.002:3): x",
    "type=USER_ACCT msg=audit(1.002:3): x",
    "type=USER_ACCT msg=audit(1.002:34): x",
    "type=USER_ACCT msg=audit(1.002:3):",
    "type=PATH msg=audit(1.002:3)",
    "type=PATH msg=audit(17.2:3): y",
    "type=PATHX msg=audit(17.2:3): y",
    "type=PAT msg=audit(17.2:3): y",
    "node=h type=PATH msg=audit(17.2:3): y",
    "type=PATH msg=audit(1.0002:3): y",
    "type=PATH msg=audit(1.002:3",
    "type=PATH  msg=audit(1.002:3): y",
    "type=\u00e9 msg=audit(1.002:3): y",
    `type=${"A".repeat(70)} msg=audit(1.002:3): y`,
    "type=UNKNOWN[1400] msg=audit(1.002:3): y",
  ];
  const warm = new StampReader(2);
  for (let round = 0; round < 2; round++) {
    for (const line of lines) {
      assert.equal(stamp(warm, line), stamp(new StampReader(2), line), line);
    }
  }
  // A line cut short (a NUL) ends before the stamp's ")" of the line before it.
  const text = "type=PATH msg=audit(1.002:3): y\ntype=PATH msg=audit(1.002:3): y";
  assert.equal(stamp(warm, text, 0, 31), "1.2:3:1302:");
  assert.equal(stamp(warm, text, 32, 32 + 26), stamp(new StampReader(2), text, 32, 32 + 26));
});

Deno.test("report stamps: the byte fast path (ASCII runs) agrees with the text one", () => {
  const lines = [
    "type=SYSCALL msg=audit(1.002:3): a=b",
    "type=SYSCALL msg=audit(1.002:3): a=b",
    "type=PATH msg=audit(1.002:3): y",
    "type=PATH msg=audit(1.002:34): y",
    "type=PATH msg=audit(1.002:3)",
    "type=PATHX msg=audit(1.002:3): y",
    "type=PAT msg=audit(1.002:3): y",
    "type=PATH  msg=audit(1.002:3): y",
    "node=h type=PATH msg=audit(1.002:3): y",
    "type=PATH msg=audit(1.0002:3): y",
    "type=PATH msg=audit(1.002:3",
    "type=PATH msg=audit(1.002:3",
    "type=PATH msg=audit(123456789012345.999:123456789012345): y",
    "type=PATH msg=audit(123456789012345.999:123456789012345): y",
    "type=PATH msg=audit(1234567890123456.999:1): y",
    `type=${"A".repeat(70)} msg=audit(1.002:3): y`,
    "type=UNKNOWN[1400] msg=audit(1.002:3): y",
    "type",
    "",
  ];
  const text = lines.join("\n");
  const bytes = new TextEncoder().encode(text);
  const viaText = new StampReader(2);
  const viaBytes = new StampReader(2);
  const show = (r: StampReader, ok: boolean): string =>
    ok ? `${r.sec}.${r.milli}:${r.serial}:${r.type}:${r.node ?? ""}` : `bad: ${r.reason}`;
  for (let round = 0; round < 2; round++) {
    let start = 0;
    for (const line of lines) {
      const end = start + line.length;
      // The whole run, and the line cut short (a NUL) two characters before its end.
      for (const to of [end, Math.max(start, end - 2)]) {
        assert.equal(
          show(viaBytes, viaBytes.readAscii(text, bytes, start, to)),
          show(viaText, viaText.read(text, start, to)),
          `${line} (to ${to - start})`,
        );
      }
      start = end + 1;
    }
  }
});

Deno.test("report grouper: compact events keep their count, flags and first type", () => {
  const seen: string[] = [];
  const g = new EventGrouper({
    eoeTimeout: 2,
    startTime: 0,
    endTime: 0,
    compact: true,
    onEvent: (ev) => {
      seen.push(`${ev.e.serial}:${ev.e.type}:${ev.count}:${ev.flags}`);
    },
  });
  const lines = [
    "type=USER_AUTH msg=audit(1.000:1): res=success",
    "type=SYSCALL msg=audit(1.000:2): syscall=1",
    'type=CWD msg=audit(1.000:2): cwd="/"',
    "type=CONFIG_CHANGE msg=audit(1.000:2): op=x",
    "type=SYSCALL msg=audit(5.000:3): syscall=1",
  ];
  lines.forEach((l, i) => g.addLine(l, "f", i + 1));
  g.terminate();
  assert.deepEqual(seen, [
    `1:1100:1:${typeFlags(1100)}`,
    `2:1300:3:${typeFlags(1300) | typeFlags(1307) | typeFlags(1305)}`,
    `3:1300:1:${typeFlags(1300)}`,
  ]);
});
