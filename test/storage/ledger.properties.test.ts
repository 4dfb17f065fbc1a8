import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASS_INFO, STORAGE_CLASSES, type StorageClass } from '../../src/storage/classes.js';
import type { ObjectLedger } from '../../src/storage/ledger.js';
import { classAtK } from '../../src/storage/lifecycle.js';
import { at, oneLedger, rule, runDays } from './ledger-helpers.js';

/** Raw GiB-days metered for a usage type (all months, all causes given). */
function gibDays(l: ObjectLedger, usageType: string, cause?: string): number {
  return l.meter
    .snapshot()
    .series.filter((s) => s.key.usageType === usageType && (!cause || s.cause === cause))
    .reduce((sum, s) => sum + s.monthly.reduce((a, b) => a + b, 0), 0);
}

const minClasses = STORAGE_CLASSES.filter((c) => CLASS_INFO[c].minDays > 0);

describe('ObjectLedger properties', () => {
  it('bytes are conserved across any sequence of puts, deletes, transitions and expirations', () => {
    const transitions = fc.uniqueArray(
      fc.record({ days: fc.integer({ min: 0, max: 200 }), storageClass: fc.constantFrom<StorageClass>('GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE') }),
      { maxLength: 2, selector: (t) => t.storageClass },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<StorageClass>('STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA'),
        transitions,
        fc.option(fc.integer({ min: 201, max: 400 }), { nil: undefined }),
        fc.boolean(),
        fc.array(fc.record({ t: fc.double({ min: 0, max: 300, noNaN: true }), n: fc.integer({ min: 1, max: 50 }), life: fc.double({ min: 0, max: 400, noNaN: true }) }), { maxLength: 30 }),
        (initial, ts, exp, versioning, puts) => {
          const sorted = [...ts].sort((a, b) => a.days - b.days);
          const rules = sorted.length || exp ? [rule('r', sorted, { ...(exp ? { expirationDays: exp } : {}), noncurrentExpirationDays: 40 })] : [];
          const l = oneLedger({ initial, rules, months: 14, versioning });
          const events = puts.flatMap((p) => {
            const gone = Math.min(p.t + p.life, l.days - 0.5);
            return [
              { t: p.t, f: () => l.put(0, p.t, p.n, p.n * 0.01, 0, 'put') },
              { t: gone, f: () => l.delete(0, p.t, gone, p.n, p.n * 0.01, 0) },
            ];
          });
          events.sort((a, b) => a.t - b.t);
          // Expiration may remove a cohort before its DELETE comes; that DELETE then changes nothing.
          for (const e of events) {
            at(l, e.t);
            e.f();
          }
          runDays(l, 0, l.days);
          l.checkConservation();
          expect(l.heldGiB()).toBeGreaterThan(-1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('each class bills, day by day, exactly the GiB-days its objects spend in it (reference: object by object)', () => {
    // The ledger keeps running per-class totals of its cohorts rather than visiting each cohort
    // every day; here every put is followed object by object through its schedule instead.
    const transitions = fc.uniqueArray(
      fc.record({ days: fc.integer({ min: 0, max: 120 }), storageClass: fc.constantFrom<StorageClass>('STANDARD_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE') }),
      { maxLength: 3, selector: (t) => t.storageClass },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<StorageClass>('STANDARD', 'STANDARD_IA'),
        transitions,
        fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        fc.array(fc.record({ t: fc.double({ min: 0, max: 300, noNaN: true }), n: fc.integer({ min: 1, max: 50 }), life: fc.double({ min: 0, max: 400, noNaN: true }) }), { maxLength: 30 }),
        (initial, ts, exp, puts) => {
          const sorted = [...ts].sort((a, b) => a.days - b.days);
          const rules = sorted.length || exp ? [rule('r', sorted, exp ? { expirationDays: exp } : {})] : [];
          const l = oneLedger({ initial, rules, months: 12 });
          const schedule = l.config.paths[0]!.current;
          const expected = new Map<string, number>();
          const add = (cls: StorageClass, gibDays: number) => expected.set(CLASS_INFO[cls].storageUsageType, (expected.get(CLASS_INFO[cls].storageUsageType) ?? 0) + gibDays);
          const events = puts.flatMap((p) => {
            const gib = p.n * 0.01;
            const gone = Math.min(p.t + p.life, l.days - 0.5);
            // Reference: in the written class until the first midnight, then the schedule's class
            // day by day, until deleted or expired.
            const m0 = Math.ceil(p.t);
            const end = Math.min(gone, schedule.expireK !== undefined ? m0 + schedule.expireK : Infinity, l.days);
            if (end > p.t) add(initial, gib * (Math.min(m0, end) - p.t));
            for (let day = m0; day < end; day++) add(classAtK(schedule, day - m0), gib * (Math.min(day + 1, end) - day));
            return [
              { t: p.t, f: () => l.put(0, p.t, p.n, gib, 0, 'put') },
              { t: gone, f: () => l.delete(0, p.t, gone, p.n, gib, 0) },
            ];
          });
          events.sort((a, b) => a.t - b.t);
          for (const e of events) {
            at(l, e.t);
            e.f();
          }
          runDays(l, 0, l.days);
          const metered = new Set(l.meter.snapshot().series.filter((s) => s.cause === 'storage').map((s) => s.key.usageType));
          for (const usageType of new Set([...expected.keys(), ...metered])) {
            const want = expected.get(usageType) ?? 0;
            expect(Math.abs(gibDays(l, usageType, 'storage') - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('no early-delete charge for objects kept past the minimum; billed days never below it for those deleted earlier', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...minClasses),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.double({ min: 0.01, max: 400, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (cls, created, age, count) => {
          const info = CLASS_INFO[cls];
          const l = oneLedger({ initial: cls, months: 15 });
          const gib = count * 0.05;
          l.put(0, created, count, gib, 0, 'put');
          at(l, created + age).delete(0, created, created + age, count, gib, 0);
          runDays(l, 0, l.days);
          const early = gibDays(l, info.earlyDeleteUsageType as string);
          const billable = gib + (info.overhead ? (count * info.overhead.classBytes) / 2 ** 30 : 0);
          if (age >= info.minDays) expect(early).toBe(0);
          const stored = gibDays(l, info.storageUsageType, 'storage') + (info.overhead ? gibDays(l, info.storageUsageType, 'overhead') : 0);
          // Whatever the age, the class bills max(age, minimum) days of the billable size.
          expect(stored + early).toBeCloseTo(billable * Math.max(age, info.minDays), 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('untiered lines are linear in object count', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STORAGE_CLASSES), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1000 }), (cls, k, n) => {
        const run = (m: number) => {
          const l = oneLedger({ initial: cls, rules: cls === 'STANDARD' ? [rule('g', [{ days: 3, storageClass: 'DEEP_ARCHIVE' }])] : [] });
          l.put(0, 0.3, n * m, n * m * 0.04, 0, 'put');
          at(l, 20.7).delete(0, 0.3, 20.7, n * m, n * m * 0.04, 0);
          runDays(l, 0, l.days);
          return l.meter.lines();
        };
        const one = run(1);
        const many = run(k);
        expect(many.length).toBe(one.length);
        one.forEach((line, i) => expect((many[i] as typeof line).quantity).toBeCloseTo(line.quantity * k, 6));
      }),
      { numRuns: 40 },
    );
  });
});
