/**
 * One Price List product document (GetProducts, FormatVersion aws_v1), read into plain data.
 *
 * Traps handled here (AWS Price List Query API, GetProducts): each PriceList element is a JSON
 * document encoded as a string (a String-like object in SDK v3); `productFamily` is often
 * missing; prices are decimal strings and stay strings — nothing here is ever a float.
 */
import type { InputIssue } from '../../errors.js';
import { Dec, parseBound, parseDecimal } from '../decimal.js';
import type { PriceTier } from '../price-book.js';
import type { UsageUnit } from '../../usage/usage-line.js';

/** One price dimension of an on-demand term, exactly as the document prints it. */
export interface PriceDimension {
  readonly rateCode: string;
  readonly description: string;
  readonly beginRange: string;
  readonly endRange: string;
  readonly unit: string;
  /** `pricePerUnit.USD`; undefined when the dimension has no USD price. */
  readonly usd: string | undefined;
}

export interface PriceListProduct {
  readonly sku: string;
  readonly serviceCode: string;
  readonly productFamily?: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** `attributes.usagetype`, with the region prefix. */
  readonly usageType: string;
  /** `attributes.operation`; '' when absent or empty. */
  readonly operation: string;
  /** Offer version, e.g. "20260728131000". */
  readonly version: string;
  readonly publicationDate: string;
  /** The on-demand terms by term key (`SKU.OFFERTERMCODE`), each with its price dimensions. */
  readonly onDemand: readonly { readonly key: string; readonly dimensions: readonly PriceDimension[] }[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Thrown for a document that is not a Price List product; the caller names the page. */
export class ProductShapeError extends Error {}

/**
 * Parses one PriceList element. `JSON.parse(String(item))` works for both the plain strings the
 * wire carries and the String-like objects SDK v3 hands back.
 */
export function parseProductDocument(item: unknown): PriceListProduct {
  let doc: unknown;
  try {
    doc = JSON.parse(String(item));
  } catch (e) {
    throw new ProductShapeError(`a PriceList element is not JSON (${(e as Error).message})`);
  }
  if (!isObject(doc) || !isObject(doc.product) || !isObject(doc.product.attributes)) {
    throw new ProductShapeError('a PriceList element has no product.attributes');
  }
  const product = doc.product;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(product.attributes as Json)) if (typeof v === 'string') attributes[k] = v;
  const sku = str(product.sku);
  const serviceCode = str(doc.serviceCode) ?? attributes.servicecode;
  if (!sku || !serviceCode) throw new ProductShapeError('a PriceList element has no product.sku or serviceCode');

  const onDemandTerms = isObject(doc.terms) && isObject(doc.terms.OnDemand) ? doc.terms.OnDemand : {};
  const onDemand = Object.entries(onDemandTerms).map(([key, term]) => ({
    key,
    dimensions: Object.entries(isObject(term) && isObject(term.priceDimensions) ? term.priceDimensions : {}).map(
      ([rateCode, d]): PriceDimension => {
        const dim = isObject(d) ? d : {};
        return {
          rateCode: str(dim.rateCode) ?? rateCode,
          description: str(dim.description) ?? '',
          beginRange: str(dim.beginRange) ?? '',
          endRange: str(dim.endRange) ?? '',
          unit: str(dim.unit) ?? '',
          usd: isObject(dim.pricePerUnit) ? str(dim.pricePerUnit.USD) : undefined,
        };
      },
    ),
  }));

  return {
    sku,
    serviceCode,
    ...(str(product.productFamily) ? { productFamily: str(product.productFamily) } : {}),
    attributes,
    usageType: attributes.usagetype ?? '',
    operation: attributes.operation ?? '',
    version: str(doc.version) ?? '',
    publicationDate: str(doc.publicationDate) ?? '',
    onDemand,
  };
}

/** Price List unit strings tierwise prices, each the same word as our UsageUnit. */
const UNITS: ReadonlySet<string> = new Set<UsageUnit>(['GB-Mo', 'Requests', 'GB', 'Objects', 'Keys', 'Events', 'Alarms', 'Metrics', 'Notifications', 'Hrs', 'MBps-Mo']);

/** The tiers and unit of a product's price, or the problems that stop it being used. */
export type ProductPrice =
  | { readonly ok: true; readonly unit: UsageUnit; readonly tiers: readonly PriceTier[]; readonly description: string }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads a product's on-demand price as tiers sorted by begin, contiguous from 0 to "Inf", every
 * bound and rate a decimal string exactly as printed. A product with no or several on-demand
 * terms, a non-USD or malformed price, mixed units or a gap between tiers is refused, never guessed.
 */
export function productPrice(p: PriceListProduct): ProductPrice {
  if (p.onDemand.length !== 1) {
    return { ok: false, problems: [`has ${p.onDemand.length} on-demand terms (expected exactly one)`] };
  }
  const dims = p.onDemand[0]!.dimensions;
  const problems: string[] = [];
  if (dims.length === 0) problems.push('has no price dimensions');
  for (const d of dims) {
    if (!parseDecimal(d.usd)) problems.push(`${d.rateCode}: pricePerUnit.USD is ${JSON.stringify(d.usd ?? null)}, not a decimal string`);
    if (!parseDecimal(d.beginRange)) problems.push(`${d.rateCode}: beginRange ${JSON.stringify(d.beginRange)} is not a number`);
    if (!parseBound(d.endRange)) problems.push(`${d.rateCode}: endRange ${JSON.stringify(d.endRange)} is not a number or "Inf"`);
  }
  const units = [...new Set(dims.map((d) => d.unit))];
  if (units.length > 1) problems.push(`mixes units ${units.join(', ')}`);
  else if (units.length === 1 && !UNITS.has(units[0]!)) problems.push(`has unit '${units[0]}' (tierwise knows ${[...UNITS].join(', ')})`);
  if (problems.length > 0) return { ok: false, problems };

  const sorted = [...dims].sort((a, b) => new Dec(a.beginRange).comparedTo(b.beginRange));
  let expected = new Dec(0);
  for (const d of sorted) {
    const begin = new Dec(d.beginRange);
    const end = parseBound(d.endRange)!;
    if (!begin.eq(expected)) {
      return { ok: false, problems: [`tiers are not contiguous: a tier begins at ${d.beginRange} where ${expected.isFinite() ? expected.toString() : 'none'} was expected`] };
    }
    if (!end.gt(begin)) return { ok: false, problems: [`tier ${d.beginRange}–${d.endRange} is empty`] };
    expected = end;
  }
  if (expected.isFinite()) return { ok: false, problems: [`the last tier ends at ${sorted.at(-1)?.endRange}, not "Inf"`] };

  const descriptions = [...new Set(sorted.map((d) => d.description).filter((t) => t !== ''))];
  return {
    ok: true,
    unit: units[0] as UsageUnit,
    tiers: sorted.map((d) => ({ begin: d.beginRange, end: d.endRange, rate: d.usd as string })),
    description: descriptions.join('; '),
  };
}

/** An issue naming the product, for PriceDataError. */
export function productIssue(p: Pick<PriceListProduct, 'serviceCode' | 'sku' | 'usageType' | 'operation'>, message: string): InputIssue {
  const op = p.operation ? ` operation '${p.operation}'` : '';
  return { path: `Price List ${p.serviceCode} SKU ${p.sku}`, message: `usage type '${p.usageType}'${op} ${message}` };
}
