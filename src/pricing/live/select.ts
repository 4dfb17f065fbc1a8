/**
 * From the products GetProducts returned to the prices the engine needs, following the rules of
 * price-sources.ts: for each key, the SKUs of its exact usage type in the listed service codes;
 * of those, the ones with the first acceptable operation that is published; of those, one price —
 * taken when they all agree (or the service code AWS bills the key under settles it), reported
 * when they disagree. Usage types are matched exactly, so S3 Tables, the Deep Archive staging SKU
 * and other regions' products are never looked at. Every choice is written down as a note.
 */
import type { InputIssue, MissingPrice } from '../../errors.js';
import { Dec, sameBound } from '../decimal.js';
import { priceDataError } from '../errors.js';
import type { AbsentPrice, OfferSource, PriceEntry } from '../price-book.js';
import type { PriceSource } from './price-sources.js';
import { productIssue, productPrice, type PriceListProduct } from './product.js';

/** The attribute that holds a product's region: AWSDataTransfer products carry `fromRegionCode`. */
export function regionAttribute(serviceCode: string): string {
  return serviceCode === 'AWSDataTransfer' ? 'fromRegionCode' : 'regionCode';
}

export interface Selection {
  /** One entry per key found, in the order of the sources. */
  readonly prices: readonly PriceEntry[];
  /** How each price that needed a choice was chosen (several SKUs, a less preferred operation, …). */
  readonly notes: readonly string[];
  /** Optional keys not found, each with the reason. */
  readonly absent: readonly AbsentPrice[];
}

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

type Priced = { readonly product: PriceListProduct; readonly entry: PriceEntry };

type Outcome =
  | { readonly kind: 'found'; readonly entry: PriceEntry; readonly note?: string }
  | { readonly kind: 'absent'; readonly reason: string; readonly publishedOtherwise: boolean }
  | { readonly kind: 'problem'; readonly issues: readonly InputIssue[] };

const opText = (op: string) => (op === '' ? 'no operation' : `operation '${op}'`);
const keyText = (s: PriceSource) => `${s.key.usageType}${s.key.operation ? ` (${s.key.operation})` : ''}`;
const skuText = (p: PriceListProduct, entry?: PriceEntry) =>
  `${p.serviceCode} SKU ${p.sku} (${opText(p.operation)}${entry ? `, ${entry.tiers.map((t) => new Dec(t.rate).toString()).join(' / ')} per ${entry.unit}` : ''})`;

/** Picks the price of one key from the products of its usage type in the region. */
function selectOne(region: string, source: PriceSource, ofUsageType: readonly PriceListProduct[]): Outcome {
  const rank = (p: PriceListProduct) => source.serviceCodes.indexOf(p.serviceCode as (typeof source.serviceCodes)[number]);
  const candidates = ofUsageType.filter((p) => rank(p) >= 0);

  // The first acceptable operation that is published decides; then, for unconfirmed operation
  // strings, whatever else the usage type is published with.
  let pool: PriceListProduct[] = [];
  let matched = -1;
  for (const [i, op] of source.operations.entries()) {
    pool = candidates.filter((p) => p.operation === op);
    if (pool.length > 0) {
      matched = i;
      break;
    }
  }
  if (pool.length === 0 && source.otherOperations) pool = [...candidates];
  if (pool.length === 0) {
    const published = [...new Set(ofUsageType.map((p) => `${p.serviceCode} with ${opText(p.operation)}`))];
    const acceptable = source.operations.map(opText).join(', ');
    return {
      kind: 'absent',
      publishedOtherwise: published.length > 0,
      reason:
        published.length === 0
          ? `not in the Price List (looked in ${source.serviceCodes.join(', ')})`
          : `published only as ${published.join('; ')}, none of them acceptable (${acceptable} in ${source.serviceCodes.join(', ')})`,
    };
  }

  const priced: Priced[] = [];
  const issues: InputIssue[] = [];
  for (const product of pool) {
    const price = productPrice(product);
    if (!price.ok) issues.push(...price.problems.map((m) => productIssue(product, m)));
    else if (price.unit !== source.key.unit) {
      issues.push(productIssue(product, `is priced per '${price.unit}', but tierwise meters it in '${source.key.unit}'`));
    } else priced.push({ product, entry: toEntry(region, source, product, price.tiers, price.description) });
  }
  if (issues.length > 0) return { kind: 'problem', issues };

  // Deterministic order: the service code AWS bills the key under first, then by SKU.
  priced.sort((a, b) => rank(a.product) - rank(b.product) || (a.product.sku < b.product.sku ? -1 : a.product.sku > b.product.sku ? 1 : 0));
  const first = priced[0]!;
  const agreeing = priced.filter((c) => samePrice(c.entry, first.entry));
  const why: string[] = [];
  if (agreeing.length < priced.length) {
    const home = priced.filter((c) => c.product.serviceCode === first.product.serviceCode);
    const homeAgrees = home.every((c) => samePrice(c.entry, first.entry));
    if (!homeAgrees || home.length === priced.length) {
      const skus = priced.map((c) => skuText(c.product, c.entry)).join(', ');
      return {
        kind: 'problem',
        issues: [
          {
            path: 'Price List',
            message: `usage type '${source.key.usageType}'${source.key.operation ? ` operation '${source.key.operation}'` : ''} in ${region}: SKUs disagree and no preference decides — ${skus}; tierwise will not guess which applies`,
          },
        ],
      };
    }
    for (const other of priced.filter((c) => !home.includes(c) && !samePrice(c.entry, first.entry))) {
      why.push(`also published as ${skuText(other.product, other.entry)}, not used: AWS bills it under ${first.product.serviceCode}`);
    }
  }
  const twins = priced.filter((c) => c !== first && samePrice(c.entry, first.entry));
  if (twins.length > 0) why.push(`${twins.length} more SKU${twins.length === 1 ? '' : 's'} at the same price (${twins.map((c) => skuText(c.product)).join(', ')})`);
  if (matched > 0) why.push(`${source.operations.slice(0, matched).map(opText).join(', ')} not published`);
  if (matched < 0) why.push(`no SKU with ${source.operations.map((op) => (op === '' ? 'an empty operation' : `operation '${op}'`)).join(' or ')}; taken because every SKU of the usage type agrees on the price`);
  const lessPreferred = source.operations.slice(matched + 1).filter((op) => matched >= 0 && candidates.some((p) => p.operation === op));
  if (lessPreferred.length > 0) why.push(`preferred over ${lessPreferred.map(opText).join(', ')}`);
  const ignored = candidates.filter((p) => !pool.includes(p) && !lessPreferred.includes(p.operation));
  if (ignored.length > 0) why.push(`${ignored.length} SKU${ignored.length === 1 ? '' : 's'} with other operations ignored`);
  const note = why.length > 0 ? `${keyText(source)} in ${region}: took ${skuText(first.product)}; ${why.join('; ')}.` : undefined;
  return { kind: 'found', entry: first.entry, ...(note ? { note } : {}) };
}

/**
 * Picks the price of each source's key in `region` from `products`. Throws one PriceDataError
 * listing every missing core key and every unusable or ambiguous core price at once; an optional
 * key that is missing, unusable or ambiguous is listed as absent with the reason instead.
 */
export function selectPrices(region: string, sources: readonly PriceSource[], products: readonly PriceListProduct[]): Selection {
  const byUsageType = new Map<string, PriceListProduct[]>();
  for (const p of products) {
    // Belt and braces: the request filters by region, but never let another region's price in.
    if (p.attributes[regionAttribute(p.serviceCode)] !== region) continue;
    byUsageType.set(p.usageType, [...(byUsageType.get(p.usageType) ?? []), p]);
  }

  const missing: MissingPrice[] = [];
  const missingLines: InputIssue[] = [];
  const issues: InputIssue[] = [];
  const notes: string[] = [];
  const absent: AbsentPrice[] = [];
  const prices: PriceEntry[] = [];
  for (const source of sources) {
    const { usageType, operation } = source.key;
    const outcome = selectOne(region, source, byUsageType.get(usageType) ?? []);
    if (outcome.kind === 'found') {
      prices.push(outcome.entry);
      if (outcome.note) notes.push(outcome.note);
    } else if (source.need === 'optional') {
      const reason = outcome.kind === 'absent' ? outcome.reason : outcome.issues.map((i) => i.message).join('; ');
      absent.push({ region, usageType, operation, reason });
    } else if (outcome.kind === 'absent') {
      missing.push({ region, usageType, operation });
      // Published, but not under an operation the table accepts: say how, it is what to look at.
      const how = outcome.publishedOtherwise ? `: ${outcome.reason}` : '';
      missingLines.push({ path: 'prices', message: `no price for usage type '${usageType}'${operation ? ` operation '${operation}'` : ''} in ${region}${how}` });
    } else issues.push(...outcome.issues);
  }
  if (missing.length > 0 || issues.length > 0) {
    const err = priceDataError([...missingLines, ...issues]);
    Object.defineProperty(err, 'missing', { value: missing, enumerable: true });
    throw err;
  }
  return { prices, notes, absent };
}

function toEntry(region: string, source: PriceSource, p: PriceListProduct, tiers: PriceEntry['tiers'], description: string): PriceEntry {
  return {
    region,
    usageType: source.key.usageType,
    operation: source.key.operation,
    unit: source.key.unit,
    tiers,
    serviceCode: p.serviceCode,
    sku: p.sku,
    priceListOperation: p.operation,
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
