import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { restoreCalendar, restoreCorrection, shardRestoreGiB, type RestoreCalendar } from '../../src/fleet/restore-calendar.js';
import { buildPopulation } from '../../src/fleet/population.js';
import { scenarioSlots, simulationCalendar } from '../../src/fleet/shard.js';
import { simulateFleet } from '../../src/fleet/simulate.js';
import type { MeterSnapshot } from '../../src/usage/meter.js';
import { tinyFleet } from './helpers.js';

// The tiny fleet restores 5 % of its devices a month, retires 20 % a year (replacements start
// their own streams) and has laptops offline 1 day in 10: every branch of a device's draws.
const scenario = tinyFleet((f) => {
  f.horizon.months = 12;
  f.fleet!.devices = 120;
});

describe('restore calendar', () => {
  it('draws exactly the restores the full run makes, and counts its devices in service, month by month', async () => {
    const cal = restoreCalendar(scenario, scenarioSlots(scenario)) as RestoreCalendar;
    const full = await simulateFleet(scenario, { threads: 1 });
    expect(Array.from(cal.restores)).toEqual(full.findings.restores);
    expect(Array.from(cal.devices)).toEqual(full.devices);
    expect(cal.restores.reduce((a, b) => a + b, 0)).toBeGreaterThan(40);
    // The slots' shares add up to the fleet's.
    const slots = scenarioSlots(scenario).map((_, k) => k);
    const all = shardRestoreGiB(cal, slots);
    all.forEach((g, m) => expect(g).toBeCloseTo(cal.gib[m] as number, 9));
  });

  it("sizes each slot's months by its devices' GiB-days in service (growth included), replacements and all", () => {
    const starts = scenarioSlots(scenario);
    const cal = restoreCalendar(scenario, starts) as RestoreCalendar;
    const days = simulationCalendar(scenario).days;
    const pop = buildPopulation(scenario.fleet!, starts, starts.map((_, k) => k), days, scenario.seed);
    // Integrated numerically (steps of 1/64 day, midpoints), not by the calendar's closed form:
    // over January (31 days) and over the horizon.
    const jan = new Float64Array(starts.length);
    const all = new Float64Array(starts.length);
    let replaced = 0;
    for (let i = 0; i < pop.count; i++) {
      const slot = Math.floor(pop.streamId[i]! / 1024);
      if (pop.streamId[i]! % 1024 > 0) replaced++;
      for (let t = Math.max(0, pop.onboardDay[i]!) + 1 / 128; t < Math.min(days, pop.retireDay[i]!); t += 1 / 64) {
        const gib = (pop.protectedGiB[i]! + pop.growthGiBPerDay[i]! * (t - pop.onboardDay[i]!)) / 64;
        all[slot]! += gib;
        if (t < 31) jan[slot]! += gib;
      }
    }
    expect(replaced).toBeGreaterThan(0);
    const slack = (g: number) => 1e-3 * Math.max(1, g) + pop.protectedGiB.reduce((a, x) => Math.max(a, x), 0) / 32;
    for (let slot = 0; slot < starts.length; slot++) {
      const months = Array.from({ length: cal.months }, (_, m) => cal.slotMonthGiBDays[slot * cal.months + m]!);
      expect(Math.abs(months[0]! - jan[slot]!)).toBeLessThanOrEqual(slack(jan[slot]!));
      expect(Math.abs(months.reduce((a, b) => a + b, 0) - all[slot]!)).toBeLessThanOrEqual(slack(all[slot]!));
    }
  });

  it('holds no restores without per-device restores', () => {
    const none = tinyFleet((f) => (f.restores.devices_pct_per_month = 0));
    const cal = restoreCalendar(none, scenarioSlots(none)) as RestoreCalendar;
    expect(cal.restores.every((n) => n === 0)).toBe(true);
    expect(cal.slotGiB.every((g) => g === 0)).toBe(true);
  });

  it('a sampled run reports the calendar\'s restores and devices per month', async () => {
    const cal = restoreCalendar(scenario, scenarioSlots(scenario)) as RestoreCalendar;
    const sampled = await simulateFleet(scenario, { threads: 1, sample: { devices: 60, seed: 3 } });
    expect(sampled.findings.restores).toEqual(Array.from(cal.restores));
    // Devices in service are counted, not estimated: the full run's, exactly.
    expect(sampled.devices).toEqual((await simulateFleet(scenario, { threads: 1 })).devices);
    expect(sampled.sample?.restoresSampled?.reduce((a, b) => a + b, 0)).toBeLessThan(cal.restores.reduce((a, b) => a + b, 0));
  });

  it('a sampled forecast says when its months hold too few restores for their lines to be trusted', async () => {
    const f = await forecast(scenario, bundledPriceBook(), { threads: 1, sample: { devices: 60, seed: 3 } });
    expect(f.findings.some((x) => /fewer than 10 of the fleet's own restores in \d+ of 12 months/.test(x))).toBe(true);
  });

  it('correction: the restore series of each shard × its weight × (X/X̂ − 1), other causes untouched', () => {
    const cal: RestoreCalendar = { months: 2, devices: Float64Array.from([3, 3]), slotGiB: new Float64Array([10, 0, 30, 5, 0, 0]), slotMonthGiBDays: new Float64Array(6), slotRestores: Uint16Array.from([1, 2, 0]), restores: Float64Array.from([3, 1]), gib: Float64Array.from([80, 20]) };
    const meter = (restoreEgress: number[], put: number[]): MeterSnapshot => ({
      region: 'us-east-1',
      startMonth: '2027-01',
      months: 2,
      series: [
        { key: { usageType: 'DataTransfer-Out-Bytes', operation: '', unit: 'GB' }, cause: 'restore', monthly: restoreEgress },
        { key: { usageType: 'Requests-Tier1', operation: 'PutObject', unit: 'Requests' }, cause: 'put', monthly: put },
      ],
    });
    // Two shards: slots {0} and {1, 2}; weights 2 and 1.
    const gib = [shardRestoreGiB(cal, [0]), shardRestoreGiB(cal, [1, 2])];
    expect(Array.from(gib[1]!)).toEqual([30, 5]);
    const { usage, factors } = restoreCorrection([meter([7, 0], [1, 1]), meter([21, 4], [1, 1])], [2, 1], gib, cal);
    // X̂ = 2·10 + 30 = 50 and 2·0 + 5 = 5 → factors 80/50 and 20/5.
    expect(Array.from(factors)).toEqual([1.6, 4]);
    const egress = usage.series.find((s) => s.cause === 'restore')!;
    // Estimate 2·7 + 21 = 35 → ×1.6 = 56 (+21); 2·0 + 4 = 4 → ×4 = 16 (+12).
    expect(egress.monthly[0]).toBeCloseTo(21, 12);
    expect(egress.monthly[1]).toBeCloseTo(12, 12);
    expect(usage.series.filter((s) => s.cause === 'put')).toEqual([]);
  });
});
