import { describe, expect, it } from 'vitest';
import { applyPriceChanges } from '../../src/pricing/changes.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { ScenarioError } from '../../src/errors.js';

const book = bundledPriceBook();
const rate = (b: typeof book, region: string, usageType: string) => b.prices.find((p) => p.region === region && p.usageType === usageType)!.tiers.map((t) => t.rate);

describe('prices.changes', () => {
  it('multiplies every tier rate of the matching usage types, in Decimal', () => {
    const changed = applyPriceChanges(book, [{ pattern: '*TimedStorage-GDA-ByteHrs', pct: 10 }]);
    // us-east-1 Deep Archive storage: 0.00099 × 1.10 = 0.001089, exactly.
    expect(rate(book, 'us-east-1', 'TimedStorage-GDA-ByteHrs')).toEqual(['0.0009900000']);
    expect(rate(changed, 'us-east-1', 'TimedStorage-GDA-ByteHrs')).toEqual(['0.001089']);
    // Every region's prefix matches '*'; other usage types are untouched.
    expect(rate(changed, 'ap-south-1', 'APS3-TimedStorage-GDA-ByteHrs')[0]).not.toBe(rate(book, 'ap-south-1', 'APS3-TimedStorage-GDA-ByteHrs')[0]);
    expect(rate(changed, 'us-east-1', 'TimedStorage-ByteHrs')).toEqual(rate(book, 'us-east-1', 'TimedStorage-ByteHrs'));
    expect(changed.id).toBe(`${book.id}+changes`);
    expect(changed.provenance.notes.at(-1)).toBe("rates changed by the scenario's prices.changes: *TimedStorage-GDA-ByteHrs +10%");
  });

  it('the first matching pattern wins; -100 % makes a rate zero', () => {
    const changed = applyPriceChanges(book, [
      { pattern: 'TimedStorage-GDA-ByteHrs', pct: -100 },
      { pattern: '*GDA-ByteHrs', pct: 50 },
    ]);
    expect(rate(changed, 'us-east-1', 'TimedStorage-GDA-ByteHrs')).toEqual(['0']);
    // ap-south-1: 0.002 × 1.5.
    expect(rate(changed, 'ap-south-1', 'APS3-TimedStorage-GDA-ByteHrs')).toEqual(['0.003']);
  });

  it('no changes: the very same book', () => {
    expect(applyPriceChanges(book, [])).toBe(book);
  });

  it('a pattern that matches nothing is a ScenarioError naming it', () => {
    expect(() => applyPriceChanges(book, [{ pattern: 'TimedStorge*', pct: 5 }], 's.yaml')).toThrow(ScenarioError);
    try {
      applyPriceChanges(book, [{ pattern: 'TimedStorge*', pct: 5 }], 's.yaml');
    } catch (e) {
      expect((e as ScenarioError).lines()).toEqual([`s.yaml: prices.changes.TimedStorge*: 'TimedStorge*' matches no usage type of price book ${book.id} (write AWS's usage type, with * for any characters, e.g. '*TimedStorage-GDA-ByteHrs')`]);
    }
  });
});
