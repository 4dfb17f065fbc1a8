import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { priceKey, type PriceEntry } from '../../src/pricing/price-book.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { homeServiceCode } from '../../src/pricing/live/price-sources.js';
import { requiredPriceKeys } from '../../src/usage/usage-types.js';
import { BUNDLED_JSON_PATH, BUNDLED_REGIONS, bundledJsonText, isResourcePrice } from './bundled-figures.js';
import * as rk from '../../src/resources/keys.js';
import { resourcePriceKeys } from '../../src/resources/keys.js';

const book = bundledPriceBook();
const byKey = new Map(book.prices.map((p) => [priceKey(p), p]));
const price = (region: string, usageType: string, operation = ''): PriceEntry => {
  const p = byKey.get(priceKey({ region, usageType, operation }));
  if (!p) throw new Error(`no price ${region} ${usageType} ${operation}`);
  return p;
};
const rates = (p: PriceEntry) => p.tiers.map((t) => new Dec(t.rate).toString());

describe('bundled price book', () => {
  it('is the snapshot the figures generate (regenerate with `npx tsx test/pricing/bundled-figures.ts --write`)', () => {
    expect(readFileSync(BUNDLED_JSON_PATH, 'utf8')).toBe(bundledJsonText());
  });

  it('covers the four regions, dated by the us-east-1 offer it was built from', () => {
    expect([...book.regions].sort()).toEqual([...BUNDLED_REGIONS].sort());
    expect(book.id).toBe('bundled-2026-07-28');
    expect(book.provenance.source).toBe('bundled');
    expect(book.provenance.offers).toContainEqual(expect.objectContaining({ serviceCode: 'AmazonS3', version: '20260728131000' }));
  });

  for (const region of BUNDLED_REGIONS) {
    it(`prices every key of requiredPriceKeys('${region}', other bundled regions), with its unit and service code`, () => {
      const keys = requiredPriceKeys(region, BUNDLED_REGIONS.filter((r) => r !== region));
      const missing = keys.filter((k) => !byKey.has(priceKey({ region, ...k })));
      expect(missing).toEqual([]);
      for (const k of keys) {
        const p = price(region, k.usageType, k.operation);
        expect(p.unit, `${k.usageType} ${k.operation}`).toBe(k.unit);
        expect(p.serviceCode).toBe(homeServiceCode(region, k));
      }
      // The resources' keys too (src/resources/keys.ts), each under its own service code.
      const resources = resourcePriceKeys(region);
      for (const k of resources) {
        const p = price(region, k.usageType, k.operation);
        expect(p.unit, k.usageType).toBe(k.unit);
        expect(p.serviceCode, k.usageType).toBe(k.service);
        expect(homeServiceCode(region, k)).toBe(k.service);
      }
      // Nothing beyond the required keys sneaks in.
      expect(book.prices.filter((p) => p.region === region)).toHaveLength(keys.length + resources.length);
    });
  }

  it('says in provenance.notes how many figures of each region are unconfirmed, matching the entry notes', () => {
    for (const region of BUNDLED_REGIONS) {
      // The bucket's prices (the notes predate the resources, and are part of the golden report).
      const mine = book.prices.filter((p) => p.region === region && !isResourcePrice(p));
      const n = mine.filter((p) => p.note?.startsWith('unconfirmed: ')).length;
      expect(book.provenance.notes).toContain(`${region}: ${n} of ${mine.length} prices unconfirmed (see each entry's note)`);
      // Resource figures are confirmed only where AWS's own text states them (docs/resource-prices.md):
      // the KMS key-month and the CloudTrail data event everywhere (their pricing pages quote one
      // price), the EBS snapshot, archive and restore rates in us-east-1 only (the EBS User Guide
      // quotes the us-east-1 figures). Every other resource figure says why it is unconfirmed.
      const confirmed = book.prices.filter((p) => p.region === region && isResourcePrice(p) && !p.note?.startsWith('unconfirmed: '));
      const expected = [rk.kmsKeysKey(region), rk.dataEventsKey(region), ...(region === 'us-east-1' ? [rk.ebsSnapshotKey(region), rk.ebsArchiveKey(region), rk.ebsArchiveRetrievalKey(region)] : [])];
      expect(confirmed.map((p) => p.usageType).sort()).toEqual(expected.map((k) => k.usageType).sort());
    }
    // Every note is an "unconfirmed:" note: a bundled figure is either read from the Price List or
    // the S3 pricing page, or says why not.
    expect(book.prices.filter((p) => p.note && !p.note.startsWith('unconfirmed: '))).toEqual([]);
  });

  describe('resources beyond S3: figures checked against AWS text (docs/resource-prices.md)', () => {
    it('us-east-1 EBS: snapshots 0.05, archive 0.0125 per GB-month, archive restore 0.03 per GB (EBS User Guide, snapshot archive pricing)', () => {
      expect(rates(price('us-east-1', 'EBS:SnapshotUsage', 'CreateSnapshot'))).toEqual(['0.05']);
      expect(rates(price('us-east-1', 'EBS:SnapshotArchiveStorage'))).toEqual(['0.0125']);
      expect(rates(price('us-east-1', 'EBS:SnapshotArchiveRetrieval'))).toEqual(['0.03']);
      // The guide's own example: a 100 GiB archived snapshot is $1.25 a month, restoring it $3.
      expect(new Dec('100').times(price('us-east-1', 'EBS:SnapshotArchiveStorage').tiers[0]!.rate).toFixed(2)).toBe('1.25');
      expect(new Dec('100').times(price('us-east-1', 'EBS:SnapshotArchiveRetrieval').tiers[0]!.rate).toFixed(2)).toBe('3.00');
    });

    it('CloudTrail data events $0.10 per 100,000 in every bundled region: the pricing page example, 2M data events = $2', () => {
      for (const region of BUNDLED_REGIONS) {
        const p = price(region, rk.dataEventsKey(region).usageType);
        expect(new Dec('2000000').times(p.tiers[0]!.rate).toFixed(2), region).toBe('2.00');
        expect(p.note, region).toBeUndefined();
      }
    });

    it('KMS: $1 per key-month confirmed everywhere; $0.03 per 10,000 requests still unconfirmed', () => {
      for (const region of BUNDLED_REGIONS) {
        expect(rates(price(region, `${region}-KMS-Keys`)), region).toEqual(['1']);
        const req = price(region, `${region}-KMS-Requests`);
        expect(new Dec('10000').times(req.tiers[0]!.rate).toFixed(2), region).toBe('0.03');
        expect(req.note, region).toMatch(/^unconfirmed: /);
      }
    });

    it('outside us-east-1 the EBS archive figures are held or page figures, and say so', () => {
      for (const region of ['ap-south-1', 'eu-west-1', 'eu-central-1'] as const) {
        for (const k of [rk.ebsSnapshotKey(region), rk.ebsArchiveKey(region), rk.ebsArchiveRetrievalKey(region)]) {
          expect(price(region, k.usageType, k.operation).note, `${region} ${k.usageType}`).toMatch(/^unconfirmed: /);
        }
      }
      expect(price('ap-south-1', 'APS3-EBS:SnapshotArchiveRetrieval').note).toMatch(/us-east-1's figure held/);
    });

    it('every FSx figure is unconfirmed and says the usage-type name is a guess too', () => {
      for (const p of book.prices.filter((e) => e.serviceCode === 'AmazonFSx')) {
        expect(p.note, `${p.region} ${p.usageType}`).toMatch(/^unconfirmed: .*usage-type name not confirmed/);
      }
    });
  });

  describe('figures of the Price List and S3 pricing page, us-east-1', () => {
    it('Standard storage tiers 0–51,200–512,000–Inf GB-Mo at 0.023 / 0.022 / 0.021 (SKU WP9ANXZGBYYSGJEA)', () => {
      const p = price('us-east-1', 'TimedStorage-ByteHrs');
      expect(p.tiers).toEqual([
        { begin: '0', end: '51200', rate: '0.0230000000' },
        { begin: '51200', end: '512000', rate: '0.0220000000' },
        { begin: '512000', end: 'Inf', rate: '0.0210000000' },
      ]);
      expect(p.sku).toBe('WP9ANXZGBYYSGJEA');
      expect(p.note).toBeUndefined();
    });

    it('request prices are per single request, as the Price List quotes them', () => {
      expect(price('us-east-1', 'Requests-Tier1').tiers[0]!.rate).toBe('0.0000050000');
      expect(rates(price('us-east-1', 'Requests-GDA-Tier1'))).toEqual(['0.00005']);
      expect(rates(price('us-east-1', 'Requests-Tier6', 'RestoreObject'))).toEqual(['0.01']);
      expect(rates(price('us-east-1', 'Monitoring-Automation-INT'))).toEqual(['0.0000025']);
    });

    it('Deep Archive storage is 0.00099 under AmazonS3GlacierDeepArchive, not the 0.021 staging decoy', () => {
      const p = price('us-east-1', 'TimedStorage-GDA-ByteHrs');
      expect(rates(p)).toEqual(['0.00099']);
      expect(p.serviceCode).toBe('AmazonS3GlacierDeepArchive');
    });

    it('internet egress as the Price List publishes it: 0.09 / 0.085 / 0.07 / 0.05 from 0 GB (1 TB = 1,024 GB), no $0 row for the free 100 GB', () => {
      const p = price('us-east-1', 'DataTransfer-Out-Bytes');
      expect(p.tiers.map((t) => [t.begin, t.end])).toEqual([['0', '10240'], ['10240', '51200'], ['51200', '153600'], ['153600', 'Inf']]);
      expect(rates(p)).toEqual(['0.09', '0.085', '0.07', '0.05']);
      expect(p.serviceCode).toBe('AWSDataTransfer');
      expect(p.note).toBeUndefined();
    });

    it('figures not read from a Price List document carry an unconfirmed note', () => {
      for (const [ut, op] of [['Requests-INT-Tier1', ''], ['Requests-INT-Tier2', ''], ['Requests-Tier4', 'S3-GIRTransition'], ['USE1-APS3-AWS-Out-Bytes', '']]) {
        expect(price('us-east-1', ut!, op).note, ut).toMatch(/^unconfirmed: /);
      }
    });

    it('early delete is priced at the class storage rate', () => {
      expect(rates(price('us-east-1', 'EarlyDelete-GDA'))).toEqual(rates(price('us-east-1', 'TimedStorage-GDA-ByteHrs')));
      expect(rates(price('us-east-1', 'EarlyDelete-ByteHrs'))).toEqual(['0.0036']);
    });
  });

  describe('figures of the Price List and S3 pricing page, other regions', () => {
    it('ap-south-1 (APS3): Standard tiers 0.025 / 0.024 / 0.023, GLACIER PUT 0.036, APS3-USE1 transfer 0.086', () => {
      expect(rates(price('ap-south-1', 'APS3-TimedStorage-ByteHrs'))).toEqual(['0.025', '0.024', '0.023']);
      expect(rates(price('ap-south-1', 'APS3-Requests-GLACIER-Tier1'))).toEqual(['0.000036']);
      expect(rates(price('ap-south-1', 'APS3-USE1-AWS-Out-Bytes'))).toEqual(['0.086']);
      expect(price('ap-south-1', 'APS3-TimedStorage-INT-AA-ByteHrs').note).toMatch(/^unconfirmed: .*Archive Access = GLACIER/);
    });

    it('ap-south-1 internet egress: 0.1093 / 0.085 / 0.082 / 0.080 at the us-east-1 breakpoints, the higher tiers marked unconfirmed', () => {
      const p = price('ap-south-1', 'APS3-DataTransfer-Out-Bytes');
      expect(p.tiers.map((t) => [t.begin, t.end, new Dec(t.rate).toString()])).toEqual([
        ['0', '10240', '0.1093'],
        ['10240', '51200', '0.085'],
        ['51200', '153600', '0.082'],
        ['153600', 'Inf', '0.08'],
      ]);
      expect(p.note).toMatch(/^unconfirmed: .*next 40 TB \(0\.085\), next 100 TB \(0\.082\) and over 150 TB \(0\.080\)/);
    });

    it('no egress price of any bundled region has a $0 tier', () => {
      for (const e of book.prices.filter((x) => x.usageType.endsWith('DataTransfer-Out-Bytes'))) expect(e.tiers.map((t) => new Dec(t.rate).isZero())).not.toContain(true);
    });

    it('eu-central-1 (EUC1): PUT 0.0054 and GET 0.00043 per 1,000, DEEP_ARCHIVE storage 0.0018', () => {
      expect(rates(price('eu-central-1', 'EUC1-Requests-Tier1'))).toEqual(['0.0000054']);
      expect(rates(price('eu-central-1', 'EUC1-Requests-Tier2'))).toEqual(['0.00000043']);
      expect(rates(price('eu-central-1', 'EUC1-TimedStorage-GDA-ByteHrs'))).toEqual(['0.0018']);
    });

    it('eu-west-1 (EU): transitions to GLACIER 0.033 and DEEP_ARCHIVE 0.055 per 1,000; INT DAA = DEEP_ARCHIVE by rule', () => {
      expect(rates(price('eu-west-1', 'EU-Requests-Tier3', 'S3-GlacierTransition'))).toEqual(['0.000033']);
      expect(rates(price('eu-west-1', 'EU-Requests-Tier3', 'S3-GDATransition'))).toEqual(['0.000055']);
      const daa = price('eu-west-1', 'EU-TimedStorage-INT-DAA-ByteHrs');
      expect(rates(daa)).toEqual(['0.00099']);
      expect(daa.note).toMatch(/^unconfirmed: /);
    });
  });
});
