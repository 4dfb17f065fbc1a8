import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countChanges, diffPriceBooks, sharedRegions } from '../../src/pricing/diff.js';
import type { PriceBook, PriceEntry } from '../../src/pricing/price-book.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';

const bundled = bundledPriceBook();

/** A copy of `book` with `edit` applied to each entry (return undefined to drop it), plus `add`. */
function edited(book: PriceBook, edit: (e: PriceEntry) => PriceEntry | undefined, add: PriceEntry[] = []): PriceBook {
  return { ...book, id: `${book.id}-edited`, prices: [...book.prices.map(edit).filter((e): e is PriceEntry => e !== undefined), ...add] };
}
const is = (ut: string, region = 'us-east-1') => (e: PriceEntry) => e.region === region && e.usageType === ut;

describe('prices diff', () => {
  it('finds no change between a book and itself, nor where only the spelling of a decimal differs', () => {
    expect(diffPriceBooks(bundled, bundled)).toEqual([]);
    const respelled = edited(bundled, (e) => ({ ...e, tiers: e.tiers.map((t) => ({ ...t, rate: t.rate.replace(/\.?0+$/, '') })) }));
    expect(respelled.prices[0]!.tiers[0]!.rate).toBe('0.023');
    expect(diffPriceBooks(bundled, respelled)).toEqual([]);
  });

  it('reports a rate change per tier with the relative change, a tier change, an added and a removed price', () => {
    const b = edited(
      bundled,
      (e) => {
        if (is('TimedStorage-ByteHrs')(e)) return { ...e, tiers: [{ ...e.tiers[0]!, rate: '0.0240000000' }, ...e.tiers.slice(1)] };
        if (is('DataTransfer-Out-Bytes')(e)) return { ...e, tiers: [{ begin: '0', end: 'Inf', rate: '0.0900000000' }] };
        if (is('Monitoring-Automation-INT')(e)) return undefined;
        return e;
      },
      [{ region: 'us-east-1', usageType: 'TimedStorage-XYZ-ByteHrs', operation: '', unit: 'GB-Mo', tiers: [{ begin: '0', end: 'Inf', rate: '0.0010000000' }], serviceCode: 'AmazonS3' }],
    );
    const changes = diffPriceBooks(bundled, b);
    expect(countChanges(changes)).toEqual({ rate: 1, tiers: 1, added: 1, removed: 1 });
    const rate = changes.find((c) => c.kind === 'rate');
    expect(rate).toMatchObject({
      key: 'us-east-1|TimedStorage-ByteHrs|',
      rates: [{ begin: '0', end: '51200', before: '0.0230000000', after: '0.0240000000' }],
    });
    // (0.024 − 0.023) ÷ 0.023 × 100, exact to 40 digits.
    expect(rate?.kind === 'rate' && rate.rates[0]!.changePct?.slice(0, 12)).toBe('4.3478260869');
    expect(changes.find((c) => c.kind === 'tiers')?.key).toBe('us-east-1|DataTransfer-Out-Bytes|');
    expect(changes.find((c) => c.kind === 'added')?.key).toBe('us-east-1|TimedStorage-XYZ-ByteHrs|');
    expect(changes.at(-1)).toMatchObject({ kind: 'removed', key: 'us-east-1|Monitoring-Automation-INT|' });
  });

  it('treats a unit change as a tier change, and a rate from zero as a new charge (no percentage)', () => {
    const b = edited(bundled, (e) => {
      if (is('TimedStorage-SIA-ByteHrs')(e)) return { ...e, unit: 'GB' };
      if (is('Requests-Tier5')(e)) return { ...e, tiers: [{ ...e.tiers[0]!, rate: '0.0100000000' }, ...e.tiers.slice(1)] };
      return e;
    });
    const changes = diffPriceBooks(bundled, b);
    expect(changes.map((c) => c.kind)).toEqual(['tiers', 'rate']);
    const rate = changes[1]!;
    expect(rate.kind === 'rate' && rate.rates[0]).toEqual({ begin: '0', end: 'Inf', before: '0.0000000000', after: '0.0100000000' });
  });

  it('compares only the regions asked for, by default those both books cover', () => {
    const one: PriceBook = { ...bundled, id: 'one', regions: ['ap-south-1'], prices: bundled.prices.filter((e) => e.region === 'ap-south-1') };
    expect(sharedRegions(bundled, one)).toEqual(['ap-south-1']);
    expect(diffPriceBooks(bundled, one)).toEqual([]);
    // us-east-1's 63 bucket prices and its 18 resource prices (src/resources/keys.ts).
    expect(countChanges(diffPriceBooks(bundled, one, ['us-east-1', 'ap-south-1'])).removed).toBe(63 + 18);
  });

  it('properties: changing k rates gives k rate changes; added one way is removed the other way', () => {
    const usEast = bundled.prices.filter((e) => e.region === 'us-east-1');
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: usEast.length - 1 }), { maxLength: 10 }), fc.uniqueArray(fc.nat({ max: usEast.length - 1 }), { maxLength: 10 }), (bump, drop) => {
        const b = edited(bundled, (e) => {
          const i = usEast.indexOf(e);
          if (drop.includes(i)) return undefined;
          if (!bump.includes(i)) return e;
          return { ...e, tiers: e.tiers.map((t) => ({ ...t, rate: `${t.rate}1` })) };
        });
        const forward = countChanges(diffPriceBooks(bundled, b));
        expect(forward.rate).toBe(bump.filter((i) => !drop.includes(i)).length);
        expect(forward.removed).toBe(drop.length);
        const backward = countChanges(diffPriceBooks(b, bundled));
        expect(backward.added).toBe(forward.removed);
        expect(backward.rate).toBe(forward.rate);
      }),
    );
  });
});
