// The size from which `parse` uses two threads by default depends on what it
// prints (issue 16): the cheaper a mode is per byte, the larger the input a
// second thread needs to pay for its start and its second compile.
import assert from "node:assert/strict";
import {
  defaultThreads,
  PARALLEL_MIN_BYTES,
  parallelMinBytes,
} from "../../cli/parallel/threads.ts";

const MiB = 1 << 20;
const file = (size: number) => [{ isFile: true, size }];

Deno.test("parse threads by mode: every mode and format has its threshold", () => {
  for (const mode of ["raw", "events", "interpret"] as const) {
    for (const format of ["text", "json", "yaml"] as const) {
      const min = PARALLEL_MIN_BYTES[mode][format];
      assert.ok(Number.isInteger(min) && min > 0, `${mode} ${format}`);
      assert.equal(parallelMinBytes(mode, format), min, `${mode} ${format}`);
      assert.equal(defaultThreads(file(min), 2, parallelMinBytes(mode, format)), 2);
      assert.equal(defaultThreads(file(min - 1), 2, parallelMinBytes(mode, format)), 1);
    }
  }
});

Deno.test("parse threads by mode: the measured order (slow renderings pay first)", () => {
  const t = PARALLEL_MIN_BYTES;
  // YAML is slow enough to pay almost at once; -r text is so cheap it needs the most.
  for (const mode of ["raw", "events", "interpret"] as const) {
    assert.ok(t[mode].yaml <= 16 * MiB);
    assert.ok(t[mode].yaml < t[mode].json);
  }
  assert.ok(t.events.json < t.raw.json);
  assert.ok(t.raw.json <= t.interpret.json);
  assert.ok(t.interpret.json <= t.interpret.text);
  assert.ok(t.interpret.text < t.events.text);
  // The 93-106 MiB corpora stay on one thread for -i (two gained only 1.04-1.11x there).
  assert.equal(defaultThreads(file(106 * MiB), 2, parallelMinBytes("interpret", "json")), 1);
  assert.equal(defaultThreads(file(106 * MiB), 2, parallelMinBytes("interpret", "text")), 1);
  assert.equal(defaultThreads(file(186 * MiB), 2, parallelMinBytes("interpret", "json")), 2);
  // Still one core, one thread.
  assert.equal(defaultThreads(file(1 << 30), 1, parallelMinBytes("raw", "yaml")), 1);
});

Deno.test("parse threads by mode: LIBAUDIT_PARALLEL_MIN_BYTES overrides every threshold", () => {
  const old = Deno.env.get("LIBAUDIT_PARALLEL_MIN_BYTES");
  try {
    Deno.env.set("LIBAUDIT_PARALLEL_MIN_BYTES", "1");
    assert.equal(parallelMinBytes("events", "text"), 1);
    assert.equal(parallelMinBytes("interpret", "json"), 1);
    Deno.env.set("LIBAUDIT_PARALLEL_MIN_BYTES", "nonsense");
    assert.equal(parallelMinBytes("events", "text"), PARALLEL_MIN_BYTES.events.text);
  } finally {
    if (old === undefined) Deno.env.delete("LIBAUDIT_PARALLEL_MIN_BYTES");
    else Deno.env.set("LIBAUDIT_PARALLEL_MIN_BYTES", old);
  }
});
