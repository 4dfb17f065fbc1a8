/**
 * price(usage, book) → Bill: joins usage lines with a price book on (region, usageType,
 * operation) and splits each line over the tiers. Tiers apply to a month's total per key, and
 * lines sharing a key fill them in the order given, so each line carries its own buckets.
 * Decimal throughout; nothing is rounded.
 */
import { billTotals, type Bill, type BillLine } from '../billing/bill.js';
import { InvariantError, type InputIssue, type MissingPrice } from '../errors.js';
import { priceKey, type UsageLine } from '../usage/usage-line.js';
import { Dec, decimalOf, sum } from './decimal.js';
import { missingPricesError } from './errors.js';
import type { PriceBook, PriceEntry } from './price-book.js';
import { parseTiers, splitTiers, type Tier, type TierBucket } from './tiers.js';

interface IndexedPrice {
  readonly entry: PriceEntry;
  readonly tiers: readonly Tier[];
}

const indexes = new WeakMap<PriceBook, ReadonlyMap<string, IndexedPrice>>();

/** The book's prices by key, tiers parsed once per book. */
function priceIndex(book: PriceBook): ReadonlyMap<string, IndexedPrice> {
  let index = indexes.get(book);
  if (!index) {
    index = new Map(book.prices.map((entry) => [priceKey(entry), { entry, tiers: parseTiers(entry) }]));
    indexes.set(book, index);
  }
  return index;
}

/**
 * Checks every line has a price of the same unit; throws ONE PriceDataError listing every
 * missing key (each once) and every unit mismatch.
 */
function checkPrices(usage: readonly UsageLine[], book: PriceBook): void {
  const index = priceIndex(book);
  const missing = new Map<string, MissingPrice>();
  const mismatched = new Map<string, InputIssue>();
  for (const line of usage) {
    const k = priceKey(line);
    const p = index.get(k);
    if (!p) missing.set(k, { region: line.region, usageType: line.usageType, operation: line.operation });
    else if (p.entry.unit !== line.unit) {
      mismatched.set(k, {
        path: `price book ${book.id}`,
        message: `usage type '${line.usageType}'${line.operation ? ` operation '${line.operation}'` : ''} in ${line.region} is priced per ${p.entry.unit} but metered in ${line.unit}`,
      });
    }
  }
  if (missing.size > 0 || mismatched.size > 0) {
    throw missingPricesError(book, [...missing.values()], [...mismatched.values()]);
  }
}

/**
 * Internet egress the workload shares with the rest of its AWS account. AWS applies the monthly
 * free allowance (100 GB) and the volume tiers of data transfer out to the account's total, across
 * services and regions ("AWS Free Tier" and "Amazon S3 pricing — Data Transfer"), so neither
 * belongs to one simulated bucket.
 */
export interface AccountEgress {
  /** GB of the monthly free allowance this workload may use (AWS's allowance is 100 GB). */
  readonly freeGBPerMonth: number;
  /** GB the account already sends to the internet each month: this workload starts above them in the tiers. */
  readonly otherGBPerMonth: number;
}

export interface PriceOptions {
  /** Default: no free allowance and no other egress (a large organisation spends both elsewhere). */
  readonly egress?: AccountEgress;
}

/** Internet egress (not inter-region transfer, whose usage types end in -AWS-Out-Bytes). */
const isInternetEgress = (usageType: string) => /(^|-)DataTransfer-Out-Bytes$/.test(usageType);

/**
 * Prices every line with `book`. Tiers apply to a month's total of each (region, usageType,
 * operation); every line of that key carries its pro-rata share of each tier bucket, so the cost
 * per cause does not depend on the order of the lines.
 */
export function price(usage: readonly UsageLine[], book: PriceBook, opts: PriceOptions = {}): Bill {
  checkPrices(usage, book);
  const index = priceIndex(book);
  const groups = new Map<string, { price: IndexedPrice; month: string; usageType: string; members: number[]; total: Dec }>();
  const quantities = usage.map((usageLine, i) => {
    if (!Number.isFinite(usageLine.quantity) || usageLine.quantity < 0) {
      throw new InvariantError(`usage line ${usageLine.usageType} has quantity ${usageLine.quantity}`);
    }
    const k = priceKey(usageLine);
    const q = decimalOf(usageLine.quantity);
    const groupKey = `${usageLine.month}|${k}`;
    const g = groups.get(groupKey);
    if (g) {
      g.members.push(i);
      g.total = g.total.plus(q);
    } else {
      groups.set(groupKey, { price: index.get(k)!, month: usageLine.month, usageType: usageLine.usageType, members: [i], total: q });
    }
    return q;
  });
  const egress = opts.egress ?? { freeGBPerMonth: 0, otherGBPerMonth: 0 };
  const freeLeft = new Map<string, Dec>(); // per month, across regions
  const lineBuckets: TierBucket[][] = new Array(usage.length);
  for (const g of groups.values()) {
    let buckets: TierBucket[];
    if (isInternetEgress(g.usageType)) {
      const left = freeLeft.get(g.month) ?? decimalOf(egress.freeGBPerMonth);
      const free = Dec.min(left, g.total);
      freeLeft.set(g.month, left.minus(free));
      const paid = splitTiers(g.price.tiers, decimalOf(egress.otherGBPerMonth), g.total.minus(free));
      const freeBucket = { begin: new Dec(0), end: decimalOf(egress.freeGBPerMonth), rate: new Dec(0), quantity: free, cost: new Dec(0) };
      buckets = free.gt(0) ? [freeBucket, ...paid.filter((b) => b.quantity.gt(0))] : paid;
    } else {
      buckets = splitTiers(g.price.tiers, new Dec(0), g.total);
    }
    for (const i of g.members) lineBuckets[i] = shareOf(buckets, quantities[i] as Dec, g.total);
  }
  const lines: BillLine[] = usage.map((usageLine, i) => {
    const buckets = lineBuckets[i] as TierBucket[];
    const p = index.get(priceKey(usageLine))!;
    return {
      usage: usageLine,
      buckets,
      cost: sum(buckets.map((b) => b.cost)),
      ...(p.entry.note ? { priceNote: p.entry.note } : {}),
    };
  });
  return { priceBook: { id: book.id, provenance: book.provenance }, lines, totals: billTotals(lines) };
}

/**
 * A line's share q / total of a month's buckets. The largest bucket takes what rounding at 40
 * digits leaves, so a line's bucket quantities add up to its own quantity exactly and each cost
 * is quantity × rate; lines of one key add up to the
 * month's cost within 1e-15 dollars.
 */
function shareOf(buckets: readonly TierBucket[], q: Dec, total: Dec): TierBucket[] {
  if (q.eq(total)) return [...buckets];
  if (q.isZero()) return [{ ...(buckets[0] as TierBucket), quantity: new Dec(0), cost: new Dec(0) }];
  // Shares to 20 decimal places (far below any billed unit), so the remainder below is exact.
  const scaled = buckets.map((b) => b.quantity.times(q).div(total).toDecimalPlaces(20));
  let largest = 0;
  scaled.forEach((x, j) => {
    if (x.gt(scaled[largest] as Dec)) largest = j;
  });
  scaled[largest] = q.minus(sum(scaled.filter((_, j) => j !== largest)));
  return buckets
    .map((b, j) => ({ ...b, quantity: scaled[j] as Dec, cost: (scaled[j] as Dec).times(b.rate) }))
    .filter((b) => b.quantity.gt(0));
}
