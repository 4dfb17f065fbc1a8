/**
 * calibrate: actuals made from a known forecast with one parameter perturbed; calibrate must
 * recover it within the stated tolerance, and write the new scenario beside, never over, the
 * original.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { actualsToJson } from '../../src/reconcile/actuals.js';
import { calibrate } from '../../src/reconcile/calibrate.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runCli } from '../helpers/cli.js';
import { TINY_FLEET, tinyFleet } from '../fleet/helpers.js';
import { actualsFromForecast } from '../../src/reconcile/from-forecast.js';
import { fileURLToPath } from 'node:url';

const MONTHS = 4;
/** Stated tolerance: the fitted value within 10 % of the true one. */
const TOLERANCE = 0.1;

async function billOf(edit: (f: ReturnType<typeof loadScenarioFile>) => void) {
  const f = await forecast(tinyFleet((x) => ((x.horizon.months = MONTHS), edit(x))), bundledPriceBook(), { threads: 1 });
  return actualsFromForecast(f);
}
const tinyFile = () => {
  const f = loadScenarioFile(fileURLToPath(TINY_FLEET));
  f.horizon.months = MONTHS;
  return f;
};

describe('calibrate', () => {
  it('recovers a daily change rate 30 % higher (and keeps the device count)', async () => {
    const actuals = await billOf((f) => {
      for (const p of f.fleet!.profiles) p.daily_change_pct = (p.daily_change_pct ?? 1) * 1.3;
    });
    const r = await calibrate(tinyFile(), 'tiny-fleet.yaml', actuals, { params: ['daily_change_pct'], sampleDevices: 200 });
    expect(Math.abs(r.multipliers.daily_change_pct! / 1.3 - 1)).toBeLessThan(TOLERANCE);
    expect(Math.abs(r.devices / 40 - 1)).toBeLessThan(TOLERANCE);
    // The written profiles carry the fitted rates (laptops default 1 %, servers 2 %).
    expect(r.file.fleet!.profiles.map((p) => p.daily_change_pct)).toEqual([1, 2].map((v) => Number((v * r.multipliers.daily_change_pct!).toPrecision(6))));
  }, 120_000);

  it('recovers a larger fleet (52 devices instead of 40) with the other parameters at the truth', async () => {
    const actuals = await billOf((f) => (f.fleet!.devices = 52));
    const r = await calibrate(tinyFile(), 'tiny-fleet.yaml', actuals, { params: ['protected_data'], sampleDevices: 200 });
    expect(Math.abs(r.devices / 52 - 1)).toBeLessThan(TOLERANCE);
    expect(Math.abs(r.multipliers.protected_data! - 1)).toBeLessThan(TOLERANCE);
  }, 120_000);
});

describe('tierwise calibrate (CLI)', () => {
  it('writes a new scenario with the fitted values, never over the original, and it validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-cal-'));
    const scenario = join(dir, 'tiny.yaml');
    copyFileSync(fileURLToPath(TINY_FLEET), scenario);
    const before = readFileSync(scenario, 'utf8');
    const actuals = join(dir, 'a.json');
    writeFileSync(actuals, JSON.stringify(actualsToJson(await billOf((f) => (f.fleet!.devices = 50)))));
    const same = await runCli(['calibrate', scenario, '--actuals', actuals, '--out', scenario, '--force']);
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('error: --out: the calibrated scenario is never written over the original: name another file\n');
    const bad = await runCli(['calibrate', scenario, '--actuals', actuals, '--out', join(dir, 'x.yaml'), '--params', 'devices,colour']);
    expect(bad.stderr).toMatch(/^error: --params: unknown parameter 'devices' \(allowed: protected_data, daily_change_pct/);
    const out = join(dir, 'tiny-calibrated.yaml');
    const r = await runCli(['calibrate', scenario, '--actuals', actuals, '--out', out, '--params', 'daily_change_pct', '--months', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^devices +\d+ +× [\d.]+$/m);
    expect(r.stdout).toContain('Remaining error per usage type (all months):');
    expect(r.stdout).toMatch(/^TimedStorage-GDA-ByteHrs +[\d,.]+ +[\d,.]+ +-?[\d.]+%$/m);
    expect(readFileSync(scenario, 'utf8')).toBe(before);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Calibrated by tierwise calibrate against /m);
    expect(text).toContain('# A small fleet for tests'); // the original's comments are kept
    const v = await runCli(['validate', out]);
    expect(v.code).toBe(0);
    const fitted = loadScenarioFile(out);
    // 40 devices of lognormal sizes are a small population: the count moves towards the 50 billed.
    expect(fitted.fleet!.devices).toBeGreaterThan(40);
    expect(fitted.fleet!.devices).toBeLessThanOrEqual(55);
    expect(existsSync(out)).toBe(true);
  }, 120_000);
});
