/**
 * reconcile: a forecast against actuals made from a known forecast. Its own forecast reconciles
 * to zero; a daily change rate 30 % higher shows on the usage types it drives; the bill's split
 * of a usage type over operations is summed to the forecast's grain and kept for display.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forecast, type Forecast } from '../../src/forecast.js';
import { Dec } from '../../src/pricing/decimal.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { actualsToJson, type Actuals } from '../../src/reconcile/actuals.js';
import { largestGaps, normaliseUsageType, reconcile, type ReconciledLine } from '../../src/reconcile/reconcile.js';
import { reconcileJson } from '../../src/report/reconcile.js';
import { runCli } from '../helpers/cli.js';
import { tinyFleet } from '../fleet/helpers.js';
import { actualsFromForecast } from '../../src/reconcile/from-forecast.js';

const MONTHS = 3;
const SPLIT = { 'Requests-Tier1': { PutObject: '0.75', CopyObject: '0.125', ListBucket: '0.125' } };

let base: Forecast;
let faster: Forecast;
beforeAll(async () => {
  const book = bundledPriceBook();
  base = await forecast(tinyFleet((f) => (f.horizon.months = MONTHS)), book, { threads: 1 });
  // The same fleet with every device's daily change rate 30 % higher (laptops default to 1 %, servers 2 %).
  faster = await forecast(
    tinyFleet((f) => {
      f.horizon.months = MONTHS;
      for (const p of f.fleet!.profiles) p.daily_change_pct = (p.daily_change_pct ?? 1) * 1.3;
    }),
    book,
    { threads: 1 },
  );
}, 120_000);

const line = (lines: readonly ReconciledLine[], usageType: string, operation = '') => lines.find((l) => l.usageType === usageType && l.operation === operation);

describe('reconcile: round trip through a known forecast', () => {
  it("a scenario's own forecast, billed with Requests-Tier1 split over three operations, reconciles to zero on every line", () => {
    const r = reconcile(base, actualsFromForecast(base, SPLIT));
    expect(r.months.map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    for (const m of r.months) {
      expect(m.lines.length).toBeGreaterThan(5);
      for (const l of m.lines) {
        expect(l.side).toBe('both');
        expect(l.actualQuantity!.minus(l.forecastQuantity).toString()).toBe('0');
        expect(l.actualCost.minus(l.forecastCost).toString()).toBe('0');
      }
      expect(m.actualTotal.eq(m.forecastTotal)).toBe(true);
      // The split is summed to the forecast's grain and kept for display.
      const tier1 = line(m.lines, 'Requests-Tier1')!;
      expect(tier1.split.map((s) => s.operation)).toEqual(['CopyObject', 'ListBucket', 'PutObject']);
      expect(tier1.split.reduce((a, s) => a.plus(s.quantity!), new Dec(0)).eq(tier1.actualQuantity!)).toBe(true);
    }
    expect(largestGaps(r)).toEqual([]);
  });

  it('a daily change rate 30 % higher shows on PUTs, transitions and Deep Archive storage, and the summary names them', () => {
    const r = reconcile(base, actualsFromForecast(faster));
    const last = r.months[r.months.length - 1]!;
    const up = (ut: string, op = '') => {
      const l = line(last.lines, ut, op)!;
      return l.actualQuantity!.div(l.forecastQuantity).toNumber();
    };
    // More changed data: more dblocks uploaded, moved to Deep Archive and stored there.
    expect(up('Requests-Tier1')).toBeGreaterThan(1.05);
    expect(up('Requests-Tier3', 'S3-GDATransition')).toBeGreaterThan(1.05);
    expect(up('TimedStorage-GDA-ByteHrs')).toBeGreaterThan(1.02);
    // The first full backups do not depend on the change rate: month one moves least.
    const first = r.months[0]!;
    const growth = (m: typeof first) => m.actualTotal.div(m.forecastTotal).toNumber();
    expect(growth(last)).toBeGreaterThan(growth(first));
    const gaps = largestGaps(r);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.actualCost.gt(g.forecastCost))).toBe(true);
    expect(gaps.map((g) => g.usageType)).toEqual(expect.arrayContaining([expect.stringMatching(/^(Requests-Tier1|Requests-Tier3|TimedStorage-GDA-ByteHrs|Requests-Tier2|DataTransfer-Out-Bytes)$/)]));
  });
});

describe('reconcile: joining lines', () => {
  const make = (lines: [string, string, string, string, string, string][], periods = [{ period: '2027-01', estimated: true }]): Actuals => ({
    format: 'tierwise-actuals/1',
    createdAt: '2027-02-01T00:00:00Z',
    source: { kind: 'cost-explorer-api' },
    granularity: 'monthly',
    filter: {},
    periods,
    lines: lines.map(([period, usageType, operation, unit, q, c]) => ({ period, usageType, operation, unit, quantity: new Dec(q), cost: new Dec(c) })),
    excluded: [],
  });

  it('calls out lines on one side only, joins on the operation where the forecast has it, sums daily lines per month', () => {
    const a = make([
      ['2027-01-01', 'EarlyDelete-GDA', 'DeleteObject', 'GB-Mo', '5', '0.005'],
      ['2027-01-01', 'USE1-TimedStorage-INT-FA-ByteHrs', 'StandardStorage', 'GB-Mo', '1', '0.023'],
      ['2027-01-02', 'Requests-Tier3', 'S3-GDATransition', 'Requests', '100', '0.005'],
      ['2027-01-03', 'Requests-Tier3', 'S3-GDATransition', 'Requests', '50', '0.0025'],
      ['2027-01-03', 'EU-TimedStorage-ByteHrs', 'StandardStorage', 'GB-Mo', '2', '0.046'],
    ], [{ period: '2027-01-01', estimated: false }, { period: '2027-01-03', estimated: true }]);
    const r = reconcile(base, a);
    expect(r.months.map((m) => [m.month, m.estimated])).toEqual([['2027-01', true]]);
    expect(r.forecastOnlyMonths).toEqual(['2027-02', '2027-03']);
    const m = r.months[0]!;
    const t = line(m.lines, 'Requests-Tier3', 'S3-GDATransition')!;
    expect(t.side).toBe('both');
    expect(t.actualQuantity?.toString()).toBe('150');
    expect(line(m.lines, 'TimedStorage-INT-FA-ByteHrs')).toMatchObject({ side: 'actual only' });
    // Another region's line keeps its prefix: not this scenario's bucket.
    expect(line(m.lines, 'EU-TimedStorage-ByteHrs')).toMatchObject({ side: 'actual only' });
    // EarlyDelete-GDA is forecast at the usage-type grain: the bill's DeleteObject is summed into it.
    const ed = line(m.lines, 'EarlyDelete-GDA')!;
    expect(ed.split).toEqual([{ operation: 'DeleteObject', quantity: new Dec(5), cost: new Dec('0.005') }]);
    expect(line(m.lines, 'TimedStorage-GDA-ByteHrs')).toMatchObject({ side: 'forecast only', actualCost: new Dec(0) });
  });

  it('cost-only actuals (a Cost Explorer console export): the actual quantity is unknown, null in JSON, never 0', () => {
    const a = actualsFromForecast(base);
    const costOnly: Actuals = { ...a, source: { kind: 'cost-explorer-csv' }, lines: a.lines.map(({ quantity: _q, ...l }) => l) };
    const r = reconcile(base, costOnly);
    const m = r.months[0]!;
    for (const l of m.lines) {
      expect(l.actualQuantity).toBeUndefined();
      expect(l.actualCost.eq(l.forecastCost)).toBe(true);
    }
    const json = reconcileJson(r, { scenario: { name: 'tiny', region: 'us-east-1', priceBook: 'b' }, actuals: { file: 'x', source: 'cost-explorer-csv', createdAt: 'now' }, prices: 'list prices' }) as { months: { lines: { actualQuantity: unknown }[] }[] };
    expect(json.months[0]!.lines.every((l) => l.actualQuantity === null)).toBe(true);
  });

  it('normalises the region prefix of the scenario region only', () => {
    expect(normaliseUsageType('ap-south-1', 'APS3-TimedStorage-ByteHrs')).toBe('TimedStorage-ByteHrs');
    expect(normaliseUsageType('ap-south-1', 'APS3-USE1-AWS-Out-Bytes')).toBe('APS3-USE1-AWS-Out-Bytes');
    expect(normaliseUsageType('us-east-1', 'USE1-TimedStorage-ByteHrs')).toBe('TimedStorage-ByteHrs');
    expect(normaliseUsageType('us-east-1', 'APS3-TimedStorage-ByteHrs')).toBe('APS3-TimedStorage-ByteHrs');
  });

  it('--discount takes a percentage off the forecast; --rates replaces list prices per usage type', () => {
    const a = actualsFromForecast(base);
    const d = reconcile(base, a, { kind: 'discount', pct: new Dec(10) });
    for (const l of d.months[0]!.lines) expect(l.forecastCost.eq(l.actualCost.times('0.9'))).toBe(true);
    const rates = reconcile(base, a, { kind: 'rates', rates: new Map([['TimedStorage-GDA-ByteHrs', new Dec('0.0005')]]) });
    const gda = line(rates.months[0]!.lines, 'TimedStorage-GDA-ByteHrs')!;
    expect(gda.forecastCost.eq(gda.forecastQuantity.times('0.0005'))).toBe(true);
    expect(line(rates.months[0]!.lines, 'Requests-Tier1')!.forecastCost.eq(line(rates.months[0]!.lines, 'Requests-Tier1')!.actualCost)).toBe(true);
  });
});

describe('tierwise reconcile (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tierwise-rec-'));
  const SCENARIO = 'test/fixtures/scenarios/tiny-fleet.yaml';

  it('--json: exactly the shape of issue 12, decimal strings; a forecast moved with --from lines up with a bill of the past', async () => {
    // A bill for 2026-01…02 made from the forecast of the same fleet started in 2026-01.
    const past = await forecast(tinyFleet((f) => ((f.horizon.start_month = '2026-01'), (f.horizon.months = 2))), bundledPriceBook(), { threads: 1 });
    const path = join(dir, 'past.json');
    writeFileSync(path, JSON.stringify(actualsToJson(actualsFromForecast(past, SPLIT))));
    const r = await runCli(['reconcile', SCENARIO, '--actuals', path, '--from', '2026-01', '--json', '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['scenario', 'actuals', 'months']);
    expect(j.months.map((m: { month: string }) => m.month)).toEqual(['2026-01', '2026-02']);
    for (const m of j.months) {
      expect(Object.keys(m)).toEqual(['month', 'lines', 'forecastTotal', 'actualTotal']);
      expect(m.forecastTotal).toBe(m.actualTotal);
      for (const l of m.lines) {
        expect(Object.keys(l)).toEqual(['usageType', 'operation', 'unit', 'forecastQuantity', 'actualQuantity', 'forecastCost', 'actualCost']);
        for (const k of ['forecastQuantity', 'actualQuantity', 'forecastCost', 'actualCost']) expect(l[k]).toMatch(/^-?\d+(\.\d+)?$/);
        expect(l.forecastCost).toBe(l.actualCost);
      }
    }
    expect(j.months[0].lines.find((l: { usageType: string }) => l.usageType === 'Requests-Tier1').operation).toBe('');

    const table = await runCli(['reconcile', SCENARIO, '--actuals', path, '--from', '2026-01', '--threads', '1']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^2026-01$/m);
    expect(table.stdout).toMatch(/^ {2}↳ billed as +PutObject/m);
    expect(table.stdout).toContain('No gap of a cent or more.');
    const csv = await runCli(['reconcile', SCENARIO, '--actuals', path, '--from', '2026-01', '--format', 'csv', '--threads', '1']);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toBe('month,usage_type,operation,unit,forecast_quantity,actual_quantity,forecast_cost_usd,actual_cost_usd,difference_usd,side,estimated');
    expect(rows.length).toBe(j.months.reduce((n: number, m: { lines: unknown[] }) => n + m.lines.length, 0));
    expect(rows.find((r) => r.startsWith('2026-01,Requests-Tier1,,Requests,'))).toMatch(/,0,both,false$/);
    // Without --from the forecast starts in 2027-01: no month in common, said plainly.
    const apart = await runCli(['reconcile', SCENARIO, '--actuals', path, '--months', '1', '--threads', '1']);
    expect(apart.stdout).toContain('No month is in both the forecast and the actuals (see --from).');
    expect(apart.stdout).toContain('Not in the forecast (not compared; --from moves the forecast): 2026-01, 2026-02');
  }, 60_000);

  it('bad input: one line, exit 2, before any simulation', async () => {
    writeFileSync(join(dir, 'not-actuals.json'), '{"format": "x"}');
    writeFileSync(join(dir, 'rates.yaml'), 'TimedStorage-GDA-ByteHrs: cheap\n');
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(actualsToJson(actualsFromForecast(base))));
    const bad = async (args: string[]) => {
      const r = await runCli(['reconcile', SCENARIO, ...args]);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await bad(['--actuals', join(dir, 'missing.json')])).toMatch(/^error: --actuals: no such file '.*missing\.json'\n$/);
    expect(await bad(['--actuals', join(dir, 'not-actuals.json')])).toMatch(/^error: .*not-actuals\.json: format: not a tierwise-actuals\/1 file/);
    expect(await bad(['--actuals', good, '--from', '2027-1'])).toBe("error: --from: expected a month as YYYY-MM, got '2027-1'\n");
    expect(await bad(['--actuals', good, '--discount', '120'])).toBe("error: --discount: expected a number ≥ 0 and ≤ 100, got '120'\n");
    expect(await bad(['--actuals', good, '--discount', '5', '--rates', 'r.yaml'])).toBe("error: --rates: give --discount or --rates, not both\n");
    expect(await bad(['--actuals', good, '--rates', join(dir, 'rates.yaml')])).toMatch(/rates\.yaml: TimedStorage-GDA-ByteHrs: expected a rate in USD per unit as a plain decimal \(e\.g\. 0\.00085\), got 'cheap'\n$/);
  });
});
