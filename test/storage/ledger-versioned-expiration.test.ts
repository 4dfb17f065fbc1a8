/**
 * Lifecycle Expiration of current versions in a versioning-enabled bucket (Amazon S3 User Guide,
 * "Expiring objects"): S3 adds a delete marker and the current version becomes noncurrent — still
 * billed in its class until NoncurrentVersionExpiration, counted from that midnight, removes it.
 * Hand-computed figures; March 2027 has 31 days, April 30, May 31 (day 31 = 1 April, day 61 = 1 May).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectLedger } from '../../src/storage/ledger.js';
import { STORAGE_CLASSES, type StorageClass } from '../../src/storage/classes.js';
import { compileSchedule } from '../../src/storage/lifecycle.js';
import { GIB, KIB } from '../../src/units.js';
import { oneLedger, qty, rule, runDays } from './ledger-helpers.js';

const K8 = (8 * KIB) / GIB;
const K32 = (32 * KIB) / GIB;
const MAR = '2027-03';
const APR = '2027-04';
const MAY = '2027-05';

/** Raw GiB-days metered on lines whose usage type contains `part` (every month and cause). */
function gibDays(l: ObjectLedger, part: string): number {
  return l.meter
    .snapshot()
    .series.filter((s) => s.key.usageType.includes(part))
    .reduce((sum, s) => sum + s.monthly.reduce((a, b) => a + b, 0), 0);
}

describe('ObjectLedger — Expiration in a versioning-enabled bucket ("Expiring objects")', () => {
  it('Expiration Days 30 + NoncurrentVersionExpiration 7: billed 30 days current, then 7 days noncurrent', () => {
    const rules = [rule('r', [], { expirationDays: 30, noncurrentExpirationDays: 7 })];
    const l = oneLedger({ initial: 'STANDARD', versioning: true, rules, months: 3 });
    // Written day 0 at 12:00: first midnight day 1; Expiration at midnight 31 (1 April) makes it
    // noncurrent; NoncurrentDays 7 removes it at midnight 38 (8 April).
    l.put(0, 0.5, 1, 2, 0, 'put');
    runDays(l, 0, 31);
    expect(l.expired(0, 0.5, 31)).toBe(true); // a GET now finds the delete marker
    expect(l.heldGiB()).toBe(2); // …but the version is still stored
    runDays(l, 0, l.days);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: MAR })).toBeCloseTo((2 * 30.5) / 31, 12);
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: APR })).toBeCloseTo((2 * 7) / 30, 12);
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: MAY })).toBe(0);
    // End of March: still current (the expiration is at the first midnight of April); end of April: gone.
    const cap = l.capacity();
    expect(cap[0]?.STANDARD).toMatchObject({ storedGiB: 2, objects: 1, noncurrentGiB: 0, noncurrentObjects: 0 });
    expect(cap[1]?.STANDARD?.storedGiB ?? 0).toBe(0);
    expect(cap[1]?.STANDARD?.noncurrentGiB ?? 0).toBe(0);
    expect(Array.from(l.objectsRemoved)).toEqual([0, 1, 0]);
    expect(l.heldGiB()).toBe(0);
    l.checkConservation();
  });

  it('the same rule in an unversioned bucket removes the object at the Expiration midnight (unchanged)', () => {
    const rules = [rule('r', [], { expirationDays: 30, noncurrentExpirationDays: 7 })];
    const l = oneLedger({ initial: 'STANDARD', versioning: false, rules, months: 3 });
    l.put(0, 0.5, 1, 2, 0, 'put');
    runDays(l, 0, l.days);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: MAR })).toBeCloseTo((2 * 30.5) / 31, 12);
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: APR })).toBe(0);
    expect(Array.from(l.objectsRemoved)).toEqual([0, 1, 0]); // the Expiration midnight is 1 April
    l.checkConservation();
  });

  it('without NoncurrentVersionExpiration the expired version is kept (and billed) to the end of the horizon', () => {
    const l = oneLedger({ initial: 'STANDARD', versioning: true, rules: [rule('r', [], { expirationDays: 30 })], months: 3 });
    l.put(0, 0.5, 1, 2, 0, 'put');
    runDays(l, 0, l.days);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: MAR })).toBeCloseTo((2 * 30.5) / 31, 12);
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: APR })).toBeCloseTo(2, 12);
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: MAY })).toBeCloseTo(2, 12);
    expect(l.capacity()[2]?.STANDARD).toMatchObject({ storedGiB: 0, objects: 0, noncurrentGiB: 2, noncurrentObjects: 1 });
    expect(Array.from(l.objectsRemoved)).toEqual([0, 0, 0]);
    expect(l.heldGiB()).toBe(2);
    l.checkConservation();
  });

  it('STANDARD_IA: the 30-day minimum counts from class entry (creation) to the noncurrent expiration', () => {
    const rules = [rule('r', [], { expirationDays: 20, noncurrentExpirationDays: 5 })];
    const l = oneLedger({ initial: 'STANDARD_IA', versioning: true, rules, months: 2 });
    // Written 0.5; noncurrent at midnight 21; removed at midnight 26: 25.5 days in SIA, 4.5 short of 30.
    l.put(0, 0.5, 1, 1, 0, 'put');
    runDays(l, 0, l.days);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-SIA-ByteHrs', { cause: 'storage' })).toBeCloseTo(25.5 / 31, 12);
    expect(qty(lines, 'EarlyDelete-SIA', { month: MAR })).toBeCloseTo(4.5 / 31, 12);
    // Unversioned, the same object would have gone at midnight 21: 20.5 stored + 9.5 early = 30 too.
    const u = oneLedger({ initial: 'STANDARD_IA', versioning: false, rules, months: 2 });
    u.put(0, 0.5, 1, 1, 0, 'put');
    runDays(u, 0, u.days);
    expect(qty(u.meter.lines(), 'TimedStorage-SIA-ByteHrs', { cause: 'storage' })).toBeCloseTo(20.5 / 31, 12);
    expect(qty(u.meter.lines(), 'EarlyDelete-SIA', { month: MAR })).toBeCloseTo(9.5 / 31, 12);
  });

  it('GLACIER: the 90-day minimum counts from the transition midnight, not from becoming noncurrent', () => {
    const rules = [rule('r', [{ days: 10, storageClass: 'GLACIER' }], { expirationDays: 40, noncurrentExpirationDays: 30 })];
    const l = oneLedger({ initial: 'STANDARD', versioning: true, rules, months: 3 });
    // First midnight 1; GLACIER from midnight 11; noncurrent (still GLACIER) at 41; removed at 71
    // (11 May): 60 days in GLACIER, 30 short of 90, billed on 40 KiB-overhead-inclusive size.
    l.put(0, 0.5, 1, 1, 0, 'put');
    runDays(l, 0, l.days);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'storage' })).toBeCloseTo(10.5 / 31, 12);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(20 / 31, 12);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'storage', month: APR })).toBeCloseTo(1, 12);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'storage', month: MAY })).toBeCloseTo(10 / 31, 12);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'overhead' })).toBeCloseTo(K32 * (20 / 31 + 1 + 10 / 31), 15);
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'overhead' })).toBeCloseTo(K8 * (20 / 31 + 1 + 10 / 31), 15);
    expect(qty(lines, 'EarlyDelete-ByteHrs', { month: MAY })).toBeCloseTo(((1 + K32) * 30) / 31, 12);
    expect(qty(lines, 'Requests-Tier3', { operation: 'S3-GlacierTransition' })).toBe(1);
    l.checkConservation();
  });

  it('NoncurrentVersionTransition applies from the Expiration midnight', () => {
    const rules = [rule('r', [], { expirationDays: 30, noncurrentTransitions: [{ days: 0, storageClass: 'DEEP_ARCHIVE' }] })];
    const l = oneLedger({ initial: 'STANDARD', versioning: true, rules, months: 2 });
    l.put(0, 0.5, 1, 1, 0, 'put');
    runDays(l, 0, l.days);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'storage' })).toBeCloseTo(30.5 / 31, 12);
    expect(qty(lines, 'TimedStorage-GDA-ByteHrs', { cause: 'storage', month: APR })).toBeCloseTo(1, 12);
    expect(qty(lines, 'Requests-Tier3', { operation: 'S3-GDATransition', month: APR })).toBe(1);
    expect(l.capacity()[1]?.DEEP_ARCHIVE).toMatchObject({ noncurrentGiB: 1, noncurrentObjects: 1, storedGiB: 0 });
  });
});

describe('ObjectLedger — versioned Expiration, property', () => {
  it('an Expiration in a versioned bucket never bills fewer GiB-days (storage + early delete) than removing at once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StorageClass>('STANDARD', 'STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING'),
        fc.integer({ min: 1, max: 200 }),
        // A NoncurrentVersionExpiration, and a horizon (20 months, 610 days) that sees it: S3 bills a
        // version's early delete when it is removed, so one kept past the horizon is not compared.
        fc.integer({ min: 1, max: 200 }),
        fc.option(fc.constantFrom<StorageClass>('GLACIER', 'DEEP_ARCHIVE'), { nil: undefined }),
        fc.array(fc.record({ t: fc.double({ min: 0, max: 150, noNaN: true }), n: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 8 }),
        (initial, exp, ncExp, ncTo, puts) => {
          const noncurrentTransitions = ncTo && initial !== ncTo && initial !== 'DEEP_ARCHIVE' ? [{ days: 1, storageClass: ncTo }] : [];
          const ncExpDays = noncurrentTransitions.length > 0 ? Math.max(ncExp, 2) : ncExp;
          const rules = [rule('r', [], { expirationDays: exp, noncurrentTransitions, noncurrentExpirationDays: ncExpDays })];
          const run = (versioning: boolean) => {
            const l = oneLedger({ initial, versioning, rules, months: 20 });
            const sorted = [...puts].sort((a, b) => a.t - b.t);
            for (const p of sorted) {
              runDays(l, 0, Math.floor(p.t));
              l.put(0, p.t, p.n, p.n * 0.1, 0, 'put');
            }
            runDays(l, 0, l.days);
            l.checkConservation();
            return gibDays(l, 'TimedStorage') + gibDays(l, 'EarlyDelete');
          };
          const removedAtOnce = run(false);
          // Equal when the noncurrent versions leave at once or the class minimum covers the wait (float sums: relative slack).
          expect(run(true)).toBeGreaterThanOrEqual(removedAtOnce * (1 - 1e-12) - 1e-12);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('ObjectLedger — versioned Expiration of objects already in the bucket (initial inventory)', () => {
  const lifecycle = { rules: [rule('r', [], { expirationDays: 30, noncurrentExpirationDays: 7 })], minTransitionSize: 'all_storage_classes_128K' as const };
  const shape = { key: 'backups/{device}/x', sizeBytes: 2 ** 30 };
  const existing = (versioning: boolean, cls: StorageClass = 'STANDARD_IA', age = 20.5) => {
    const l = oneLedger({ initial: cls, versioning, months: 2 });
    // 1 GiB, `age` days old at the start (k0 = floor(age)): Expiration (k = 30) at midnight 30 − k0.
    l.seedExisting([
      {
        schedule: compileSchedule(lifecycle, shape, cls),
        storageClass: cls,
        k0: Math.floor(age),
        ageDays: age,
        count: 1,
        gib: 1,
        padGib: 0,
        monitored: true,
        noncurrent: false,
        noncurrentSchedules: Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(lifecycle, shape, c, 'noncurrent')])),
      },
    ]);
    runDays(l, 0, l.days);
    l.checkConservation();
    return l.meter.lines();
  };

  it('versioned: noncurrent at midnight 10, removed at 17; the 30-day minimum counts from entry (20.5 days before the start)', () => {
    const lines = existing(true);
    expect(qty(lines, 'TimedStorage-SIA-ByteHrs', { cause: 'storage' })).toBeCloseTo(17 / 31, 12);
    // In SIA 20.5 + 17 = 37.5 days ≥ 30: no early delete.
    expect(qty(lines, 'EarlyDelete-SIA')).toBe(0);
  });

  it('GLACIER, 10.5 days old: noncurrent at midnight 20, removed at 27, 37.5 days in class: 52.5 days early', () => {
    const lines = existing(true, 'GLACIER', 10.5);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'storage' })).toBeCloseTo(27 / 31, 12);
    expect(qty(lines, 'EarlyDelete-ByteHrs', { month: MAR })).toBeCloseTo(((1 + K32) * 52.5) / 31, 12);
    const unversioned = existing(false, 'GLACIER', 10.5); // removed at 20: 30.5 days in class, 59.5 early
    expect(qty(unversioned, 'EarlyDelete-ByteHrs', { month: MAR })).toBeCloseTo(((1 + K32) * 59.5) / 31, 12);
  });

  it('unversioned: removed at midnight 10 (20.5 + 10 days in SIA: nothing early)', () => {
    const lines = existing(false);
    expect(qty(lines, 'TimedStorage-SIA-ByteHrs', { cause: 'storage' })).toBeCloseTo(10 / 31, 12);
    expect(qty(lines, 'EarlyDelete-SIA')).toBe(0);
  });
});
