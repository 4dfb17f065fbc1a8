import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { loadUncertainScenario } from '../../src/scenario/load.js';
import { drawValues, runUncertainty, type RunScenario } from '../../src/uncertainty/monte-carlo.js';
import { runSensitivity } from '../../src/uncertainty/sensitivity.js';

const book = bundledPriceBook();
const run: RunScenario = (sc) => forecast(sc, book, { threads: 1 });
const dir = mkdtempSync(join(tmpdir(), 'tierwise-mc-'));
let files = 0;

/** A 3-device, 2-month fleet (well under a second a run) with `daily` as fleet.daily_change_pct. */
function scenarioFile(daily: string, extra = '', devices = '3', more = ''): string {
  const path = join(dir, `s${files++}.yaml`);
  writeFileSync(
    path,
    `version: 1
name: mc
horizon: { start_month: 2027-01, months: 2 }
region: us-east-1
seed: 11
agent: { keep_versions: 5 }
fleet:
  devices: ${devices}
  onboarding_days: 1
  daily_change_pct: ${daily}
  profiles:
    - { name: pc, os: windows, share_pct: 100, protected_data: { distribution: fixed, gib: ${extra || '5'} } }
${more}`,
  );
  return path;
}

describe('simulate --uncertainty: Monte Carlo percentiles', () => {
  it('with every parameter fixed, P10 = P50 = P90 = the deterministic run, digit for digit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.constantFrom('1', '2.5', '{ distribution: discrete, choices: [3] }'), async (runs, daily) => {
        const u = loadUncertainScenario(scenarioFile(daily));
        const deterministic = await run(u.central);
        const r = await runUncertainty(u, runs, run);
        expect(r.runs).toHaveLength(runs);
        for (const p of [r.total.p10, r.total.p50, r.total.p90]) expect(p.toString()).toBe(deterministic.total.toString());
        r.months.forEach((m, i) => {
          for (const p of [m.cost.p10, m.cost.p50, m.cost.p90]) expect(p.toString()).toBe(deterministic.months[i]!.total.toString());
        });
      }),
      { numRuns: 4 },
    );
  });

  // Device count, not daily change: in a 3-device fleet, compaction and verification samples make
  // the cost jump non-monotonically with the change rate (measured: 1.5 %/day costs more than
  // 2 %/day). Each device keeps its own random stream, so more devices only add usage.
  it('more devices move no percentile down (property: the same draws, shifted up)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), async (low, shift) => {
        const spec = (lo: number) => `{ distribution: uniform, low: ${lo}, high: ${lo + 3} }`;
        const a = await runUncertainty(loadUncertainScenario(scenarioFile('1', '5', spec(low))), 5, run);
        const b = await runUncertainty(loadUncertainScenario(scenarioFile('1', '5', spec(low + shift))), 5, run);
        for (const k of ['p10', 'p50', 'p90'] as const) {
          expect(b.total[k].gte(a.total[k])).toBe(true);
          b.months.forEach((m, i) => {
            expect(m.cost[k].gte(a.months[i]!.cost[k])).toBe(true);
            expect(m.storedTiB[k].gte(a.months[i]!.storedTiB[k])).toBe(true);
          });
        }
        // A real spread, so the property is not met by accident.
        expect(b.total.p90.gt(a.total.p10)).toBe(true);
      }),
      { numRuns: 3 },
    );
  });

  it('dearer storage moves every cost percentile up, and leaves stored TiB alone', async () => {
    const withChange = (low: number) => scenarioFile('1', '5', '3', `prices: { changes: { '*TimedStorage-ByteHrs': { distribution: uniform, low: ${low}, high: ${low + 10} } } }\n`);
    const a = await runUncertainty(loadUncertainScenario(withChange(-10)), 3, run);
    const b = await runUncertainty(loadUncertainScenario(withChange(5)), 3, run);
    for (const k of ['p10', 'p50', 'p90'] as const) {
      expect(b.total[k].gt(a.total[k])).toBe(true);
      b.months.forEach((m, i) => expect(m.storedTiB[k].toString()).toBe(a.months[i]!.storedTiB[k].toString()));
    }
  });

  it('draws are deterministic per seed and cover each distribution by strata', () => {
    const u = loadUncertainScenario(scenarioFile('{ distribution: uniform, low: 0, high: 10 }'));
    const a = drawValues(u.params, 10, 11);
    expect(a).toEqual(drawValues(u.params, 10, 11));
    // Ten runs over uniform(0, 10): one value in each unit interval.
    expect(a.map((r) => Math.floor(r[0]!)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('the runner is injectable: any RunScenario (e.g. a sampled engine) is used for every run', async () => {
    const u = loadUncertainScenario(scenarioFile('{ distribution: uniform, low: 1, high: 3 }'));
    const seen: number[] = [];
    const det = await run(u.central);
    const fake: RunScenario = async (sc) => {
      seen.push(sc.fleet!.profiles[0]!.dailyChangePct);
      return det;
    };
    const r = await runUncertainty(u, 4, fake);
    expect(seen).toEqual(r.runs.map((x) => x.values[0]));
    expect(seen.every((v) => v >= 1 && v <= 3)).toBe(true);
  });
});

describe('sensitivity: one-at-a-time swings', () => {
  it('ranks the parameters by the swing of the horizon total, P10 to P90', async () => {
    const path = scenarioFile('{ distribution: uniform, low: 0.5, high: 1.5 }', '{ distribution: uniform, low: 2, high: 40 }');
    const u = loadUncertainScenario(path);
    const s = await runSensitivity(u, u.params, run);
    expect(s.rows.map((r) => r.param.path)).toEqual(['fleet.profiles[0].protected_data.gib', 'fleet.daily_change_pct']);
    const [size, daily] = s.rows;
    // uniform(2, 40): P10 = 2 + 0.1 × 38 = 5.8, P90 = 36.2.
    expect(size!.lowValue).toBeCloseTo(5.8, 12);
    expect(size!.highValue).toBeCloseTo(36.2, 12);
    expect(size!.swing.toString()).toBe(size!.highTotal.minus(size!.lowTotal).abs().toString());
    expect(size!.swing.gte(daily!.swing)).toBe(true);
    expect(s.baseTotal.toString()).toBe((await run(u.central)).total.toString());
  });
});
