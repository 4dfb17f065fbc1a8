import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/fleet/random.js';
import { Dec } from '../../src/pricing/decimal.js';
import { centralValue, normalCdf, normalQuantile, quantile, swingRange } from '../../src/uncertainty/distributions.js';
import { latinHypercube } from '../../src/uncertainty/lhs.js';
import { percentile, percentiles } from '../../src/uncertainty/percentiles.js';

describe('distributions', () => {
  it('quantiles, worked by hand', () => {
    expect(quantile({ kind: 'uniform', low: 10, high: 30 }, 0.25)).toBe(15);
    // Triangular(0, 1, 2): CDF(x) = x²/2 below the mode, so u = 0.125 ↔ x = 0.5 and u = 0.5 ↔ x = 1.
    expect(quantile({ kind: 'triangular', low: 0, mode: 1, high: 2 }, 0.125)).toBeCloseTo(0.5, 12);
    expect(quantile({ kind: 'triangular', low: 0, mode: 1, high: 2 }, 0.5)).toBeCloseTo(1, 12);
    expect(quantile({ kind: 'triangular', low: 0, mode: 1, high: 2 }, 0.875)).toBeCloseTo(1.5, 12);
    // Standard normal tables: Φ(1.959964) = 0.975, z(0.9) = 1.281552.
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    // Untruncated in effect (bounds 10 sd away): the 90th percentile is mean + 1.2816 sd.
    expect(quantile({ kind: 'normal', mean: 50, sd: 5, low: 0, high: 100 }, 0.9)).toBeCloseTo(56.40776, 3);
    // Lognormal given by median 20 and p90 60: its 50th and 90th percentiles are those.
    const ln = { kind: 'lognormal', median: 20, p90: 60, low: 0, high: 1e6 } as const;
    expect(quantile(ln, 0.5)).toBeCloseTo(20, 5);
    expect(quantile(ln, 0.9)).toBeCloseTo(60, 3);
    // Discrete: cumulative weights 0.25 | 1.
    const d = { kind: 'discrete', choices: [30, 90], weights: [1, 3] } as const;
    expect([0, 0.2, 0.25, 0.9].map((u) => quantile(d, u))).toEqual([30, 30, 90, 90]);
  });

  it('central values: triangular mode, other kinds their median', () => {
    expect(centralValue({ kind: 'triangular', low: 0.5, mode: 1, high: 2 })).toBe(1);
    expect(centralValue({ kind: 'uniform', low: -10, high: 5 })).toBe(-2.5);
    expect(centralValue({ kind: 'normal', mean: 50, sd: 1, low: 0, high: 100 })).toBeCloseTo(50, 5);
    // Truncated at 0, three sd below the mean: the median of what remains moves up a little.
    expect(centralValue({ kind: 'normal', mean: 3, sd: 1, low: 0, high: 100 })).toBeGreaterThan(3);
    expect(swingRange({ kind: 'uniform', low: 0, high: 10 })).toEqual({ low: 1, high: 9 });
  });

  it('truncated draws stay within their bounds (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true }), (u, sd) => {
        const x = quantile({ kind: 'normal', mean: 1, sd, low: 0, high: 100 }, u);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(100);
      }),
      // Found by CI: mean + sd·z at the upper bound rounded to 100.00000000000001.
      { examples: [[1, 0.08768464830746386]] },
    );
  });
});

describe('Latin hypercube', () => {
  it('each of the n strata of every parameter is used by exactly one run (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, d, seed) => {
        const u = latinHypercube(n, d, createRandom(seed));
        expect(u).toHaveLength(n);
        for (let j = 0; j < d; j++) {
          const strata = u.map((row) => Math.floor((row[j] as number) * n)).sort((a, b) => a - b);
          expect(strata).toEqual(Array.from({ length: n }, (_, k) => k));
        }
      }),
    );
  });

  it('is deterministic per seed', () => {
    expect(latinHypercube(5, 3, createRandom(42))).toEqual(latinHypercube(5, 3, createRandom(42)));
    expect(latinHypercube(5, 3, createRandom(42))).not.toEqual(latinHypercube(5, 3, createRandom(43)));
  });
});

describe('percentiles (linear interpolation, Hyndman & Fan type 7)', () => {
  it('worked example: 1..5', () => {
    const xs = [5, 1, 4, 2, 3].map((v) => new Dec(v));
    // h = 4p: p10 → 0.4 → 1 + 0.4 × 1; p90 → 3.6 → 4 + 0.6 × 1.
    expect(percentile(xs, 0.1).toString()).toBe('1.4');
    expect(percentile(xs, 0.5).toString()).toBe('3');
    expect(percentile(xs, 0.9).toString()).toBe('4.6');
  });

  it('equal values give that value, digit for digit (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,6}\.\d{1,24}$/), fc.integer({ min: 1, max: 30 }), (text, n) => {
        const p = percentiles(Array.from({ length: n }, () => new Dec(text)));
        for (const v of [p.p10, p.p50, p.p90]) expect(v.toString()).toBe(new Dec(text).toString());
      }),
    );
  });

  it('are ordered and within the range of the values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 40 }), (xs) => {
        const p = percentiles(xs.map((x) => new Dec(x).div(100)));
        expect(p.p10.lte(p.p50) && p.p50.lte(p.p90)).toBe(true);
        expect(p.p10.gte(Math.min(...xs) / 100) && p.p90.lte(Math.max(...xs) / 100)).toBe(true);
      }),
    );
  });
});
