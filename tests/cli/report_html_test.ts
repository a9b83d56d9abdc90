/**
 * The HTML report in a real browser: headless Debian chromium loads it from
 * a file with no console errors (its Content-Security-Policy turns any
 * network or script use into one), the timeline SVG has one bar per
 * non-empty (bucket, outcome) pair, and a screenshot of the chart region is
 * not blank. Driven over the DevTools protocol with Deno's WebSocket.
 */
import assert from "node:assert/strict";
import { runReport, TESTDATA } from "./report_helpers.ts";
import { bucketize, InsightCollector } from "../../interpret/report/insights.ts";
import { EventGrouper } from "../../interpret/report/grouper.ts";
import { decodePng } from "./png.ts";
import { exists } from "../fs_helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** Expected bars: non-empty successful and failed parts of each bucket. */
function expectedBars(file: string): number {
  const collector = new InsightCollector(() => undefined);
  const g = new EventGrouper({
    eoeTimeout: 2,
    startTime: 0,
    endTime: 0,
    onEvent: (e) => collector.add(e),
  });
  Deno.readTextFileSync(file).split("\n").forEach((l, i) => {
    if (l !== "") g.addLine(l, file, i + 1);
  });
  g.terminate();
  const { buckets } = bucketize(collector.result(10), 60);
  return buckets.reduce((n, b) => n + (b.ok > 0 ? 1 : 0) + (b.failed > 0 ? 1 : 0), 0);
}

interface Cdp {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  events: { method: string; params: Record<string, unknown> }[];
  waitFor(method: string, timeoutMs: number): Promise<void>;
  close(): void;
}

async function connect(url: string): Promise<Cdp> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = (e) => reject(new Error(`websocket: ${(e as ErrorEvent).message}`));
  });
  let id = 0;
  const waiting = new Map<number, (v: Record<string, unknown>) => void>();
  const events: Cdp["events"] = [];
  const listeners: (() => void)[] = [];
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result ?? { error: msg.error });
    else {
      events.push({ method: msg.method, params: msg.params ?? {} });
      for (const l of listeners.splice(0)) l();
    }
  };
  return {
    events,
    send(method, params = {}) {
      const n = ++id;
      ws.send(JSON.stringify({ id: n, method, params }));
      return new Promise((resolve) => waiting.set(n, resolve));
    },
    async waitFor(method, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!events.some((e) => e.method === method)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${method}`);
        await new Promise<void>((r) => {
          listeners.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close() {
      ws.close();
    },
  };
}

Deno.test({
  name: `report --format html loads in headless chromium without errors, with its bars${
    HAVE_CHROMIUM ? "" : " (ignored: no /usr/bin/chromium; .ci/run installs it)"
  }`,
  ignore: !HAVE_CHROMIUM,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = Deno.makeTempDirSync();
    const html = `${dir}/report.html`;
    const log = `${TESTDATA}report/odd.log`;
    const r = await runReport(["-if", log, "--format", "html", "-o", html]);
    assert.equal(r.code, 0, r.stderr);
    const browser = new Deno.Command(CHROMIUM, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${dir}/profile`,
        "--remote-debugging-port=0",
        "--window-size=1200,1600",
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let cdp: Cdp | undefined;
    try {
      // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
      const reader = browser.stderr.pipeThrough(new TextDecoderStream()).getReader();
      let err = "";
      let port: string | undefined;
      const deadline = Date.now() + 30000;
      while (port === undefined && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        err += value;
        port = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err)?.[1];
      }
      assert.ok(port !== undefined, `chromium did not start: ${err}`);
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })();
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as {
        type: string;
        webSocketDebuggerUrl: string;
      }[];
      const page = list.find((t) => t.type === "page");
      assert.ok(page !== undefined, "no page target");
      cdp = await connect(page.webSocketDebuggerUrl);
      await cdp.send("Runtime.enable");
      await cdp.send("Log.enable");
      await cdp.send("Page.enable");
      await cdp.send("Page.navigate", { url: `file://${html}` });
      await cdp.waitFor("Page.loadEventFired", 30000);
      const evaluate = async (expr: string): Promise<unknown> =>
        ((await cdp!.send("Runtime.evaluate", { expression: expr, returnByValue: true }))
          .result as {
            value: unknown;
          }).value;
      const bars = await evaluate(`document.querySelectorAll("#timeline rect.bar").length`);
      assert.equal(bars, expectedBars(log));
      assert.equal(await evaluate(`document.querySelectorAll("#users tbody tr").length > 0`), true);
      const box = await evaluate(
        `JSON.stringify(document.getElementById("timeline").getBoundingClientRect())`,
      ) as string;
      const rect = JSON.parse(box) as { x: number; y: number; width: number; height: number };
      assert.ok(rect.width > 100 && rect.height > 100, box);
      const shot = await cdp.send("Page.captureScreenshot", {
        format: "png",
        clip: { x: rect.x, y: rect.y, width: rect.width, height: rect.height, scale: 1 },
      });
      const png = Uint8Array.from(atob(shot.data as string), (c) => c.charCodeAt(0));
      const image = await decodePng(png);
      let sum = 0;
      let sum2 = 0;
      const n = image.width * image.height;
      for (let i = 0; i < n; i++) {
        const p = i * image.channels;
        const y = 0.299 * image.pixels[p]! + 0.587 * image.pixels[p + 1]! +
          0.114 * image.pixels[p + 2]!;
        sum += y;
        sum2 += y * y;
      }
      const variance = sum2 / n - (sum / n) ** 2;
      assert.ok(variance > 50, `chart screenshot looks blank (luminance variance ${variance})`);
      const errors = cdp.events.filter((e) =>
        e.method === "Runtime.exceptionThrown" ||
        (e.method === "Runtime.consoleAPICalled" && e.params.type === "error") ||
        (e.method === "Log.entryAdded" &&
          (e.params.entry as { level: string }).level === "error")
      );
      assert.deepEqual(errors, [], "console errors");
    } finally {
      cdp?.close();
      browser.kill("SIGTERM");
      await browser.status;
      await removeWhenQuiet(dir);
    }
  },
});

/**
 * Removes chromium's temporary directory. Its helper processes (zygote,
 * crashpad) can still write into the profile for a moment after the browser
 * exits, so a removal that meets "Directory not empty" is tried again.
 */
async function removeWhenQuiet(dir: string): Promise<void> {
  for (let attempt = 0;; attempt++) {
    try {
      Deno.removeSync(dir, { recursive: true });
      return;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound && !exists(dir)) return;
      if (attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
