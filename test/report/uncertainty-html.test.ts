/**
 * The Monte Carlo page of `simulate --uncertainty N --html`: band chart specs built from the
 * per-month percentiles (P10 ≤ P50 ≤ P90, the P90 line filling down to P10), and a
 * self-contained page with both canvases, the inlined chart.js and the percentile table.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { Dec } from '../../src/pricing/decimal.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { uncertaintyCharts, UNCERTAINTY_CHART_IDS } from '../../src/report/charts.js';
import { REPORT_CSP } from '../../src/report/html.js';
import { renderChartPng } from '../../src/report/png.js';
import { formatMoney } from '../../src/report/money.js';
import { uncertaintyHtml } from '../../src/report/uncertainty-html.js';
import { loadUncertainScenario } from '../../src/scenario/load.js';
import { runUncertainty, type UncertaintyResult } from '../../src/uncertainty/monte-carlo.js';
import { REPO_ROOT } from '../helpers/cli.js';

let r: UncertaintyResult;
let html: string;

beforeAll(async () => {
  const book = bundledPriceBook();
  const sc = loadUncertainScenario(`${REPO_ROOT}test/fixtures/scenarios/tiny-uncertain.yaml`, { months: 2, require: ['fleet'] });
  r = await runUncertainty(sc, 3, (s) => forecast(s, book, { threads: 1 }));
  html = uncertaintyHtml(r);
});

const cents = (d: Dec) => d.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();

describe('Monte Carlo band charts', () => {
  it('one band per measure: P10 and P90 lines with the area between them filled, and the P50 line', () => {
    const specs = uncertaintyCharts(r);
    expect(specs.map((s) => s.id)).toEqual([...UNCERTAINTY_CHART_IDS]);
    for (const s of specs) {
      expect(s.config.type).toBe('line');
      expect(s.config.data.labels).toEqual(['2027-01', '2027-02']);
      const [p10, p90, p50] = s.config.data.datasets;
      expect([p10!.label, p90!.label, p50!.label]).toEqual(['P10', 'P90 (shaded from P10)', 'P50']);
      // The band: P90 fills down to the dataset before it (P10); nothing else fills.
      expect((p90 as { fill?: unknown }).fill).toBe('-1');
      expect((p10 as { fill?: unknown }).fill).toBe(false);
      expect((p50 as { fill?: unknown }).fill).toBe(false);
      const lo = p10!.data as number[];
      const mid = p50!.data as number[];
      const hi = p90!.data as number[];
      expect(lo).toHaveLength(2);
      for (let i = 0; i < lo.length; i++) {
        expect(lo[i]!).toBeLessThanOrEqual(mid[i]!);
        expect(mid[i]!).toBeLessThanOrEqual(hi[i]!);
      }
    }
  });

  it('draws the Decimal percentiles rounded to cents (cost) and to 0.001 TiB, and tabulates them unrounded until formatted', () => {
    const [cost, stored] = uncertaintyCharts(r);
    const ds = (k: number) => cost!.config.data.datasets[k]!.data as number[];
    expect(ds(0)).toEqual(r.months.map((m) => cents(m.cost.p10)));
    expect(ds(1)).toEqual(r.months.map((m) => cents(m.cost.p90)));
    expect(ds(2)).toEqual(r.months.map((m) => cents(m.cost.p50)));
    expect(stored!.config.data.datasets[2]!.data).toEqual(r.months.map((m) => Number(m.storedTiB.p50.toNumber().toFixed(3))));
    expect(cost!.table.rows).toEqual(r.months.map((m) => [m.month, formatMoney(m.cost.p10), formatMoney(m.cost.p50), formatMoney(m.cost.p90)]));
    // The tiny fleet's distributions spread the runs: the band has width, not one line drawn thrice.
    expect(r.months.some((m) => m.cost.p90.gt(m.cost.p10))).toBe(true);
  });
});

/** Pixels of a PNG that are not white. */
async function inked(png: Buffer): Promise<number> {
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i]! < 250 || d[i + 1]! < 250 || d[i + 2]! < 250) n++;
  return n;
}

describe('Monte Carlo band as PNG (the second renderer of the same spec)', () => {
  it('the shaded band is drawn: more ink than the same chart with the fill switched off', async () => {
    const [cost] = uncertaintyCharts(r);
    const unfilled = structuredClone(cost!);
    for (const d of unfilled.config.data.datasets) (d as { fill?: unknown }).fill = false;
    const withBand = await inked(renderChartPng(cost!));
    const lines = await inked(renderChartPng(unfilled));
    expect(withBand).toBeGreaterThan(lines);
  });
});

describe('Monte Carlo HTML page', () => {
  it('is self-contained: the CSP without network, chart.js inlined, no external reference', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(html).toMatch(/Chart\.js v4\.6\.1/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)[^\s"']*\.(js|css)/i);
  });

  it('has both band canvases, their data as JSON equal to the specs, the parameters and the percentile table', () => {
    for (const id of UNCERTAINTY_CHART_IDS) expect(html).toContain(`<canvas id="chart-${id}" role="img"`);
    const json = /<script type="application\/json" id="tierwise-data">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(json!) as { charts: { id: string; config: unknown }[] };
    expect(data.charts.map((c) => c.config)).toEqual(uncertaintyCharts(r).map((s) => s.config));
    expect(html).toContain('<h1>tiny-uncertain: 3 Monte Carlo runs</h1>');
    expect(html).toContain('<li>fleet.daily_change_pct: triangular');
    expect(r.params.length).toBeGreaterThan(1);
    for (const p of r.params) expect(html).toContain(`<li>${p.path}: `);
    expect(html).toContain('<section id="percentiles">');
    for (const m of r.months) expect(html).toContain(`<tr><th scope="row">${m.month}</th><td class="num">${formatMoney(m.cost.p10)}</td><td class="num">${formatMoney(m.cost.p50)}</td>`);
    expect(html).toContain(`<tr><th scope="row">total</th><td class="num">${formatMoney(r.total.p10)}</td><td class="num">${formatMoney(r.total.p50)}</td><td class="num">${formatMoney(r.total.p90)}</td>`);
  });
});
