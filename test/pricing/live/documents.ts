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
import type { PriceBook, PriceEntry } from '../../../src/pricing/price-book.js';
import { REGION_CODES, regionInfo } from '../../../src/usage/regions.js';
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

/**
 * Everything the fake endpoint serves for `book`: one built product per entry of every region in
 * the book (every other one without productFamily, as on most real products), the real fixture
 * documents instead of built ones where they exist (us-east-1), and decoys the engine must not
 * take — S3 Tables usage types and the Deep Archive staging SKU at the Standard rate.
 */
export function documentsForBook(book: PriceBook): ServedDocument[] {
  const real = fixtureDocuments(REAL_S3_US_EAST_1).map(servedDocument);
  const realKey = (d: ServedDocument) => `${d.serviceCode}|${d.attributes.regionCode}|${d.attributes.usagetype}|${d.attributes.operation}`;
  const realKeys = new Set(real.map(realKey));
  const built = book.prices
    .filter((e) => !realKeys.has(`${e.serviceCode}|${e.region}|${e.usageType}|${e.operation}`))
    .map((e, i) => servedDocument(productDocument(e, { withProductFamily: i % 2 === 0 })));
  return [...real, ...book.regions.flatMap((r) => decoys(r, realKeys)), ...built];
}

/** Products the engine must ignore in `region`: S3 Tables storage and requests, and the staging SKU. */
export function decoys(region: string, realKeys: ReadonlySet<string> = new Set()): ServedDocument[] {
  const prefix = regionInfo(region)!.usagePrefix;
  const ut = (name: string) => (prefix ? `${prefix}-${name}` : name);
  const one = (usageType: string, unit: PriceEntry['unit'], rate: string) =>
    servedDocument(productDocument({ region, usageType, operation: '', serviceCode: 'AmazonS3', unit, tiers: [{ begin: '0', end: 'Inf', rate }] }));
  const out = [one(ut('Tables-TimedStorage-INT-FA-ByteHrs'), 'GB-Mo', '0.0265000000'), one(ut('Tables-Requests-Tier1'), 'Requests', '0.0000060000')];
  if (!realKeys.has(`AmazonS3|${region}|${ut('TimedStorage-GDA-Staging')}|`)) out.push(one(ut('TimedStorage-GDA-Staging'), 'GB-Mo', '0.0210000000'));
  return out;
}
