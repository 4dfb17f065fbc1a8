/**
 * A forecast as one self-contained HTML page: the charts of charts.ts drawn by chart.js, which is
 * inlined from node_modules, with the data embedded as JSON, so the page opens anywhere (a mail
 * attachment, an air-gapped laptop) and never touches the network: its Content-Security-Policy
 * forbids every fetch. Every chart has its table beside it, and the page prints (print CSS).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { invariant } from '../errors.js';
import type { Forecast } from '../forecast.js';
import { forecastCharts, type ChartSpec } from './charts.js';
import { findingLines } from './forecast.js';
import { formatMoney, formatNumber } from './money.js';

/** No network at all; inline scripts and styles only (the page carries everything it needs). */
export const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";

let chartJsSource: string | undefined;

/**
 * chart.js's UMD build, read once. The package's `exports` map hides `dist/chart.umd.js`, so the
 * main entry is resolved and the UMD file read beside it; its sourceMappingURL line is dropped
 * (the map is not inlined, and a page without network must not ask for it).
 */
export function chartJsUmd(): string {
  if (chartJsSource === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const text = readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
    chartJsSource = text.replace(/^\/\/# sourceMappingURL=.*$/m, '').trimEnd();
    // Inside <script>, only "</script" could end the element early.
    invariant(!/<\/script/i.test(chartJsSource), 'chart.umd.js contains </script');
  }
  return chartJsSource;
}

export const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** JSON safe inside a <script> element: no "<" can open a closing tag or a comment. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function tableHtml(columns: readonly string[], rows: readonly (readonly string[])[], caption: string): string {
  const head = columns.map((c, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td class="num">${esc(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function chartSection(c: ChartSpec): string {
  return `<section class="chart" id="${c.id}">
<h2>${esc(c.title)}</h2>
<div class="pair">
<div class="canvas-box"><canvas id="chart-${c.id}" role="img" aria-label="${esc(c.description)}"></canvas></div>
<div class="table-box">${tableHtml(c.table.columns, c.table.rows, `${c.title}: the figures of the chart`)}</div>
</div>
</section>`;
}

/** Distinct prices the bill relied on that were not read from a Price List document. */
export function unconfirmedPrices(f: Forecast): string[] {
  const keys = new Set<string>();
  for (const m of f.months) for (const l of m.lines) if (l.priceNote?.startsWith('unconfirmed')) keys.add(`${l.usage.usageType}${l.usage.operation ? ` / ${l.usage.operation}` : ''}`);
  return [...keys].sort();
}

const CSS = `
:root { font-family: system-ui, "DejaVu Sans", sans-serif; color: #1a1a1a; }
body { margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem; line-height: 1.4; }
h1 { margin-bottom: .2rem; } h2 { margin: 1.6rem 0 .5rem; font-size: 1.2rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
.facts dt { font-weight: 600; } .facts dd { margin: 0; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
.canvas-box { position: relative; height: 340px; }
.table-box { max-height: 340px; overflow: auto; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: .85rem; width: 100%; }
caption { text-align: left; font-size: .8rem; color: #555; padding: .2rem .4rem; }
th, td { padding: .15rem .5rem; border-bottom: 1px solid #eee; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f5f5f5; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f7f7f7; padding: .75rem; overflow: auto; font-size: .8rem; }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .pair { grid-template-columns: 1fr; }
  .canvas-box { height: 260px; }
  .table-box { max-height: none; overflow: visible; border: none; }
  thead th { position: static; }
  section { break-inside: avoid; }
  pre { white-space: pre-wrap; }
}
`;

// Responsive in the page (the PNG renderer draws at a fixed size instead); no animation, so the
// charts are complete at once, on screen, in print and for the browser test.
const BOOT = `
(function () {
  var data = JSON.parse(document.getElementById('tierwise-data').textContent);
  data.charts.forEach(function (c) {
    var cfg = c.config;
    cfg.options = Object.assign({}, cfg.options, { responsive: true, maintainAspectRatio: false, animation: false });
    new Chart(document.getElementById('chart-' + c.id), cfg);
  });
  // Canvases keep their screen size when printed unless resized for the page.
  window.addEventListener('beforeprint', function () { Object.values(Chart.instances).forEach(function (ch) { ch.resize(); }); });
})();
`;

/** Facts as a definition list. */
export function factsHtml(facts: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">\n${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}\n</dl>`;
}

/**
 * A self-contained page: `header` and `main` are HTML, the charts are drawn from their specs
 * embedded as JSON by the inlined chart.js (their sections are in `main`, see chartSection).
 */
export function htmlPage(title: string, header: string, main: string, charts: readonly ChartSpec[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
${header}
</header>
<main>
${main}
</main>
<script type="application/json" id="tierwise-data">${scriptJson({ charts: charts.map((c) => ({ id: c.id, config: c.config })) })}</script>
<script>${chartJsUmd()}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}

/** The whole page. */
export function forecastHtml(f: Forecast): string {
  const sc = f.scenario;
  const charts = forecastCharts(f);
  const first = f.months[0]?.month ?? '';
  const last = f.months[f.months.length - 1]?.month ?? '';
  const p = f.priceBook.provenance;
  const unconfirmed = unconfirmedPrices(f);
  const findings = findingLines(f);
  const header = `<h1>${esc(sc.name)}</h1>
${factsHtml([
  ['region', sc.region],
  ['months', `${first} … ${last} (${f.months.length})`],
  ['total', formatMoney(f.total)],
  ['prices', `${f.priceBook.id} (${p.source}, ${p.date})`],
])}
<p>List prices, before any discount, credit or tax. Every figure is a consequence of the assumptions below.</p>`;
  const main = `${charts.map(chartSection).join('\n')}
<section id="findings">
<h2>Findings</h2>
${findings.length > 0 ? `<ul>\n${findings.map((l) => `<li>${esc(l)}</li>`).join('\n')}\n</ul>` : '<p>None.</p>'}
</section>
<section id="assumptions">
<h2>Assumptions</h2>
<p>The scenario as the engine read it, with every default filled in${sc.file.fleet ? '' : ' (a replay uses only its region, horizon, bucket and account)'}:</p>
<pre>${esc(stringify(sc.file))}</pre>
</section>
<section id="prices">
<h2>Price book</h2>
${factsHtml([
  ['book', f.priceBook.id],
  ['source', p.source],
  ['prices dated', p.date],
  ...(p.fetchedAt ? [['fetched', p.fetchedAt] as const] : []),
  ['unconfirmed prices used', String(unconfirmed.length)],
])}
${unconfirmed.length > 0 ? `<p>Prices this forecast used that were not read from a Price List document:</p>\n<ul>\n${unconfirmed.map((u) => `<li>${esc(u)}</li>`).join('\n')}\n</ul>` : ''}
${p.notes.length > 0 ? `<details><summary>${p.notes.length} note(s) of the price book</summary>\n<ul>\n${p.notes.map((n) => `<li>${esc(n)}</li>`).join('\n')}\n</ul></details>` : ''}
</section>
<section id="run">
<h2>Run</h2>
${factsHtml([
  ['device-days simulated', formatNumber(f.run.deviceDays, { maxDecimals: 0 })],
  ['threads', String(f.run.threads)],
  ['wall time', `${formatNumber(f.run.wallMs / 1000, { maxDecimals: 1, minDecimals: 1 })} s`],
])}
</section>`;
  return htmlPage(`${sc.name}: tierwise report`, header, main, charts);
}
