/**
 * A Bill: every usage line with the tier buckets it fell in and its cost, and the totals a
 * report needs (per month, per cause, per storage class, grand total). Money is Decimal in
 * memory and a full-precision decimal string in JSON; only rendered tables round.
 */
import { Dec, sum } from '../pricing/decimal.js';
import type { PriceBookProvenance } from '../pricing/price-book.js';
import type { TierBucket } from '../pricing/tiers.js';
import type { StorageClass } from '../storage/classes.js';
import { CAUSES, type Cause, type UsageLine } from '../usage/usage-line.js';

export interface BillLine {
  readonly usage: UsageLine;
  /** Σ quantities = usage.quantity; tiers the line did not reach are absent. */
  readonly buckets: readonly TierBucket[];
  /** Σ bucket costs, unrounded. */
  readonly cost: Dec;
  /** The price's caveat, e.g. "unconfirmed: …", so a report can flag figures it relied on. */
  readonly priceNote?: string;
}

/** Key of lines that belong to no storage class (egress, inter-region transfer). */
export const NO_CLASS = 'none';

export interface BillTotals {
  /** Months in calendar order. */
  readonly byMonth: Readonly<Record<string, Dec>>;
  /** Causes in the order of CAUSES; only causes that occur. */
  readonly byCause: Readonly<Partial<Record<Cause, Dec>>>;
  /** Storage classes in order of first appearance, `none` for lines without one. */
  readonly byStorageClass: Readonly<Partial<Record<StorageClass | typeof NO_CLASS, Dec>>>;
  readonly total: Dec;
}

export interface Bill {
  /** The price book used: every report prints which one. */
  readonly priceBook: { readonly id: string; readonly provenance: PriceBookProvenance };
  readonly lines: readonly BillLine[];
  readonly totals: BillTotals;
}

function totalBy<K extends string>(lines: readonly BillLine[], keyOf: (l: BillLine) => K): Record<K, Dec> {
  const out = {} as Record<K, Dec>;
  for (const l of lines) {
    const k = keyOf(l);
    out[k] = (out[k] ?? new Dec(0)).plus(l.cost);
  }
  return out;
}

/** The totals of a set of priced lines; the grand total is Σ line costs, exactly. */
export function billTotals(lines: readonly BillLine[]): BillTotals {
  const months = totalBy(lines, (l) => l.usage.month as string);
  const causes = totalBy(lines, (l) => l.usage.cause);
  return {
    byMonth: Object.fromEntries(Object.keys(months).sort().map((m) => [m, months[m]!])),
    byCause: Object.fromEntries(CAUSES.filter((c) => causes[c]).map((c) => [c, causes[c]!])),
    byStorageClass: totalBy(lines, (l) => l.usage.storageClass ?? NO_CLASS),
    total: sum(lines.map((l) => l.cost)),
  };
}

/** A tier bound as the Price List writes it ("Inf" for the open tier). */
const boundText = (d: Dec) => (d.isFinite() ? d.toString() : 'Inf');

/** One tier bucket as JSON: every number a full-precision decimal string. */
export function bucketJson(b: TierBucket): { begin: string; end: string; rate: string; quantity: string; cost: string } {
  return { begin: boundText(b.begin), end: boundText(b.end), rate: b.rate.toString(), quantity: b.quantity.toString(), cost: b.cost.toString() };
}

/** The bill as plain JSON: money and bucket quantities as full-precision decimal strings. */
export function billToJson(bill: Bill): unknown {
  const money = (r: Readonly<Record<string, Dec | undefined>>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (v ?? new Dec(0)).toString()]));
  return {
    priceBook: bill.priceBook,
    lines: bill.lines.map((l) => ({
      ...l.usage,
      buckets: l.buckets.map(bucketJson),
      cost: l.cost.toString(),
      ...(l.priceNote ? { priceNote: l.priceNote } : {}),
    })),
    totals: {
      byMonth: money(bill.totals.byMonth),
      byCause: money(bill.totals.byCause),
      byStorageClass: money(bill.totals.byStorageClass),
      total: bill.totals.total.toString(),
    },
  };
}
