/**
 * The pure picture and JSON renderers of the report: the terminal chart
 * (width, colors, plain text), the HTML page (escaping, bars), JSON rows.
 */
import assert from "node:assert/strict";
import { renderChart } from "../../interpret/report/chart.ts";
import { escapeHtml, renderHtml } from "../../interpret/report/html.ts";
import { bucketize, InsightCollector, type Insights } from "../../interpret/report/insights.ts";
import { EventGrouper } from "../../interpret/report/grouper.ts";
import { parseReportArgs } from "../../interpret/report/options.ts";
import { AureportRun } from "../../interpret/report/run.ts";
import type { DetailRow } from "../../interpret/report/rows.ts";
import { jsonReport } from "../../interpret/report/json.ts";

const LOG = new URL("../testdata/report/odd.log", import.meta.url).pathname;
const time = (sec: number): string => new Date(sec * 1000).toISOString().slice(11, 19);

function insights(text: string): Insights {
  const c = new InsightCollector((uid) => (uid === 0 ? "root" : undefined));
  const g = new EventGrouper({ eoeTimeout: 2, startTime: 0, endTime: 0, onEvent: (e) => c.add(e) });
  text.split("\n").forEach((l, i) => {
    if (l !== "") g.addLine(l, "x.log", i + 1);
  });
  g.terminate();
  return c.result(5);
}

Deno.test("chart: plain text without color is ASCII, one row per bucket, fits the width", () => {
  const data = insights(Deno.readTextFileSync(LOG));
  const text = renderChart(data, { width: 72, color: false, formatTime: time });
  assert.ok(!text.includes("\x1b") && !text.includes("█"));
  const rows = text.split("\n").slice(1, -1);
  assert.equal(rows.length, bucketize(data, 30).buckets.length);
  for (const row of rows) assert.ok(row.length <= 72, row);
  assert.match(text, /x/); // failed events are drawn apart
  assert.match(text, /\(\d+ failed\)/);
});

Deno.test("chart: in color, Unicode blocks and ANSI colors; wider terminal, longer bars", () => {
  const data = insights(Deno.readTextFileSync(LOG));
  const narrow = renderChart(data, { width: 60, color: true, formatTime: time });
  const wide = renderChart(data, { width: 160, color: true, formatTime: time });
  assert.ok(narrow.includes("\x1b[32m█"));
  assert.ok(narrow.includes("\x1b[31m█"));
  const blocks = (s: string): number => [...s].filter((c) => c === "█").length;
  assert.ok(blocks(wide) > blocks(narrow) * 2);
});

Deno.test("html: audit data is escaped, no script, bars per non-empty part", () => {
  const evil =
    'type=SYSCALL msg=audit(1764034503.890:7): arch=c000003e syscall=2 success=no exit=-2 a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/tmp/<script>alert(1)</script>" key="a&b"';
  const data = insights(evil);
  const html = renderHtml(data, {
    title: "T <x>",
    summary: [["events", "1"]],
    formatTime: time,
    generated: "now",
  });
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /a&amp;b/);
  assert.match(html, /T &lt;x&gt;/);
  assert.equal((html.match(/<rect class="bar /g) ?? []).length, 1);
  assert.match(html, /Content-Security-Policy/);
  assert.equal(escapeHtml(`"'&<>`), "&quot;&#39;&amp;&lt;&gt;");
});

Deno.test("json: detailed rows are objects named by aureport's columns", () => {
  const parsed = parseReportArgs(["-x"], () => ({ used: 1 }));
  assert.equal(parsed.kind, "run");
  if (parsed.kind !== "run") return;
  const rows: DetailRow[] = [];
  const run = new AureportRun(parsed.args.config, {
    uidName: () => undefined,
    formatTime: (s) => `D${s} T`,
    eoeTimeout: 2,
    write: () => {},
    onRows: (r) => rows.push(...r),
  });
  run.beginFile();
  Deno.readTextFileSync(LOG).split("\n").forEach((l, i) => run.line(l, LOG, i + 1));
  run.endFile(LOG, true);
  run.finish();
  const doc = jsonReport(run.engine, rows, run.range, (s) => `D${s} T`);
  assert.equal(doc.report, "exe");
  assert.ok(doc.rows.length > 5);
  const first = doc.rows[0]!;
  assert.deepEqual(Object.keys(first), [
    "line",
    "date",
    "time",
    "sec",
    "exe",
    "term",
    "host",
    "auid",
    "event",
  ]);
  assert.equal(typeof first.event, "number");
});
