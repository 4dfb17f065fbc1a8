import { describe, expect, it } from 'vitest';
import { billToJson, NO_CLASS } from '../../src/billing/bill.js';
import { price } from '../../src/pricing/price.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import type { UsageLine } from '../../src/usage/usage-line.js';
import { egressKey, putKey, storageKey, type UsageKey } from '../../src/usage/usage-types.js';

const R = 'us-east-1';
const line = (k: UsageKey, quantity: number, extra: Partial<UsageLine>): UsageLine => ({
  month: '2026-03', region: R, usageType: k.usageType, operation: k.operation, unit: k.unit, quantity, cause: 'storage', ...extra,
});

const usage: UsageLine[] = [
  line(storageKey(R, 'DEEP_ARCHIVE'), 1000, { storageClass: 'DEEP_ARCHIVE' }), // 0.99
  line(storageKey(R, 'STANDARD'), 10, { cause: 'overhead', storageClass: 'DEEP_ARCHIVE' }), // 0.23
  line(putKey(R, 'DEEP_ARCHIVE'), 20_000, { cause: 'put', storageClass: 'DEEP_ARCHIVE', month: '2026-04' }), // 1
  line(storageKey(R, 'STANDARD'), 100, { storageClass: 'STANDARD', month: '2026-04' }), // 2.3
  line(egressKey(R), 200, { cause: 'egress', month: '2026-02' }), // 200 × 0.09 = 18 (the free 100 GB is no tier of the price)
];

describe('bill totals', () => {
  const bill = price(usage, bundledPriceBook());

  it('per month in calendar order, per cause in CAUSES order, per storage class, and in all', () => {
    const money = (r: object) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
    expect(money(bill.totals.byMonth)).toEqual({ '2026-02': '18', '2026-03': '1.22', '2026-04': '3.3' });
    expect(Object.keys(bill.totals.byMonth)).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(Object.keys(bill.totals.byCause)).toEqual(['storage', 'overhead', 'put', 'egress']);
    expect(money(bill.totals.byCause)).toEqual({ storage: '3.29', overhead: '0.23', put: '1', egress: '18' });
    expect(money(bill.totals.byStorageClass)).toEqual({ DEEP_ARCHIVE: '2.22', STANDARD: '2.3', [NO_CLASS]: '18' });
    expect(bill.totals.total.toString()).toBe('22.52');
  });

  it('names the price book it was priced with', () => {
    expect(bill.priceBook.id).toBe('bundled-2026-07-28');
    expect(bill.priceBook.provenance.date).toBe('2026-07-28');
  });

  it('serialises money as full-precision decimal strings, "Inf" for the open tier', () => {
    const json = JSON.parse(JSON.stringify(billToJson(bill))) as {
      lines: { cost: string; quantity: number; buckets: { begin: string; end: string; rate: string; cost: string }[] }[];
      totals: { total: string; byMonth: Record<string, string> };
    };
    expect(json.totals.total).toBe('22.52');
    expect(json.totals.byMonth['2026-03']).toBe('1.22');
    expect(json.lines[0]).toMatchObject({ cost: '0.99', quantity: 1000, buckets: [{ begin: '0', end: 'Inf', rate: '0.00099', cost: '0.99' }] });
    expect(json.lines[4]!.buckets.map((b) => [b.begin, b.end, b.rate, b.cost])).toEqual([
      ['0', '10240', '0.09', '18'],
    ]);
  });
});
