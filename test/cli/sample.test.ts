import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { runCli } from '../helpers/cli.js';

const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';

describe('tierwise simulate --sample', () => {
  it('--json: the design, each total with its SE and each line with quantity and cost SEs; same seed, same bytes', async () => {
    const args = ['simulate', TINY, '--months', '1', '--sample', '20', '--sample-seed', '3', '--json'];
    const a = await runCli(args);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const j = JSON.parse(a.stdout);
    expect(j.sample).toMatchObject({ devices: 20, fleetDevices: 40, seed: 3 });
    expect(j.sample.strata.reduce((s: number, x: { slots: number }) => s + x.slots, 0)).toBe(40);
    expect(j.sample.strata.reduce((s: number, x: { sampled: number }) => s + x.sampled, 0)).toBe(20);
    expect(new Dec(j.sample.totalSE).gt(0)).toBe(true);
    const m = j.months[0];
    expect(new Dec(m.totalSE).gt(0)).toBe(true);
    for (const l of m.lines) {
      expect(typeof l.quantitySE).toBe('number');
      expect(l.quantitySE).toBeGreaterThanOrEqual(0);
      expect(new Dec(l.costSE).gte(0)).toBe(true);
    }
    // Lines still add up to the month's total exactly: the SE is beside the estimate, not in it.
    expect(m.lines.reduce((s: Dec, l: { cost: string }) => s.plus(l.cost), new Dec(0)).toString()).toBe(new Dec(m.total).toString());
    expect((await runCli(args)).stdout).toBe(a.stdout);
    const other = await runCli(['simulate', TINY, '--months', '1', '--sample', '20', '--sample-seed', '4', '--json']);
    expect(JSON.parse(other.stdout).months[0].total).not.toBe(m.total);
  });

  it('the table says it is a sample and shows each total ± its SE', async () => {
    const r = await runCli(['simulate', TINY, '--months', '1', '--sample', '20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sampled: 20 of 40 devices \(\d+ of them restore during the horizon, sampled more heavily\) \(sample seed 7, \d+ strat(um|a), \d+ jackknife groups\): every figure is an estimate; ± is one standard error$/m);
    expect(r.stdout).toMatch(/^2027-01 .* \$[\d,]+\.\d\d ± \$[\d,]+\.\d\d$/m);
  });

  it('--sample equal to the fleet runs in full and says so', async () => {
    const r = await runCli(['simulate', TINY, '--months', '1', '--sample', '40', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('--sample 40 is the whole fleet: running it in full\n');
    expect(r.stdout).toBe((await runCli(['simulate', TINY, '--months', '1', '--json'])).stdout);
  });

  it('bad values: one line each, exit code 2, before any run', async () => {
    const bad = async (args: string[]) => {
      const r = await runCli(['simulate', TINY, ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr;
    };
    const range = (v: string) => `error: --sample: expected a whole number of devices from 4 (2 per profile) to 40 (the fleet), got '${v}'\n`;
    for (const v of ['0', '-5', '41', '2.5', 'many', '3']) expect(await bad(['--sample', v])).toBe(range(v));
    expect(await bad(['--sample', '10', '--sample-seed', '-1'])).toBe("error: --sample-seed: expected an integer ≥ 0 and ≤ 4294967295, got '-1'\n");
    expect(await bad(['--sample-seed', '5'])).toBe('error: --sample-seed: it seeds the draw of --sample <n>, which is not given\n');
  });
});
