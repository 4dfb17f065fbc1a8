import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/pricing/decimal.js';
import { splitTiers, type Tier } from '../../src/pricing/tiers.js';

const d = (v: string | number) => new Dec(v);
/** us-east-1 Standard storage: 0–51,200–512,000–Inf GB-Mo at 0.023 / 0.022 / 0.021 (S3 pricing page). */
const STANDARD: Tier[] = [
  { begin: d(0), end: d(51200), rate: d('0.023') },
  { begin: d(51200), end: d(512000), rate: d('0.022') },
  { begin: d(512000), end: d(Infinity), rate: d('0.021') },
];
const plain = (buckets: ReturnType<typeof splitTiers>) => buckets.map((b) => [b.begin.toString(), b.quantity.toString(), b.cost.toString()]);

describe('splitTiers', () => {
  it('splits 52,900 GB-Mo as the S3 FAQ does: 51,200 × 0.023 + 1,700 × 0.022', () => {
    expect(plain(splitTiers(STANDARD, d(0), d(52900)))).toEqual([
      ['0', '51200', '1177.6'],
      ['51200', '1700', '37.4'],
    ]);
  });

  it('starts where the month’s earlier lines of the same key stopped', () => {
    expect(plain(splitTiers(STANDARD, d(51000), d(300)))).toEqual([
      ['0', '200', '4.6'],
      ['51200', '100', '2.2'],
    ]);
    expect(plain(splitTiers(STANDARD, d(600000), d(10)))).toEqual([['512000', '10', '0.21']]);
  });

  it('spans all three tiers', () => {
    expect(plain(splitTiers(STANDARD, d(0), d(600000)))).toEqual([
      ['0', '51200', '1177.6'],
      ['51200', '460800', '10137.6'],
      ['512000', '88000', '1848'],
    ]);
  });

  it('a zero quantity keeps one empty bucket at the tier its offset is in (so a report can show the rate)', () => {
    expect(plain(splitTiers(STANDARD, d(51200), d(0)))).toEqual([['51200', '0', '0']]);
  });

  it('refuses a negative quantity as a bug, not a silent zero', () => {
    expect(() => splitTiers(STANDARD, d(0), d(-1))).toThrow(/internal invariant/);
  });

  describe('properties', () => {
    /** Random contiguous tiers from 0 to Inf with random rates. */
    const tiersArb = fc
      .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 5 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 6, maxLength: 6 }))
      .map(([cuts, rates]) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b)];
        return bounds.map((b, i): Tier => ({ begin: d(b), end: d(bounds[i + 1] ?? Infinity), rate: d(rates[i]!).div(1e7) }));
      });
    const amount = fc.integer({ min: 0, max: 2_000_000 }).map((n) => d(n).div(1024)); // exact in binary and decimal

    it('tier buckets sum to the quantity, lie in their tiers, and cost quantity × rate', () => {
      fc.assert(
        fc.property(tiersArb, amount, amount, (tiers, offset, q) => {
          const buckets = splitTiers(tiers, offset, q);
          expect(sum(buckets.map((b) => b.quantity)).eq(q)).toBe(true);
          for (const b of buckets) {
            expect(b.quantity.lte(b.end.minus(b.begin))).toBe(true);
            expect(b.cost.eq(b.quantity.times(b.rate))).toBe(true);
          }
        }),
      );
    });

    it('splitting a quantity into two consecutive lines gives the same cost per tier', () => {
      fc.assert(
        fc.property(tiersArb, amount, amount, (tiers, a, b) => {
          const whole = splitTiers(tiers, d(0), a.plus(b));
          const parts = [...splitTiers(tiers, d(0), a), ...splitTiers(tiers, a, b)];
          expect(sum(parts.map((x) => x.cost)).eq(sum(whole.map((x) => x.cost)))).toBe(true);
        }),
      );
    });
  });
});
