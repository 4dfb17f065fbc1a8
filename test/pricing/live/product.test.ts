import { describe, expect, it } from 'vitest';
import { parseProductDocument, productPrice, ProductShapeError, type PriceListProduct } from '../../../src/pricing/live/product.js';
import { fixtureDocuments, productDocument, REAL_S3_US_EAST_1 } from './documents.js';

const real = fixtureDocuments(REAL_S3_US_EAST_1);
const realProduct = (usageType: string): PriceListProduct => {
  const p = real.map(parseProductDocument).find((x) => x.usageType === usageType);
  if (!p) throw new Error(`fixture lacks ${usageType}`);
  return p;
};

/** The real tiered Standard document, edited: `edit` gets the parsed JSON and changes it. */
function editedStandard(edit: (doc: any) => void): PriceListProduct {
  const text = real.find((t) => t.includes('"usagetype":"TimedStorage-ByteHrs"'))!;
  const doc = JSON.parse(text);
  edit(doc);
  return parseProductDocument(JSON.stringify(doc));
}
const dims = (doc: any) => Object.values(Object.values(doc.terms.OnDemand as Record<string, any>)[0].priceDimensions) as any[];

describe('Price List product documents (real fixture, Price List Query API GetProducts)', () => {
  it('reads every real document: sku, service code, usage type, operation, offer version', () => {
    const products = real.map(parseProductDocument);
    expect(products).toHaveLength(7);
    expect(products.map((p) => p.usageType)).toEqual([
      'TimedStorage-ByteHrs',
      'Requests-Tier1',
      'Requests-Tier2',
      'TimedStorage-GDA-Staging',
      'TimedStorage-INT-DAA-ByteHrs',
      'TimedStorage-SIA-ByteHrs',
      'Requests-GDA-Tier2',
    ]);
    for (const p of products) {
      expect(p.serviceCode).toBe('AmazonS3');
      expect(p.operation).toBe('');
      expect(p.version).toBe('20260728131000');
      expect(p.publicationDate).toBe('2026-07-28T13:10:00Z');
      expect(p.attributes.regionCode).toBe('us-east-1');
    }
  });

  it('reads a product without productFamily (Requests-GDA-Tier2, real)', () => {
    const p = realProduct('Requests-GDA-Tier2');
    expect(p.productFamily).toBeUndefined();
    expect(p.sku).toBe('WDAC2WRXVNRSNQS6');
    expect(productPrice(p)).toMatchObject({ ok: true, unit: 'Requests', tiers: [{ begin: '0', end: 'Inf', rate: '0.0000004000' }] });
  });

  it('keeps all three tiers of the real Standard SKU, as decimal strings (S3 pricing page: 0.023 / 0.022 / 0.021)', () => {
    const price = productPrice(realProduct('TimedStorage-ByteHrs'));
    expect(price).toEqual({
      ok: true,
      unit: 'GB-Mo',
      tiers: [
        { begin: '0', end: '51200', rate: '0.0230000000' },
        { begin: '51200', end: '512000', rate: '0.0220000000' },
        { begin: '512000', end: 'Inf', rate: '0.0210000000' },
      ],
      description:
        '$0.023 per GB - first 50 TB / month of storage used; $0.022 per GB - next 450 TB / month of storage used; $0.021 per GB - storage used / month over 500 TB',
    });
  });

  it('reads request prices per request, as the Price List quotes them ($0.005 per 1,000 = 0.0000050000)', () => {
    expect(productPrice(realProduct('Requests-Tier1'))).toMatchObject({ ok: true, unit: 'Requests', tiers: [{ rate: '0.0000050000' }] });
    expect(productPrice(realProduct('Requests-Tier2'))).toMatchObject({ ok: true, tiers: [{ rate: '0.0000004000' }] });
  });

  it('parses the String-like objects SDK v3 returns as well as plain strings', () => {
    const text = real[0]!;
    expect(parseProductDocument(new String(text))).toEqual(parseProductDocument(text));
  });

  it('sorts tiers by beginRange whatever order the dimensions come in', () => {
    const built = parseProductDocument(
      productDocument({
        region: 'us-east-1',
        usageType: 'DataTransfer-Out-Bytes',
        operation: '',
        serviceCode: 'AWSDataTransfer',
        unit: 'GB',
        tiers: [
          { begin: '0', end: '100', rate: '0.0000000000' },
          { begin: '100', end: '10240', rate: '0.0900000000' },
          { begin: '10240', end: 'Inf', rate: '0.0850000000' },
        ],
      }),
    );
    const order = built.onDemand[0]!.dimensions.map((d) => d.beginRange);
    expect(order).toEqual(['10240', '100', '0']); // the builder lists them highest first
    const price = productPrice(built);
    expect(price.ok && price.tiers.map((t) => t.begin)).toEqual(['0', '100', '10240']);
  });

  it('refuses a gap between tiers, a last tier short of Inf, and an empty tier', () => {
    const gap = editedStandard((d) => (dims(d)[1].beginRange = '60000'));
    expect(productPrice(gap)).toEqual({ ok: false, problems: [expect.stringContaining('not contiguous: a tier begins at 60000 where 51200 was expected')] });
    const short = editedStandard((d) => (dims(d)[2].endRange = '900000'));
    expect(productPrice(short)).toEqual({ ok: false, problems: ['the last tier ends at 900000, not "Inf"'] });
    const empty = editedStandard((d) => (dims(d)[0].endRange = '0'));
    expect(productPrice(empty).ok).toBe(false);
  });

  it('refuses prices that are not plain decimal strings (no floats, exponents, signs or blanks)', () => {
    for (const bad of [0.023, '2.3e-2', '-0.023', '', 'NaN']) {
      const p = editedStandard((d) => (dims(d)[0].pricePerUnit.USD = bad));
      const price = productPrice(p);
      expect(price.ok).toBe(false);
      expect(!price.ok && price.problems[0]).toContain('pricePerUnit.USD');
    }
    const noUsd = editedStandard((d) => (dims(d)[0].pricePerUnit = { EUR: '0.02' }));
    expect(productPrice(noUsd).ok).toBe(false);
  });

  it('refuses unknown or mixed units rather than mis-scaling a rate', () => {
    const perThousand = editedStandard((d) => dims(d).forEach((x) => (x.unit = '1K Requests')));
    expect(productPrice(perThousand)).toEqual({ ok: false, problems: ["has unit '1K Requests' (tierwise knows GB-Mo, Requests, GB, Objects, Keys, Events, Alarms, Metrics, Notifications, Hrs, MBps-Mo)"] });
    const mixed = editedStandard((d) => (dims(d)[0].unit = 'GB'));
    expect(productPrice(mixed)).toEqual({ ok: false, problems: ['mixes units GB, GB-Mo'] });
  });

  it('refuses a product with no or several on-demand terms', () => {
    const none = editedStandard((d) => (d.terms = { Reserved: {} }));
    expect(productPrice(none)).toEqual({ ok: false, problems: ['has 0 on-demand terms (expected exactly one)'] });
    const two = editedStandard((d) => {
      const [k, v] = Object.entries(d.terms.OnDemand)[0]!;
      d.terms.OnDemand[`${k}X`] = v;
    });
    expect(productPrice(two)).toEqual({ ok: false, problems: ['has 2 on-demand terms (expected exactly one)'] });
  });

  it('says what is wrong with an element that is not a product document', () => {
    expect(() => parseProductDocument('{not json')).toThrow(ProductShapeError);
    expect(() => parseProductDocument('{"product":{}}')).toThrow('no product.attributes');
    expect(() => parseProductDocument('{"product":{"attributes":{}}}')).toThrow('no product.sku or serviceCode');
  });
});
