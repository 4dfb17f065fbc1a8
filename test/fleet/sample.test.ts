import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, jackknifeSE, sampleDesign } from '../../src/fleet/sample.js';
import { slotFirstDevice } from '../../src/fleet/population.js';
import { createRandom } from '../../src/fleet/random.js';
import { restoreCalendar, type RestoreCalendar } from '../../src/fleet/restore-calendar.js';
import { scenarioSlots, simulationCalendar } from '../../src/fleet/shard.js';
import { tinyFleet } from './helpers.js';

const fleet = (devices: number) => tinyFleet((f) => {
  f.fleet!.devices = devices;
});
const design = (devices: number, n: number, seed?: number) => {
  const sc = fleet(devices);
  return sampleDesign(sc, scenarioSlots(sc), { devices: n, ...(seed !== undefined ? { seed } : {}) }, simulationCalendar(sc).days);
};

describe('Neyman allocation (n_h ∝ N_h·S_h)', () => {
  it('splits by N_h·S_h: 100×1 and 100×3 share 40 as 10 and 30', () => {
    expect(allocate([100, 100], [1, 3], 40, 5)).toEqual([10, 30]);
  });
  it('takes a stratum whole when its share reaches N_h, and gives the rest to the others', () => {
    // 40 · (10·100)/(100·1 + 10·100) = 36.4 ≥ 10: the 10 big ones are all taken, 30 left.
    expect(allocate([100, 10], [1, 100], 40, 5)).toEqual([30, 10]);
  });
  it('gives every sampled stratum at least the minimum (one slot per group)', () => {
    expect(allocate([1000, 1000], [1, 1000], 100, 20)).toEqual([20, 80]);
  });
  it('properties: sums to n, within [min, N_h] (or N_h when N_h ≤ min)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ N: fc.integer({ min: 1, max: 500 }), S: fc.double({ min: 0.1, max: 100, noNaN: true }) }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 2, max: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (strata, min, share) => {
        const N = strata.map((s) => s.N);
        const floor = N.reduce((a, x) => a + Math.min(x, min), 0);
        const total = N.reduce((a, x) => a + x, 0);
        const n = Math.round(floor + share * (total - floor));
        const out = allocate(N, strata.map((s) => s.S), n, min);
        expect(out.reduce((a, x) => a + x, 0)).toBe(n);
        out.forEach((x, h) => {
          expect(x).toBeLessThanOrEqual(N[h] as number);
          expect(x).toBeGreaterThanOrEqual(Math.min(N[h] as number, min));
        });
      }),
    );
  });
});

describe('sample design', () => {
  /** Each slot's first device's protected data, GiB: the size the design stratifies and weighs on. */
  const sizes = (devices: number) => {
    const sc = fleet(devices);
    const days = simulationCalendar(sc).days;
    return scenarioSlots(sc).map((start, slot) => slotFirstDevice(sc.fleet!, slot, start, days, sc.seed)?.protectedGiB ?? 0);
  };

  it('draws n distinct slots, each stratum weighted X_h/x_h, so the weighted sizes add up to the fleet', () => {
    const d = design(400, 120);
    const slots = d.shards.flatMap((s) => s.slotIds);
    expect(slots.length).toBe(120);
    expect(new Set(slots).size).toBe(120);
    expect(d.strata.reduce((a, s) => a + s.slots, 0)).toBe(400);
    expect(d.strata.reduce((a, s) => a + s.sampled, 0)).toBe(120);
    // Σ weight × size over the sampled slots is the fleet's data exactly (a ratio estimator on size).
    const gib = sizes(400);
    const fleetGiB = gib.reduce((a, x) => a + x, 0);
    expect(d.shards.reduce((a, s) => a + s.weight * s.slotIds.reduce((b, slot) => b + (gib[slot] as number), 0), 0)).toBeCloseTo(fleetGiB, 6);
    // The weights count about as many slots as the fleet has, not exactly: a stratum's draw holds
    // more or less than its share of data (here 8 % more slots; counts such as devices in service
    // are therefore taken from the fleet, see restore-calendar.ts).
    expect(Math.abs(d.shards.reduce((a, s) => a + s.weight * s.slotIds.length, 0) / 400 - 1)).toBeLessThan(0.1);
  });

  it("every replicate also weighs up to the whole fleet's data (the size has no sampling error)", () => {
    const d = design(400, 120);
    const gib = sizes(400);
    const fleetGiB = gib.reduce((a, x) => a + x, 0);
    for (let r = 0; r < d.groups; r++) {
      const x = d.shards.reduce((a, s) => a + (s.replicateWeights[r] as number) * s.slotIds.reduce((b, slot) => b + (gib[slot] as number), 0), 0);
      // Leaving out group r and weighing the others up to X_h estimates the data exactly, so the
      // shrunk deviation is zero.
      expect(x).toBeCloseTo(fleetGiB, 6);
    }
  });

  it('samples the large devices more heavily: the top size stratum has the highest sampling fraction', () => {
    const d = design(2000, 400);
    const laptops = d.strata.filter((s) => s.profile === 'laptop');
    expect(laptops.length).toBeGreaterThan(1);
    const fraction = laptops.map((s) => s.sampled / s.slots);
    expect(fraction[fraction.length - 1]).toBeGreaterThan(fraction[0] as number);
    // Strata are ordered by size within a profile, ranges not overlapping.
    for (let h = 1; h < laptops.length; h++) expect((laptops[h] as { minGiB: number }).minGiB).toBeGreaterThanOrEqual((laptops[h - 1] as { maxGiB: number }).maxGiB);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(design(400, 100, 5)).toEqual(design(400, 100, 5));
    expect(design(400, 100, 5).shards).not.toEqual(design(400, 100, 6).shards);
  });

  describe('restoring slots (the restore calendar known first)', () => {
    // 2,000 slots, 12 months, 2 % of devices restoring a month: about 480 restores in about 420 slots.
    const sc = tinyFleet((f) => {
      f.fleet!.devices = 2000;
      f.horizon.months = 12;
      f.restores.devices_pct_per_month = 2;
    });
    const starts = scenarioSlots(sc);
    const cal = restoreCalendar(sc, starts) as RestoreCalendar;
    const withCalendar = (n: number, groups?: number) =>
      sampleDesign(sc, starts, { devices: n, seed: 4, ...(groups ? { groups } : {}) }, simulationCalendar(sc).days, cal.slotRestores);
    const restoringSlots = Array.from(cal.slotRestores).filter((r) => r > 0).length;
    const restores = Array.from(cal.slotRestores).reduce((a, r) => a + r, 0);
    const sampledRestores = (d: ReturnType<typeof withCalendar>) => d.shards.reduce((a, s) => a + s.slotIds.reduce((b, slot) => b + (cal.slotRestores[slot] as number), 0), 0);

    it('sets them apart and samples them more heavily, to expect 3 restores per jackknife group a month', () => {
      const d = withCalendar(400, 4);
      const restoring = d.strata.filter((s) => s.restoring);
      expect(restoring.length).toBeGreaterThan(0);
      expect(restoring.reduce((a, s) => a + s.slots, 0)).toBe(restoringSlots);
      // Every sampled slot of a restoring stratum restores; none of the others does.
      for (const shard of d.shards) {
        const isRestoring = (d.strata[shard.stratum] as { restoring: boolean }).restoring;
        for (const slot of shard.slotIds) expect((cal.slotRestores[slot] as number) > 0).toBe(isRestoring);
      }
      const nR = restoring.reduce((a, s) => a + s.sampled, 0);
      // Target: 3 × 4 groups × 12 months = 144 restores, i.e. 144 / restores of the restoring slots.
      expect(nR).toBe(Math.ceil((144 * restoringSlots) / restores));
      expect(nR / restoringSlots).toBeGreaterThan((400 - nR) / (2000 - restoringSlots));
      expect(sampledRestores(d)).toBeGreaterThanOrEqual(0.8 * 144);
    });

    it('takes at most half the sample for them', () => {
      const d = withCalendar(200);
      expect(d.strata.filter((s) => s.restoring).reduce((a, s) => a + s.sampled, 0)).toBe(100);
      expect(d.shards.flatMap((s) => s.slotIds).length).toBe(200);
    });

    it('still weighs every family up to its data exactly, in the estimate and in every replicate', () => {
      const d = withCalendar(400, 4);
      const gib = sizes(2000);
      const fleetGiB = gib.reduce((a, x) => a + x, 0);
      const weighted = (w: (s: (typeof d.shards)[number]) => number) => d.shards.reduce((a, s) => a + w(s) * s.slotIds.reduce((b, slot) => b + (gib[slot] as number), 0), 0);
      expect(weighted((s) => s.weight)).toBeCloseTo(fleetGiB, 6);
      for (let r = 0; r < d.groups; r++) expect(weighted((s) => s.replicateWeights[r] as number)).toBeCloseTo(fleetGiB, 6);
    });

    it('keeps as many jackknife groups as the sample allows, however few slots restore', () => {
      // 40 slots for a month: about 2 restore, a stratum of their own that must not cut the groups.
      const small = tinyFleet((f) => {
        f.fleet!.devices = 40;
        f.horizon.months = 1;
      });
      const smallStarts = scenarioSlots(small);
      const smallCal = restoreCalendar(small, smallStarts) as RestoreCalendar;
      const d = sampleDesign(small, smallStarts, { devices: 20, seed: 7 }, simulationCalendar(small).days, smallCal.slotRestores);
      expect(d.strata.some((s) => s.restoring)).toBe(true);
      expect(d.groups).toBe(Math.floor(20 / d.strata.length));
      expect(d.groups).toBeGreaterThan(2);
      for (const n of [40, 120, 400]) {
        const big = withCalendar(n);
        expect(big.groups).toBe(Math.max(2, Math.min(20, Math.floor(n / big.strata.length))));
        expect(big.shards.flatMap((s) => s.slotIds).length).toBe(n);
      }
    });

    it('property: any fleet, any pattern of restoring slots, any n: a valid design', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 10, max: 300 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.option(fc.integer({ min: 2, max: 30 }), { nil: undefined }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          (devices, restoringShare, share, groups, seed) => {
            const fleetSc = fleet(devices);
            const fleetStarts = scenarioSlots(fleetSc);
            const days = simulationCalendar(fleetSc).days;
            const rng = createRandom(seed, 0);
            const restores = Uint16Array.from(fleetStarts, () => (rng.next() < restoringShare ? 1 + Math.floor(rng.next() * 3) : 0));
            const least = 2 * fleetSc.fleet!.profiles.length;
            const n = Math.min(fleetStarts.length, least + Math.round(share * (fleetStarts.length - least)));
            const d = sampleDesign(fleetSc, fleetStarts, { devices: n, seed, ...(groups ? { groups } : {}) }, days, restores);
            const slots = d.shards.flatMap((x) => x.slotIds);
            expect(slots.length).toBe(n);
            expect(new Set(slots).size).toBe(n);
            d.strata.forEach((h) => {
              expect(h.sampled).toBeLessThanOrEqual(h.slots);
              expect(h.sampled).toBeGreaterThanOrEqual(Math.min(h.slots, d.groups));
            });
            for (const x of d.shards) {
              const restoring = (d.strata[x.stratum] as { restoring: boolean }).restoring;
              if (restoring) for (const slot of x.slotIds) expect(restores[slot]).toBeGreaterThan(0);
              expect(Number.isFinite(x.weight) && x.weight > 0).toBe(true);
              for (const w of x.replicateWeights) expect(Number.isFinite(w) && w >= 0).toBe(true);
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    it("strata of 60 sampled slots or more weigh each month up to the month's GiB-days in service, in every replicate; smaller ones keep the size ratio", () => {
      const X = (slot: number, m: number) => cal.slotMonthGiBDays[slot * cal.months + m] as number;
      // A small sample: strata under 60 keep the size ratio only.
      const small = sampleDesign(sc, starts, { devices: 120, seed: 4, groups: 4 }, simulationCalendar(sc).days, cal.slotRestores, { months: cal.months, gibDays: cal.slotMonthGiBDays });
      for (const s of small.shards) expect(s.monthlyWeights !== undefined).toBe((small.strata[s.stratum] as { sampled: number }).sampled >= 60);
      // A large one: every stratum sampled with 60 or more (or whole, weighing 1), so each month's
      // weighted GiB-days are the fleet's, in the estimate and in every replicate.
      const d = sampleDesign(sc, starts, { devices: 1600, seed: 4, groups: 5 }, simulationCalendar(sc).days, cal.slotRestores, { months: cal.months, gibDays: cal.slotMonthGiBDays });
      expect(d.strata.every((h) => h.sampled >= 60 || h.sampled === h.slots)).toBe(true);
      expect(d.shards.some((s) => s.monthlyWeights)).toBe(true);
      for (let m = 0; m < cal.months; m++) {
        let fleetGiBDays = 0;
        for (let slot = 0; slot < starts.length; slot++) fleetGiBDays += X(slot, m);
        const weighted = (w: (s: (typeof d.shards)[number]) => number) => d.shards.reduce((a, s) => a + w(s) * s.slotIds.reduce((b, slot) => b + X(slot, m), 0), 0);
        expect(weighted((s) => s.monthlyWeights?.[m] ?? s.weight) / fleetGiBDays).toBeCloseTo(1, 9);
        for (let r = 0; r < d.groups; r++) expect(weighted((s) => s.monthlyReplicateWeights?.[r]?.[m] ?? (s.replicateWeights[r] as number)) / fleetGiBDays).toBeCloseTo(1, 9);
      }
    });

    it('is the plain design when the sample is too small to split, or nobody restores', () => {
      expect(withCalendar(6).strata.some((s) => s.restoring)).toBe(false);
      const plain = sampleDesign(sc, starts, { devices: 400, seed: 4 }, simulationCalendar(sc).days);
      expect(sampleDesign(sc, starts, { devices: 400, seed: 4 }, simulationCalendar(sc).days, new Uint16Array(starts.length))).toEqual(plain);
    });
  });

  it('refuses a sample smaller than 2 per profile or larger than the fleet', () => {
    expect(() => design(40, 3)).toThrow(RangeError);
    expect(() => design(40, 41)).toThrow(RangeError);
  });
});

describe('jackknife standard error', () => {
  it('(G−1)/G · Σ(θ_r − θ̂)²: replicates 9, 11 around 10 give √(½·2) = 1', () => {
    expect(jackknifeSE(10, [9, 11])).toBe(1);
  });
  it('equals s/√n for the mean of n values (delete-one jackknife of a mean)', () => {
    const x = [3, 7, 8, 12, 20];
    const n = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const leaveOut = x.map((_, i) => (mean * n - (x[i] as number)) / (n - 1));
    const s2 = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(jackknifeSE(mean, leaveOut)).toBeCloseTo(Math.sqrt(s2 / n), 12);
  });
});
