import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, PriceDataError } from '../../src/errors.js';
import { Dec, sum } from '../../src/pricing/decimal.js';
import { price } from '../../src/pricing/price.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { formatMoney } from '../../src/report/money.js';
import { gbMonthsFromByteHours, GIB, type MonthKey } from '../../src/units.js';
import type { Cause, UsageLine } from '../../src/usage/usage-line.js';
import {
  egressKey, getKey, monitoringKey, putKey, restoreBytesKey, restoreRequestKey, storageKey, type UsageKey,
} from '../../src/usage/usage-types.js';

const book = bundledPriceBook();
const R = 'us-east-1';

function usage(k: UsageKey | undefined, quantity: number, cause: Cause, month: MonthKey = '2026-03', region = R): UsageLine {
  if (!k) throw new Error('no key');
  return { month, region, usageType: k.usageType, operation: k.operation, unit: k.unit, quantity, cause };
}

describe('price: oracle tests from the published examples (S3 FAQ storage example; AWS re:Post Knowledge Center s3-manage-data-retrieval; S3 pricing page)', () => {
  it('S3 FAQ byte-hour example: 42,259,901,212,262,400 byte-hours in March = 52,900 GB-Mo → $1,215.00 at us-east-1 tiers', () => {
    // 100 GiB for 15 days and 100 TiB for 16 days of March (744 hours).
    const byteHours = 100n * 2n ** 30n * 15n * 24n + 100n * 2n ** 40n * 16n * 24n;
    expect(byteHours).toBe(42_259_901_212_262_400n);
    const gbMonths = gbMonthsFromByteHours(byteHours, '2026-03');
    expect(gbMonths).toBe(52_900);
    const bill = price([usage(storageKey(R, 'STANDARD'), gbMonths, 'storage')], book);
    expect(bill.totals.total.toString()).toBe('1215');
    expect(formatMoney(bill.totals.total)).toBe('$1,215.00');
    expect(bill.lines[0]!.buckets.map((b) => [b.quantity.toString(), b.rate.toString(), b.cost.toString()])).toEqual([
      ['51200', '0.023', '1177.6'],
      ['1700', '0.022', '37.4'],
    ]);
  });

  it('AWS re:Post GLACIER restore: 15,000,000 objects / 102,400 GB, Standard tier = $1,774.00', () => {
    const bill = price(
      [
        usage(restoreRequestKey(R, 'GLACIER', 'standard'), 15_000_000, 'restore'),
        usage(restoreBytesKey(R, 'GLACIER', 'standard'), 102_400, 'retrieval'),
      ],
      book,
    );
    expect(bill.lines.map((l) => l.cost.toString())).toEqual(['750', '1024']);
    expect(formatMoney(bill.totals.total)).toBe('$1,774.00');
  });

  it('AWS re:Post GLACIER restore: Expedited requests alone for 15,000,000 objects = $150,000', () => {
    const bill = price([usage(restoreRequestKey(R, 'GLACIER', 'expedited'), 15_000_000, 'restore')], book);
    expect(bill.totals.total.toString()).toBe('150000');
  });

  it('Intelligent-Tiering monitoring of 53,819,565 objects = $134.55 a month', () => {
    const bill = price([usage(monitoringKey(R), 53_819_565, 'monitoring')], book);
    expect(bill.totals.total.toString()).toBe('134.5489125');
    expect(formatMoney(bill.totals.total)).toBe('$134.55');
  });
});

describe('price: tiers over a month', () => {
  it('lines sharing a (month, region, usageType, operation) share the month\'s tiers pro rata', () => {
    const k = storageKey(R, 'STANDARD');
    // 52,900 GB-Mo in all: 51,200 at 0.023 and 1,700 at 0.022 = $1,215, split 51,000 : 1,900.
    const bill = price([usage(k, 51_000, 'storage'), usage(k, 1_900, 'restored-copy')], book);
    const [a, b] = bill.lines;
    expect(a!.buckets.map((x) => x.rate.toString())).toEqual(['0.023', '0.022']);
    expect(b!.buckets.map((x) => x.rate.toString())).toEqual(['0.023', '0.022']);
    expect(sum(a!.buckets.map((x) => x.quantity)).toString()).toBe('51000');
    expect(sum(b!.buckets.map((x) => x.quantity)).toString()).toBe('1900');
    expect(a!.cost.minus(new Dec(1215).times(51_000).div(52_900)).abs().lt(1e-15)).toBe(true);
    expect(b!.cost.minus(new Dec(1215).times(1_900).div(52_900)).abs().lt(1e-15)).toBe(true);
    expect(bill.totals.total.minus(1215).abs().lt(1e-15)).toBe(true);
    // The order of the lines changes nothing.
    const swapped = price([usage(k, 1_900, 'restored-copy'), usage(k, 51_000, 'storage')], book);
    expect(swapped.lines[1]!.cost.eq(a!.cost)).toBe(true);
  });

  it('each month starts the tiers afresh, and each region has its own', () => {
    const k = storageKey(R, 'STANDARD');
    const bill = price(
      [
        usage(k, 51_200, 'storage', '2026-03'),
        usage(k, 100, 'storage', '2026-04'),
        usage(storageKey('eu-west-1', 'STANDARD'), 100, 'storage', '2026-03', 'eu-west-1'),
      ],
      book,
    );
    expect(bill.lines.map((l) => l.buckets[0]!.rate.toString())).toEqual(['0.023', '0.023', '0.023']);
    expect(Object.keys(bill.totals.byMonth)).toEqual(['2026-03', '2026-04']);
  });

  it('internet egress: tiered as published, 0.09 for the first 10 TB (10,240 GB), then 0.085 (no free row in the price)', () => {
    const bill = price([usage(egressKey(R), 10_340, 'egress')], book);
    expect(bill.lines[0]!.buckets.map((b) => [b.quantity.toString(), b.cost.toString()])).toEqual([
      ['10240', '921.6'],
      ['100', '8.5'],
    ]);
  });
});

describe('price: missing and mismatched prices', () => {
  it('raises ONE PriceDataError listing every missing key once', () => {
    const lines = [
      usage(storageKey('us-west-2', 'STANDARD'), 1, 'storage', '2026-03', 'us-west-2'),
      usage(storageKey('us-west-2', 'STANDARD'), 2, 'storage', '2026-04', 'us-west-2'),
      usage(putKey('us-west-2', 'GLACIER'), 5, 'put', '2026-03', 'us-west-2'),
      usage(getKey(R, 'STANDARD'), 5, 'get'),
    ];
    let err: unknown;
    try {
      price(lines, book);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PriceDataError);
    const e = err as PriceDataError;
    expect(e.missing).toEqual([
      { region: 'us-west-2', usageType: 'USW2-TimedStorage-ByteHrs', operation: '' },
      { region: 'us-west-2', usageType: 'USW2-Requests-GLACIER-Tier1', operation: '' },
    ]);
    expect(e.lines()).toEqual([
      "price book bundled-2026-07-28: no price for usage type 'USW2-TimedStorage-ByteHrs' in us-west-2; pass --prices with a price book that has it (see `tierwise prices list`)",
      "price book bundled-2026-07-28: no price for usage type 'USW2-Requests-GLACIER-Tier1' in us-west-2; pass --prices with a price book that has it (see `tierwise prices list`)",
    ]);
  });

  it('a line metered in another unit than its price is a PriceDataError, reported with the missing keys', () => {
    const wrongUnit: UsageLine = { ...usage(getKey(R, 'STANDARD'), 5, 'get'), unit: 'GB' };
    const missing = usage(putKey('us-west-2', 'STANDARD'), 1, 'put', '2026-03', 'us-west-2');
    try {
      price([wrongUnit, missing], book);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PriceDataError);
      expect((e as InputError).lines()).toEqual([
        "price book bundled-2026-07-28: no price for usage type 'USW2-Requests-Tier1' in us-west-2; pass --prices with a price book that has it (see `tierwise prices list`)",
        "price book bundled-2026-07-28: usage type 'Requests-Tier2' in us-east-1 is priced per Requests but metered in GB",
      ]);
    }
  });

  it('a key a refreshed book lists as absent: one line naming the key, the book, why it is absent and what to do', () => {
    const refreshed = {
      ...book,
      id: 'us-east-1-2026-11-29',
      prices: book.prices.filter((e) => e.usageType !== 'Requests-GDA-Tier5'),
      absent: [{ region: R, usageType: 'Requests-GDA-Tier5', operation: 'DeepArchiveRestoreObject', reason: 'not in the Price List (looked in AmazonS3, AmazonS3GlacierDeepArchive)' }],
    };
    const line = usage(restoreRequestKey(R, 'DEEP_ARCHIVE', 'bulk')!, 10, 'restore');
    expect(() => price([line], book)).not.toThrow();
    try {
      price([line, usage(getKey(R, 'STANDARD'), 5, 'get')], refreshed);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PriceDataError);
      expect((e as PriceDataError).missing).toEqual([{ region: R, usageType: 'Requests-GDA-Tier5', operation: 'DeepArchiveRestoreObject' }]);
      expect((e as InputError).lines()).toEqual([
        "price book us-east-1-2026-11-29: no price for usage type 'Requests-GDA-Tier5' operation 'DeepArchiveRestoreObject' in us-east-1 (absent when the book was fetched: not in the Price List (looked in AmazonS3, AmazonS3GlacierDeepArchive)); pass --prices with a price book that has it (see `tierwise prices list`)",
      ]);
    }
  });

  it('an empty usage list is an empty bill of $0, not an error', () => {
    const bill = price([], book);
    expect(bill.lines).toEqual([]);
    expect(bill.totals.total.isZero()).toBe(true);
  });
});

describe('price: properties', () => {
  /** us-east-1 keys, tiered and untiered, with causes. */
  const KEYS: [UsageKey, Cause][] = [
    [storageKey(R, 'STANDARD'), 'storage'],
    [storageKey(R, 'GLACIER'), 'storage'],
    [storageKey(R, 'INTELLIGENT_TIERING', 'FA'), 'storage'],
    [putKey(R, 'DEEP_ARCHIVE'), 'put'],
    [getKey(R, 'STANDARD_IA'), 'get'],
    [monitoringKey(R), 'monitoring'],
    [egressKey(R), 'egress'],
    [restoreRequestKey(R, 'GLACIER', 'expedited')!, 'restore'],
  ];
  const MONTHS: MonthKey[] = ['2026-01', '2026-02', '2026-03'];
  // Quantities in 1/1024 steps: exact as float64 and as decimals, so splits add up exactly.
  const qty = fc.integer({ min: 0, max: 800_000_000 }).map((n) => n / 1024);
  const lineArb = fc.tuple(fc.nat(KEYS.length - 1), fc.nat(MONTHS.length - 1), qty).map(([k, m, q]) => usage(KEYS[k]![0], q, KEYS[k]![1], MONTHS[m]));

  it('bill total = Σ line costs exactly, and every breakdown adds up to it', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const bill = price(lines, book);
        const total = sum(bill.lines.map((l) => l.cost));
        expect(bill.totals.total.eq(total)).toBe(true);
        for (const by of [bill.totals.byMonth, bill.totals.byCause, bill.totals.byStorageClass]) {
          expect(sum(Object.values(by) as Dec[]).eq(total)).toBe(true);
        }
        for (const l of bill.lines) expect(sum(l.buckets.map((b) => b.quantity)).eq(new Dec(l.usage.quantity))).toBe(true);
      }),
    );
  });

  it('pricing is independent of how a month’s quantity is split across lines, and of their order', () => {
    fc.assert(
      fc.property(fc.nat(KEYS.length - 1), fc.array(fc.integer({ min: 0, max: 200_000_000 }), { minLength: 1, maxLength: 8 }), (k, parts) => {
        const [key, cause] = KEYS[k]!;
        const whole = price([usage(key, parts.reduce((a, b) => a + b, 0) / 1024, cause)], book).totals.total;
        const split = price(parts.map((p) => usage(key, p / 1024, cause)), book).totals.total;
        const reversed = price([...parts].reverse().map((p) => usage(key, p / 1024, cause)), book).totals.total;
        // Shares are rounded at 20 decimal places: equal within 1e-15 dollars.
        expect(split.minus(whole).abs().lt(1e-15)).toBe(true);
        expect(reversed.minus(whole).abs().lt(1e-15)).toBe(true);
      }),
    );
  });

  it('untiered lines are linear in the number of objects (devices): k × the objects cost k × as much', () => {
    const untiered: [UsageKey, Cause][] = [
      [storageKey(R, 'DEEP_ARCHIVE'), 'storage'],
      [putKey(R, 'GLACIER'), 'put'],
      [monitoringKey(R), 'monitoring'],
      [restoreBytesKey(R, 'DEEP_ARCHIVE', 'bulk')!, 'retrieval'],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000 }), (objects, k) => {
        const lines = (n: number) => untiered.map(([key, cause]) => usage(key, key.unit === 'GB-Mo' || key.unit === 'GB' ? (n * 65_536) / (GIB / 1024) : n, cause));
        const one = price(lines(objects), book);
        const many = price(lines(objects * k), book);
        one.lines.forEach((l, i) => expect(many.lines[i]!.cost.eq(l.cost.times(k))).toBe(true));
      }),
    );
  });
});
