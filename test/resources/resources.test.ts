/**
 * The priced resources beyond S3, each worked by hand (the arithmetic in the comments), priced
 * with the bundled book; and the properties of the snapshot chain and the KMS request model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { price } from '../../src/pricing/price.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import type { MonthActivity } from '../../src/resources/activity.js';
import { cloudWatchLines, snsLines } from '../../src/resources/alerts.js';
import { chainGiB, changedShare, snapshotsTaken } from '../../src/resources/chain.js';
import { cloudTrailLines, dataEvents } from '../../src/resources/cloudtrail.js';
import type { EbsVolumeGroup, FsxFileSystem, KmsConfig } from '../../src/resources/config.js';
import { ebsSnapshotLines, snapshotDay } from '../../src/resources/ebs-snapshots.js';
import { fsxLines } from '../../src/resources/fsx.js';
import { kmsLines, kmsRequests } from '../../src/resources/kms.js';
import { vpnLines } from '../../src/resources/vpn.js';
import { GIB, type MonthKey } from '../../src/units.js';
import type { UsageLine } from '../../src/usage/usage-line.js';

const book = bundledPriceBook();
const bill = (lines: readonly UsageLine[]) => price(lines, book);
const cost = (lines: readonly UsageLine[]) => bill(lines).totals.total;
const JAN: MonthKey = '2027-01';
const month = (over: Partial<MonthActivity> = {}): MonthActivity => ({ month: JAN, puts: 0, gets: 0, lists: 0, restoreRequests: 0, deletes: 0, failedRuns: 0, ...over });
const qty = (lines: readonly UsageLine[], usageType: string, region?: string) =>
  lines.filter((l) => l.usageType === usageType && (region === undefined || l.region === region)).reduce((a, l) => a + l.quantity, 0);

describe('EBS snapshots by a DLM schedule (one volume, a known change pattern, retention, archive, copy)', () => {
  // 100 GiB of used blocks, 10 % overwritten a day, a snapshot a day, 3 kept; leaving ones are
  // archived and kept 90; each is copied to eu-central-1 and 2 copies kept there.
  // Increment per snapshot: 100 × (1 − 0.9^1) = 10 GiB.
  const g: EbsVolumeGroup = {
    name: 'db',
    volumes: 1,
    usedGiB: 100,
    dailyChangePct: 10,
    schedule: { intervalHours: 24, retainCount: 3, archive: { retainCount: 90 }, crossRegionCopy: { region: 'eu-central-1', retainCount: 2 } },
    archiveRestores: [{ month: '2027-02', volumes: 1 }],
  };

  it('day by day: the chain grows 100 → 110 → 120 and holds; the 4th snapshot archives the 1st in full', () => {
    expect(snapshotDay(g, 0)).toEqual({ standardGiB: 100, archiveGiB: 0, copyGiB: 100, copiedGB: 100 });
    const near = (day: number, want: Record<string, number>) => {
      const got = snapshotDay(g, day) as unknown as Record<string, number>;
      for (const [k, v] of Object.entries(want)) expect(got[k], `day ${day} ${k}`).toBeCloseTo(v, 9);
    };
    near(1, { standardGiB: 110, archiveGiB: 0, copyGiB: 110, copiedGB: 10 });
    near(2, { standardGiB: 120, archiveGiB: 0, copyGiB: 110, copiedGB: 10 });
    expect(snapshotDay(g, 3).standardGiB).toBeCloseTo(120, 9);
    expect(snapshotDay(g, 3).archiveGiB).toBe(100);
    // Day 9: 10 snapshots taken, 3 in the standard tier, 7 archived (full, 100 GiB each).
    expect(snapshotDay(g, 9).archiveGiB).toBe(700);
  });

  it('January (31 days): GB-months are the daily averages, the copy transfer the sum, priced at us-east-1 and eu-central-1 rates', () => {
    const lines = ebsSnapshotLines(g, 'us-east-1', JAN, 2).filter((l) => l.month === JAN);
    // Standard: (100 + 110 + 29 × 120) / 31 = 3,690 / 31.
    expect(qty(lines, 'EBS:SnapshotUsage', 'us-east-1')).toBeCloseTo(3690 / 31, 9);
    // Archive: days 3 … 30 hold 1 … 28 snapshots: 100 × 406 / 31.
    expect(qty(lines, 'EBS:SnapshotArchiveStorage')).toBeCloseTo(40_600 / 31, 9);
    // Copies: 100 on day 0, then 110: (100 + 30 × 110) / 31 = 3,400 / 31; transferred 100 + 30 × 10 = 400 GB.
    expect(qty(lines, 'EUC1-EBS:SnapshotUsage', 'eu-central-1')).toBeCloseTo(3400 / 31, 9);
    expect(qty(lines, 'USE1-EUC1-AWS-Out-Bytes')).toBeCloseTo(400, 9);
    expect(lines.every((l) => l.cause === 'snapshot' && l.resource === 'db')).toBe(true);
    expect(lines.find((l) => l.usageType === 'USE1-EUC1-AWS-Out-Bytes')?.service).toBe('AWSDataTransfer');
    expect(lines.find((l) => l.usageType === 'EBS:SnapshotUsage')?.service).toBe('AmazonEC2');
    // $0.05 × 3,690/31 + $0.0125 × 40,600/31 + $0.054 × 3,400/31 + $0.02 × 400.
    const expected = (0.05 * 3690 + 0.0125 * 40_600 + 0.054 * 3400) / 31 + 0.02 * 400;
    expect(cost(lines).toNumber()).toBeCloseTo(expected, 9);
  });

  it('a restore from the archive bills the full snapshot per GB retrieved, in its month', () => {
    const feb = ebsSnapshotLines(g, 'us-east-1', JAN, 2).filter((l) => l.month === '2027-02');
    expect(qty(feb, 'EBS:SnapshotArchiveRetrieval')).toBe(100);
    expect(cost(feb.filter((l) => l.usageType === 'EBS:SnapshotArchiveRetrieval')).toNumber()).toBeCloseTo(100 * 0.03, 12);
  });

  it('DLM itself meters nothing: a group without archive or copy has one line a month', () => {
    const plain = ebsSnapshotLines({ ...g, schedule: { intervalHours: 24, retainCount: 3 }, archiveRestores: [] }, 'ap-south-1', JAN, 3);
    expect(plain.map((l) => l.usageType)).toEqual(['APS3-EBS:SnapshotUsage', 'APS3-EBS:SnapshotUsage', 'APS3-EBS:SnapshotUsage']);
  });

  describe('properties', () => {
    const groups = fc.record({
      usedGiB: fc.double({ min: 0.001, max: 10_000, noNaN: true }),
      dailyChangePct: fc.double({ min: 0, max: 100, noNaN: true }),
      intervalHours: fc.constantFrom(1, 2, 3, 4, 6, 8, 12, 24, 48, 168, 720),
      retainCount: fc.integer({ min: 1, max: 60 }),
      volumes: fc.integer({ min: 1, max: 50 }),
      day: fc.integer({ min: 0, max: 800 }),
    });

    it('snapshot storage never exceeds the sum of the retained snapshots\' full sizes, never falls below the newest one\'s used size', () => {
      fc.assert(
        fc.property(groups, ({ usedGiB, dailyChangePct, intervalHours, retainCount, volumes, day }) => {
          const grp: EbsVolumeGroup = { name: 'p', volumes, usedGiB, dailyChangePct, schedule: { intervalHours, retainCount }, archiveRestores: [] };
          const retained = Math.min(retainCount, snapshotsTaken(day, intervalHours));
          const stored = snapshotDay(grp, day).standardGiB;
          const eps = 1e-9 * volumes * usedGiB * retained;
          return stored <= volumes * retained * usedGiB + eps && stored >= volumes * usedGiB - eps;
        }),
      );
    });

    it('the chain bounds hold for any increment: u ≤ chainGiB(u, n, δ) ≤ n·u', () => {
      fc.assert(
        fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1e7, noNaN: true }), (u, n, d) => {
          const c = chainGiB(u, n, d);
          return c >= u && c <= n * u * (1 + 1e-12);
        }),
      );
    });

    it('the changed share is a probability, grows with time and is 1 − 0.9 after a day at 10 %', () => {
      expect(changedShare(0.1, 1)).toBeCloseTo(0.1, 15);
      expect(changedShare(0.1, 2)).toBeCloseTo(0.19, 15);
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true }), (c, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const x = changedShare(c, lo);
          return x >= 0 && x <= 1 && x <= changedShare(c, hi) + 1e-15;
        }),
      );
    });
  });
});

describe('SSE-KMS (with and without S3 Bucket Keys)', () => {
  // 1,000,000 PUTs and 500,000 GETs in January, 2 customer managed keys, us-east-1.
  const a = month({ puts: 1_000_000, gets: 500_000 });
  const without: KmsConfig = { keys: 2, bucketKeys: false, bucketKeyReductionPct: 99 };

  it('without Bucket Keys: 1,500,000 requests × $0.03 / 10,000 = $4.50, plus 2 keys × $1 = $6.50', () => {
    const lines = kmsLines(without, 'us-east-1', [a]);
    expect(lines.map((l) => [l.usageType, l.quantity, l.unit, l.service])).toEqual([
      ['us-east-1-KMS-Keys', 2, 'Keys', 'awskms'],
      ['us-east-1-KMS-Requests', 1_500_000, 'Requests', 'awskms'],
    ]);
    expect(cost(lines).toFixed(10)).toBe('6.5000000000');
  });

  it('with Bucket Keys at the documented 99 %: 15,000 requests × $0.000003 = $0.045, plus $2 of keys', () => {
    const lines = kmsLines({ ...without, bucketKeys: true }, 'us-east-1', [a]);
    expect(qty(lines, 'us-east-1-KMS-Requests')).toBeCloseTo(15_000, 6);
    expect(cost(lines).toNumber()).toBeCloseTo(2.045, 9);
  });

  it('property: without Bucket Keys, KMS requests equal PUTs + GETs (LISTs, deletes and restores call no key)', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), (puts, gets, lists, deletes) => {
        return kmsRequests(without, month({ puts, gets, lists, deletes })) === puts + gets;
      }),
    );
  });
});

describe('CloudTrail S3 data events from a known request count', () => {
  // January: 1,000,000 PUTs, 2,000,000 GETs, 500,000 deletes, 300,000 LISTs (bucket-level: not data events).
  const a = month({ puts: 1_000_000, gets: 2_000_000, deletes: 500_000, lists: 300_000 });
  const cfg = { dataEventTrails: 1, logBytesPerEvent: 250, logDeliveriesPerHour: 12, logRegions: 1, logRetentionDays: 365 };

  it('3,500,000 events × $0.10 / 100,000 = $3.50; the log bucket takes 12 × 744 = 8,928 PUTs and the logged bytes', () => {
    expect(dataEvents(a)).toBe(3_500_000);
    const lines = cloudTrailLines(cfg, 'ap-south-1', [a]);
    expect(qty(lines, 'APS3-DataEventsRecorded')).toBe(3_500_000);
    expect(qty(lines, 'APS3-Requests-Tier1')).toBe(8928);
    // 875,000,000 bytes logged evenly over 31 days, all kept: Σ d=1…31 of d/31 of them = 16/31 × 875e6 bytes … per GB-month:
    // (875e6 / 2^30 / 31) × (1 + 2 + … + 31) / 31 = (875e6 / 2^30) × 16 / 31.
    expect(qty(lines, 'APS3-TimedStorage-ByteHrs')).toBeCloseTo(((875e6 / GIB) * 16) / 31, 12);
    const events = bill(lines.filter((l) => l.usageType === 'APS3-DataEventsRecorded'));
    expect(events.totals.total.toFixed(10)).toBe('3.5000000000');
    expect(lines.every((l) => l.cause === 'audit')).toBe(true);
  });

  it('a second trail recording the same data events doubles them (every copy is charged)', () => {
    expect(qty(cloudTrailLines({ ...cfg, dataEventTrails: 2 }, 'ap-south-1', [a]), 'APS3-DataEventsRecorded')).toBe(7_000_000);
  });
});

describe('FSx for Windows File Server: one month', () => {
  // Single-AZ SSD, 100 GiB, 32 MBps, 60 GiB of data changing 2 % a day, daily backups kept 30 days.
  // Backups on day d hold 60 + 1.2 × (min(30, d + 1) − 1) GiB: January sums
  // Σ d=0…29 (60 + 1.2 d) + (60 + 1.2 × 29) = 1,800 + 522 + 94.8 = 2,416.8 GiB-days.
  const fs: FsxFileSystem = { name: 'share', deployment: 'single-az', storageType: 'ssd', storageGiB: 100, throughputMBps: 32, usedGiB: 60, dailyChangePct: 2, backupRetentionDays: 30 };

  it('$0.13 × 100 + $2.20 × 32 + $0.05 × 2,416.8 / 31 = $87.2980645…', () => {
    const lines = fsxLines(fs, 'us-east-1', JAN, 1);
    expect(lines.map((l) => [l.usageType, l.unit])).toEqual([
      ['USE1-WindowsStorage:SSD-SingleAZ', 'GB-Mo'],
      ['USE1-WindowsThroughputCapacity-SingleAZ', 'MBps-Mo'],
      ['USE1-WindowsBackupUsage-SingleAZ', 'GB-Mo'],
    ]);
    expect(qty(lines, 'USE1-WindowsBackupUsage-SingleAZ')).toBeCloseTo(2416.8 / 31, 9);
    expect(cost(lines).toNumber()).toBeCloseTo(13 + 70.4 + (0.05 * 2416.8) / 31, 9);
  });

  it('Multi-AZ HDD prices its own usage types; backups off meter none', () => {
    const lines = fsxLines({ ...fs, deployment: 'multi-az', storageType: 'hdd', storageGiB: 2000, backupRetentionDays: 0 }, 'us-east-1', JAN, 1);
    expect(lines.map((l) => l.usageType)).toEqual(['USE1-WindowsStorage:HDD-MultiAZ', 'USE1-WindowsThroughputCapacity-MultiAZ']);
    expect(cost(lines).toNumber()).toBeCloseTo(2000 * 0.025 + 32 * 4.5, 9);
  });
});

describe('Site-to-Site VPN: one month', () => {
  it('January: 744 connection-hours × $0.05 = $37.20; February 2027: 672 h = $33.60; transfer out is internet egress', () => {
    const lines = vpnLines({ connections: 1, transferOutGBPerMonth: 20 }, 'ap-south-1', [month(), month({ month: '2027-02' })]);
    expect(lines.filter((l) => l.unit === 'Hrs').map((l) => [l.usageType, l.operation, l.quantity])).toEqual([
      ['APS3-VPN-Usage-Hours:ipsec.1', 'CreateVpnConnection', 744],
      ['APS3-VPN-Usage-Hours:ipsec.1', 'CreateVpnConnection', 672],
    ]);
    const hours = bill(lines.filter((l) => l.unit === 'Hrs'));
    expect(hours.totals.byMonth).toEqual({ '2027-01': expect.anything(), '2027-02': expect.anything() });
    expect(hours.totals.byMonth['2027-01']!.toFixed(2)).toBe('37.20');
    expect(hours.totals.byMonth['2027-02']!.toFixed(2)).toBe('33.60');
    expect(lines.find((l) => l.unit === 'GB')).toMatchObject({ usageType: 'APS3-DataTransfer-Out-Bytes', quantity: 20, service: 'AWSDataTransfer', cause: 'network' });
  });
});

describe('CloudWatch and SNS alerts', () => {
  it('2 alarms × $0.10 + 1 metric × $0.30 a month; 600 failed runs × 2 addresses = 1,200 e-mails, the first 1,000 free: 200 × $0.00002', () => {
    const a = month({ failedRuns: 600 });
    expect(cost(cloudWatchLines({ alarms: 2, customMetrics: 1 }, 'us-east-1', [a])).toNumber()).toBeCloseTo(0.5, 12);
    const sns = snsLines({ emailSubscribers: 2 }, 'us-east-1', [a]);
    expect(sns.map((l) => [l.usageType, l.quantity, l.unit])).toEqual([['DeliveryAttempts-SMTP', 1200, 'Notifications']]);
    expect(cost(sns).toNumber()).toBeCloseTo(0.004, 12);
    expect(snsLines({ emailSubscribers: 2 }, 'us-east-1', [month()])).toEqual([]);
  });
});
