/**
 * `refreshPriceBook` through the real @aws-sdk/client-pricing client against a fake Price List
 * endpoint on 127.0.0.1 that serves the bundled figures as real-shaped documents (the real
 * us-east-1 AmazonS3 documents among them), across several pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceDataError } from '../../../src/errors.js';
import { PriceListError } from '../../../src/pricing/live/client.js';
import { refreshPriceBook, type RefreshRequest } from '../../../src/pricing/live/refresh.js';
import { priceKey, type PriceBook, type PriceEntry } from '../../../src/pricing/price-book.js';
import { bundledPriceBook } from '../../../src/pricing/snapshots.js';
import { validatePriceBook } from '../../../src/pricing/validate.js';
import { documentsForBook, OFFERS } from './documents.js';
import { FAKE_CREDENTIALS, servedDocument, startFakePriceList, type FakePriceList, type FakePriceListOptions, type RecordedRequest } from './fake-price-list.js';

const bundled = bundledPriceBook();
const NOW = new Date('2026-08-03T10:20:30.456Z');
const PAGE = 7;

function request(region: string, url: string, extra: Partial<RefreshRequest['connection']> = {}): RefreshRequest {
  return {
    region,
    destinations: bundled.regions.filter((r) => r !== region),
    connection: { endpointRegion: 'us-east-1', endpointUrl: url, credentials: FAKE_CREDENTIALS, ...extra },
    now: NOW,
  };
}

/** Runs `f` against a fresh fake endpoint and closes it. */
async function withFake<T>(opts: Partial<FakePriceListOptions>, f: (fake: FakePriceList) => Promise<T>): Promise<T> {
  const fake = await startFakePriceList({ documents: documentsForBook(bundled), pageSize: PAGE, ...opts });
  try {
    return await f(fake);
  } finally {
    await fake.close();
  }
}

/** An entry's normalised content: everything but the free-text note and description. */
const content = (e: PriceEntry) => ({ region: e.region, usageType: e.usageType, operation: e.operation, unit: e.unit, tiers: e.tiers, serviceCode: e.serviceCode });

describe('prices refresh against a fake Price List endpoint (real SDK client)', () => {
  let fake: FakePriceList;
  const books = new Map<string, PriceBook>();

  beforeAll(async () => {
    fake = await startFakePriceList({ documents: documentsForBook(bundled), pageSize: PAGE });
    for (const region of bundled.regions) books.set(region, await refreshPriceBook(request(region, fake.url)));
  });
  afterAll(() => fake.close());

  it('reproduces the bundled snapshot for every bundled region (same normalised content, provenance aside)', () => {
    expect(fake.protocolErrors).toEqual([]);
    for (const region of bundled.regions) {
      const book = books.get(region)!;
      const expected = bundled.prices.filter((e) => e.region === region);
      expect(book.prices.length).toBe(expected.length);
      expect(new Map(book.prices.map((e) => [priceKey(e), content(e)]))).toEqual(new Map(expected.map((e) => [priceKey(e), content(e)])));
      // SKUs the bundled book recorded (the real us-east-1 ones) come back from the real documents.
      for (const e of expected.filter((x) => x.sku)) expect(book.prices.find((p) => priceKey(p) === priceKey(e))?.sku).toBe(e.sku);
    }
  });

  it('writes the normalised snapshot form, dated, with provenance (service codes, offer versions, dates, fetch time)', () => {
    const book = books.get('ap-south-1')!;
    expect(validatePriceBook(JSON.parse(JSON.stringify(book)), 'refreshed')).toEqual(book);
    expect(book.id).toBe('ap-south-1-2026-08-03');
    expect(book.regions).toEqual(['ap-south-1']);
    expect(book.provenance).toMatchObject({ source: 'price-list-api', date: '2026-07-28', fetchedAt: '2026-08-03T10:20:30Z' });
    for (const serviceCode of ['AWSDataTransfer', 'AmazonS3', 'AmazonS3GlacierDeepArchive']) {
      expect(book.provenance.offers).toContainEqual({ serviceCode, region: 'ap-south-1', ...OFFERS[serviceCode] });
    }
    expect(book.provenance.notes.join('\n')).toMatch(
      /service codes AWSDataTransfer, AmazonS3, AmazonS3GlacierDeepArchive, AWSCloudTrail, AmazonCloudWatch, AmazonEC2, AmazonFSx, AmazonSNS, AmazonVPC, awskms;/,
    );
    expect(book.provenance.notes.join('\n')).toMatch(/Resources beyond S3 .* are fetched by usage type/);
    // Live figures are confirmed by definition: no bundled "unconfirmed" note survives.
    expect(book.prices.some((e) => e.note)).toBe(false);
  });

  it('keeps tiers, prices requests per request, and never takes the $0.021 staging SKU for Deep Archive (us-east-1, real documents)', () => {
    const book = books.get('us-east-1')!;
    const get = (ut: string, op = '') => book.prices.find((e) => e.usageType === ut && e.operation === op)!;
    expect(get('TimedStorage-ByteHrs')).toMatchObject({ sku: 'WP9ANXZGBYYSGJEA', description: expect.stringContaining('first 50 TB') });
    expect(get('TimedStorage-ByteHrs').tiers.map((t) => [t.begin, t.end, t.rate])).toEqual([
      ['0', '51200', '0.0230000000'],
      ['51200', '512000', '0.0220000000'],
      ['512000', 'Inf', '0.0210000000'],
    ]);
    expect(get('DataTransfer-Out-Bytes').tiers[0]).toEqual({ begin: '0', end: '10240', rate: '0.0900000000' });
    expect(get('DataTransfer-Out-Bytes').tiers).toHaveLength(4);
    expect(get('Requests-Tier1').tiers).toEqual([{ begin: '0', end: 'Inf', rate: '0.0000050000' }]);
    expect(get('Requests-GDA-Tier1').tiers[0]!.rate).toBe('0.0000500000');
    expect(get('Requests-GDA-Tier3', 'DeepArchiveRestoreObject').tiers[0]!.rate).toBe('0.0001000000');
    expect(get('TimedStorage-GDA-ByteHrs')).toMatchObject({ serviceCode: 'AmazonS3GlacierDeepArchive', tiers: [{ rate: '0.0009900000' }] });
    expect(book.prices.map((e) => e.sku)).not.toContain('EXB3YJ6YV5CRH4JN');
    expect(book.prices.some((e) => e.usageType.includes('Tables') || e.usageType.includes('Staging'))).toBe(false);
  });

  it('matches like the real catalogue needs: the preferred operation, empty-operation transitions, Deep Archive restores in AmazonS3, RTC in AmazonS3, every choice noted', () => {
    const book = books.get('us-east-1')!;
    const get = (ut: string, op = '') => book.prices.find((e) => e.usageType === ut && e.operation === op)!;
    expect(get('Requests-GLACIER-Tier1')).toMatchObject({ serviceCode: 'AmazonS3', priceListOperation: 'PutObject', tiers: [{ rate: '0.0000300000' }] });
    expect(get('Requests-GDA-Tier1')).toMatchObject({ serviceCode: 'AmazonS3GlacierDeepArchive', priceListOperation: 'PutObject', tiers: [{ rate: '0.0000500000' }] });
    for (const op of ['S3-INTTransition', 'S3-SIATransition', 'S3-ZIATransition']) expect(get('Requests-Tier4', op)).toMatchObject({ priceListOperation: '', tiers: [{ rate: '0.0000100000' }] });
    expect(get('Requests-Tier4', 'S3-GIRTransition')).toMatchObject({ priceListOperation: 'S3-GIRTransition', tiers: [{ rate: '0.0000200000' }] });
    expect(get('Requests-GDA-Tier5', 'DeepArchiveRestoreObject')).toMatchObject({ serviceCode: 'AmazonS3', priceListOperation: 'DeepArchiveRestoreObjectBulk' });
    expect(get('USE1-APS3-S3RTC-Out-Bytes')).toMatchObject({ serviceCode: 'AmazonS3', tiers: [{ rate: '0.0150000000' }] });
    // Every entry says which SKU and operation it was read from.
    expect(book.prices.filter((e) => e.sku === undefined || e.priceListOperation === undefined)).toEqual([]);
    const notes = book.provenance.notes.join('\n');
    expect(notes).toMatch(/^Requests-GLACIER-Tier1 in us-east-1: took AmazonS3 SKU \w+ \(operation 'PutObject'\); preferred over operation 'PostObject'; 6 SKUs with other operations ignored\.$/m);
    expect(notes).toMatch(/^Requests-Tier4 \(S3-SIATransition\) in us-east-1: took AmazonS3 SKU \w+ \(no operation\); operation 'S3-SIATransition' not published; 1 SKU with other operations ignored\.$/m);
    expect(notes).toMatch(/^Requests-GDA-Tier3 \(DeepArchiveRestoreObject\) in us-east-1: took AmazonS3 SKU \w+ \(operation 'DeepArchiveRestoreObject'\); 1 more SKU at the same price \(AmazonS3GlacierDeepArchive SKU \w+ \(operation 'DeepArchiveRestoreObject'\)\)\.$/m);
    expect(book.absent).toBeUndefined();
  });

  it('for a region with no inter-region or RTC pairs at all, writes every other price and lists those as absent', async () => {
    const bare = await startFakePriceList({ documents: documentsForBook(bundled, { noPairsFrom: ['eu-central-1'] }), pageSize: PAGE });
    try {
      const book = await refreshPriceBook(request('eu-central-1', bare.url));
      expect(book.prices).toHaveLength(bundled.prices.filter((e) => e.region === 'eu-central-1').length - 6);
      expect(book.absent?.map((a) => a.usageType)).toEqual([
        'EUC1-USE1-AWS-Out-Bytes', 'EUC1-USE1-S3RTC-Out-Bytes', 'EUC1-APS3-AWS-Out-Bytes', 'EUC1-APS3-S3RTC-Out-Bytes', 'EUC1-EU-AWS-Out-Bytes', 'EUC1-EU-S3RTC-Out-Bytes',
      ]);
      expect(book.provenance.notes).toContain('6 optional prices not found (listed under "absent"): a scenario that needs one cannot be priced with this book.');
      expect(validatePriceBook(JSON.parse(JSON.stringify(book)), 'refreshed')).toEqual(book);
    } finally {
      await bare.close();
    }
  });

  it('sends what the real API expects: the GetProducts target, ServiceCode, FormatVersion aws_v1, a region TERM_MATCH filter, MaxResults 100', () => {
    for (const r of fake.requests) {
      expect(r.target).toBe('AWSPriceListService.GetProducts');
      expect(r.body.FormatVersion).toBe('aws_v1');
      expect(r.body.MaxResults).toBe(100);
    }
    const first = fake.requests.find((r) => r.body.ServiceCode === 'AmazonS3' && !r.body.NextToken)!;
    expect(first.body.Filters).toEqual([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }]);
    const transfer = fake.requests.find((r) => r.body.ServiceCode === 'AWSDataTransfer')!;
    expect(transfer.body.Filters).toEqual([{ Type: 'TERM_MATCH', Field: 'fromRegionCode', Value: 'us-east-1' }]);
    expect(new Set(fake.requests.map((r) => r.body.ServiceCode))).toEqual(
      new Set(['AmazonS3', 'AmazonS3GlacierDeepArchive', 'AWSDataTransfer', 'AWSCloudTrail', 'AmazonCloudWatch', 'AmazonEC2', 'AmazonFSx', 'AmazonSNS', 'AmazonVPC', 'awskms']),
    );
  });

  it('asks for a resource service (AWSCloudTrail) by region and usage type, and prices its data events per event as the bundled book does', () => {
    const trail = fake.requests.filter((r) => r.body.ServiceCode === 'AWSCloudTrail' && r.body.Filters?.some((f) => f.Value === 'ap-south-1'));
    expect(trail.map((r) => r.body.Filters)).toEqual([
      [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'ap-south-1' },
        { Type: 'TERM_MATCH', Field: 'usagetype', Value: 'APS3-DataEventsRecorded' },
      ],
    ]);
    const events = books.get('ap-south-1')!.prices.find((p) => p.usageType === 'APS3-DataEventsRecorded')!;
    // $0.10 per 100,000 events (AWS CloudTrail pricing), as one rate per event.
    expect(events).toMatchObject({ serviceCode: 'AWSCloudTrail', unit: 'Events', tiers: [{ begin: '0', end: 'Inf', rate: '0.0000010000' }] });
    expect(events.note).toBeUndefined();
  });

  it('follows NextToken across pages', () => {
    const s3UsEast1 = fake.requests.filter((r) => r.body.ServiceCode === 'AmazonS3' && r.body.Filters?.[0]?.Value === 'us-east-1');
    // ~50 AmazonS3 products at 7 a page: many pages, each after the first carrying a token.
    expect(s3UsEast1.length).toBeGreaterThan(5);
    expect(s3UsEast1.slice(1).every((r) => r.body.NextToken)).toBe(true);
    expect(new Set(s3UsEast1.map((r) => r.body.NextToken)).size).toBe(s3UsEast1.length);
  });

  it('reports progress after every page', async () => {
    const pages: string[] = [];
    await refreshPriceBook({ ...request('eu-west-1', fake.url), onPage: (p) => pages.push(`${p.serviceCode}:${p.pages}:${p.products}`) });
    // AWSDataTransfer holds egress and transfer to the three other regions (RTC is AmazonS3's).
    expect(pages[0]).toBe('AWSDataTransfer:1:4');
    expect(pages.filter((p) => p.startsWith('AmazonS3:')).length).toBeGreaterThan(3);
  });
});

describe('prices refresh: retries and errors', () => {
  it('retries throttling with backoff through the SDK (ThrottlingException twice, then success)', async () => {
    const throttle = { type: 'ThrottlingException', message: 'Rate exceeded', retryAfterMs: 150 };
    await withFake({ fault: (n) => (n === 1 || n === 2 ? throttle : undefined) }, async (fake) => {
      const book = await refreshPriceBook(request('us-east-1', fake.url));
      expect(book.prices).toHaveLength(bundled.prices.filter((e) => e.region === 'us-east-1').length);
      // The same page was asked three times by the SDK's retry strategy (its attempt header,
      // with our max of 8), each retry waiting at least the server's back-off hint.
      const [a, b, c] = fake.requests.slice(1, 4) as [RecordedRequest, RecordedRequest, RecordedRequest];
      expect([a, b, c].map((r) => r.sdkRequest)).toEqual(['attempt=1; max=8', 'attempt=2; max=8', 'attempt=3; max=8']);
      expect(new Set([a, b, c].map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(b.at - a.at).toBeGreaterThanOrEqual(140);
      expect(c.at - b.at).toBeGreaterThanOrEqual(140);
      expect(fake.requests[4]!.sdkRequest).toBe('attempt=1; max=8');
    });
  });

  it('gives up after the configured attempts and names the AWS error', async () => {
    await withFake({ fault: () => ({ type: 'ThrottlingException', message: 'Rate exceeded' }) }, async (fake) => {
      const err = await refreshPriceBook(request('us-east-1', fake.url, { maxAttempts: 2 })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PriceListError);
      expect((err as PriceListError).lines()).toEqual(['Price List API (AWSDataTransfer): ThrottlingException: Rate exceeded']);
      expect(fake.requests).toHaveLength(2);
    });
  });

  it('reports an InvalidParameterException with its name and message, without retrying it', async () => {
    const message = 'Input validation failed: the Filters field regionCode is not valid for this service';
    await withFake({ fault: () => ({ type: 'InvalidParameterException', message }) }, async (fake) => {
      const err = await refreshPriceBook(request('us-east-1', fake.url)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PriceListError);
      expect((err as PriceListError).lines()).toEqual([`Price List API (AWSDataTransfer): InvalidParameterException: ${message}`]);
      expect(fake.requests).toHaveLength(1);
    });
  });

  it('says when an error is on the AWS side', async () => {
    await withFake({ fault: () => ({ type: 'InternalErrorException', message: 'internal failure', status: 500 }) }, async (fake) => {
      const err = (await refreshPriceBook(request('us-east-1', fake.url, { maxAttempts: 1 })).catch((e: unknown) => e)) as PriceListError;
      expect(err.lines()).toEqual(['Price List API (AWSDataTransfer): InternalErrorException: internal failure (an error on the AWS side; try again later)']);
    });
  });

  it('names every missing core price at once, never dropping one silently; a missing optional one is listed as absent instead', async () => {
    const gone = (d: { attributes: Readonly<Record<string, string>> }) =>
      (d.attributes.usagetype === 'Requests-Tier4' && d.attributes.operation === 'S3-GIRTransition' && d.attributes.regionCode === 'us-east-1') ||
      d.attributes.usagetype === 'USE1-EU-AWS-Out-Bytes' ||
      d.attributes.usagetype === 'TimedStorage-GDA-ByteHrs';
    await withFake({ documents: documentsForBook(bundled).filter((d) => !gone(d)) }, async (fake) => {
      const err = await refreshPriceBook(request('us-east-1', fake.url)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PriceDataError);
      expect((err as PriceDataError).missing).toEqual([
        { region: 'us-east-1', usageType: 'Requests-Tier4', operation: 'S3-GIRTransition' },
        { region: 'us-east-1', usageType: 'TimedStorage-GDA-ByteHrs', operation: '' },
      ]);
    });
    const onlyOptional = (d: { attributes: Readonly<Record<string, string>> }) => d.attributes.usagetype === 'USE1-EU-AWS-Out-Bytes';
    await withFake({ documents: documentsForBook(bundled).filter((d) => !onlyOptional(d)) }, async (fake) => {
      const book = await refreshPriceBook(request('us-east-1', fake.url));
      expect(book.prices.some((e) => e.usageType === 'USE1-EU-AWS-Out-Bytes')).toBe(false);
      expect(book.absent).toEqual([{ region: 'us-east-1', usageType: 'USE1-EU-AWS-Out-Bytes', operation: '', reason: 'not in the Price List (looked in AWSDataTransfer)' }]);
    });
  });

  it('refuses a core price whose SKUs disagree with no preference to decide: names the key and both SKUs', async () => {
    const glacierPut = documentsForBook(bundled).find((d) => d.attributes.usagetype === 'Requests-GLACIER-Tier1' && d.attributes.operation === 'PutObject' && d.attributes.regionCode === 'us-east-1')!;
    const twin = servedDocument(glacierPut.text.replaceAll('0.0000300000', '0.0000360000').replaceAll(JSON.parse(glacierPut.text).product.sku, 'TWINGLACIERPUT01'));
    await withFake({ documents: [...documentsForBook(bundled), twin] }, async (fake) => {
      const err = await refreshPriceBook(request('us-east-1', fake.url)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PriceDataError);
      expect((err as PriceDataError).lines()).toEqual([
        `Price List: usage type 'Requests-GLACIER-Tier1' in us-east-1: SKUs disagree and no preference decides — AmazonS3 SKU ${JSON.parse(glacierPut.text).product.sku} (operation 'PutObject', 0.00003 per Requests), AmazonS3 SKU TWINGLACIERPUT01 (operation 'PutObject', 0.000036 per Requests); tierwise will not guess which applies`,
      ]);
    });
  });

  it('says it cannot reach an endpoint that refuses connections', async () => {
    const closed = await startFakePriceList({ documents: [] });
    const url = closed.url;
    await closed.close();
    const err = (await refreshPriceBook(request('us-east-1', url, { maxAttempts: 1 })).catch((e: unknown) => e)) as PriceListError;
    expect(err).toBeInstanceOf(PriceListError);
    expect(err.lines()[0]).toMatch(/^Price List API \(AWSDataTransfer\): cannot reach the Price List endpoint \(ECONNREFUSED/);
  });

  it('signs for the chosen endpoint region', async () => {
    await withFake({ signingRegion: 'eu-central-1' }, async (fake) => {
      const book = await refreshPriceBook(request('eu-central-1', fake.url, { endpointRegion: 'eu-central-1' }));
      expect(book.regions).toEqual(['eu-central-1']);
      expect(fake.requests[0]!.authorization).toContain('/eu-central-1/pricing/aws4_request');
    });
  });
});
