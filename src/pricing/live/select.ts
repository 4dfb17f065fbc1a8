/**
 * From the products GetProducts returned to the prices the engine needs: match every required
 * key on the exact (usagetype, operation), wherever the service code it comes from, keep every
 * tier, and refuse to guess. Anything the engine does not need (S3 Tables, the Deep Archive
 * staging SKU, other regions) is simply never looked at: only exact keys are.
 */
import type { InputIssue, MissingPrice } from '../../errors.js';
import { Dec, sameBound } from '../decimal.js';
import { priceDataError } from '../errors.js';
import { serviceCodeOf, type UsageKey } from '../../usage/usage-types.js';
import type { OfferSource, PriceEntry } from '../price-book.js';
import { productIssue, productPrice, type PriceListProduct } from './product.js';

/** The attribute that holds a product's region: AWSDataTransfer products carry `fromRegionCode`. */
export function regionAttribute(serviceCode: string): string {
  return serviceCode === 'AWSDataTransfer' ? 'fromRegionCode' : 'regionCode';
}

export interface Selection {
  /** One entry per required key, in the order of the keys. */
  readonly prices: readonly PriceEntry[];
  /** Caveats worth keeping in the snapshot (e.g. a key published under two service codes). */
  readonly notes: readonly string[];
}

type Priced = { product: PriceListProduct; entry: PriceEntry };

/** Same unit and the same tiers at the same rates (compared as decimals: "0.023" = "0.0230000000"). */
export function samePrice(a: Pick<PriceEntry, 'unit' | 'tiers'>, b: Pick<PriceEntry, 'unit' | 'tiers'>): boolean {
  return (
    a.unit === b.unit &&
    a.tiers.length === b.tiers.length &&
    a.tiers.every((t, i) => {
      const u = b.tiers[i]!;
      return sameBound(t.begin, u.begin) && sameBound(t.end, u.end) && new Dec(t.rate).equals(u.rate);
    })
  );
}

/**
 * Picks the price of each key in `region` from `products`. Throws one PriceDataError listing
 * every missing key and every unusable or ambiguous product at once.
 */
export function selectPrices(region: string, keys: readonly UsageKey[], products: readonly PriceListProduct[]): Selection {
  const byKey = new Map<string, PriceListProduct[]>();
  for (const p of products) {
    // Belt and braces: the request filters by region, but never let another region's price in.
    if (p.attributes[regionAttribute(p.serviceCode)] !== region) continue;
    const k = `${p.usageType}|${p.operation}`;
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }

  const missing: MissingPrice[] = [];
  const issues: InputIssue[] = [];
  const notes: string[] = [];
  const prices: PriceEntry[] = [];
  for (const key of keys) {
    const candidates = byKey.get(`${key.usageType}|${key.operation}`) ?? [];
    if (candidates.length === 0) {
      missing.push({ region, usageType: key.usageType, operation: key.operation });
      continue;
    }
    const priced: Priced[] = [];
    for (const product of candidates) {
      const price = productPrice(product);
      if (!price.ok) {
        issues.push(...price.problems.map((m) => productIssue(product, m)));
        continue;
      }
      if (price.unit !== key.unit) {
        issues.push(productIssue(product, `is priced per '${price.unit}', but tierwise meters it in '${key.unit}'`));
        continue;
      }
      priced.push({ product, entry: toEntry(region, key, product, price.tiers, price.description) });
    }
    if (priced.length < candidates.length) continue;

    // Where a key is published under several service codes, the one AWS bills it under wins.
    const home = serviceCodeOf(key);
    const preferred = priced.filter((c) => c.product.serviceCode === home);
    const pool = preferred.length > 0 ? preferred : priced;
    const first = pool[0]!;
    const disagree = pool.filter((c) => !samePrice(c.entry, first.entry));
    if (disagree.length > 0) {
      const skus = pool.map((c) => `${c.product.serviceCode} ${c.product.sku}`).join(', ');
      issues.push({
        path: 'Price List',
        message: `usage type '${key.usageType}'${key.operation ? ` operation '${key.operation}'` : ''} in ${region} has different prices in ${skus}; tierwise will not guess which applies`,
      });
      continue;
    }
    for (const other of priced.filter((c) => !pool.includes(c) && !samePrice(c.entry, first.entry))) {
      notes.push(
        `${key.usageType}${key.operation ? ` (${key.operation})` : ''}: also published under ${other.product.serviceCode} SKU ${other.product.sku} at other rates; the ${home} price is used, as AWS bills it there`,
      );
    }
    prices.push(first.entry);
  }
  if (missing.length > 0 || issues.length > 0) throw priceDataError(issues, missing);
  return { prices, notes };
}

function toEntry(region: string, key: UsageKey, p: PriceListProduct, tiers: PriceEntry['tiers'], description: string): PriceEntry {
  return {
    region,
    usageType: key.usageType,
    operation: key.operation,
    unit: key.unit,
    tiers,
    serviceCode: p.serviceCode,
    sku: p.sku,
    ...(description ? { description } : {}),
  };
}

/** The offers (service code, version, publication date) the products came from, one each. */
export function offersOf(region: string, products: readonly PriceListProduct[]): OfferSource[] {
  const seen = new Map<string, OfferSource>();
  for (const p of products) {
    const k = `${p.serviceCode}|${p.version}|${p.publicationDate}`;
    if (!seen.has(k)) seen.set(k, { serviceCode: p.serviceCode, region, version: p.version, publicationDate: p.publicationDate });
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...seen.values()].sort((a, b) => cmp(a.serviceCode, b.serviceCode) || cmp(a.version, b.version));
}
