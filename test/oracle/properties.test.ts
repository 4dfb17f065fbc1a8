/**
 * Properties of the oracle over random small devices (Duplicati's Backup/Delete/Compact/TestHandler.cs).
 * Every run also has the brute-force audit on, which re-derives each block's liveness from the
 * retained versions at the end of each day and throws if the bookkeeping disagrees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateDeviceBlocks, type OracleDay, type OracleInput } from './device-blocks.js';
import { oracleInputArbitrary } from './params.js';

const DAYS = 75;

/** The comparison's devices, shrunk (data ÷ 16, dblock ÷ 4) so that the audited runs stay quick. */
const smallDevices = oracleInputArbitrary({ days: DAYS }).map(
  (i): OracleInput => ({
    ...i,
    data: { ...i.data, protectedGiB: i.data.protectedGiB / 16 },
    agent: { ...i.agent, dblockBytes: i.agent.dblockBytes / 4, smallFileBytes: i.agent.smallFileBytes / 4 },
    audit: true,
  }),
);

const RUNS = { numRuns: 25, seed: 20_260_101 };

/** The properties share their seed, hence their inputs: simulate each input once. */
const cache = new Map<string, OracleDay[]>();
function simulate(input: OracleInput): OracleDay[] {
  const key = JSON.stringify(input);
  let days = cache.get(key);
  if (!days) {
    days = simulateDeviceBlocks(input);
    cache.set(key, days);
  }
  return days;
}
const storedTotal = (d: OracleDay) => d.stored.dblockBytes + d.stored.dindexBytes + d.stored.dlistBytes;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('oracle properties', () => {
  it('--no-auto-compact never deletes a dblock, so stored dblock bytes never shrink', () => {
    fc.assert(
      fc.property(smallDevices, (input) => {
        const days = simulateDeviceBlocks({ ...input, agent: { ...input.agent, autoCompact: false } });
        days.forEach((d, i) => {
          expect(d.deletedDblocks).toBe(0);
          expect(d.compactions).toBe(0);
          if (i > 0) {
            expect(d.stored.dblockBytes).toBeGreaterThanOrEqual(days[i - 1]!.stored.dblockBytes);
            expect(d.objects.dblock).toBeGreaterThanOrEqual(days[i - 1]!.objects.dblock);
          }
        });
      }),
      RUNS,
    );
  });

  it('stored bytes never exceed the bytes ever uploaded', () => {
    fc.assert(
      fc.property(smallDevices, (input) => {
        for (const d of simulate(input)) {
          expect(storedTotal(d) <= d.uploadedBytes * (1 + 1e-12)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('objects present = objects written − objects deleted, every day', () => {
    fc.assert(
      fc.property(smallDevices, (input) => {
        for (const d of simulate(input)) {
          expect(d.objects.dblock + d.objects.dindex + d.objects.dlist).toBe(d.puts - d.deletes);
          expect(d.objects.dindex).toBe(d.objects.dblock); // one dindex per dblock
          expect(d.objects.dlist).toBe(d.versions);
        }
      }),
      RUNS,
    );
  });

  it('live + waste = stored dblock bytes, every day', () => {
    fc.assert(
      fc.property(smallDevices, (input) => {
        for (const d of simulate(input)) {
          expect(close(d.liveBytes + d.wasteBytes, d.stored.dblockBytes)).toBe(true);
          expect(d.wasteBytes).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('cumulative counters never decrease', () => {
    const cumulative = ['puts', 'gets', 'deletes', 'lists', 'uploadedBytes', 'compactions', 'deletedDblocks', 'deletedDblockAgeDaysSum'] as const;
    fc.assert(
      fc.property(smallDevices, (input) => {
        const days = simulate(input);
        for (let i = 1; i < days.length; i++) {
          for (const k of cumulative) expect(days[i]![k]).toBeGreaterThanOrEqual(days[i - 1]![k]);
        }
      }),
      RUNS,
    );
  });

  it('is deterministic for a seed, and the seed drives the changes', () => {
    fc.assert(
      fc.property(smallDevices, (input) => {
        const a = simulate(input);
        expect(simulateDeviceBlocks({ ...input, audit: false })).toEqual(a);
        const other = simulateDeviceBlocks({ ...input, seed: input.seed + 1, audit: false });
        expect(other.map((d) => d.uploadedBytes)).not.toEqual(a.map((d) => d.uploadedBytes));
      }),
      { ...RUNS, numRuns: 10 },
    );
  });

  it('with keep-all retention nothing is ever waste and no version is deleted', () => {
    fc.assert(
      fc.property(smallDevices, (input) => {
        const agent = { ...input.agent, policy: undefined, keepVersions: undefined, keepTime: undefined };
        const days = simulateDeviceBlocks({ ...input, agent });
        for (const d of days) {
          expect(d.wasteBytes).toBe(0);
          expect(d.deletes).toBe(2 * d.deletedDblocks); // only compactions of small volumes delete
        }
        const backups = input.backupTimes.filter((t) => t < input.backupTimes[0]! + DAYS * 86_400).length;
        expect(days[DAYS - 1]!.versions).toBeLessThanOrEqual(backups);
      }),
      { ...RUNS, numRuns: 10 },
    );
  });
});

describe('oracle properties: coverage', () => {
  it('the audited sample exercises version deletions, waste, deleted dblocks and full compactions', () => {
    const runs = fc.sample(smallDevices, RUNS).map((input) => simulate(input)[DAYS - 1]!);
    expect(runs.filter((d) => d.deletes > d.deletedDblocks * 2).length).toBeGreaterThan(5); // dlists deleted
    expect(runs.filter((d) => d.wasteBytes > 0).length).toBeGreaterThan(5);
    expect(runs.filter((d) => d.deletedDblocks > 0).length).toBeGreaterThan(3);
    expect(runs.filter((d) => d.compactions > 0).length).toBeGreaterThan(3);
  });
});
