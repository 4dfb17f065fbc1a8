/**
 * Hand-computed histories for the ledger rules an audit found wrong, each checked in quantities
 * and in dollars (bundled us-east-1 prices). Sources: S3 User Guide, "Transitioning objects using
 * Amazon S3 Lifecycle" (billing changes at eligibility), "Restoring an archived object" (copy
 * expiry rounded to midnight UTC), "How S3 Intelligent-Tiering works" (access moves objects back
 * to Frequent Access).
 */
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { price } from '../../src/pricing/price.js';
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
