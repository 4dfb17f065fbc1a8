import { describe, expect, it } from 'vitest';
import { PriceDataError } from '../../../src/errors.js';
import { priceSources, PRICE_SOURCES, sourceRule, sourceTableKey, type PriceSource } from '../../../src/pricing/live/price-sources.js';
import { parseProductDocument, type PriceListProduct } from '../../../src/pricing/live/product.js';
import { offersOf, selectPrices } from '../../../src/pricing/live/select.js';
import type { PriceEntry } from '../../../src/pricing/price-book.js';
import { REGION_CODES } from '../../../src/usage/regions.js';
import {
  earlyDeleteKey,
  egressKey,
  getKey,
  interRegionKey,
  putKey,
  restoreBytesKey,
  restoreRequestKey,
  rtcKey,
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

const R = 'us-east-1';
/** The price source (table rule) of an engine key in us-east-1. */
const src = (k: UsageKey | undefined, region = R): PriceSource => {
  if (!k) throw new Error('no key');
  return { key: k, ...sourceRule(region, k) };
};

const real = fixtureDocuments(REAL_S3_US_EAST_1).map(parseProductDocument);

// us-east-1 figures as AWS publishes them.
const GDA_STORAGE = built({ region: R, usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.0009900000' });
const GDA_RESTORE = built({ region: R, usageType: 'Requests-GDA-Tier3', operation: 'DeepArchiveRestoreObject', serviceCode: 'AmazonS3', unit: 'Requests', rate: '0.0001000000' });
const GDA_BULK_RESTORE = built({ region: R, usageType: 'Requests-GDA-Tier5', operation: 'DeepArchiveRestoreObjectBulk', serviceCode: 'AmazonS3', unit: 'Requests', rate: '0.0000250000' });
const GDA_BULK_GB = built({ region: R, usageType: 'Bulk-Retrieval-Bytes', operation: 'DeepArchiveRestoreObject', serviceCode: 'AmazonS3', unit: 'GB', rate: '0.0025000000' });
const GLACIER_BULK_GB = built({ region: R, usageType: 'Bulk-Retrieval-Bytes', operation: 'RestoreObject', serviceCode: 'AmazonS3', unit: 'GB', rate: '0.0000000000' });
const EGRESS = built({
  region: R,
  usageType: 'DataTransfer-Out-Bytes',
  operation: '',
  serviceCode: 'AWSDataTransfer',
  unit: 'GB',
  tiers: [
    { begin: '0', end: '10240', rate: '0.0900000000' },
    { begin: '10240', end: '51200', rate: '0.0850000000' },
    { begin: '51200', end: '153600', rate: '0.0700000000' },
    { begin: '153600', end: 'Inf', rate: '0.0500000000' },
  ],
});
const TO_OHIO = built({ region: R, usageType: 'USE1-USE2-AWS-Out-Bytes', operation: '', serviceCode: 'AWSDataTransfer', unit: 'GB', rate: '0.0100000000' });
const RTC_OHIO = built({ region: R, usageType: 'USE1-USE2-S3RTC-Out-Bytes', operation: '', serviceCode: 'AmazonS3', unit: 'GB', rate: '0.0150000000' });
/** INT, SIA and ZIA transitions: one SKU, no operation. */
const TIER4 = built({ region: R, usageType: 'Requests-Tier4', operation: '', serviceCode: 'AmazonS3', unit: 'Requests', rate: '0.0000100000', sku: 'TIER4EMPTYOP0001' });
const GIR_TRANSITION = built({ region: R, usageType: 'Requests-Tier4', operation: 'S3-GIRTransition', serviceCode: 'AmazonS3', unit: 'Requests', rate: '0.0000200000' });
const glacierPut = (operation: string, rate: string, sku: string) =>
  built({ region: R, usageType: 'Requests-GLACIER-Tier1', operation, serviceCode: 'AmazonS3', unit: 'Requests', rate, sku });
const GLACIER_PUTS = [
  glacierPut('PostObject', '0.0000300000', 'GLACIERPOST00001'),
  glacierPut('InitiateMultipartUpload', '0.0000030000', 'GLACIERINIT00001'),
  glacierPut('CopyObject', '0.0000300000', 'GLACIERCOPY00001'),
  glacierPut('PutObject', '0.0000300000', 'GLACIERPUT000001'),
];

const ALL = [
  ...real,
  ...decoys(R).map((d) => parseProductDocument(d.text)),
  GDA_STORAGE, GDA_RESTORE, GDA_BULK_RESTORE, GDA_BULK_GB, GLACIER_BULK_GB, EGRESS, TO_OHIO, RTC_OHIO, TIER4, GIR_TRANSITION, ...GLACIER_PUTS,
];

const found = (entries: readonly PriceEntry[], k: UsageKey) => entries.find((e) => e.usageType === k.usageType && e.operation === k.operation);

function priceDataError(f: () => unknown): PriceDataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PriceDataError);
    return e as PriceDataError;
  }
  throw new Error('expected a PriceDataError');
}

describe('the price-source table', () => {
  it('has a rule for every key the engine can emit, in every region tierwise knows, and no rule it never uses', () => {
    const used = new Set<string>();
    for (const region of REGION_CODES) {
      for (const s of priceSources(region, REGION_CODES.filter((r) => r !== region))) {
        used.add(sourceTableKey(region, s.key));
        expect(s.operations.length, `${region} ${s.key.usageType}`).toBeGreaterThan(0);
        expect(s.serviceCodes.length).toBeGreaterThan(0);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(PRICE_SOURCES).sort());
  });

  it('makes transfer, RTC, restores and the opt-in INT archive tiers optional; storage, requests, transitions and egress core', () => {
    const need = (k: UsageKey | undefined) => src(k).need;
    expect(need(interRegionKey(R, 'ap-south-1'))).toBe('optional');
    expect(need(rtcKey(R, 'ap-south-1'))).toBe('optional');
    expect(need(restoreRequestKey(R, 'DEEP_ARCHIVE', 'bulk'))).toBe('optional');
    expect(need(restoreBytesKey(R, 'GLACIER', 'expedited'))).toBe('optional');
    expect(need(storageKey(R, 'INTELLIGENT_TIERING', 'DAA'))).toBe('optional');
    for (const k of [storageKey(R, 'DEEP_ARCHIVE'), putKey(R, 'GLACIER'), getKey(R, 'STANDARD'), transitionKey(R, 'DEEP_ARCHIVE'), egressKey(R)]) {
      expect(need(k)).toBe('core');
    }
  });
});

describe('selecting the prices the engine needs from a catalogue shaped like the real one', () => {
  it('takes DEEP_ARCHIVE storage from AmazonS3GlacierDeepArchive at $0.00099, never the $0.021 staging SKU', () => {
    const { prices } = selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], ALL);
    expect(prices).toHaveLength(1);
    expect(prices[0]).toMatchObject({ serviceCode: 'AmazonS3GlacierDeepArchive', priceListOperation: '', tiers: [{ begin: '0', end: 'Inf', rate: '0.0009900000' }] });
    expect(prices[0]!.sku).not.toBe('EXB3YJ6YV5CRH4JN'); // the real staging decoy
  });

  it('does not take the staging SKU or the Intelligent-Tiering DAA rate when Deep Archive storage is missing', () => {
    const err = priceDataError(() => selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], ALL.filter((p) => p !== GDA_STORAGE)));
    expect(err.missing).toEqual([{ region: R, usageType: 'TimedStorage-GDA-ByteHrs', operation: '' }]);
  });

  it('keeps every tier: Standard storage 3 tiers (real SKU, not the object-overhead SKU), internet egress 4 tiers from $0.09 (no free row), not AmazonS3\'s $0.0033', () => {
    const { prices } = selectPrices(R, [src(storageKey(R, 'STANDARD')), src(egressKey(R))], ALL);
    expect(prices[0]).toMatchObject({ sku: 'WP9ANXZGBYYSGJEA', serviceCode: 'AmazonS3', unit: 'GB-Mo' });
    expect(prices[0]!.tiers.map((t) => t.rate)).toEqual(['0.0230000000', '0.0220000000', '0.0210000000']);
    expect(prices[1]!.tiers.map((t) => [t.begin, t.end, t.rate])).toEqual([
      ['0', '10240', '0.0900000000'],
      ['10240', '51200', '0.0850000000'],
      ['51200', '153600', '0.0700000000'],
      ['153600', 'Inf', '0.0500000000'],
    ]);
    expect(prices[1]!.serviceCode).toBe('AWSDataTransfer');
  });

  it('prices requests per request: PUT $0.005 and GET $0.0004 per 1,000 (real SKUs)', () => {
    const put = putKey(R, 'STANDARD');
    const get = getKey(R, 'STANDARD');
    const { prices } = selectPrices(R, [src(put), src(get)], ALL);
    expect(found(prices, put)?.tiers).toEqual([{ begin: '0', end: 'Inf', rate: '0.0000050000' }]);
    expect(found(prices, get)?.tiers).toEqual([{ begin: '0', end: 'Inf', rate: '0.0000004000' }]);
  });

  it('PUT into GLACIER: takes PutObject among SKUs per operation at two prices, and says what it preferred and ignored', () => {
    const k = putKey(R, 'GLACIER');
    const { prices, notes } = selectPrices(R, [src(k)], ALL);
    expect(found(prices, k)).toMatchObject({ operation: '', priceListOperation: 'PutObject', sku: 'GLACIERPUT000001', tiers: [{ rate: '0.0000300000' }] });
    expect(notes).toEqual([
      "Requests-GLACIER-Tier1 in us-east-1: took AmazonS3 SKU GLACIERPUT000001 (operation 'PutObject'); preferred over operation 'PostObject'; 2 SKUs with other operations ignored.",
    ]);
    // Without a PutObject SKU, PostObject is next; InitiateMultipartUpload (a tenth of the price) never.
    const noPut = selectPrices(R, [src(k)], ALL.filter((p) => p.operation !== 'PutObject'));
    expect(found(noPut.prices, k)).toMatchObject({ priceListOperation: 'PostObject', sku: 'GLACIERPOST00001' });
    expect(noPut.notes[0]).toContain("operation 'PutObject' not published");
    const onlyMultipart = priceDataError(() => selectPrices(R, [src(k)], [GLACIER_PUTS[1]!]));
    expect(onlyMultipart.missing).toEqual([{ region: R, usageType: 'Requests-GLACIER-Tier1', operation: '' }]);
    // Published, but under no acceptable operation: the error says how it is published.
    expect(onlyMultipart.lines()).toEqual([
      "prices: no price for usage type 'Requests-GLACIER-Tier1' in us-east-1: published only as AmazonS3 with operation 'InitiateMultipartUpload', none of them acceptable (operation 'PutObject', operation 'PostObject' in AmazonS3)",
    ]);
  });

  it('transitions into INT, SIA and ZIA take the empty-operation Requests-Tier4 SKU; into GLACIER_IR its own operation', () => {
    const keys = (['INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR'] as const).map((c) => transitionKey(R, c)!);
    const { prices, notes } = selectPrices(R, keys.map((k) => src(k)), ALL);
    expect(keys.map((k) => [found(prices, k)?.sku, found(prices, k)?.priceListOperation, found(prices, k)?.tiers[0]?.rate])).toEqual([
      ['TIER4EMPTYOP0001', '', '0.0000100000'],
      ['TIER4EMPTYOP0001', '', '0.0000100000'],
      ['TIER4EMPTYOP0001', '', '0.0000100000'],
      [GIR_TRANSITION.sku, 'S3-GIRTransition', '0.0000200000'],
    ]);
    expect(notes[0]).toBe(
      "Requests-Tier4 (S3-INTTransition) in us-east-1: took AmazonS3 SKU TIER4EMPTYOP0001 (no operation); operation 'S3-INTTransition' not published; 1 SKU with other operations ignored.",
    );
    // A transition into GLACIER_IR is never priced from the empty-operation SKU.
    const err = priceDataError(() => selectPrices(R, [src(transitionKey(R, 'GLACIER_IR'))], [TIER4]));
    expect(err.missing).toEqual([{ region: R, usageType: 'Requests-Tier4', operation: 'S3-GIRTransition' }]);
  });

  it('Deep Archive restores from AmazonS3: Bulk requests under DeepArchiveRestoreObjectBulk, retrieval GB told from GLACIER\'s by the operation', () => {
    const keys = [restoreRequestKey(R, 'DEEP_ARCHIVE', 'standard')!, restoreRequestKey(R, 'DEEP_ARCHIVE', 'bulk')!, restoreBytesKey(R, 'DEEP_ARCHIVE', 'bulk')!, restoreBytesKey(R, 'GLACIER', 'bulk')!];
    const { prices } = selectPrices(R, keys.map((k) => src(k)), ALL);
    expect(keys.map((k) => [found(prices, k)?.serviceCode, found(prices, k)?.priceListOperation, found(prices, k)?.tiers[0]?.rate])).toEqual([
      ['AmazonS3', 'DeepArchiveRestoreObject', '0.0001000000'],
      ['AmazonS3', 'DeepArchiveRestoreObjectBulk', '0.0000250000'],
      ['AmazonS3', 'DeepArchiveRestoreObject', '0.0025000000'],
      ['AmazonS3', 'RestoreObject', '0.0000000000'],
    ]);
  });

  it('takes RTC from the AmazonS3 offer and inter-region transfer from AWSDataTransfer', () => {
    const keys = [rtcKey(R, 'us-east-2'), interRegionKey(R, 'us-east-2')];
    const { prices } = selectPrices(R, keys.map((k) => src(k)), ALL);
    expect(prices.map((p) => [p.usageType, p.serviceCode, p.tiers[0]!.rate])).toEqual([
      ['USE1-USE2-S3RTC-Out-Bytes', 'AmazonS3', '0.0150000000'],
      ['USE1-USE2-AWS-Out-Bytes', 'AWSDataTransfer', '0.0100000000'],
    ]);
  });

  it('lists an optional price it cannot find as absent, with the reason, and still selects the rest', () => {
    const keys = [storageKey(R, 'STANDARD'), interRegionKey(R, 'ap-south-1'), rtcKey(R, 'ap-south-1'), restoreRequestKey(R, 'GLACIER', 'expedited')!];
    const { prices, absent } = selectPrices(R, keys.map((k) => src(k)), ALL);
    expect(prices.map((p) => p.usageType)).toEqual(['TimedStorage-ByteHrs']);
    expect(absent).toEqual([
      { region: R, usageType: 'USE1-APS3-AWS-Out-Bytes', operation: '', reason: 'not in the Price List (looked in AWSDataTransfer)' },
      { region: R, usageType: 'USE1-APS3-S3RTC-Out-Bytes', operation: '', reason: 'not in the Price List (looked in AmazonS3, AWSDataTransfer)' },
      { region: R, usageType: 'Requests-Tier6', operation: 'RestoreObject', reason: 'not in the Price List (looked in AmazonS3)' },
    ]);
  });

  it('lists every missing core price at once, each with region, usage type and operation', () => {
    const keys = [storageKey(R, 'STANDARD'), storageKey(R, 'GLACIER'), transitionKey(R, 'GLACIER')!, interRegionKey(R, 'ap-south-1')];
    const err = priceDataError(() => selectPrices(R, keys.map((k) => src(k)), ALL));
    expect(err.lines()).toEqual([
      "prices: no price for usage type 'TimedStorage-GlacierByteHrs' in us-east-1",
      "prices: no price for usage type 'Requests-Tier3' operation 'S3-GlacierTransition' in us-east-1",
    ]);
  });

  it('refuses to guess between SKUs of one core key at different prices, naming the key and both SKUs', () => {
    const twin = glacierPut('PutObject', '0.0000360000', 'GLACIERPUT000002');
    const err = priceDataError(() => selectPrices(R, [src(putKey(R, 'GLACIER'))], [...GLACIER_PUTS, twin]));
    expect(err.lines()).toEqual([
      "Price List: usage type 'Requests-GLACIER-Tier1' in us-east-1: SKUs disagree and no preference decides — AmazonS3 SKU GLACIERPUT000001 (operation 'PutObject', 0.00003 per Requests), AmazonS3 SKU GLACIERPUT000002 (operation 'PutObject', 0.000036 per Requests); tierwise will not guess which applies",
    ]);
    // For an optional key the same ambiguity makes it absent, with the reason.
    const a = built({ region: R, usageType: 'USE1-APS3-AWS-Out-Bytes', operation: '', serviceCode: 'AWSDataTransfer', unit: 'GB', rate: '0.02', sku: 'TOMUMBAI00000001' });
    const b = built({ region: R, usageType: 'USE1-APS3-AWS-Out-Bytes', operation: '', serviceCode: 'AWSDataTransfer', unit: 'GB', rate: '0.086', sku: 'TOMUMBAI00000002' });
    const { absent } = selectPrices(R, [src(interRegionKey(R, 'ap-south-1'))], [a, b]);
    expect(absent[0]!.reason).toMatch(/SKUs disagree and no preference decides — AWSDataTransfer SKU TOMUMBAI00000001 .*TOMUMBAI00000002/);
  });

  it('takes one of several SKUs at the same price ("0.00099" = "0.0009900000") and records the others', () => {
    const same = built({ region: R, usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.00099', sku: 'AAAATWINSKU00002' });
    const { prices, notes } = selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], [GDA_STORAGE, same]);
    expect(prices[0]!.sku).toBe('AAAATWINSKU00002'); // sorted by SKU: the choice does not depend on the API's order
    expect(notes).toEqual([
      `TimedStorage-GDA-ByteHrs in us-east-1: took AmazonS3GlacierDeepArchive SKU AAAATWINSKU00002 (no operation); 1 more SKU at the same price (AmazonS3GlacierDeepArchive SKU ${GDA_STORAGE.sku} (no operation)).`,
    ]);
  });

  it('prefers the service code AWS bills a key under, and notes a disagreeing copy elsewhere', () => {
    const mirror = built({ region: R, usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3', unit: 'GB-Mo', rate: '0.0020000000' });
    const { prices, notes } = selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], [mirror, GDA_STORAGE]);
    expect(prices[0]).toMatchObject({ serviceCode: 'AmazonS3GlacierDeepArchive', tiers: [{ rate: '0.0009900000' }] });
    expect(notes).toEqual([expect.stringContaining(`also published as AmazonS3 SKU ${mirror.sku} (no operation, 0.002 per GB-Mo), not used: AWS bills it under AmazonS3GlacierDeepArchive`)]);
    // Found only under the other service code it is looked in, it is still found.
    expect(selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], [mirror]).prices[0]?.serviceCode).toBe('AmazonS3');
  });

  it('for an unconfirmed operation string, takes what the usage type is published with when every such SKU agrees', () => {
    const k = earlyDeleteKey(R, 'STANDARD_IA')!;
    const ed = (operation: string, rate: string, sku: string) => built({ region: R, usageType: 'EarlyDelete-SIA', operation, serviceCode: 'AmazonS3', unit: 'GB-Mo', rate, sku });
    const { prices, notes } = selectPrices(R, [src(k)], [ed('DeleteObject', '0.0125', 'EARLYDELETESIA01'), ed('S3-SIATransition', '0.0125', 'EARLYDELETESIA02')]);
    expect(prices[0]).toMatchObject({ priceListOperation: 'DeleteObject', tiers: [{ rate: '0.0125' }] });
    expect(notes[0]).toContain('no SKU with an empty operation; taken because every SKU of the usage type agrees on the price');
    const err = priceDataError(() => selectPrices(R, [src(k)], [ed('DeleteObject', '0.0125', 'EARLYDELETESIA01'), ed('S3-SIATransition', '0.01', 'EARLYDELETESIA02')]));
    expect(err.lines()[0]).toMatch(/EarlyDelete-SIA' in us-east-1: SKUs disagree/);
  });

  it('refuses a product priced in another unit than the engine meters, naming its SKU', () => {
    const perGb = built({ region: R, usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB', rate: '0.0009900000', sku: 'UNITSKU000000001' });
    const err = priceDataError(() => selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], [perGb]));
    expect(err.lines()).toEqual([
      "Price List AmazonS3GlacierDeepArchive SKU UNITSKU000000001: usage type 'TimedStorage-GDA-ByteHrs' is priced per 'GB', but tierwise meters it in 'GB-Mo'",
    ]);
  });

  it('ignores S3 Tables usage types: APS3-Tables-TimedStorage-INT-FA-ByteHrs is not APS3-TimedStorage-INT-FA-ByteHrs', () => {
    const tables = decoys('ap-south-1').map((d) => parseProductDocument(d.text));
    expect(tables.map((p) => p.usageType)).toContain('APS3-Tables-TimedStorage-INT-FA-ByteHrs');
    const err = priceDataError(() => selectPrices('ap-south-1', [src(storageKey('ap-south-1', 'INTELLIGENT_TIERING', 'FA'), 'ap-south-1')], tables));
    expect(err.missing.map((m) => m.usageType)).toEqual(['APS3-TimedStorage-INT-FA-ByteHrs']);
  });

  it("never lets another region's product in, even if the API returned it", () => {
    const ohio = built({ region: 'us-east-2', usageType: 'TimedStorage-GDA-ByteHrs', operation: '', serviceCode: 'AmazonS3GlacierDeepArchive', unit: 'GB-Mo', rate: '0.0009900000' });
    const err = priceDataError(() => selectPrices(R, [src(storageKey(R, 'DEEP_ARCHIVE'))], [ohio]));
    expect(err.missing).toHaveLength(1);
  });

  it('records each offer (service code, version, publication date) once', () => {
    expect(offersOf(R, ALL)).toEqual([
      { serviceCode: 'AWSDataTransfer', region: R, version: '20260721120000', publicationDate: '2026-07-21T12:00:00Z' },
      { serviceCode: 'AmazonS3', region: R, version: '20260728131000', publicationDate: '2026-07-28T13:10:00Z' },
      { serviceCode: 'AmazonS3GlacierDeepArchive', region: R, version: '20260715090000', publicationDate: '2026-07-15T09:00:00Z' },
    ]);
  });
});
