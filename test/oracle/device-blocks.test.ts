/**
 * Hand-checked tiny devices (a few 1 MiB blocks, a few days) for the oracle, each expectation
 * worked out on paper from Duplicati's behaviour (the source file or option is cited in the test name).
 */
import { describe, expect, it } from 'vitest';
import { DINDEX_BYTES_PER_BLOCK, DINDEX_FIXED_BYTES, DLIST_BYTES_PER_FILE } from '../../src/agent/model.js';
import { MIB } from '../../src/units.js';
import { blocksPerDblock, simulateDeviceBlocks } from './device-blocks.js';
import { tinyDevice } from './fixtures.js';

const dindex = (blocks: number) => DINDEX_FIXED_BYTES + DINDEX_BYTES_PER_BLOCK * blocks;

describe('oracle: packing and file sizes (Duplicati --blocksize, --dblock-size; Volumes/*VolumeWriter.cs)', () => {
  it('8 blocks into 3 MiB dblocks make dblocks of 3, 3 and 2 blocks, one dindex each, one dlist', () => {
    const [d0] = simulateDeviceBlocks(tinyDevice({ blocks: 8, backupDays: [0], agent: { dblockBytes: 3 * MIB } }));
    expect(d0!.objects).toEqual({ dblock: 3, dindex: 3, dlist: 1 });
    expect(d0!.stored).toEqual({
      dblockBytes: 8 * MIB,
      dindexBytes: dindex(3) + dindex(3) + dindex(2),
      dlistBytes: 8 * DLIST_BYTES_PER_FILE, // 8 MiB × 1,024 files per GiB = 8 files
    });
    expect(d0!.puts).toBe(7);
    expect(d0!.uploadedBytes).toBe(8 * MIB + dindex(3) + dindex(3) + dindex(2) + 8 * DLIST_BYTES_PER_FILE);
    expect(d0!.versions).toBe(1);
    expect(d0!.liveBytes).toBe(8 * MIB);
    expect(d0!.wasteBytes).toBe(0);
  });

  it('a dblock is closed when the next compressed block would exceed --dblock-size', () => {
    // 0.7 MiB per block: 4 blocks = 2.8 MiB fit in 3 MiB, a fifth (3.5 MiB) would not.
    const [d0] = simulateDeviceBlocks(
      tinyDevice({ blocks: 8, compressionRatio: 0.7, backupDays: [0], agent: { dblockBytes: 3 * MIB } }),
    );
    expect(d0!.objects.dblock).toBe(2);
    expect(d0!.stored.dblockBytes).toBeCloseTo(8 * 0.7 * MIB, 3);
    expect(d0!.stored.dindexBytes).toBe(2 * dindex(4));
    expect(blocksPerDblock(3 * MIB, 0.75 * MIB)).toBe(4); // exactly full is not exceeding
    expect(blocksPerDblock(2.8 * MIB, 0.7 * MIB)).toBe(4);
    expect(blocksPerDblock(3 * MIB, 0.7 * MIB)).toBe(4);
    expect(blocksPerDblock(MIB, 2 * MIB)).toBe(1); // a block larger than a dblock still goes somewhere
  });

  it('growth appends blocks (½ block a day here) and the dlist follows the current file count', () => {
    // 8 MiB growing 187.5 %/30 days = 0.5 MiB a day: nothing new on day 1, one new block on day 2.
    const days = simulateDeviceBlocks(tinyDevice({ blocks: 8, growthPctPerMonth: 187.5, backupDays: [0, 1, 2], agent: { dblockBytes: 3 * MIB } }));
    expect(days[1]!.puts).toBe(7);
    expect(days[1]!.versions).toBe(1);
    expect(days[2]!.puts).toBe(7 + 3);
    expect(days[2]!.versions).toBe(2);
    expect(days[2]!.stored.dlistBytes).toBe((8 + 9) * DLIST_BYTES_PER_FILE);
    expect(days[2]!.stored.dblockBytes).toBe(9 * MIB);
  });
});

describe('oracle: deduplication (Duplicati BackupHandler.cs: blocks stored once by hash)', () => {
  it('unchanged runs upload nothing and make no version, but still LIST and verify', () => {
    const days = simulateDeviceBlocks(
      tinyDevice({ blocks: 8, backupDays: [0, 1, 2], agent: { dblockBytes: 3 * MIB, backendVerification: true } }),
    );
    const [d0, , d2] = days;
    expect(d2!.puts).toBe(d0!.puts);
    expect(d2!.uploadedBytes).toBe(d0!.uploadedBytes);
    expect(d2!.versions).toBe(1);
    expect(d2!.stored).toEqual(d0!.stored);
    // Each run: two LIST passes of 1 page; one sample = GET of a dlist, a dindex and a dblock.
    expect(days.map((d) => d.lists)).toEqual([2, 4, 6]);
    expect(days.map((d) => d.gets)).toEqual([3, 6, 9]);
  });

  it('a block changed on three days between two backups is uploaded once', () => {
    const days = simulateDeviceBlocks(tinyDevice({ blocks: 8, hot: [5, 1], backupDays: [0, 3], agent: { dblockBytes: 3 * MIB } }));
    const [d0, d1, , d3] = days;
    expect(d1!.puts).toBe(7);
    expect(d3!.puts).toBe(7 + 3); // one 1-block dblock, its dindex, a dlist
    expect(d3!.uploadedBytes - d0!.uploadedBytes).toBe(MIB + dindex(1) + 8 * DLIST_BYTES_PER_FILE);
    expect(d3!.versions).toBe(2);
    // Keep-all retention: the superseded block is still referenced by version 1, so it is live, not waste.
    expect(d3!.liveBytes).toBe(9 * MIB);
    expect(d3!.wasteBytes).toBe(0);
  });
});

describe('oracle: verification and listing (Duplicati TestHandler.cs, --backup-test-samples)', () => {
  it('samples = max(1, round(percentage × dblocks)), each a dlist + dindex + dblock, never more than exist', () => {
    // 3 dblocks × 50 % = 1.5 → 2 samples: 2 dblocks, 2 dindex, but only 1 dlist exists.
    const [d0] = simulateDeviceBlocks(
      tinyDevice({ blocks: 8, backupDays: [0], agent: { dblockBytes: 3 * MIB, backendVerification: true, testPercentage: 50 } }),
    );
    expect(d0!.gets).toBe(2 + 2 + 1);
  });

  it('LIST costs ceil(objects / 1,000) requests per pass; an empty prefix still takes one', () => {
    // 700 one-block dblocks: 1,401 objects after the first backup.
    const [d0] = simulateDeviceBlocks(
      tinyDevice({ blocks: 700, backupDays: [0], agent: { dblockBytes: MIB, backendVerification: true } }),
    );
    expect(d0!.objects.dblock).toBe(700);
    expect(d0!.lists).toBe(1 + 2);
  });

  it('--no-backend-verification makes no LIST and no GET', () => {
    const [d0] = simulateDeviceBlocks(tinyDevice({ blocks: 8, backupDays: [0], agent: { backendVerification: false } }));
    expect(d0!.lists).toBe(0);
    expect(d0!.gets).toBe(0);
  });
});

describe('oracle: small-volume compaction with keep-all retention (Duplicati CompactHandler.cs, --small-file-size)', () => {
  // Block 0 changes daily, so each run uploads one small (1 MiB ≤ --small-file-size) dblock.
  const device = (autoCompact: boolean) =>
    tinyDevice({
      blocks: 8,
      hot: [0, 1],
      backupDays: [0, 1, 2, 3, 4],
      agent: { dblockBytes: 4 * MIB, smallFileBytes: MIB, smallFileMaxCount: 2, autoCompact },
    });

  it('more than --small-file-max-count small volumes: GET each, repack their live blocks, DELETE them', () => {
    const days = simulateDeviceBlocks(device(true));
    // Days 1–2: one and two small volumes, no compaction.
    expect(days[2]!.compactions).toBe(0);
    expect(days[2]!.objects.dblock).toBe(4);
    // Day 3: three small volumes > 2 → GET 3, their 3 live blocks go into one new 3 MiB dblock.
    const d3 = days[3]!;
    expect(d3.compactions).toBe(1);
    expect(d3.gets).toBe(3);
    expect(d3.puts).toBe(5 + 3 * 3 + 2);
    expect(d3.deletes).toBe(3 * 2);
    expect(d3.deletedDblocks).toBe(3);
    expect(d3.deletedDblockAgeDaysSum).toBeCloseTo(2 + 1 + 0, 9); // uploaded on days 1, 2, 3
    expect(d3.objects.dblock).toBe(3);
    expect(d3.stored.dblockBytes).toBe(11 * MIB);
    expect(d3.stored.dindexBytes).toBe(2 * dindex(4) + dindex(3));
    expect(d3.wasteBytes).toBe(0);
    // Day 4: one new small volume (the merged one is 3 MiB, not small): nothing to do.
    expect(days[4]!.compactions).toBe(1);
    expect(days[4]!.objects.dblock).toBe(4);
  });

  it('--no-auto-compact keeps every small volume', () => {
    const d4 = simulateDeviceBlocks(device(false))[4]!;
    expect(d4.compactions).toBe(0);
    expect(d4.deletes).toBe(0);
    expect(d4.objects.dblock).toBe(2 + 4);
  });
});
