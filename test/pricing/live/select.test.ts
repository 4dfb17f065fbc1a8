import { describe, expect, it } from 'vitest';
import { PriceDataError } from '../../../src/errors.js';
import { parseProductDocument, type PriceListProduct } from '../../../src/pricing/live/product.js';
import { offersOf, selectPrices } from '../../../src/pricing/live/select.js';
import type { PriceEntry } from '../../../src/pricing/price-book.js';
import {
  egressKey,
  getKey,
  interRegionKey,
  putKey,
  restoreRequestKey,
  storageKey,
  transitionKey,
  type UsageKey,
} from '../../../src/usage/usage-types.js';
import { decoys, fixtureDocuments, productDocument, REAL_S3_US_EAST_1 } from './documents.js';

type Built = Pick<PriceEntry, 'region' | 'usageType' | 'operation' | 'serviceCode' | 'unit'> & { rate?: string; tiers?: PriceEntry['tiers']; sku?: string };

/** A product document in the real shape, parsed. */
function built(b: Built): PriceListProduct {
  const tiers = b.tiers ?? [{ begin: '0', end: 'Inf', rate: b.rate ?? '0' }];
  return parseProductDocument(productDocument({ ...b, tiers }));
}

const real = fixtureDocuments(REAL_S3_US_EAST_1).map(parseProductDocument);

// Figures from shared/reference/prices.md, us-east-1.
const GDA_STORAGE = built({ region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.0009900000' });
const GDA_RESTORE = built({ region: 'us-east-1', usageType: 'Requests-GDA-Tier3', operation: 'DeepArchiveRestoreObject', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'Requests', rate: '0.0001000000' });
const EGRESS = built({
  region: 'us-east-1',
  usageType: 'DataTransfer-Out-Bytes',
  operation: '',
  serviceCode: 'AWSDataTransfer',
  unit: 'GB',
  tiers: [
    { begin: '0', end: '100', rate: '0.0000000000' },
    { begin: '100', end: '10240', rate: '0.0900000000' },
    { begin: '10240', end: '51200', rate: '0.0850000000' },
    { begin: '51200', end: '153600', rate: '0.0700000000' },
    { begin: '153600', end: 'Inf', rate: '0.0500000000' },
  ],
});
const TO_OHIO = built({ region: 'us-east-1', usageType: 'USE1-USE2-AWS-Out-Bytes', operation: '', serviceCode: 'AWSDataTransfer', unit: 'GB', rate: '0.0100000000' });
const INT_TRANSITION = built({ region: 'us-east-1', usageType: 'Requests-Tier4', operation: 'S3-INTTransition', serviceCode: 'AmazonS3', unit: 'Requests', rate: '0.0000100000' });
const GIR_TRANSITION = built({ region: 'us-east-1', usageType: 'Requests-Tier4', operation: 'S3-GIRTransition', serviceCode: 'AmazonS3', unit: 'Requests', rate: '0.0000200000' });

const ALL = [...real, ...decoys('us-east-1').map((d) => parseProductDocument(d.text)), GDA_STORAGE, GDA_RESTORE, EGRESS, TO_OHIO, INT_TRANSITION, GIR_TRANSITION];

const rateOf = (entries: readonly PriceEntry[], k: UsageKey) => entries.find((e) => e.usageType === k.usageType && e.operation === k.operation)?.tiers;

function priceDataError(f: () => unknown): PriceDataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PriceDataError);
    return e as PriceDataError;
  }
  throw new Error('expected a PriceDataError');
}

describe('selecting the prices the engine needs (prices.md us-east-1, s3-billing.md §9)', () => {
  it('takes DEEP_ARCHIVE storage from AmazonS3GlacierDeepArchive at $0.00099, never the $0.021 staging SKU', () => {
    const k = storageKey('us-east-1', 'DEEP_ARCHIVE');
    const { prices } = selectPrices('us-east-1', [k], ALL);
    expect(prices).toHaveLength(1);
    expect(prices[0]).toMatchObject({ serviceCode: 'AmazonS3GlacierDeepArchive', tiers: [{ begin: '0', end: 'Inf', rate: '0.0009900000' }] });
    expect(prices[0]!.sku).not.toBe('EXB3YJ6YV5CRH4JN'); // the real staging decoy
  });

  it('does not take the staging SKU or the Intelligent-Tiering DAA rate when Deep Archive storage is missing', () => {
    const withoutGda = ALL.filter((p) => p !== GDA_STORAGE);
    const err = priceDataError(() => selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], withoutGda));
    expect(err.missing).toEqual([{ region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '' }]);
  });

  it('keeps every tier: Standard storage 3 tiers (real SKU), internet egress 5 tiers with the free 100 GB', () => {
    const { prices } = selectPrices('us-east-1', [storageKey('us-east-1', 'STANDARD'), egressKey('us-east-1')], ALL);
    expect(prices[0]).toMatchObject({ sku: 'WP9ANXZGBYYSGJEA', serviceCode: 'AmazonS3', unit: 'GB-Mo' });
    expect(prices[0]!.tiers.map((t) => t.rate)).toEqual(['0.0230000000', '0.0220000000', '0.0210000000']);
    expect(prices[1]!.tiers).toEqual([
      { begin: '0', end: '100', rate: '0.0000000000' },
      { begin: '100', end: '10240', rate: '0.0900000000' },
      { begin: '10240', end: '51200', rate: '0.0850000000' },
      { begin: '51200', end: '153600', rate: '0.0700000000' },
      { begin: '153600', end: 'Inf', rate: '0.0500000000' },
    ]);
    expect(prices[1]!.serviceCode).toBe('AWSDataTransfer');
  });

  it('prices requests per request: PUT $0.005 and GET $0.0004 per 1,000 (real SKUs)', () => {
    const put = putKey('us-east-1', 'STANDARD');
    const get = getKey('us-east-1', 'STANDARD');
    const { prices } = selectPrices('us-east-1', [put, get], ALL);
    expect(rateOf(prices, put)).toEqual([{ begin: '0', end: 'Inf', rate: '0.0000050000' }]);
    expect(rateOf(prices, get)).toEqual([{ begin: '0', end: 'Inf', rate: '0.0000004000' }]);
  });

  it('matches the operation exactly: transitions to INT ($0.01/1,000) and GIR ($0.02/1,000) share Requests-Tier4', () => {
    const toInt = transitionKey('us-east-1', 'INTELLIGENT_TIERING')!;
    const toGir = transitionKey('us-east-1', 'GLACIER_IR')!;
    const restore = restoreRequestKey('us-east-1', 'DEEP_ARCHIVE', 'standard')!;
    const { prices } = selectPrices('us-east-1', [toInt, toGir, restore], ALL);
    expect(rateOf(prices, toInt)?.[0]?.rate).toBe('0.0000100000');
    expect(rateOf(prices, toGir)?.[0]?.rate).toBe('0.0000200000');
    expect(rateOf(prices, restore)?.[0]?.rate).toBe('0.0001000000');
    // An operation the Price List does not publish is missing, not priced from a sibling.
    const err = priceDataError(() => selectPrices('us-east-1', [transitionKey('us-east-1', 'STANDARD_IA')!], ALL));
    expect(err.missing).toEqual([{ region: 'us-east-1', usageType: 'Requests-Tier4', operation: 'S3-SIATransition' }]);
  });

  it('ignores S3 Tables usage types: APS3-Tables-TimedStorage-INT-FA-ByteHrs is not APS3-TimedStorage-INT-FA-ByteHrs', () => {
    const tables = decoys('ap-south-1').map((d) => parseProductDocument(d.text));
    expect(tables.map((p) => p.usageType)).toContain('APS3-Tables-TimedStorage-INT-FA-ByteHrs');
    const err = priceDataError(() => selectPrices('ap-south-1', [storageKey('ap-south-1', 'INTELLIGENT_TIERING', 'FA')], tables));
    expect(err.missing.map((m) => m.usageType)).toEqual(['APS3-TimedStorage-INT-FA-ByteHrs']);
  });

  it("never lets another region's product in, even if the API returned it", () => {
    const ohio = built({ region: 'us-east-2', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.0009900000' });
    const err = priceDataError(() => selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], [ohio]));
    expect(err.missing).toHaveLength(1);
    // Data transfer products are placed by fromRegionCode.
    expect(selectPrices('us-east-1', [interRegionKey('us-east-1', 'us-east-2')], ALL).prices[0]?.tiers[0]?.rate).toBe('0.0100000000');
  });

  it('lists every missing price at once, each with region, usage type and operation', () => {
    const keys = [storageKey('us-east-1', 'STANDARD'), storageKey('us-east-1', 'GLACIER'), transitionKey('us-east-1', 'GLACIER')!, interRegionKey('us-east-1', 'ap-south-1')];
    const err = priceDataError(() => selectPrices('us-east-1', keys, ALL));
    expect(err.lines()).toEqual([
      "prices: no price for usage type 'TimedStorage-GlacierByteHrs' in us-east-1",
      "prices: no price for usage type 'Requests-Tier3' operation 'S3-GlacierTransition' in us-east-1",
      "prices: no price for usage type 'USE1-APS3-AWS-Out-Bytes' in us-east-1",
    ]);
  });

  it('refuses to guess between two products of one key at different rates, naming both SKUs', () => {
    const twin = built({ region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.0018000000', sku: 'TWINSKU000000001' });
    const err = priceDataError(() => selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], [GDA_STORAGE, twin]));
    expect(err.lines()).toHaveLength(1);
    expect(err.lines()[0]).toMatch(/TimedStorage-GDA-ByteHrs' in us-east-1 has different prices in AmazonS3GlacierDeepArchive \w+, AmazonS3GlacierDeepArchive TWINSKU000000001/);
    // The same price twice ("0.00099" = "0.0009900000") is no ambiguity.
    const same = built({ region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.00099', sku: 'TWINSKU000000002' });
    expect(selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], [GDA_STORAGE, same]).prices).toHaveLength(1);
  });

  it('prefers the service code AWS bills a key under, and notes a disagreeing copy elsewhere', () => {
    const mirror = built({ region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3', unit: 'GB-Mo', rate: '0.0020000000' });
    const { prices, notes } = selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], [mirror, GDA_STORAGE]);
    expect(prices[0]).toMatchObject({ serviceCode: 'AmazonS3GlacierDeepArchive', tiers: [{ rate: '0.0009900000' }] });
    expect(notes).toEqual([expect.stringContaining('also published under AmazonS3 SKU')]);
    // Found only under another service code, it is still found ("wherever the service code").
    expect(selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], [mirror]).prices[0]?.serviceCode).toBe('AmazonS3');
  });

  it('refuses a product priced in another unit than the engine meters, naming its SKU', () => {
    const perGb = built({ region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB', rate: '0.0009900000', sku: 'UNITSKU000000001' });
    const err = priceDataError(() => selectPrices('us-east-1', [storageKey('us-east-1', 'DEEP_ARCHIVE')], [perGb]));
    expect(err.lines()).toEqual([
      "Price List AmazonS3GlacierDeepArchive SKU UNITSKU000000001: usage type 'TimedStorage-GDA-ByteHrs' is priced per 'GB', but tierwise meters it in 'GB-Mo'",
    ]);
  });

  it('records each offer (service code, version, publication date) once', () => {
    expect(offersOf('us-east-1', ALL)).toEqual([
      { serviceCode: 'AWSDataTransfer', region: 'us-east-1', version: '20260721120000', publicationDate: '2026-07-21T12:00:00Z' },
      { serviceCode: 'AmazonS3', region: 'us-east-1', version: '20260728131000', publicationDate: '2026-07-28T13:10:00Z' },
      { serviceCode: 'AmazonS3GlacierDeepArchive', region: 'us-east-1', version: '20260715090000', publicationDate: '2026-07-15T09:00:00Z' },
    ]);
  });
});
