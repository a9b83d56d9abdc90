/**
 * The self-contained HTML report (`--format html`): inline CSS and SVG, no
 * script, no network (a Content-Security-Policy forbids it). It holds the
 * summary, a timeline of events and failures, and top-N tables. All audit
 * data is HTML-escaped.
 *
 * @module
 */
import { type Bucket, bucketize, type Insights, type TopList } from "./insights.ts";

/** What the page shows besides the insights. */
export interface HtmlOptions {
  /** Page title. */
  readonly title: string;
  /** The summary report's lines as `[label, value]`. */
  readonly summary: readonly (readonly [string, string])[];
  /** Formats seconds since the epoch for labels. */
  readonly formatTime: (sec: number) => string;
  /** Most timeline bars (buckets) to draw (default 60). */
  readonly maxBuckets?: number;
  /** When the page was made (text). */
  readonly generated: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) =>
      c === "&"
        ? "&amp;"
        : c === "<"
        ? "&lt;"
        : c === ">"
        ? "&gt;"
        : c === '"'
        ? "&quot;"
        : "&#39;",
  );
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1b1f24;background:#fff}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em}
.meta{color:#57606a}
table{border-collapse:collapse;margin:.3em 0}td,th{padding:.2em .8em;border-bottom:1px solid #d0d7de;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:flex;flex-wrap:wrap;gap:0 2.5em}
.grid section{min-width:18em}
svg{display:block;max-width:100%}
.ok{fill:#2da44e}.fail{fill:#cf222e}.axis{stroke:#8c959f;stroke-width:1}
.label{font-size:11px;fill:#57606a}
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em;vertical-align:-.05em}
code{word-break:break-all}
`;

/** The timeline SVG: per bucket a green bar for successful and a red one for failed events. */
export function timelineSvg(
  buckets: readonly Bucket[],
  formatTime: (sec: number) => string,
): string {
  const width = 960;
  const height = 260;
  const left = 50;
  const bottom = 40;
  const top = 10;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...buckets.map((b) => b.ok + b.failed));
  const slot = buckets.length === 0 ? plotW : plotW / buckets.length;
  const barW = Math.max(1, slot * 0.8);
  const parts: string[] = [];
  parts.push(
    `<line class="axis" x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${
      top + plotH
    }"/>`,
  );
  parts.push(`<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}"/>`);
  parts.push(`<text class="label" x="${left - 6}" y="${top + 10}" text-anchor="end">${max}</text>`);
  parts.push(`<text class="label" x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>`);
  buckets.forEach((b, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const okH = (b.ok / max) * plotH;
    const failH = (b.failed / max) * plotH;
    const base = top + plotH;
    const when = escapeHtml(formatTime(b.start));
    if (b.ok > 0) {
      parts.push(
        `<rect class="bar ok" x="${x.toFixed(1)}" y="${(base - okH).toFixed(1)}" width="${
          barW.toFixed(1)
        }" height="${okH.toFixed(1)}"><title>${when}: ${b.ok} successful</title></rect>`,
      );
    }
    if (b.failed > 0) {
      parts.push(
        `<rect class="bar fail" x="${x.toFixed(1)}" y="${(base - okH - failH).toFixed(1)}" width="${
          barW.toFixed(1)
        }" height="${failH.toFixed(1)}"><title>${when}: ${b.failed} failed</title></rect>`,
      );
    }
  });
  const ticks = Math.min(buckets.length, 6);
  for (let t = 0; t < ticks; t++) {
    const i = Math.round((t * (buckets.length - 1)) / Math.max(1, ticks - 1));
    const x = left + i * slot + slot / 2;
    parts.push(
      `<text class="label" x="${x.toFixed(1)}" y="${height - 20}" text-anchor="middle">${
        escapeHtml(formatTime(buckets[i]!.start))
      }</text>`,
    );
  }
  return `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Events over time">${
    parts.join("")
  }</svg>`;
}

function topTable(id: string, title: string, column: string, list: TopList): string {
  const rows = list.length === 0
    ? `<tr><td colspan="2">none</td></tr>`
    : list.map(([name, n]) =>
      `<tr><td><code>${escapeHtml(name)}</code></td><td class="n">${n}</td></tr>`
    )
      .join("");
  return `<section id="${id}"><h2>${title}</h2><table><thead><tr><th>${column}</th><th>events</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The whole page, as one string. */
export function renderHtml(data: Insights, o: HtmlOptions): string {
  const { size, buckets } = bucketize(data, o.maxBuckets ?? 60);
  const range = data.events === 0
    ? "no events"
    : `${escapeHtml(o.formatTime(data.first))} – ${escapeHtml(o.formatTime(data.last))}`;
  const summary = o.summary.map(([k, v]) =>
    `<tr><td>${escapeHtml(k)}</td><td class="n">${escapeHtml(v)}</td></tr>`
  ).join("");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(o.title)}</h1>
<p class="meta">${data.events} events (${data.failed} failed), ${range}. Generated ${
    escapeHtml(o.generated)
  } by libaudit report.</p>
<section id="chart"><h2>Timeline</h2>
<p class="legend">${buckets.length} bars of ${size} s each<span class="okkey" style="background:#2da44e"></span>successful<span style="background:#cf222e"></span>failed</p>
${timelineSvg(buckets, o.formatTime)}
</section>
<section id="summary"><h2>Summary</h2><table><tbody>${summary}</tbody></table></section>
<div class="grid">
${topTable("users", "Users (login uid)", "user", data.users)}
${topTable("executables", "Executables", "executable", data.exes)}
${topTable("keys", "Keys", "key", data.keys)}
${topTable("files", "Files", "file", data.files)}
${topTable("hosts", "Hosts", "host", data.hosts)}
${topTable("failed-syscalls", "Failed syscalls", "syscall", data.failedSyscalls)}
</div>
</body></html>
`;
}
