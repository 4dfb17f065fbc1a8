import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioSlots, simulateShard } from '../../src/fleet/shard.js';
import { simulateFleet } from '../../src/fleet/simulate.js';
import { UsageMeter } from '../../src/usage/meter.js';
import { tinyFleet } from './helpers.js';

const settings = fc.record({
  autoCompact: fc.boolean(),
  change: fc.double({ min: 0.2, max: 4, noNaN: true }),
  offline: fc.double({ min: 0, max: 30, noNaN: true }),
  days: fc.integer({ min: 0, max: 40 }),
  retirePct: fc.constantFrom(0, 30),
  seed: fc.integer({ min: 0, max: 1000 }),
});

type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;

function scenarioFor(p: Settings) {
  return tinyFleet((f) => {
    f.seed = p.seed;
    f.horizon.months = 4;
    f.agent.auto_compact = p.autoCompact;
    const fleet = f.fleet!;
    fleet.devices = 12;
    fleet.daily_change_pct = p.change;
    fleet.offline_pct = p.offline;
    fleet.retire_pct_per_year = p.retirePct;
    for (const prof of fleet.profiles) {
      delete prof.offline_pct;
      delete prof.daily_change_pct;
    }
    f.bucket.lifecycle[0]!.transitions[0]!.days = p.days;
  });
}

describe('fleet engine properties (issue: proof that it is right)', () => {
  it('k copies of the devices meter k times the usage (every quantity, before tiered pricing)', () => {
    fc.assert(
      fc.property(settings, fc.integer({ min: 2, max: 3 }), (p, k) => {
        const sc = scenarioFor(p);
        const starts = scenarioSlots(sc);
        const ids = starts.map((_, i) => i);
        const one = UsageMeter.fromSnapshot(simulateShard(sc, starts, ids).meter).lines();
        const many = UsageMeter.fromSnapshot(simulateShard(sc, starts, ids.flatMap((i) => Array<number>(k).fill(i))).meter).lines();
        expect(many.map((l) => `${l.month}|${l.usageType}|${l.operation}|${l.cause}`)).toEqual(one.map((l) => `${l.month}|${l.usageType}|${l.operation}|${l.cause}`));
        one.forEach((l, j) => expect((many[j] as typeof l).quantity).toBeCloseTo(l.quantity * k, 6));
      }),
      { numRuns: 8 },
    );
  });

  it('no_auto_compact never deletes a dblock; stored bytes never exceed bytes uploaded; objects reconcile every month', () => {
    fc.assert(
      fc.property(settings, (p) => {
        const sc = scenarioFor(p);
        const starts = scenarioSlots(sc);
        const r = simulateShard(sc, starts, starts.map((_, i) => i));
        // Only Duplicati's own deletions: retiring a device deletes its folder, dblocks included.
        if (!p.autoCompact && p.retirePct === 0) expect(r.counters.deletedDblocks).toBe(0);
        let written = 0;
        let removed = 0;
        r.capacity.forEach((cap, m) => {
          written += r.objectsPut[m] ?? 0;
          removed += r.objectsRemoved[m] ?? 0;
          const objects = Object.values(cap).reduce((a, c) => a + c.objects + c.noncurrentObjects, 0);
          expect(objects).toBeCloseTo(written - removed, 3);
          const stored = Object.values(cap).reduce((a, c) => a + c.storedGiB + c.noncurrentGiB, 0);
          expect(stored).toBeLessThanOrEqual(r.counters.uploadedGiB + 1e-6);
        });
      }),
      { numRuns: 8 },
    );
  });

  it('the same seed gives the same result, whatever the number of worker threads', async () => {
    const sc = tinyFleet((f) => {
      f.fleet!.devices = 2100; // two shards
      f.horizon.months = 1;
    });
    const a = await simulateFleet(sc, { threads: 1 });
    const b = await simulateFleet(sc, { threads: 2 });
    expect(b.threads).toBe(2);
    expect(JSON.stringify(b.meter.lines())).toBe(JSON.stringify(a.meter.lines()));
    expect(b.capacity).toEqual(a.capacity);
  });
});
