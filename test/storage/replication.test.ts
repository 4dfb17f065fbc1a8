import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { price } from '../../src/pricing/price.js';
import { Dec } from '../../src/pricing/decimal.js';
import { STORAGE_CLASSES, type StorageClass } from '../../src/storage/classes.js';
import type { LedgerPath } from '../../src/storage/ledger.js';
import { compileSchedule, type LifecycleConfig, type LifecycleRule } from '../../src/storage/lifecycle.js';
import { ReplicatingLedger, replicaPath, type ReplicationConfig } from '../../src/storage/replication.js';
import { GIB, KIB, type MonthKey } from '../../src/units.js';
import type { UsageLine } from '../../src/usage/usage-line.js';
import { qty, rule } from './ledger-helpers.js';

const K8 = (8 * KIB) / GIB;
const K32 = (32 * KIB) / GIB;
const MAR = '2027-03';
const SHAPE = { key: 'backups/{device}/duplicati-bX.dblock.zip.aes', sizeBytes: 50 * 2 ** 20 };

/** A one-path versioned source ledger in `region`, replicating with `r` (defaults: whole bucket, no rules). */
function replicating(region: string, r: Partial<ReplicationConfig> & Pick<ReplicationConfig, 'destinationRegion' | 'storageClass'>, sourceRules: LifecycleRule[] = []) {
  const cfg: LifecycleConfig = { rules: sourceRules, minTransitionSize: 'all_storage_classes_128K' };
  const replication: ReplicationConfig = {
    replicationTimeControl: false,
    replicateDeletes: false,
    prefix: '',
    lifecycle: { rules: [], minTransitionSize: 'all_storage_classes_128K' },
    ...r,
  };
  const source: LedgerPath = {
    name: 'dblock',
    initialClass: 'STANDARD',
    current: compileSchedule(cfg, SHAPE, 'STANDARD'),
    noncurrent: Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(cfg, SHAPE, c, 'noncurrent')])),
    monitored: true,
  };
  return new ReplicatingLedger(
    { region, startMonth: MAR as MonthKey, months: 2, paths: [source], versioning: true, intelligentTiering: {} },
    replication,
    [replicaPath(replication, SHAPE, 'dblock')],
  );
}

function closeDays(l: ReplicatingLedger, from: number, to: number): void {
  for (let d = from; d < to; d++) l.endDay(d);
}

/** The book's single-tier rate for a line's key. */
function rate(region: string, usageType: string, operation = ''): Dec {
  const e = bundledPriceBook().prices.find((p) => p.region === region && p.usageType === usageType && p.operation === operation);
  if (!e) throw new Error(`no price ${region} ${usageType}`);
  return new Dec((e.tiers[0] as { rate: string }).rate);
}

const allLines = (l: ReplicatingLedger): UsageLine[] => [...l.meter.lines(), ...l.replica.meter.lines()];

describe('cross-region replication: one replicated object, hand-computed', () => {
  it('us-east-1 → eu-west-1 into DEEP_ARCHIVE with RTC: transfer and RTC in the source, GDA PUT and storage in EU', () => {
    const l = replicating('us-east-1', { destinationRegion: 'eu-west-1', storageClass: 'DEEP_ARCHIVE', replicationTimeControl: true });
    l.put(0, 0, 1, 2, 0, 'put'); // one 2 GiB object at the first midnight of March
    closeDays(l, 0, 31);
    const src = l.meter.lines();
    const dst = l.replica.meter.lines();
    expect(src.every((x) => x.region === 'us-east-1')).toBe(true);
    expect(dst.every((x) => x.region === 'eu-west-1')).toBe(true);
    expect(qty(src, 'USE1-EU-AWS-Out-Bytes', { cause: 'replication' })).toBe(2);
    expect(qty(src, 'USE1-EU-S3RTC-Out-Bytes', { cause: 'replication' })).toBe(2);
    expect(qty(dst, 'EU-Requests-GDA-Tier1', { cause: 'replication' })).toBe(1);
    expect(qty(dst, 'EU-TimedStorage-GDA-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(2, 12);
    expect(qty(dst, 'EU-TimedStorage-ByteHrs', { cause: 'overhead', month: MAR })).toBeCloseTo(K8, 15);
    expect(qty(dst, 'EU-TimedStorage-GDA-ByteHrs', { cause: 'overhead', month: MAR })).toBeCloseTo(K32, 15);
    // The source copy stays in the source: STANDARD storage and its own PUT.
    expect(qty(src, 'TimedStorage-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(2, 12);
    expect(qty(src, 'Requests-Tier1', { cause: 'put' })).toBe(1);
    // Priced: each of the four charges is quantity × the book's rate in the region it belongs to.
    const bill = price(allLines(l).filter((x) => x.month === MAR), bundledPriceBook());
    const cost = (ut: string, cause: string) => bill.lines.filter((b) => b.usage.usageType === ut && b.usage.cause === cause).reduce((a, b) => a.plus(b.cost), new Dec(0));
    expect(cost('USE1-EU-AWS-Out-Bytes', 'replication').toString()).toBe(rate('us-east-1', 'USE1-EU-AWS-Out-Bytes').times(2).toString());
    expect(cost('USE1-EU-S3RTC-Out-Bytes', 'replication').toString()).toBe(rate('us-east-1', 'USE1-EU-S3RTC-Out-Bytes').times(2).toString());
    expect(cost('EU-Requests-GDA-Tier1', 'replication').toString()).toBe(rate('eu-west-1', 'EU-Requests-GDA-Tier1').toString());
    expect(cost('EU-TimedStorage-GDA-ByteHrs', 'storage').minus(rate('eu-west-1', 'EU-TimedStorage-GDA-ByteHrs').times(2)).abs().lt(1e-12)).toBe(true);
  });

  it('ap-south-1 → us-east-1 into STANDARD, no RTC: APS3-USE1 transfer, destination lines without prefix', () => {
    const l = replicating('ap-south-1', { destinationRegion: 'us-east-1', storageClass: 'STANDARD' });
    l.put(0, 10.5, 4, 1, 0, 'put'); // four objects, 1 GiB in all, at noon on 11 March
    closeDays(l, 0, 31);
    const src = l.meter.lines();
    const dst = l.replica.meter.lines();
    expect(qty(src, 'APS3-USE1-AWS-Out-Bytes', { cause: 'replication' })).toBe(1);
    expect(src.some((x) => x.usageType.includes('S3RTC'))).toBe(false);
    expect(qty(dst, 'Requests-Tier1', { cause: 'replication' })).toBe(4);
    // Stored from noon on day 10 to the end of March: 20.5 days of 31.
    expect(qty(dst, 'TimedStorage-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(20.5 / 31, 12);
    expect(qty(src, 'APS3-TimedStorage-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(20.5 / 31, 12);
    expect(qty(src, 'APS3-Requests-Tier1', { cause: 'put' })).toBe(4);
    const bill = price(allLines(l).filter((x) => x.month === MAR), bundledPriceBook());
    const transfer = bill.lines.find((b) => b.usage.usageType === 'APS3-USE1-AWS-Out-Bytes');
    expect(transfer?.usage.region).toBe('ap-south-1');
    expect(transfer?.cost.toString()).toBe(rate('ap-south-1', 'APS3-USE1-AWS-Out-Bytes').toString());
    const put = bill.lines.find((b) => b.usage.usageType === 'Requests-Tier1' && b.usage.cause === 'replication');
    expect(put?.cost.toString()).toBe(rate('us-east-1', 'Requests-Tier1').times(4).toString());
  });
});

describe('cross-region replication: deletes and the destination lifecycle', () => {
  const noncurrent10: LifecycleConfig = { rules: [rule('nc', [], { noncurrentExpirationDays: 10 })], minTransitionSize: 'all_storage_classes_128K' };

  it('a replicated delete marker makes the replica noncurrent; it expires by the destination rule', () => {
    const l = replicating('us-east-1', { destinationRegion: 'eu-central-1', storageClass: 'STANDARD', replicateDeletes: true, lifecycle: noncurrent10 });
    l.put(0, 0, 1, 3, 0, 'put');
    closeDays(l, 0, 5);
    l.delete(0, 0, 5, 1, 3, 0); // at the midnight starting day 5
    closeDays(l, 5, 8);
    const cap = () => l.replica.capacity();
    closeDays(l, 8, 31);
    // Current for days 0–4, noncurrent for days 5–14 (10 midnights), then gone: 15 GiB-days × 3.
    expect(qty(l.replica.meter.lines(), 'EUC1-TimedStorage-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo((3 * 15) / 31, 12);
    expect(cap()[0]?.STANDARD).toBeUndefined();
    // The source keeps its noncurrent version (no rule there): 31 days.
    expect(qty(l.meter.lines(), 'TimedStorage-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(3, 12);
    expect(l.capacity()[0]?.STANDARD?.noncurrentGiB).toBeCloseTo(3, 12);
    l.checkConservation();
  });

  it('without delete-marker replication the destination keeps the object as current', () => {
    const l = replicating('us-east-1', { destinationRegion: 'eu-central-1', storageClass: 'STANDARD', replicateDeletes: false, lifecycle: noncurrent10 });
    l.put(0, 0, 1, 3, 0, 'put');
    closeDays(l, 0, 5);
    l.delete(0, 0, 5, 1, 3, 0);
    closeDays(l, 5, 31);
    expect(qty(l.replica.meter.lines(), 'EUC1-TimedStorage-ByteHrs', { cause: 'storage', month: MAR })).toBeCloseTo(3, 12);
    expect(l.replica.capacity()[0]?.STANDARD).toEqual({ storedGiB: 3, objects: 1, noncurrentGiB: 0, noncurrentObjects: 0 });
  });

  it("a destination rule counts from the source object's creation (noon → next midnight + Days)", () => {
    const lifecycle: LifecycleConfig = { rules: [rule('gda', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }])], minTransitionSize: 'all_storage_classes_128K' };
    const l = replicating('us-east-1', { destinationRegion: 'eu-west-1', storageClass: 'STANDARD', lifecycle });
    l.put(0, 0.5, 100, 5, 0, 'put');
    closeDays(l, 0, 31);
    const dst = l.replica.meter.lines();
    expect(l.replica.classAt(0, 0.5, 1.9)).toBe('STANDARD');
    expect(l.replica.classAt(0, 0.5, 2.0)).toBe('DEEP_ARCHIVE');
    expect(qty(dst, 'EU-TimedStorage-ByteHrs', { cause: 'storage' })).toBeCloseTo((5 * 1.5) / 31, 12);
    expect(qty(dst, 'EU-TimedStorage-GDA-ByteHrs', { cause: 'storage' })).toBeCloseTo((5 * 29) / 31, 12);
    expect(qty(dst, 'EU-Requests-Tier3', { operation: 'S3-GDATransition' })).toBe(100);
    // The replica was written in STANDARD: its PUT is billed at STANDARD's rate.
    expect(qty(dst, 'EU-Requests-Tier1', { cause: 'replication' })).toBe(100);
    // The source has no rule: it stays in STANDARD.
    expect(l.classAt(0, 0.5, 2.0)).toBe('STANDARD');
  });

  it('a prefix filter leaves other objects out of the destination', () => {
    const l = replicating('us-east-1', { destinationRegion: 'eu-west-1', storageClass: 'STANDARD', prefix: 'other/' });
    l.put(0, 0, 1, 2, 0, 'put');
    closeDays(l, 0, 31);
    expect(l.replica.meter.lines()).toEqual([]);
    expect(qty(l.meter.lines(), 'USE1-EU-AWS-Out-Bytes')).toBe(0);
  });
});

describe('cross-region replication: properties', () => {
  it('whole bucket, same class, same usage types: the destination stores what the source stores, transfer = bytes written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StorageClass>('STANDARD', 'STANDARD_IA', 'GLACIER_IR', 'DEEP_ARCHIVE'),
        fc.array(fc.record({ t: fc.double({ min: 0, max: 55, noNaN: true }), n: fc.integer({ min: 1, max: 50 }), life: fc.double({ min: 0, max: 60, noNaN: true }) }), { maxLength: 20 }),
        (cls, puts) => {
          // Same class both sides; no source rules; deletes replicated: both buckets see the same history.
          const cfg: LifecycleConfig = { rules: [], minTransitionSize: 'all_storage_classes_128K' };
          const replication: ReplicationConfig = { destinationRegion: 'eu-west-1', storageClass: cls, replicationTimeControl: false, replicateDeletes: true, prefix: '', lifecycle: cfg };
          const source: LedgerPath = {
            name: 'p',
            initialClass: cls,
            current: compileSchedule(cfg, SHAPE, cls),
            noncurrent: Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(cfg, SHAPE, c, 'noncurrent')])),
            monitored: true,
          };
          const l = new ReplicatingLedger({ region: 'us-east-1', startMonth: MAR as MonthKey, months: 2, paths: [source], versioning: true, intelligentTiering: {} }, replication, [replicaPath(replication, SHAPE, 'p')]);
          const events = puts.flatMap((p) => {
            const gone = Math.min(p.t + p.life, l.days - 0.5);
            return [
              { t: p.t, f: () => l.put(0, p.t, p.n, p.n * 0.01, 0, 'put') },
              { t: gone, f: () => l.delete(0, p.t, gone, p.n, p.n * 0.01, 0) },
            ];
          });
          events.sort((a, b) => a.t - b.t);
          let d = 0;
          for (const e of events) {
            for (; d < Math.floor(e.t); d++) l.endDay(d);
            e.f();
          }
          for (; d < l.days; d++) l.endDay(d);
          l.checkConservation();
          const strip = (ut: string) => ut.replace(/^EU-/, '');
          const byKey = (lines: UsageLine[], causes: string[]) => {
            const m = new Map<string, number>();
            for (const x of lines) if (causes.includes(x.cause)) m.set(`${x.month}|${strip(x.usageType)}|${x.operation}|${x.cause}`, (m.get(`${x.month}|${strip(x.usageType)}|${x.operation}|${x.cause}`) ?? 0) + x.quantity);
            return m;
          };
          const src = byKey(l.meter.lines(), ['storage', 'overhead', 'early-delete']);
          const dst = byKey(l.replica.meter.lines(), ['storage', 'overhead', 'early-delete']);
          expect([...dst.keys()].sort()).toEqual([...src.keys()].sort());
          for (const [k, v] of src) expect(dst.get(k)).toBeCloseTo(v, 9);
          const written = puts.reduce((a, p) => a + p.n * 0.01, 0);
          expect(qty(l.meter.lines(), 'USE1-EU-AWS-Out-Bytes')).toBeCloseTo(written, 9);
          for (let m = 0; m < 2; m++) {
            const a = l.capacity()[m] ?? {};
            const b = l.replica.capacity()[m] ?? {};
            expect(b[cls]?.storedGiB ?? 0).toBeCloseTo(a[cls]?.storedGiB ?? 0, 9);
            expect(b[cls]?.noncurrentGiB ?? 0).toBeCloseTo(a[cls]?.noncurrentGiB ?? 0, 9);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
