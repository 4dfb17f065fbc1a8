/**
 * The oracle's change process against the expectations of the change model
 * (our modelling assumption, src/agent/model.ts blockChangeProbabilities).
 */
import { describe, expect, it } from 'vitest';
import { blockChangeProbabilities } from '../../src/agent/model.js';
import { MIB } from '../../src/units.js';
import { simulateDeviceBlocks } from './device-blocks.js';
import { tinyDevice } from './fixtures.js';

/** 1,024 blocks; 5 %/day, 80 % of it on a 10 % hot set; keep-all, no compaction: stored dblocks only grow by uploads. */
function device(backupEvery: number) {
  const days = 401;
  const base = tinyDevice({
    blocks: 1024,
    backupDays: Array.from({ length: Math.ceil(days / backupEvery) }, (_, k) => k * backupEvery),
    days,
    agent: { dblockBytes: 8 * MIB, autoCompact: false },
  });
  return {
    ...base,
    data: { ...base.data, dailyChangePct: 5, hotSetPct: 10, hotChangeSharePct: 80 },
    hotStartBlock: undefined,
    audit: false,
  };
}

/** Expected blocks uploaded by one backup `gapDays` after the previous: each block changed at least once. */
function expectedUploads(input: ReturnType<typeof device>, gapDays: number): number {
  const p = blockChangeProbabilities(input.data);
  const hot = Math.round(1024 * 0.1);
  return hot * (1 - (1 - p.hot) ** gapDays) + (1024 - hot) * (1 - (1 - p.cold) ** gapDays);
}

describe('oracle change process (change model of src/agent/model.ts)', () => {
  it('a daily backup uploads dailyChangePct of the blocks on average', () => {
    const input = device(1);
    const days = simulateDeviceBlocks(input);
    const perBackup = (days[400]!.stored.dblockBytes - days[0]!.stored.dblockBytes) / MIB / 400;
    expect(expectedUploads(input, 1)).toBeCloseTo(51.2, 0); // 5 % of 1,024 (the hot set rounds to 102 blocks)
    expect(Math.abs(perBackup - expectedUploads(input, 1))).toBeLessThan(2); // σ of the mean ≈ 0.3
  });

  it('changes of skipped days accumulate, and a block changed twice is uploaded once', () => {
    const input = device(2);
    const days = simulateDeviceBlocks(input);
    const perBackup = (days[400]!.stored.dblockBytes - days[0]!.stored.dblockBytes) / MIB / 200;
    const expected = expectedUploads(input, 2); // ≈ 85.6, well below 2 × 51.2
    expect(expected).toBeLessThan(2 * 51.2 - 10);
    expect(Math.abs(perBackup - expected)).toBeLessThan(3); // σ of the mean ≈ 0.5
  });

});
