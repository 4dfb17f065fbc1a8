/** The comparison's input generator and the mean over seeds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GIB, KIB, MIB, SECONDS_PER_DAY } from '../../src/units.js';
import { simulateDeviceBlocks } from './device-blocks.js';
import { tinyDevice } from './fixtures.js';
import { meanOverSeeds } from './mean.js';
import { dailyBackupTimes, ORACLE_RETENTIONS, oracleInputArbitrary, sampleOracleInputs } from './params.js';

describe('oracle input generator', () => {
  it('stays inside the ranges the comparison covers', () => {
    fc.assert(
      fc.property(oracleInputArbitrary({ days: 400 }), ({ data, agent, backupTimes, days }) => {
        expect(days).toBe(400);
        expect(data.protectedGiB).toBeGreaterThanOrEqual(1);
        expect(data.protectedGiB).toBeLessThanOrEqual(8);
        expect(data.dailyChangePct).toBeGreaterThanOrEqual(0.2);
        expect(data.dailyChangePct).toBeLessThanOrEqual(5);
        expect(data.hotSetPct).toBeGreaterThanOrEqual(2);
        expect(data.hotSetPct).toBeLessThanOrEqual(30);
        expect(data.hotChangeSharePct).toBeGreaterThanOrEqual(50);
        expect(data.hotChangeSharePct).toBeLessThanOrEqual(95);
        expect(data.growthPctPerMonth).toBeLessThanOrEqual(5);
        expect(data.compressionRatio).toBeGreaterThanOrEqual(0.3);
        expect(data.compressionRatio).toBeLessThanOrEqual(1);
        expect(agent.dblockBytes).toBeGreaterThanOrEqual(5 * MIB);
        expect(agent.dblockBytes).toBeLessThanOrEqual(50 * MIB);
        expect(agent.smallFileBytes).toBe(agent.dblockBytes / 5);
        expect(agent.blockBytes).toBeGreaterThanOrEqual(100 * KIB);
        expect(agent.blockBytes).toBeLessThanOrEqual(MIB);
        expect(agent.thresholdPct).toBeGreaterThanOrEqual(10);
        expect(agent.thresholdPct).toBeLessThanOrEqual(50);
        expect(agent.policy !== undefined || agent.keepVersions === 10).toBe(true);
        // Daily backups: day 0 always, at most one a day, each within 30 min of the fixed time.
        const day0 = Math.floor(backupTimes[0]! / SECONDS_PER_DAY);
        const byDay = backupTimes.map((t) => Math.floor(t / SECONDS_PER_DAY) - day0);
        expect(new Set(byDay).size).toBe(byDay.length);
        const offsets = backupTimes.map((t) => t % SECONDS_PER_DAY);
        expect(Math.max(...offsets) - Math.min(...offsets)).toBeLessThanOrEqual(30 * 60);
        expect(backupTimes.length).toBeLessThanOrEqual(400);
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it('covers every retention setting and both auto-compact modes', () => {
    const inputs = sampleOracleInputs(1, 60, { days: 10 });
    const retentions = new Set(inputs.map((i) => i.agent.policy?.text ?? `keep-versions ${i.agent.keepVersions}`));
    expect([...retentions].sort()).toEqual([...ORACLE_RETENTIONS].sort());
    expect(new Set(inputs.map((i) => i.agent.autoCompact)).size).toBe(2);
    expect(sampleOracleInputs(1, 60, { days: 10 })).toEqual(inputs); // reproducible from the seed
  });

  it('misses about missedPct % of the days after day 0', () => {
    const times = dailyBackupTimes({ day0: 0, days: 10_001, secondOfDay: 3_600, jitterSec: 600, missedPct: 20, seed: 3 });
    const missed = 10_000 - (times.length - 1);
    expect(missed).toBeGreaterThan(1_800);
    expect(missed).toBeLessThan(2_200);
    expect(times[0]).toBeGreaterThanOrEqual(3_600);
    expect(times[0]).toBeLessThanOrEqual(3_600 + 600);
  });
});

describe('meanOverSeeds', () => {
  it('averages each day of the per-seed runs, field by field', () => {
    const input = { ...tinyDevice({ blocks: 64, backupDays: [0, 1, 2, 3, 4, 5] }), hotStartBlock: undefined, audit: false };
    const data = { ...input.data, dailyChangePct: 20, hotSetPct: 25, hotChangeSharePct: 80, protectedGiB: (64 * MIB) / GIB };
    const noisy = { ...input, data };
    const seeds = [1, 2, 3];
    const mean = meanOverSeeds(noisy, seeds);
    const runs = seeds.map((seed) => simulateDeviceBlocks({ ...noisy, seed }));
    expect(mean).toHaveLength(6);
    for (let day = 0; day < 6; day++) {
      expect(mean[day]!.day).toBe(day);
      const avg = (f: (d: (typeof runs)[0][0]) => number) => runs.reduce((s, r) => s + f(r[day]!), 0) / seeds.length;
      expect(mean[day]!.uploadedBytes).toBeCloseTo(avg((d) => d.uploadedBytes), 6);
      expect(mean[day]!.stored.dblockBytes).toBeCloseTo(avg((d) => d.stored.dblockBytes), 6);
      expect(mean[day]!.objects.dblock).toBeCloseTo(avg((d) => d.objects.dblock), 9);
      expect(mean[day]!.puts).toBeCloseTo(avg((d) => d.puts), 9);
    }
    // The seeds really differ, so the mean is not just one run.
    expect(new Set(runs.map((r) => r[5]!.uploadedBytes)).size).toBeGreaterThan(1);
  });
});
