/**
 * What changed between two price books, price by price: rates that moved on the same tiers,
 * tier structures (bounds or unit) that changed, prices added and removed. Rates are compared
 * as decimals ("0.023" = "0.0230000000"), so formatting never shows up as a change.
 *
 * Kept as plain data keyed like usage lines; `prices diff --scenario` adds the forecast delta.
 */
import { Dec, sameBound } from './decimal.js';
import { priceKey, type PriceBook, type PriceEntry } from './price-book.js';

/** One tier's rate before and after; `changePct` is undefined when the rate was 0 (a new charge). */
export interface TierRateChange {
  readonly begin: string;
  readonly end: string;
  readonly before: string;
  readonly after: string;
  /** (after − before) ÷ before × 100, as a decimal string. */
  readonly changePct?: string;
}

export type PriceChange =
  | { readonly kind: 'added'; readonly key: string; readonly after: PriceEntry }
  | { readonly kind: 'removed'; readonly key: string; readonly before: PriceEntry }
  | { readonly kind: 'rate'; readonly key: string; readonly before: PriceEntry; readonly after: PriceEntry; readonly rates: readonly TierRateChange[] }
  | { readonly kind: 'tiers'; readonly key: string; readonly before: PriceEntry; readonly after: PriceEntry };

export type PriceChangeKind = PriceChange['kind'];

/**
 * Changes from `a` to `b` for the given regions (default: the regions both books cover),
 * ordered as in `b` (removed ones as in `a`, at the end).
 */
export function diffPriceBooks(a: PriceBook, b: PriceBook, regions: readonly string[] = sharedRegions(a, b)): PriceChange[] {
  const wanted = new Set(regions);
  const inScope = (e: PriceEntry) => wanted.has(e.region);
  const before = new Map(a.prices.filter(inScope).map((e) => [priceKey(e), e]));
  const changes: PriceChange[] = [];
  for (const after of b.prices.filter(inScope)) {
    const key = priceKey(after);
    const old = before.get(key);
    before.delete(key);
    if (!old) changes.push({ kind: 'added', key, after });
    else if (!sameTiers(old, after)) changes.push({ kind: 'tiers', key, before: old, after });
    else {
      const rates = rateChanges(old, after);
      if (rates.length > 0) changes.push({ kind: 'rate', key, before: old, after, rates });
    }
  }
  for (const [key, old] of before) changes.push({ kind: 'removed', key, before: old });
  return changes;
}

/** Regions both books price, in `b`'s order. */
export function sharedRegions(a: PriceBook, b: PriceBook): string[] {
  return b.regions.filter((r) => a.regions.includes(r));
}

function sameTiers(x: PriceEntry, y: PriceEntry): boolean {
  return (
    x.unit === y.unit &&
    x.tiers.length === y.tiers.length &&
    x.tiers.every((t, i) => sameBound(t.begin, y.tiers[i]!.begin) && sameBound(t.end, y.tiers[i]!.end))
  );
}

function rateChanges(x: PriceEntry, y: PriceEntry): TierRateChange[] {
  const out: TierRateChange[] = [];
  x.tiers.forEach((t, i) => {
    const u = y.tiers[i]!;
    const was = new Dec(t.rate);
    const now = new Dec(u.rate);
    if (was.eq(now)) return;
    const pct = was.isZero() ? undefined : now.minus(was).div(was).times(100).toString();
    out.push({ begin: t.begin, end: t.end, before: t.rate, after: u.rate, ...(pct !== undefined ? { changePct: pct } : {}) });
  });
  return out;
}

/** Count of changes per kind (every kind present, zero or not). */
export function countChanges(changes: readonly PriceChange[]): Record<PriceChangeKind, number> {
  const n: Record<PriceChangeKind, number> = { rate: 0, tiers: 0, added: 0, removed: 0 };
  for (const c of changes) n[c.kind] += 1;
  return n;
}
