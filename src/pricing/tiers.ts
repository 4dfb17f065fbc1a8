/**
 * Tiered rates: the one function that splits a quantity over a price's tiers. Tiers apply to the
 * month's total of one (region, usageType, operation), so a line is split starting at `offset`,
 * the quantity of that key the month's earlier lines already used (S3 pricing page: storage tiers
 * are per month; the S3 FAQ's storage example prices the month's total).
 */
import { Dec, parseBound, parseDecimal } from './decimal.js';
import type { PriceEntry } from './price-book.js';
import { InvariantError } from '../errors.js';

export interface Tier {
  readonly begin: Dec;
  /** Infinity for the open-ended last tier. */
  readonly end: Dec;
  /** USD per unit. */
  readonly rate: Dec;
}

/** The part of one line's quantity that falls in one tier, and what it costs. */
export interface TierBucket extends Tier {
  readonly quantity: Dec;
  /** quantity × rate, unrounded. */
  readonly cost: Dec;
}

/** A validated entry's tiers as decimals (validatePriceBook has checked the strings). */
export function parseTiers(entry: PriceEntry): Tier[] {
  return entry.tiers.map((t) => {
    const begin = parseBound(t.begin);
    const end = parseBound(t.end);
    const rate = parseDecimal(t.rate);
    if (!begin || !end || !rate) throw new InvariantError(`unvalidated price entry ${entry.usageType}: ${JSON.stringify(t)}`);
    return { begin, end, rate };
  });
}

/**
 * Splits `quantity`, which follows `offset` already used this month, over `tiers` (contiguous
 * from 0 to Infinity). Only tiers the quantity reaches get a bucket; Σ bucket quantities =
 * `quantity` exactly. A zero quantity gets one empty bucket at the tier `offset` is in, so
 * the line still shows its rate.
 */
export function splitTiers(tiers: readonly Tier[], offset: Dec, quantity: Dec): TierBucket[] {
  if (quantity.isNegative() || !quantity.isFinite()) throw new InvariantError(`cannot price a quantity of ${quantity.toString()}`);
  const from = offset;
  const to = offset.plus(quantity);
  const buckets: TierBucket[] = [];
  for (const t of tiers) {
    const lo = Dec.max(t.begin, from);
    const hi = Dec.min(t.end, to);
    const inTier = hi.minus(lo);
    if (inTier.gt(0)) buckets.push({ ...t, quantity: inTier, cost: inTier.times(t.rate) });
  }
  if (buckets.length === 0) {
    const t = tiers.find((x) => x.end.gt(from)) ?? tiers[tiers.length - 1];
    if (!t) throw new InvariantError('a price with no tiers');
    buckets.push({ ...t, quantity: new Dec(0), cost: new Dec(0) });
  }
  return buckets;
}
