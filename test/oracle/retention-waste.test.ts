/**
 * Waste, deletion and compaction driven by the real retention engine, on hand-checked tiny devices
 * (Duplicati's DeleteHandler.cs and CompactHandler.cs; our change model), plus the one property that pins liveness exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DINDEX_BYTES_PER_BLOCK, DINDEX_FIXED_BYTES } from '../../src/agent/model.js';
import { parseRetentionPolicy } from '../../src/retention/policy.js';
import { GIB, MIB } from '../../src/units.js';
import { simulateDeviceBlocks } from './device-blocks.js';
import { tinyDevice } from './fixtures.js';
import { oracleInputArbitrary } from './params.js';

const dindex = (blocks: number) => DINDEX_FIXED_BYTES + DINDEX_BYTES_PER_BLOCK * blocks;
/** Never small: a 1 MiB dblock is above this --small-file-size. */
const NOT_SMALL = MIB / 2;

describe('oracle: waste after version deletion (Duplicati DeleteHandler.cs, CompactHandler.cs; change model)', () => {
  // 8 blocks in 3 MiB dblocks: [0 1 2] [3 4 5] [6 7]; block 1 changes daily.
  const device = (keepVersions?: number) =>
    tinyDevice({
      blocks: 8,
      hot: [1, 1],
      backupDays: [0, 1],
      agent: { dblockBytes: 3 * MIB, smallFileBytes: NOT_SMALL, keepVersions },
    });

  it('deleting the only version that referenced a block leaves it as waste in its dblock, no dblock touched', () => {
    const d1 = simulateDeviceBlocks(device(1))[1]!;
    expect(d1.versions).toBe(1);
    expect(d1.deletes).toBe(1); // the old dlist only
    expect(d1.wasteBytes).toBe(1 * MIB);
    expect(d1.liveBytes).toBe(8 * MIB);
    expect(d1.stored.dblockBytes).toBe(9 * MIB);
    expect(d1.objects.dblock).toBe(4);
    // One waste volume (⅓ waste) is not enough for a compaction: it needs two.
    expect(d1.compactions).toBe(0);
    expect(d1.gets).toBe(0);
  });

  it('without deletion the superseded block stays live (referenced by the first version)', () => {
    const d1 = simulateDeviceBlocks(device(undefined))[1]!;
    expect(d1.versions).toBe(2);
    expect(d1.wasteBytes).toBe(0);
    expect(d1.liveBytes).toBe(9 * MIB);
  });

  it('the policy thins out a version; the block only it referenced is waste, and its dblock goes', () => {
    // 7D:2D keeps day 0, deletes day 1 (1 day after the kept day 0) when day 2 arrives, keeps day 2 (newest).
    const days = simulateDeviceBlocks(
      tinyDevice({
        blocks: 8,
        hot: [1, 1],
        backupDays: [0, 1, 2],
        agent: { dblockBytes: 3 * MIB, smallFileBytes: NOT_SMALL, policy: parseRetentionPolicy('7D:2D') },
      }),
    );
    expect(days[1]!.versions).toBe(2);
    expect(days[1]!.deletes).toBe(0);
    const d2 = days[2]!;
    expect(d2.versions).toBe(2);
    // Day 1's copy of block 1 was referenced only by version 1: its 1-block dblock is all waste and is
    // deleted with its dindex. Day 0's copy is still referenced by version 0: live.
    expect(d2.deletes).toBe(1 + 2);
    expect(d2.deletedDblocks).toBe(1);
    expect(d2.deletedDblockAgeDaysSum).toBe(1);
    expect(d2.gets).toBe(0);
    expect(d2.wasteBytes).toBe(0);
    expect(d2.liveBytes).toBe(9 * MIB);
    expect(d2.objects).toEqual({ dblock: 4, dindex: 4, dlist: 2 });
  });
});

describe('oracle: deleting and compacting dblocks (Duplicati CompactHandler.cs)', () => {
  it('a fully deletable dblock is DELETEd with its dindex and never downloaded', () => {
    // 2 MiB dblocks: [0 1] [2 3] [4 5] [6 7]; blocks 0–1 change daily, so dblock 0 becomes all waste.
    const days = simulateDeviceBlocks(
      tinyDevice({ blocks: 8, hot: [0, 2], backupDays: [0, 1], agent: { dblockBytes: 2 * MIB, smallFileBytes: NOT_SMALL, keepVersions: 1 } }),
    );
    const d1 = days[1]!;
    expect(d1.puts).toBe(9 + 3);
    expect(d1.deletes).toBe(1 + 2); // old dlist, then the dblock and its dindex
    expect(d1.gets).toBe(0);
    expect(d1.compactions).toBe(0);
    expect(d1.deletedDblocks).toBe(1);
    expect(d1.deletedDblockAgeDaysSum).toBe(1);
    expect(d1.objects).toEqual({ dblock: 4, dindex: 4, dlist: 1 });
    expect(d1.stored.dblockBytes).toBe(8 * MIB);
    expect(d1.wasteBytes).toBe(0);
  });

  // 3 MiB dblocks: [0 1 2] [3 4 5] [6 7]; blocks 2–3 change daily: one waste block in each of the first two.
  const wasteful = (thresholdPct: number) =>
    simulateDeviceBlocks(
      tinyDevice({
        blocks: 8,
        hot: [2, 2],
        backupDays: [0, 1],
        agent: { dblockBytes: 3 * MIB, smallFileBytes: NOT_SMALL, keepVersions: 1, thresholdPct },
      }),
    )[1]!;

  it('two waste volumes holding ≥ threshold of all data: GET both, PUT their live blocks repacked, DELETE both', () => {
    // Waste 2 MiB of 10 MiB = 20 % ≥ 10 %. Live blocks 0 1 4 5 repack into [0 1 4] [5].
    const d1 = wasteful(10);
    expect(d1.compactions).toBe(1);
    expect(d1.gets).toBe(2);
    expect(d1.puts).toBe(7 + 3 + 4);
    expect(d1.deletes).toBe(1 + 4);
    expect(d1.deletedDblocks).toBe(2);
    expect(d1.deletedDblockAgeDaysSum).toBe(2);
    expect(d1.objects.dblock).toBe(4);
    expect(d1.stored.dblockBytes).toBe(8 * MIB);
    expect(d1.stored.dindexBytes).toBe(dindex(2) + dindex(2) + dindex(3) + dindex(1));
    expect(d1.wasteBytes).toBe(0);
    expect(d1.liveBytes).toBe(8 * MIB);
  });

  it('the same waste below the threshold (20 % < 25 %) is left in place', () => {
    const d1 = wasteful(25);
    expect(d1.compactions).toBe(0);
    expect(d1.gets).toBe(0);
    expect(d1.wasteBytes).toBe(2 * MIB);
  });
});

describe('oracle: liveness property (change model)', () => {
  it('with --keep-versions 1 and no growth, live bytes are exactly the device data, every day', () => {
    const devices = oracleInputArbitrary({ days: 60 }).map((i) => ({
      ...i,
      data: { ...i.data, protectedGiB: i.data.protectedGiB / 16, growthPctPerMonth: 0 },
      agent: { ...i.agent, policy: undefined, keepVersions: 1 },
    }));
    fc.assert(
      fc.property(devices, (input) => {
        const blocks = Math.round((input.data.protectedGiB * GIB) / input.agent.blockBytes);
        const dataBytes = blocks * input.agent.blockBytes * input.data.compressionRatio;
        for (const d of simulateDeviceBlocks(input)) {
          expect(d.versions).toBe(1);
          expect(Math.abs(d.liveBytes - dataBytes)).toBeLessThanOrEqual(1e-9 * dataBytes);
        }
      }),
      { numRuns: 20, seed: 11 },
    );
  });
});

describe('oracle: the newest version survives (Duplicati DeleteHandler.cs)', () => {
  it('--keep-time with --allow-full-removal still keeps the newest full backup, so nothing becomes waste', () => {
    // No changes: day 3 uploads nothing, and day 0's version is older than 2 days but the only full one.
    const d3 = simulateDeviceBlocks(
      tinyDevice({ blocks: 8, backupDays: [0, 3], agent: { dblockBytes: 3 * MIB, keepTime: '2D', allowFullRemoval: true } }),
    )[3]!;
    expect(d3.versions).toBe(1);
    expect(d3.deletes).toBe(0);
    expect(d3.liveBytes).toBe(8 * MIB);
  });
});
