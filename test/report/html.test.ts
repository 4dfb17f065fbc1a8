/**
 * The HTML report as text: self-contained (CSP, chart.js inlined, nothing fetched), data as
 * JSON that cannot break out of its <script>, a table for every chart, findings, the scenario
 * with its defaults, the price book and the run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFleetScenario } from '../../src/cli/scenario-arg.js';
import { forecast, type Forecast } from '../../src/forecast.js';
import { loadPriceBook } from '../../src/pricing/snapshots.js';
import { forecastCharts } from '../../src/report/charts.js';
import { formatMoney } from '../../src/report/money.js';
import { forecastHtml, REPORT_CSP, scriptJson, unconfirmedPrices } from '../../src/report/html.js';
import { REPO_ROOT } from '../helpers/cli.js';

let f: Forecast;
let html: string;

beforeAll(async () => {
  const sc = loadFleetScenario(`${REPO_ROOT}test/fixtures/scenarios/tiny-fleet.yaml`, '2');
  f = await forecast(sc, loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' }), { threads: 1 });
  html = forecastHtml(f);
});

describe('HTML report', () => {
  it('is self-contained: a CSP without network, chart.js inlined, no external reference', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(html).toMatch(/Chart\.js v4\.6\.1/); // the UMD build's banner
    expect(html).not.toMatch(/sourceMappingURL/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)[^\s"']*\.(js|css)/i);
  });

  it('embeds every chart as JSON matching the chart specs, with a table for each', () => {
    const json = /<script type="application\/json" id="tierwise-data">(.*?)<\/script>/s.exec(html)?.[1];
    expect(json).toBeDefined();
    const data = JSON.parse(json!) as { charts: { id: string; config: { type: string } }[] };
    const specs = forecastCharts(f);
    expect(data.charts.map((c) => c.id)).toEqual(['monthly-cost', 'cumulative-cost', 'stored-tib', 'objects', 'early-delete-transitions', 'devices']);
    expect(data.charts.map((c) => c.config)).toEqual(specs.map((s) => s.config));
    for (const s of specs) {
      expect(html).toContain(`<canvas id="chart-${s.id}" role="img"`);
      expect(html).toContain(`<caption>${s.title}: the figures of the chart</caption>`);
    }
    // The monthly table carries the Decimal totals, rounded only when rendered.
    for (const m of f.months) expect(html).toContain(`<td class="num">${formatMoney(m.total)}</td>`);
    // The cumulative line ends at the forecast's total.
    const cumulative = specs.find((s) => s.id === 'cumulative-cost')!.config.data.datasets[0]!.data as number[];
    expect(cumulative.at(-1)).toBe(f.total.toDecimalPlaces(2).toNumber());
  });

  it('the monthly stack adds up to each month total (to the cent per group)', () => {
    const monthly = forecastCharts(f).find((s) => s.id === 'monthly-cost')!;
    f.months.forEach((m, i) => {
      const stacked = monthly.config.data.datasets.reduce((a, d) => a + (d.data[i] as number), 0);
      expect(Math.abs(stacked - m.total.toNumber())).toBeLessThan(0.01 * monthly.config.data.datasets.length);
    });
  });

  it('findings, the scenario with defaults filled in, the price book and the run', () => {
    expect(html).toContain('dblocks reach an archive class while auto-compact is on');
    // tiny-fleet.yaml sets neither: both are defaults the engine used.
    expect(html).toMatch(/dblock_size_mib: 50/);
    expect(html).toMatch(/backup_test_percentage_pct: 0\.1/);
    expect(html).toContain(`<dt>book</dt><dd>${f.priceBook.id}</dd>`);
    expect(html).toContain(`<dt>prices dated</dt><dd>${f.priceBook.provenance.date}</dd>`);
    expect(html).toContain(`<dt>unconfirmed prices used</dt><dd>${unconfirmedPrices(f).length}</dd>`);
    expect(html).toMatch(/<dt>device-days simulated<\/dt><dd>[\d,]+<\/dd>/);
    expect(html).toContain('@media print');
  });

  it('counts the unconfirmed prices the bill relied on', async () => {
    // Transitions into GLACIER_IR bill Requests-Tier4 / S3-GIRTransition, which the bundled book has not confirmed.
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-html-'));
    const file = join(dir, 'gir.yaml');
    writeFileSync(file, readFileSync(`${REPO_ROOT}test/fixtures/scenarios/tiny-fleet.yaml`, 'utf8').replace('{ days: 1, storage_class: DEEP_ARCHIVE }', '{ days: 1, storage_class: GLACIER_IR }'));
    const sia = await forecast(loadFleetScenario(file, '2'), loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' }), { threads: 1 });
    const unconfirmed = unconfirmedPrices(sia);
    expect(unconfirmed).toContain('Requests-Tier4 / S3-GIRTransition');
    const page = forecastHtml(sia);
    expect(page).toContain(`<dt>unconfirmed prices used</dt><dd>${unconfirmed.length}</dd>`);
    expect(page).toContain('<li>Requests-Tier4 / S3-GIRTransition</li>');
  });

  it('with a replica and a restore event: stored TiB per region, and every event with cost and time to restore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-html-'));
    const file = join(dir, 'dr.yaml');
    const text = readFileSync(`${REPO_ROOT}test/fixtures/scenarios/tiny-fleet.yaml`, 'utf8')
      .replace('bucket:\n', 'bucket:\n  versioning: true\n')
      .replace('restores:\n  devices_pct_per_month: 5', 'replication:\n  destination_region: eu-west-1\n  storage_class: DEEP_ARCHIVE\nrestores:\n  devices_pct_per_month: 5\n  events:\n    - { month: 2027-02, name: drill, devices_pct: 50, tier: bulk, from_region: replica }');
    writeFileSync(file, text);
    const dr = await forecast(loadFleetScenario(file, '2'), loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' }), { threads: 1 });
    expect(dr.restoreEvents).toHaveLength(1);
    const charts = forecastCharts(dr);
    const byRegion = charts.find((c) => c.id === 'stored-tib-by-region')!;
    expect(byRegion.table.columns).toEqual(['month', 'us-east-1', 'eu-west-1']);
    expect(Number(byRegion.table.rows[1]![2]!.replaceAll(',', ''))).toBeGreaterThan(0); // the replica holds data
    const events = charts.find((c) => c.id === 'restore-events')!;
    const e = dr.restoreEvents[0]!;
    expect(events.table.rows).toEqual([['drill (2027-02)', String(e.devices), 'bulk', 'eu-west-1', formatMoney(e.cost), e.hoursToRestore.toFixed(1), String(e.bottleneck)]]);
    expect(events.config.data.datasets[0]!.data).toEqual([Number(e.hoursToRestore.toFixed(1))]);
    const page = forecastHtml(dr);
    expect(page).toContain('<canvas id="chart-restore-events"');
    expect(page).toContain('<canvas id="chart-stored-tib-by-region"');
  });

  it('embedded JSON cannot close its <script> element', () => {
    const text = scriptJson({ name: '</script><script>alert(1)</script><!--' });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script><!--' });
  });
});
