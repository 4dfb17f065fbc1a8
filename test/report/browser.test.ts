/**
 * The HTML report in a real browser (Debian's chromium driven by playwright-core, offline): it
 * opens, every chart canvas has painted pixels, nothing is logged as an error or warning, and no
 * request leaves the page. A control page that loads chart.js from a CDN shows the check catches
 * a network request.
 *
 * Without /usr/bin/chromium the test is skipped with a warning on a workstation, and fails in CI
 * (CI=true), where .ci/run installs the browser.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFleetScenario } from '../../src/cli/scenario-arg.js';
import { forecast } from '../../src/forecast.js';
import { loadPriceBook } from '../../src/pricing/snapshots.js';
import { compareForecasts } from '../../src/report/compare.js';
import { comparisonHtml } from '../../src/report/compare-html.js';
import { forecastHtml } from '../../src/report/html.js';
import { UNCERTAINTY_CHART_IDS } from '../../src/report/charts.js';
import { uncertaintyHtml } from '../../src/report/uncertainty-html.js';
import { loadUncertainScenario } from '../../src/scenario/load.js';
import { runUncertainty } from '../../src/uncertainty/monte-carlo.js';
import { REPO_ROOT } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const RUN = HAVE_CHROMIUM || IN_CI;
if (!RUN) console.warn(`warning: browser test of the HTML report skipped: ${CHROMIUM} not found (apt-get install -y chromium); in CI (CI=true) it fails instead`);

interface Visit {
  requests: string[];
  console: string[];
  canvases: { id: string; width: number; height: number; painted: number }[];
}

/**
 * Runs in the page (a string, because the project is type-checked without the DOM library):
 * per canvas, its size and how many pixels are not fully transparent.
 */
const COUNT_PAINTED = `[...document.querySelectorAll('canvas')].map((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
  return { id: c.id, width: c.width, height: c.height, painted };
})`;

let browser: Browser | undefined;

/** Opens `file` offline and reports what it asked for, what it logged, and what it painted. */
async function visit(file: string): Promise<Visit> {
  const context = await browser!.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const v: Visit = { requests: [], console: [], canvases: [] };
  page.on('request', (r) => v.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') v.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => v.console.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  v.canvases = (await page.evaluate(COUNT_PAINTED)) as Visit['canvases'];
  await context.close();
  return v;
}

describe.skipIf(!RUN)('HTML report in headless Chromium', () => {
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return; // the test below fails with the reason
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  it('opens offline, paints every chart, logs no error and requests nothing but itself', async () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`).toBe(true);
    const sc = loadFleetScenario(`${REPO_ROOT}test/fixtures/scenarios/tiny-fleet.yaml`, '2');
    const f = await forecast(sc, loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' }), { threads: 1 });
    const file = join(mkdtempSync(join(tmpdir(), 'tierwise-browser-')), 'report.html');
    writeFileSync(file, forecastHtml(f));

    const v = await visit(file);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([pathToFileURL(file).href]);
    expect(v.canvases.map((c) => c.id)).toEqual(['monthly-cost', 'cumulative-cost', 'stored-tib', 'objects', 'early-delete-transitions', 'devices'].map((id) => `chart-${id}`));
    for (const c of v.canvases) {
      expect(c.width * c.height, c.id).toBeGreaterThan(100 * 100);
      // Axes, labels, legend and data: a few percent of the canvas at least.
      expect(c.painted, c.id).toBeGreaterThan(c.width * c.height * 0.02);
    }
  });

  it('the compare page too: painted charts, no error, no request but itself', async () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`).toBe(true);
    const book = loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' });
    const a = loadFleetScenario(`${REPO_ROOT}test/fixtures/scenarios/tiny-fleet.yaml`, '2');
    const b = loadFleetScenario(`${REPO_ROOT}test/fixtures/scenarios/uniform-fleet.yaml`, '2');
    const c = compareForecasts([
      { name: a.name, file: 'tiny-fleet.yaml', forecast: await forecast(a, book, { threads: 1 }) },
      { name: b.name, file: 'uniform-fleet.yaml', forecast: await forecast(b, book, { threads: 1 }) },
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'tierwise-browser-')), 'compare.html');
    writeFileSync(file, comparisonHtml(c));
    const v = await visit(file);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([pathToFileURL(file).href]);
    expect(v.canvases).toHaveLength(4);
    for (const cv of v.canvases) expect(cv.painted, cv.id).toBeGreaterThan(cv.width * cv.height * 0.02);
  });

  it('the Monte Carlo page too: both bands painted, no error, no request but itself', async () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`).toBe(true);
    const book = loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' });
    const sc = loadUncertainScenario(`${REPO_ROOT}test/fixtures/scenarios/tiny-uncertain.yaml`, { months: 2, require: ['fleet'] });
    const r = await runUncertainty(sc, 3, (s) => forecast(s, book, { threads: 1 }));
    const file = join(mkdtempSync(join(tmpdir(), 'tierwise-browser-')), 'bands.html');
    writeFileSync(file, uncertaintyHtml(r));
    const v = await visit(file);
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([pathToFileURL(file).href]);
    expect(v.canvases.map((c) => c.id)).toEqual(UNCERTAINTY_CHART_IDS.map((id) => `chart-${id}`));
    for (const cv of v.canvases) expect(cv.painted, cv.id).toBeGreaterThan(cv.width * cv.height * 0.02);
  });

  it('control: a page that loads chart.js from a CDN is caught (extra request, console error, blank canvas)', async () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing`).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'tierwise-browser-')), 'cdn.html');
    writeFileSync(
      file,
      '<!doctype html><html><head><script src="https://cdn.jsdelivr.net/npm/chart.js@4.6.1/dist/chart.umd.js"></script></head>' +
        '<body><canvas id="c" width="300" height="150"></canvas><script>try { new Chart(document.getElementById("c"), { type: "bar", data: { labels: ["a"], datasets: [{ data: [1] }] } }); } catch (e) { console.error(String(e)); }</script></body></html>',
    );
    const v = await visit(file);
    expect(v.requests).toContain('https://cdn.jsdelivr.net/npm/chart.js@4.6.1/dist/chart.umd.js');
    expect(v.console.length).toBeGreaterThan(0);
    expect(v.canvases[0]!.painted).toBe(0);
  });
});
