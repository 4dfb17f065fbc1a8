/**
 * The sampled run's statistics against the full run it estimates: a fleet small enough to run in
 * full here (300 devices, 3 months), and 50 samples of 60 devices drawn with seeds 1…50. The full
 * run is the population, so each sample's error is pure sampling error. Twice: without per-device
 * restores, and with them (5 % of devices a month: about 9 in a sample of 60), whose usage the
 * sample calibrates to the fleet's restore calendar (src/fleet/restore-calendar.ts).
 *
 * Expected: with G = 20 jackknife groups the SE has 19 degrees of freedom, so |estimate − full|
 * ≤ 2 SE holds with probability P(|t₁₉| ≤ 2) ≈ 0.94 (if the estimator is near normal). Tolerance:
 * the months of one sample are correlated, so we count on 50 independent trials only; the
 * binomial SD of the rate is √(0.94·0.06/50) ≈ 0.034, and the test accepts any rate ≥ 0.84
 * (3 SD below). Bias: the 50 estimates' mean must be within 3 standard errors of the mean
 * (SD/√50) of the full run. Calibration: the mean of the reported SE² must be within a factor 2
 * of the variance of the 50 estimates (its 99 % range for 49 degrees of freedom is 0.6…1.5).
 */
import { describe, expect, it } from 'vitest';
import { forecast, type Forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { tinyFleet } from './helpers.js';

const SEEDS = 50;
const SAMPLE = 60;

const withoutRestores = tinyFleet((f) => {
  f.horizon.months = 3;
  f.fleet!.devices = 300;
  f.restores.devices_pct_per_month = 0;
});
const withRestores = tinyFleet((f) => {
  f.horizon.months = 3;
  f.fleet!.devices = 300;
  f.restores.devices_pct_per_month = 20;
});

/** A usage line's quantity and its SE in a month (0 when the month has no such line). */
const line = (usageType: string, cause: string) => ({
  full: (f: Forecast, m: number) => f.months[m]!.lines.find((l) => l.usage.usageType === usageType && l.usage.cause === cause)?.usage.quantity ?? 0,
  se: (f: Forecast, m: number) => {
    const k = f.months[m]!.lines.findIndex((l) => l.usage.usageType === usageType && l.usage.cause === cause);
    return k < 0 ? 0 : f.months[m]!.se!.lines[k]!.quantity;
  },
});

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe.each([
  { name: 'without per-device restores', scenario: withoutRestores, lines: [['TimedStorage-GDA-ByteHrs', 'storage']] },
  { name: 'with per-device restores', scenario: withRestores, lines: [['TimedStorage-GDA-ByteHrs', 'storage'], ['DataTransfer-Out-Bytes', 'restore']] },
])('sampled run against the full run (300 devices, 3 months; 50 samples of 60), $name', ({ scenario, lines }) => {
  it('covers the full run inside ±2 SE at the expected rate, unbiased, with calibrated SEs', async () => {
    const book = bundledPriceBook();
    const full = await forecast(scenario, book, { threads: 1 });
    const runs: Forecast[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) runs.push(await forecast(scenario, book, { threads: 1, sample: { devices: SAMPLE, seed } }));

    // What is checked: each month's total cost, and usage lines (Deep Archive storage, GB-Mo; restore egress, GB).
    const figures = [
      { name: 'total', full: (m: number) => full.months[m]!.total.toNumber(), est: (f: Forecast, m: number) => f.months[m]!.total.toNumber(), se: (f: Forecast, m: number) => f.months[m]!.se!.total.toNumber() },
      ...lines.map(([usageType, cause]) => {
        const l = line(usageType as string, cause as string);
        return { name: `${usageType} (${cause})`, full: (m: number) => l.full(full, m), est: l.full, se: l.se };
      }),
    ];
    for (const fig of figures) {
      let covered = 0;
      for (let m = 0; m < full.months.length; m++) {
        const truth = fig.full(m);
        const est = runs.map((r) => fig.est(r, m));
        const se = runs.map((r) => fig.se(r, m));
        covered += runs.filter((_, k) => Math.abs((est[k] as number) - truth) <= 2 * (se[k] as number)).length;
        const sd = Math.sqrt(variance(est));
        expect(Math.abs(mean(est) - truth), `${fig.name} month ${m}: bias`).toBeLessThanOrEqual((3 * sd) / Math.sqrt(SEEDS));
        const ratio = mean(se.map((s) => s * s)) / variance(est);
        expect(ratio, `${fig.name} month ${m}: mean SE² / variance of the estimates`).toBeGreaterThan(0.5);
        expect(ratio, `${fig.name} month ${m}: mean SE² / variance of the estimates`).toBeLessThan(2);
      }
      expect(covered / (SEEDS * full.months.length), `${fig.name}: coverage of ±2 SE`).toBeGreaterThanOrEqual(0.84);
    }
  }, 300_000);
});
