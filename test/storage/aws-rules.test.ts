/**
 * Hand-computed histories for the ledger rules an audit found wrong, each checked in quantities
 * and in dollars (bundled us-east-1 prices). Sources: S3 User Guide, "Transitioning objects using
 * Amazon S3 Lifecycle" (billing changes at eligibility), "Restoring an archived object" (copy
 * expiry rounded to midnight UTC), "How S3 Intelligent-Tiering works" (access moves objects back
 * to Frequent Access).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { price } from '../../src/pricing/price.js';
import { INT_TIERS } from '../../src/storage/classes.js';
import type { IntelligentTieringConfig } from '../../src/storage/ledger.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { GIB, KIB, type MonthKey } from '../../src/units.js';
import type { UsageLine } from '../../src/usage/usage-line.js';
import { at, oneLedger, qty, rule, runDays } from './ledger-helpers.js';

const K8 = (8 * KIB) / GIB;
const K32 = (32 * KIB) / GIB;

/** Σ cost of the priced lines matching a usage type (and operation / cause). */
function cost(lines: UsageLine[], usageType: string, filter: { operation?: string; cause?: string } = {}): number {
  const bill = price(lines, bundledPriceBook());
  return bill.lines
    .filter((l) => l.usage.usageType === usageType && (filter.operation === undefined || l.usage.operation === filter.operation) && (!filter.cause || l.usage.cause === filter.cause))
    .reduce((a, l) => a.plus(l.cost), new Dec(0))
    .toNumber();
}

describe('a delete on the day of a lifecycle transition is a delete from the new class', () => {
  it('1 GiB in STANDARD_IA, GLACIER after 10 days, deleted on day 10 at 12:00', () => {
    // March 2027 (31 days). Written 1 Mar 00:00 → eligible for GLACIER at 11 Mar 00:00 (day 10).
    const l = oneLedger({ initial: 'STANDARD_IA', rules: [rule('g', [{ days: 10, storageClass: 'GLACIER' }])] });
    l.put(0, 0, 1, 1, 0, 'put');
    at(l, 10.5).delete(0, 0, 10.5, 1, 1, 0);
    runDays(l, 0, 61);
    const lines = l.meter.lines();
    expect(qty(lines, 'Requests-Tier3', { operation: 'S3-GlacierTransition' })).toBe(1);
    expect(cost(lines, 'Requests-Tier3', { operation: 'S3-GlacierTransition' })).toBeCloseTo(0.00003, 15);
    // STANDARD_IA left after 10 of its 30 days: 20 days early.
    expect(qty(lines, 'EarlyDelete-SIA')).toBeCloseTo(20 / 31, 12);
    expect(cost(lines, 'EarlyDelete-SIA')).toBeCloseTo((0.0125 * 20) / 31, 12);
    expect(qty(lines, 'TimedStorage-SIA-ByteHrs')).toBeCloseTo(10 / 31, 12);
    // Half a day in GLACIER (with its 40 KiB overhead), then deleted 89.5 days early.
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'storage' })).toBeCloseTo(0.5 / 31, 12);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'overhead' })).toBeCloseTo((K32 * 0.5) / 31, 15);
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'overhead' })).toBeCloseTo((K8 * 0.5) / 31, 15);
    expect(qty(lines, 'EarlyDelete-ByteHrs')).toBeCloseTo(((1 + K32) * 89.5) / 31, 12);
    expect(cost(lines, 'EarlyDelete-ByteHrs')).toBeCloseTo((0.0036 * (1 + K32) * 89.5) / 31, 12);
    l.checkConservation();
  });

  it('an expiration at the same midnight wins: the delete that day finds nothing to delete', () => {
    const l = oneLedger({ initial: 'STANDARD', rules: [rule('x', [], { expirationDays: 10 })] });
    l.put(0, 0, 1, 1, 0, 'put');
    at(l, 10.5).delete(0, 0, 10.5, 1, 1, 0);
    runDays(l, 0, 61);
    expect(qty(l.meter.lines(), 'TimedStorage-ByteHrs')).toBeCloseTo(10 / 31, 12);
    l.checkConservation();
  });

  it('objects written exactly at midnight with a Days-0 rule move at once (transition billed, no day in STANDARD)', () => {
    const l = oneLedger({ initial: 'STANDARD', rules: [rule('g0', [{ days: 0, storageClass: 'DEEP_ARCHIVE' }])] });
    at(l, 3).put(0, 3, 2, 1, 0, 'put');
    runDays(l, 0, 31);
    const lines = l.meter.lines();
    expect(qty(lines, 'Requests-Tier3', { operation: 'S3-GDATransition' })).toBe(2);
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'storage' })).toBe(0);
    expect(qty(lines, 'TimedStorage-GDA-ByteHrs', { cause: 'storage' })).toBeCloseTo(28 / 31, 12);
  });
});

describe('a restored copy expires at the midnight UTC after completion + Days', () => {
  it('GLACIER Standard restore completing 15 Oct 10:30 with Days 3 is billed until 19 Oct 00:00', () => {
    const l = oneLedger({ initial: 'GLACIER', startMonth: '2027-10' as MonthKey });
    l.put(0, 0, 1, 2, 0, 'put');
    // Requested 15 Oct 05:30 (day 14); Standard takes up to 5 hours → available 10:30.
    const t = 14 + 5.5 / 24;
    at(l, t).restore(0, 0, t, 1, 2, 'standard', 3);
    runDays(l, 0, 61);
    const lines = l.meter.lines();
    const copyDays = 18 - (14 + 10.5 / 24); // 3 days 13 h 30 min
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'restored-copy' })).toBeCloseTo((2 * copyDays) / 31, 12);
    expect(cost(lines, 'TimedStorage-ByteHrs', { cause: 'restored-copy' })).toBeCloseTo((0.023 * 2 * copyDays) / 31, 12);
    expect(qty(lines, 'Requests-Tier3', { operation: 'RestoreObject' })).toBe(1);
    expect(qty(lines, 'Standard-Retrieval-Bytes', { operation: 'RestoreObject' })).toBe(2);
  });
});

describe('Intelligent-Tiering: access moves objects back to Frequent Access and restarts their clock', () => {
  // March–June 2027: 31 + 30 + 31 + 30 days; day 31 is 1 April, day 61 is 1 May, day 92 is 1 June.
  it('1 GiB written 1 Mar 00:00, read on 10 Apr at 12:00 (in Infrequent Access)', () => {
    const l = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 4 });
    l.put(0, 0, 1, 1, 0, 'put');
    const a0 = at(l, 40.5).get(0, 0, 40.5, 1, 1, 'restore');
    expect(a0).toBe(41);
    runDays(l, 0, 122);
    const lines = l.meter.lines();
    const fa = (month: string) => qty(lines, 'TimedStorage-INT-FA-ByteHrs', { month });
    const ia = (month: string) => qty(lines, 'TimedStorage-INT-IA-ByteHrs', { month });
    // FA days 0–29, IA from day 30; the read at 40.5 → FA again, IA 30 idle days after midnight 41 (day 71).
    expect(fa('2027-03')).toBeCloseTo(30 / 31, 12);
    expect(ia('2027-03')).toBeCloseTo(1 / 31, 12);
    expect(ia('2027-04')).toBeCloseTo(9.5 / 30, 12);
    expect(fa('2027-04')).toBeCloseTo(20.5 / 30, 12);
    expect(fa('2027-05')).toBeCloseTo(10 / 31, 12);
    expect(ia('2027-05')).toBeCloseTo(21 / 31, 12);
    expect(ia('2027-06')).toBeCloseTo(1, 12);
    expect(qty(lines, 'TimedStorage-INT-AIA-ByteHrs')).toBe(0);
    expect(qty(lines, 'Requests-INT-Tier2')).toBe(1);
    expect(qty(lines, 'Monitoring-Automation-INT', { month: '2027-05' })).toBeCloseTo(1, 12);
    // In dollars (FA 0.023, IA 0.0125 per GB-Mo): April = 20.5/30 × 0.023 + 9.5/30 × 0.0125.
    const april = price(lines.filter((x) => x.month === '2027-04' && x.cause === 'storage'), bundledPriceBook()).totals.total.toNumber();
    expect(april).toBeCloseTo((20.5 / 30) * 0.023 + (9.5 / 30) * 0.0125, 12);
  });

  it('Archive Access: a GET is refused (billed, not an access); a Standard restore is free and completes as an access', () => {
    // March–July 2027 (153 days); Archive Access after 90 days without access.
    const l = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 5, intelligentTiering: { archiveAccessDays: 90 } });
    l.put(0, 0, 1, 1, 0, 'put');
    expect(at(l, 100).intTierAt(0, 0, 100)).toBe('AA');
    expect(l.get(0, 0, 100, 1, 1, 'get')).toBeUndefined();
    expect(l.readable(0, 0, 100)).toBe(false);
    const done = l.restore(0, 0, 100, 1, 1, 'standard', 7);
    expect(done).toBeCloseTo(100 + 5 / 24, 12); // Standard: 3–5 hours for Archive Access
    runDays(l, 0, 153);
    const lines = l.meter.lines();
    // AA days 90–99 and the first 5 hours of day 100 (days 90–91 in May, the rest in June); then FA
    // until 30 idle days after midnight 101 (day 130, in July), then IA.
    const aaGbMo = 2 / 31 + (8 + 5 / 24) / 30;
    expect(qty(lines, 'TimedStorage-INT-AA-ByteHrs', { cause: 'storage' })).toBeCloseTo(aaGbMo, 12);
    expect(qty(lines, 'TimedStorage-INT-FA-ByteHrs', { cause: 'storage' })).toBeCloseTo(30 / 31 + (19 / 24 + 21) / 30 + 9 / 31, 12);
    expect(qty(lines, 'TimedStorage-INT-IA-ByteHrs', { cause: 'storage' })).toBeCloseTo(1 / 31 + 30 / 30 + 29 / 31 + 22 / 31, 12);
    // 40 KiB archive overhead while in Archive Access: 8 KiB at STANDARD, 32 KiB at the AA rate.
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'overhead' })).toBeCloseTo(K8 * aaGbMo, 15);
    expect(qty(lines, 'TimedStorage-INT-AA-ByteHrs', { cause: 'overhead' })).toBeCloseTo(K32 * aaGbMo, 15);
    // The refused GET is billed; the Standard restore costs nothing and leaves no temporary copy.
    expect(qty(lines, 'Requests-INT-Tier2')).toBe(1);
    expect(lines.filter((x) => x.cause === 'restore' || x.cause === 'retrieval' || x.cause === 'restored-copy')).toEqual([]);
    expect(l.intTierAt(0, 0, 101, 101)).toBe('FA');
  });

  it('an Expedited restore from Archive Access is billed at the Expedited request and per-GB rates', () => {
    const l = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 5, intelligentTiering: { archiveAccessDays: 90 } });
    l.put(0, 0, 4, 2, 0, 'put');
    at(l, 120).restore(0, 0, 120, 4, 2, 'expedited', 1);
    const lines = l.meter.lines();
    expect(qty(lines, 'Requests-Tier6', { operation: 'RestoreObject' })).toBe(4);
    expect(qty(lines, 'Expedited-Retrieval-Bytes', { operation: 'RestoreObject' })).toBe(2);
    expect(cost(lines, 'Requests-Tier6')).toBeCloseTo(0.04, 12); // 4 × $10 / 1,000
  });

  it('properties: a GET never makes an object colder; without access its tier never moves back', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 24 * 300 }), { maxLength: 6 }).map((xs) => xs.sort((a, b) => a - b).map((h) => h / 24)),
        fc.constantFrom<IntelligentTieringConfig>({}, { archiveAccessDays: 90 }, { deepArchiveAccessDays: 180 }, { archiveAccessDays: 120, deepArchiveAccessDays: 200 }),
        (reads, it) => {
          const l = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 11, intelligentTiering: it });
          const idle = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 11, intelligentTiering: it });
          l.put(0, 0, 1, 1, 0, 'put');
          idle.put(0, 0, 1, 1, 0, 'put');
          let a0: number | undefined;
          let next = 0;
          let previousIdle = 0;
          for (let d = 0; d < 330; d++) {
            while (next < reads.length && Math.floor(reads[next] as number) === d) {
              const t = reads[next++] as number;
              if (l.readable(0, 0, t, a0)) a0 = l.get(0, 0, t, 1, 1, 'verification', a0) ?? a0;
            }
            const tier = INT_TIERS.indexOf(l.intTierAt(0, 0, d + 0.5, a0)!);
            const idleTier = INT_TIERS.indexOf(idle.intTierAt(0, 0, d + 0.5)!);
            expect(tier).toBeLessThanOrEqual(idleTier);
            expect(idleTier).toBeGreaterThanOrEqual(previousIdle);
            previousIdle = idleTier;
            l.endDay(d);
            idle.endDay(d);
          }
          // Same bytes stored either way: access moves objects between tiers, never in or out.
          const gibDays = (x: typeof l) =>
            x.meter.lines().filter((u) => u.cause === 'storage').reduce((a, u) => a + u.quantity * 30, 0);
          expect(gibDays(l)).toBeCloseTo(gibDays(idle), 6);
        },
      ),
      { numRuns: 60 },
    );
  });
});
