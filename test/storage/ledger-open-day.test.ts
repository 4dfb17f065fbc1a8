/**
 * The ledger's hot-path shortcuts against its plain methods: reads and PUTs of the open day are
 * summed and billed when the day closes, and readability on paths without Intelligent-Tiering
 * comes from a fixed age. Each must meter exactly what the plain path meters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isArchive, type StorageClass } from '../../src/storage/classes.js';
import type { ObjectLedger } from '../../src/storage/ledger.js';
import { addMonths, type MonthKey } from '../../src/units.js';
import { CAUSE_ID, type UsageLine } from '../../src/usage/usage-line.js';
import { at, oneLedger, rule, runDays } from './ledger-helpers.js';

type Setup = { initial: StorageClass; rules: ReturnType<typeof rule>[]; intelligentTiering?: { archiveAccessDays: number } };

const SETUPS: Record<string, Setup> = {
  'STANDARD → DEEP_ARCHIVE after 1 day': { initial: 'STANDARD', rules: [rule('gda', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }])] },
  'STANDARD → STANDARD_IA (30) → GLACIER (90)': {
    initial: 'STANDARD',
    rules: [rule('w', [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 90, storageClass: 'GLACIER' }])],
  },
  'STANDARD → INTELLIGENT_TIERING at Days 0': { initial: 'STANDARD', rules: [rule('int', [{ days: 0, storageClass: 'INTELLIGENT_TIERING' }])] },
  'GLACIER_IR from the start': { initial: 'GLACIER_IR', rules: [] },
  'DEEP_ARCHIVE from the start': { initial: 'DEEP_ARCHIVE', rules: [] },
  'INTELLIGENT_TIERING with Archive Access at 90 days': { initial: 'INTELLIGENT_TIERING', rules: [], intelligentTiering: { archiveAccessDays: 90 } },
};

const ledgerFor = (s: Setup): ObjectLedger => oneLedger({ ...s, months: 12, ...(s.intelligentTiering ? { intelligentTiering: s.intelligentTiering } : {}) });

/** A time in days to the minute: uniform, unlike fc.double, which favours the ends of its range. */
const minutes = (maxDays: number) => fc.integer({ min: 0, max: maxDays * 1440 }).map((m) => m / 1440);

/** Reads as [created, read at] pairs within 330 days, read no earlier than written. */
const readsArb = fc.array(
  fc.tuple(minutes(300), fc.oneof(minutes(3), minutes(120))).map(([c, age]) => [c, Math.min(330, c + age)] as const),
  { minLength: 1, maxLength: 40 },
);

/**
 * The same lines, quantities equal to 1e-12 relative: the open day adds its reads before they
 * reach the month, the plain path adds each to the month, and floating-point addition is not
 * associative (6 × 0.2 GB is 1.2 one way and 1.2000000000000002 the other).
 */
function expectSameLines(got: UsageLine[], want: UsageLine[]): void {
  const strip = (ls: UsageLine[]) => ls.map(({ quantity: _, ...key }) => key);
  expect(strip(got)).toEqual(strip(want));
  got.forEach((line, i) => {
    const w = want[i]!.quantity;
    expect(Math.abs(line.quantity - w), `${line.month} ${line.usageType} ${line.cause}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
  });
}

describe('ObjectLedger — the open day', () => {
  for (const [name, setup] of Object.entries(SETUPS)) {
    it(`readable() agrees with the class in force (${name})`, () => {
      fc.assert(
        fc.property(readsArb, (reads) => {
          const l = ledgerFor(setup);
          for (const [created, t] of reads) {
            const cls = l.classAt(0, created, t);
            if (cls === 'INTELLIGENT_TIERING') {
              const tier = l.intTierAt(0, created, t);
              expect(l.readable(0, created, t)).toBe(tier !== 'AA' && tier !== 'DAA');
            } else {
              expect(l.readable(0, created, t)).toBe(!isArchive(cls));
            }
          }
        }),
        { numRuns: 50 },
      );
    });

    it(`read() of the open day bills what get() and transferOut() bill (${name})`, () => {
      fc.assert(
        fc.property(readsArb, (raw) => {
          const reads = [...raw].sort((a, b) => a[1] - b[1]);
          const summed = ledgerFor(setup);
          const plain = ledgerFor(setup);
          for (const [created, t] of reads) {
            at(summed, t);
            at(plain, t);
            const ok = summed.read(0, created, t, 3, 0.2, CAUSE_ID.verification, true);
            expect(ok).toBe(plain.readable(0, created, t));
            if (ok) {
              plain.get(0, created, t, 3, 0.2, 'verification');
              plain.transferOut(t, 0.2, 'verification');
            }
          }
          runDays(summed, 0, 365);
          runDays(plain, 0, 365);
          expectSameLines(summed.meter.lines(), plain.meter.lines());
        }),
        // Found by CI (INTELLIGENT_TIERING setup): six 0.2 GB reads on one day summed to 1.2000000000000002.
        { numRuns: 30, examples: [[[[196.15347222222223, 275], [240.72569444444446, 275], [293.95, 295], [294.83194444444445, 295], [273.9090277777778, 275], [274.65972222222223, 275], [0, 0]]]] },
      );
    });
  }

  it('PUTs of the open day are billed when it closes: requests and objects written, by month', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(minutes(300), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 40 }), (raw) => {
        const puts = [...raw].sort((a, b) => a[0] - b[0]);
        const l = ledgerFor(SETUPS['STANDARD → DEEP_ARCHIVE after 1 day']!);
        const expected = new Map<string, number>();
        for (const [t, n] of puts) {
          at(l, t).put(0, t, n, n * 0.05, 0, CAUSE_ID.put);
          const month = addMonths('2027-03' as MonthKey, l.dayMonth[Math.floor(t)]!);
          expected.set(month, (expected.get(month) ?? 0) + n);
        }
        runDays(l, 0, 365);
        const billed = new Map<string, number>();
        for (const line of l.meter.lines()) if (line.usageType === 'Requests-Tier1' && line.cause === 'put') billed.set(line.month, line.quantity);
        expect(billed).toEqual(expected);
        expect(Array.from(l.objectsPut).reduce((a, b) => a + b, 0)).toBe(puts.reduce((a, [, n]) => a + n, 0));
      }),
      { numRuns: 40 },
    );
  });
});
