/**
 * Builds Price List product documents (GetProducts, FormatVersion aws_v1) in the real shape —
 * the shape of test/fixtures/pricelist/GetProducts-AmazonS3-us-east-1-20260728.json: a JSON
 * document per product, attributes, terms.OnDemand…priceDimensions with beginRange / endRange /
 * unit / pricePerUnit.USD strings, some products without productFamily — from PriceBook entries,
 * so a fake endpoint can serve exactly what a snapshot holds. Real documents are served verbatim
 * in place of built ones wherever they exist.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Dec } from '../../../src/pricing/decimal.js';
import { sourceRule } from '../../../src/pricing/live/price-sources.js';
import type { PriceBook, PriceEntry } from '../../../src/pricing/price-book.js';
import { baseUsageType, REGION_CODES, regionInfo } from '../../../src/usage/regions.js';
import { servedDocument, type ServedDocument } from './fake-price-list.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/pricelist/', import.meta.url));

/** The PriceList strings of a GetProducts response body in the fixtures folder, verbatim. */
export function fixtureDocuments(file: string): string[] {
  const body = JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as { FormatVersion: string; PriceList: string[] };
  if (body.FormatVersion !== 'aws_v1') throw new Error(`${file}: not an aws_v1 GetProducts body`);
  return body.PriceList;
}

export const REAL_S3_US_EAST_1 = 'GetProducts-AmazonS3-us-east-1-20260728.json';

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  AmazonS3: 'Amazon Simple Storage Service',
  AmazonS3GlacierDeepArchive: 'Amazon S3 Glacier Deep Archive',
  AWSDataTransfer: 'AWS Data Transfer',
};

export interface Offer {
  readonly version: string;
  readonly publicationDate: string;
}

/** A made-up offer per service code (AmazonS3's is the real one of the fixture). */
export const OFFERS: Readonly<Record<string, Offer>> = {
  AmazonS3: { version: '20260728131000', publicationDate: '2026-07-28T13:10:00Z' },
  AmazonS3GlacierDeepArchive: { version: '20260715090000', publicationDate: '2026-07-15T09:00:00Z' },
  AWSDataTransfer: { version: '20260721120000', publicationDate: '2026-07-21T12:00:00Z' },
};

/** A stable 16-character SKU for a built product (real SKUs look like WP9ANXZGBYYSGJEA). */
export function builtSku(...parts: string[]): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = createHash('sha256').update(parts.join('|')).digest();
  return Array.from(bytes.subarray(0, 16), (b) => alphabet[b % alphabet.length]).join('');
}

/** The destination region of an inter-region usage type (`USE1-APS3-AWS-Out-Bytes` → ap-south-1). */
function destinationOf(usageType: string): string | undefined {
  const m = /^([A-Z0-9]+)-([A-Z0-9]+)-(AWS|S3RTC)-Out-Bytes$/.exec(usageType);
  return m ? REGION_CODES.find((c) => regionInfo(c)?.transferCode === m[2]) : undefined;
}

function attributesFor(e: Pick<PriceEntry, 'region' | 'usageType' | 'operation' | 'serviceCode'>): Record<string, string> {
  const here = regionInfo(e.region)!;
  const base = { operation: e.operation, servicecode: e.serviceCode, servicename: SERVICE_NAMES[e.serviceCode] ?? e.serviceCode, usagetype: e.usageType };
  if (e.serviceCode !== 'AWSDataTransfer') {
    return { location: here.location, locationType: 'AWS Region', regionCode: e.region, ...base };
  }
  // AWSDataTransfer products name both ends and carry fromRegionCode, not regionCode.
  const to = destinationOf(e.usageType);
  return {
    fromLocation: here.location,
    fromLocationType: 'AWS Region',
    fromRegionCode: e.region,
    ...(to
      ? { toLocation: regionInfo(to)!.location, toLocationType: 'AWS Region', toRegionCode: to, transferType: 'InterRegion Outbound' }
      : { toLocation: 'External', toLocationType: 'Other', transferType: 'AWS Outbound' }),
    ...base,
  };
}

/** One product document (as the JSON text the API sends) for a price entry. */
export function productDocument(
  e: Pick<PriceEntry, 'region' | 'usageType' | 'operation' | 'serviceCode' | 'unit' | 'tiers'> & { sku?: string; description?: string },
  opts: { offer?: Offer; withProductFamily?: boolean } = {},
): string {
  const offer = opts.offer ?? OFFERS[e.serviceCode] ?? OFFERS.AmazonS3!;
  const sku = e.sku ?? builtSku(e.serviceCode, e.region, e.usageType, e.operation);
  const term = `${sku}.JRTCKXETXF`;
  // Tiers listed highest first: the API does not promise any order of price dimensions.
  const dims = [...e.tiers].reverse().map((t, i) => {
    const rateCode = `${term}.${builtSku(sku, String(i)).slice(0, 10)}`;
    return [
      rateCode,
      {
        rateCode,
        description: e.description ?? `$${t.rate} per ${e.unit} for ${e.usageType} (${t.begin}–${t.end})`,
        beginRange: t.begin,
        endRange: t.end,
        unit: e.unit,
        pricePerUnit: { USD: t.rate },
        appliesTo: [],
      },
    ] as const;
  });
  const family = e.unit === 'GB-Mo' ? 'Storage' : e.unit === 'GB' ? 'Data Transfer' : e.unit === 'Requests' ? 'API Request' : 'Fee';
  return JSON.stringify({
    product: { sku, ...(opts.withProductFamily === false ? {} : { productFamily: family }), attributes: attributesFor(e) },
    serviceCode: e.serviceCode,
    terms: {
      OnDemand: {
        [term]: { sku, offerTermCode: 'JRTCKXETXF', effectiveDate: '2026-07-01T00:00:00Z', priceDimensions: Object.fromEntries(dims), termAttributes: {} },
      },
    },
    version: offer.version,
    publicationDate: offer.publicationDate,
  });
}

/** How AWS publishes a transition into INT, SIA or ZIA: Requests-Tier4 with an EMPTY operation. */
const EMPTY_OPERATION_TRANSITIONS = new Set(['S3-INTTransition', 'S3-SIATransition', 'S3-ZIATransition']);

/**
 * The Price List operation a price is published under, the way the real catalogue does it: the
 * most preferred operation of its rule (PutObject for GLACIER / DEEP_ARCHIVE PUTs,
 * DeepArchiveRestoreObjectBulk for Deep Archive Bulk restores, …), and an empty one for the
 * Requests-Tier4 transitions into INT / SIA / ZIA.
 */
export function publishedOperation(e: Pick<PriceEntry, 'region' | 'usageType' | 'operation'>): string {
  if (EMPTY_OPERATION_TRANSITIONS.has(e.operation)) return '';
  return sourceRule(e.region, e).operations[0]!;
}

export interface CatalogueOptions {
  /** Regions for which AWS sells no inter-region or RTC pair at all: those SKUs are left out. */
  readonly noPairsFrom?: readonly string[];
  /** Serve the real us-east-1 fixture documents in place of built ones (default true); off for a repriced book. */
  readonly realDocuments?: boolean;
}

type Entry = Pick<PriceEntry, 'region' | 'usageType' | 'operation' | 'serviceCode' | 'unit' | 'tiers'> & { sku?: string };

/**
 * Everything the fake endpoint serves for `book`, shaped like the real catalogue: one product per
 * entry under the operation AWS publishes it with (see publishedOperation; the three Tier4
 * transitions that share a price share one empty-operation SKU), every other one without
 * productFamily as on most real products, the real fixture documents instead of built ones where
 * they exist (us-east-1), and around them what a matcher must get past — several SKUs per usage
 * type differing by operation and price, the same price published twice, and decoys.
 */
export function documentsForBook(book: PriceBook, opts: CatalogueOptions = {}): ServedDocument[] {
  const real = opts.realDocuments === false ? [] : fixtureDocuments(REAL_S3_US_EAST_1).map(servedDocument);
  const realKey = (d: ServedDocument) => `${d.serviceCode}|${d.attributes.regionCode}|${d.attributes.usagetype}|${d.attributes.operation}`;
  const realKeys = new Set(real.map(realKey));
  const pair = /-(AWS|S3RTC)-Out-Bytes$/;
  const built = new Map<string, ServedDocument>();
  book.prices.forEach((e, i) => {
    if (opts.noPairsFrom?.includes(e.region) && pair.test(e.usageType)) return;
    const operation = publishedOperation(e);
    const k = `${e.serviceCode}|${e.region}|${e.usageType}|${operation}`;
    if (realKeys.has(k) || built.has(k)) return;
    built.set(k, servedDocument(productDocument({ ...e, operation }, { withProductFamily: i % 2 === 0 })));
  });
  const extras = book.regions.flatMap((r) => [...decoys(r, realKeys), ...siblings(book.prices.filter((e) => e.region === r))]);
  return [...real, ...extras, ...built.values()];
}

const scaled = (tiers: PriceEntry['tiers'], factor: string): PriceEntry['tiers'] =>
  tiers.map((t) => ({ ...t, rate: new Dec(t.rate).times(factor).toFixed(10) }));

/**
 * The other SKUs the real catalogue publishes next to a price: Requests-GLACIER-Tier1 once per API
 * operation (about fifteen SKUs at two prices: a multipart upload's initiation is cheaper),
 * Requests-GDA-Tier1 per operation (InitiateMultipartUpload at a tenth), Deep Archive restores
 * mirrored in AmazonS3GlacierDeepArchive at the same price.
 */
function siblings(entries: readonly Entry[]): ServedDocument[] {
  const out: ServedDocument[] = [];
  const doc = (e: Entry, operation: string, tiers = e.tiers, serviceCode = e.serviceCode) =>
    servedDocument(productDocument({ ...e, operation, tiers, serviceCode, sku: builtSku('sibling', serviceCode, e.region, e.usageType, operation) }));
  for (const e of entries) {
    const base = baseUsageType(e.region, e.usageType);
    if (base === 'Requests-GLACIER-Tier1') {
      for (const op of ['PostObject', 'CopyObject', 'UploadPart', 'CompleteMultipartUpload', 'S3-GlacierTransition']) out.push(doc(e, op));
      for (const op of ['InitiateMultipartUpload', 'UploadPartCopy']) out.push(doc(e, op, scaled(e.tiers, '0.1')));
    }
    if (base === 'Requests-GDA-Tier1') {
      out.push(doc(e, 'PostObject'), doc(e, 'InitiateMultipartUpload', scaled(e.tiers, '0.1')));
    }
    if (e.operation === 'DeepArchiveRestoreObject' && base.startsWith('Requests-GDA-')) {
      out.push(doc(e, publishedOperation(e), e.tiers, 'AmazonS3GlacierDeepArchive'));
    }
  }
  return out;
}

/**
 * Products the engine must ignore in `region`: S3 Tables storage and requests, the Deep Archive
 * staging SKU, AmazonS3's own DataTransfer-Out-Bytes (the Multi-Region Access Point routing
 * charge) and the Intelligent-Tiering object-overhead SKU that shares TimedStorage-ByteHrs.
 */
export function decoys(region: string, realKeys: ReadonlySet<string> = new Set()): ServedDocument[] {
  const prefix = regionInfo(region)!.usagePrefix;
  const ut = (name: string) => (prefix ? `${prefix}-${name}` : name);
  const one = (usageType: string, unit: PriceEntry['unit'], rate: string, operation = '') =>
    servedDocument(productDocument({ region, usageType, operation, serviceCode: 'AmazonS3', unit, tiers: [{ begin: '0', end: 'Inf', rate }] }));
  const out = [
    one(ut('Tables-TimedStorage-INT-FA-ByteHrs'), 'GB-Mo', '0.0265000000'),
    one(ut('Tables-Requests-Tier1'), 'Requests', '0.0000060000'),
    one(ut('DataTransfer-Out-Bytes'), 'GB', '0.0033000000'),
    one(ut('TimedStorage-ByteHrs'), 'GB-Mo', '0.0241500000', 'INTAAS3ObjectOverhead'),
  ];
  if (!realKeys.has(`AmazonS3|${region}|${ut('TimedStorage-GDA-Staging')}|`)) out.push(one(ut('TimedStorage-GDA-Staging'), 'GB-Mo', '0.0210000000'));
  return out;
}

/** `book` with every rate changed (× 2 + 0.000000001 each), so no price equals the original. */
export function repricedBook(book: PriceBook): PriceBook {
  return {
    ...book,
    prices: book.prices.map((e) => ({
      ...e,
      tiers: e.tiers.map((t) => ({ ...t, rate: new Dec(t.rate).times(2).plus('0.000000001').toFixed(10) })),
    })),
  };
}
