/**
 * Internet egress is free and tiered account-wide (AWS Free Tier: 100 GB of data transfer out a
 * month across services and regions; Amazon S3 pricing, "Data Transfer"): the scenario's
 * `account:` section says how much of the allowance this workload gets and how much egress the
 * account already has. Hand-computed with us-east-1's published tiers (0.09 to 10 TB, then 0.085).
 */
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/pricing/decimal.js';
import type { PriceBook } from '../../src/pricing/price-book.js';
import { price, type AccountEgress } from '../../src/pricing/price.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import type { MonthKey } from '../../src/units.js';
import type { Cause, UsageLine } from '../../src/usage/usage-line.js';

const R = 'us-east-1';

/** The bundled book with DataTransfer-Out-Bytes exactly as the Price List publishes it (no $0 row). */
function publishedEgressBook(): PriceBook {
  const book = bundledPriceBook();
  return {
    ...book,
    prices: book.prices.map((p) =>
      p.region === R && p.usageType === 'DataTransfer-Out-Bytes'
        ? {
            ...p,
            tiers: [
              { begin: '0', end: '10240', rate: '0.09' },
              { begin: '10240', end: '51200', rate: '0.085' },
              { begin: '51200', end: '153600', rate: '0.07' },
              { begin: '153600', end: 'Inf', rate: '0.05' },
            ],
          }
        : p,
    ),
  };
}

const egress = (gb: number, cause: Cause, month = '2027-03'): UsageLine => ({
  month: month as MonthKey, region: R, usageType: 'DataTransfer-Out-Bytes', operation: '', unit: 'GB', quantity: gb, cause,
});

function costs(lines: UsageLine[], account?: AccountEgress): string[] {
  const bill = price(lines, publishedEgressBook(), account ? { egress: account } : {});
  return bill.lines.map((l) => l.cost.toString());
}

describe('internet egress across the account', () => {
  it('by default the workload gets none of the free allowance: 1,124 GB × 0.09 = $101.16', () => {
    expect(costs([egress(1_124, 'verification')])).toEqual(['101.16']);
  });

  it('the free GB and the tiers are shared pro rata by cause, whatever the order of the lines', () => {
    const account = { freeGBPerMonth: 100, otherGBPerMonth: 0 };
    // 1,124 GB, 100 free: 1,024 × 0.09 = $92.16, split 124 : 1,000.
    const [restore, verification] = costs([egress(124, 'restore'), egress(1_000, 'verification')], account).map((c) => new Dec(c));
    expect(restore!.minus(new Dec('92.16').times(124).div(1_124)).abs().lt(1e-15)).toBe(true);
    expect(verification!.minus(new Dec('92.16').times(1_000).div(1_124)).abs().lt(1e-15)).toBe(true);
    expect(sum([restore!, verification!]).minus('92.16').abs().lt(1e-15)).toBe(true);
    const swapped = costs([egress(1_000, 'verification'), egress(124, 'restore')], account);
    expect(new Dec(swapped[0]!).eq(verification!)).toBe(true);
  });

  it('egress the account already has moves this workload up the tiers: 10,200 GB before, then 1,124 GB = 40 × 0.09 + 1,084 × 0.085', () => {
    const bill = price([egress(1_124, 'egress')], publishedEgressBook(), { egress: { freeGBPerMonth: 0, otherGBPerMonth: 10_200 } });
    expect(bill.lines[0]!.buckets.map((b) => [b.quantity.toString(), b.rate.toString()])).toEqual([
      ['40', '0.09'],
      ['1084', '0.085'],
    ]);
    expect(bill.totals.total.toString()).toBe('95.74');
  });

  it('the allowance is per month, and a month with less egress than the allowance pays nothing', () => {
    const account = { freeGBPerMonth: 100, otherGBPerMonth: 0 };
    expect(costs([egress(60, 'restore', '2027-03'), egress(160, 'restore', '2027-04')], account)).toEqual(['0', '5.4']);
  });

  it('a scenario file carries it in its account section (default: no allowance, no other egress)', () => {
    const base = 'version: 1\nname: t\nregion: us-east-1\nhorizon: { start_month: 2027-01, months: 1 }\n';
    expect(resolveScenario(parseScenario(base)).account).toEqual({ freeGBPerMonth: 0, otherGBPerMonth: 0 });
    const sc = resolveScenario(parseScenario(`${base}account: { egress_free_gb_per_month: 100, other_egress_gb_per_month: 5000 }\n`));
    expect(sc.account).toEqual({ freeGBPerMonth: 100, otherGBPerMonth: 5000 });
    expect(() => parseScenario(`${base}account: { egress_free_gb_per_month: 150 }\n`)).toThrow(/account\.egress_free_gb_per_month/);
  });
});
