import { describe, expect, it } from 'vitest';
import { GIB, KIB } from '../../src/units.js';
import { at, oneLedger, qty, rule, runDays } from './ledger-helpers.js';

const K8 = (8 * KIB) / GIB;
const K32 = (32 * KIB) / GIB;
// March 2027 has 31 days, April 30: day 31 is 1 April.
const MAR = '2027-03';
const APR = '2027-04';

describe('ObjectLedger — storage by class (S3 FAQ GB-Month; "Using Amazon S3 storage classes", hand-computed)', () => {
  it('STANDARD: 1 GiB kept the whole month is exactly 1 GB-Mo; PUTs at Requests-Tier1', () => {
    const l = oneLedger({ initial: 'STANDARD' });
    l.put(0, 0, 10, 1, 0, 'put');
    runDays(l, 0, 31);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { month: MAR })).toBeCloseTo(1, 12);
    expect(qty(lines, 'Requests-Tier1', { month: MAR })).toBe(10);
  });

  it('a put at noon is billed from noon: half a day on the creation day', () => {
    const l = oneLedger({ initial: 'STANDARD' });
    l.put(0, 0.5, 1, 3.1, 0, 'put');
    runDays(l, 0, 31);
    expect(qty(l.meter.lines(), 'TimedStorage-ByteHrs', { month: MAR })).toBeCloseTo((3.1 * 30.5) / 31, 12);
  });

  it('DEEP_ARCHIVE after Days 1: rounded up to the next midnight, 40 KiB overhead per object, transition fee', () => {
    const l = oneLedger({ initial: 'STANDARD', rules: [rule('gda', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }])] });
    // Written day 0 at 12:00: first midnight = day 1; Days 1 → moves at the start of day 2.
    l.put(0, 0.5, 100, 5, 0, 'put');
    runDays(l, 0, 31);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'storage' })).toBeCloseTo((5 * 1.5) / 31, 12);
    expect(qty(lines, 'TimedStorage-GDA-ByteHrs', { cause: 'storage' })).toBeCloseTo((5 * 29) / 31, 12);
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'overhead' })).toBeCloseTo((100 * K8 * 29) / 31, 15);
    expect(qty(lines, 'TimedStorage-GDA-ByteHrs', { cause: 'overhead' })).toBeCloseTo((100 * K32 * 29) / 31, 15);
    expect(qty(lines, 'Requests-Tier3', { operation: 'S3-GDATransition' })).toBe(100);
    expect(l.classAt(0, 0.5, 1.9)).toBe('STANDARD');
    expect(l.classAt(0, 0.5, 2.0)).toBe('DEEP_ARCHIVE');
  });

  it('STANDARD_IA: objects under 128 KiB are billed as 128 KiB (the -SmObjects usage type)', () => {
    const l = oneLedger({ initial: 'STANDARD_IA', sizeBytes: 64 * KIB });
    const gib = (1000 * 64 * KIB) / GIB;
    l.put(0, 0, 1000, gib, gib, 'put');
    runDays(l, 0, 31);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-SIA-ByteHrs', { month: MAR })).toBeCloseTo(gib, 12);
    expect(qty(lines, 'TimedStorage-SIA-SmObjects', { month: MAR })).toBeCloseTo(gib, 12);
    expect(qty(lines, 'Requests-SIA-Tier1')).toBe(1000);
  });

  for (const [cls, storageUT, minDays] of [
    ['STANDARD_IA', 'TimedStorage-SIA-ByteHrs', 30],
    ['ONEZONE_IA', 'TimedStorage-ZIA-ByteHrs', 30],
    ['GLACIER_IR', 'TimedStorage-GIR-ByteHrs', 90],
  ] as const) {
    it(`${cls}: storage at ${storageUT}`, () => {
      const l = oneLedger({ initial: cls });
      l.put(0, 0, 1, 2, 0, 'put');
      runDays(l, 0, 31);
      expect(qty(l.meter.lines(), storageUT, { month: MAR })).toBeCloseTo(2, 12);
      expect(minDays).toBeGreaterThan(0);
    });
  }

  it('GLACIER written directly: overhead 8 KiB STANDARD + 32 KiB GLACIER, PUT at Requests-GLACIER-Tier1', () => {
    const l = oneLedger({ initial: 'GLACIER' });
    l.put(0, 0, 7, 1, 0, 'put');
    runDays(l, 0, 31);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'storage' })).toBeCloseTo(1, 12);
    expect(qty(lines, 'TimedStorage-GlacierByteHrs', { cause: 'overhead' })).toBeCloseTo(7 * K32, 15);
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'overhead' })).toBeCloseTo(7 * K8, 15);
    expect(qty(lines, 'Requests-GLACIER-Tier1')).toBe(7);
  });
});

describe('ObjectLedger — early delete (minimum storage duration, "Using Amazon S3 storage classes": billableGiB × (minDays − age) × 24 / hoursInMonth)', () => {
  for (const [cls, minDays, usageType] of [
    ['STANDARD_IA', 30, 'EarlyDelete-SIA'],
    ['ONEZONE_IA', 30, 'EarlyDelete-ZIA'],
    ['GLACIER_IR', 90, 'EarlyDelete-GIR'],
    ['GLACIER', 90, 'EarlyDelete-ByteHrs'],
    ['DEEP_ARCHIVE', 180, 'EarlyDelete-GDA'],
  ] as const) {
    for (const age of [0.25, 10, minDays - 1, minDays, minDays + 5]) {
      it(`${cls} deleted at age ${age} d`, () => {
        const l = oneLedger({ initial: cls, months: 8 });
        l.put(0, 0, 4, 2, 0, 'put');
        at(l, age).delete(0, 0, age, 4, 2, 0);
        runDays(l, 0, 240);
        const lines = l.meter.lines();
        const archive = cls === 'GLACIER' || cls === 'DEEP_ARCHIVE';
        const billable = 2 + (archive ? 4 * K32 : 0);
        const month = new Date(Date.UTC(2027, 2, 1 + Math.floor(age))).toISOString().slice(0, 7);
        const days = { '2027-03': 31, '2027-04': 30, '2027-05': 31, '2027-06': 30, '2027-07': 31, '2027-08': 31 }[month] as number;
        const expected = age < minDays ? (billable * (minDays - age)) / days : 0;
        expect(qty(lines, usageType)).toBeCloseTo(expected, 12);
        expect(qty(lines, usageType, { month })).toBeCloseTo(expected, 12);
      });
    }
  }

  it('padding has its own early-delete usage type', () => {
    const l = oneLedger({ initial: 'STANDARD_IA', sizeBytes: 1024 });
    l.put(0, 0, 10, 1e-5, 0.001, 'put');
    at(l, 12).delete(0, 0, 12, 10, 1e-5, 0.001);
    runDays(l, 0, 31);
    expect(qty(l.meter.lines(), 'EarlyDelete-SIA-SmObjects')).toBeCloseTo((0.001 * 18) / 31, 15);
  });

  it('transitioning out of a class before its minimum is an early delete (SIA → DEEP_ARCHIVE at Days 10)', () => {
    const l = oneLedger({ initial: 'STANDARD_IA', rules: [rule('gda', [{ days: 10, storageClass: 'DEEP_ARCHIVE' }])] });
    l.put(0, 0.75, 1, 1, 0, 'put'); // first midnight day 1, leaves SIA at the start of day 11 after 10.25 days
    runDays(l, 0, 31);
    expect(qty(l.meter.lines(), 'EarlyDelete-SIA')).toBeCloseTo((30 - 10.25) / 31, 12);
  });

  it('lifecycle expiration before the minimum is charged the same way', () => {
    const l = oneLedger({ initial: 'STANDARD', months: 3, rules: [rule('gda', [{ days: 0, storageClass: 'DEEP_ARCHIVE' }], { expirationDays: 30 })] });
    l.put(0, 0.5, 3, 1, 0, 'put'); // DA from day 1, expires at the start of day 31 after 30 days in DA
    runDays(l, 0, 60);
    const lines = l.meter.lines();
    expect(qty(lines, 'EarlyDelete-GDA', { month: APR })).toBeCloseTo(((1 + 3 * K32) * 150) / 30, 12);
    expect(l.heldGiB()).toBe(0);
    l.checkConservation();
  });
});

describe('ObjectLedger — reads and restores ("Restoring an archived object")', () => {
  it('a GET of an archived object is refused but billed; an IA GET pays retrieval per GB', () => {
    const gda = oneLedger({ initial: 'DEEP_ARCHIVE' });
    gda.put(0, 0, 1, 0.05, 0, 'put');
    expect(gda.readable(0, 0, 3)).toBe(false);
    at(gda, 3).get(0, 0, 3, 6, 0.3, 'compaction');
    expect(qty(gda.meter.lines(), 'Requests-GDA-Tier2', { cause: 'compaction' })).toBe(6);
    const sia = oneLedger({ initial: 'STANDARD_IA' });
    sia.put(0, 0, 1, 0.05, 0, 'put');
    at(sia, 3).get(0, 0, 3, 1, 0.05, 'verification');
    expect(qty(sia.meter.lines(), 'Requests-SIA-Tier2')).toBe(1);
    expect(qty(sia.meter.lines(), 'Retrieval-SIA')).toBeCloseTo(0.05, 15);
  });

  it('a DEEP_ARCHIVE bulk restore: requests, retrieval GB and the copy at STANDARD for the days asked', () => {
    const l = oneLedger({ initial: 'DEEP_ARCHIVE' });
    l.put(0, 0, 1000, 10, 0, 'put');
    at(l, 5).restore(0, 0, 5, 1000, 10, 'bulk', 7);
    const lines = l.meter.lines();
    expect(qty(lines, 'Requests-GDA-Tier5', { operation: 'DeepArchiveRestoreObject' })).toBe(1000);
    expect(qty(lines, 'Bulk-Retrieval-Bytes', { operation: 'DeepArchiveRestoreObject' })).toBe(10);
    // Available 48 h later (day 7), kept 7 days: 70 GiB-days in March.
    expect(qty(lines, 'TimedStorage-ByteHrs', { cause: 'restored-copy' })).toBeCloseTo(70 / 31, 12);
  });
});

describe('ObjectLedger — Intelligent-Tiering ("How S3 Intelligent-Tiering works")', () => {
  it('tiers down after 30 and 90 days without access, monitoring per object-month', () => {
    const l = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 4 });
    l.put(0, 0, 10, 1, 0, 'put');
    runDays(l, 0, 120);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-INT-FA-ByteHrs')).toBeCloseTo(30 / 31, 12); // days 0–29, all in March
    expect(qty(lines, 'TimedStorage-INT-IA-ByteHrs')).toBeCloseTo(1 / 31 + 30 / 30 + 29 / 31, 12); // days 30–89
    expect(qty(lines, 'TimedStorage-INT-AIA-ByteHrs', { month: '2027-05' })).toBeCloseTo(2 / 31, 12); // days 90–91
    expect(qty(lines, 'Monitoring-Automation-INT', { month: MAR })).toBeCloseTo(10, 12);
    expect(qty(lines, 'Requests-INT-Tier1')).toBe(10);
  });

  it('opt-in Archive Access tier: overhead 8 + 32 KiB; a GET there is refused', () => {
    const l = oneLedger({ initial: 'INTELLIGENT_TIERING', months: 5, intelligentTiering: { archiveAccessDays: 90 } });
    l.put(0, 0, 10, 1, 0, 'put');
    runDays(l, 0, 100);
    expect(l.intTierAt(0, 0, 95)).toBe('AA');
    expect(l.readable(0, 0, 95)).toBe(false);
    const lines = l.meter.lines();
    // Days 90–91 fall in May (31 days), 92–99 in June (30 days).
    expect(qty(lines, 'TimedStorage-INT-AA-ByteHrs', { cause: 'storage' })).toBeCloseTo(2 / 31 + 8 / 30, 12);
    expect(qty(lines, 'TimedStorage-INT-AA-ByteHrs', { cause: 'overhead' })).toBeCloseTo(10 * K32 * (2 / 31 + 8 / 30), 15);
  });

  it('objects under 128 KiB are never tiered nor monitored', () => {
    const l = oneLedger({ initial: 'INTELLIGENT_TIERING', sizeBytes: 4096, months: 3 });
    l.put(0, 0, 10, 1e-4, 0, 'put');
    runDays(l, 0, 80);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-INT-IA-ByteHrs')).toBe(0);
    expect(qty(lines, 'Monitoring-Automation-INT')).toBe(0);
  });
});

describe('ObjectLedger — versioned bucket ("Lifecycle configuration elements", noncurrent versions)', () => {
  it('a DELETE leaves a noncurrent version billed until NoncurrentVersionExpiration, then early delete', () => {
    const rules = [rule('gda', [{ days: 0, storageClass: 'DEEP_ARCHIVE' }], { noncurrentExpirationDays: 30 })];
    const l = oneLedger({ initial: 'STANDARD', versioning: true, rules, months: 3 });
    l.put(0, 0.5, 2, 1, 0, 'put'); // DA from day 1
    at(l, 10.5).delete(0, 0.5, 10.5, 2, 1, 0); // noncurrent from 10.5; expires at the start of day 41 (11 + 30)
    runDays(l, 0, 60);
    const lines = l.meter.lines();
    expect(qty(lines, 'TimedStorage-GDA-ByteHrs', { cause: 'storage' })).toBeCloseTo(30 / 31 + 10 / 30, 12); // days 1–40
    expect(qty(lines, 'EarlyDelete-GDA', { month: APR })).toBeCloseTo(((1 + 2 * K32) * 140) / 30, 12);
    expect(l.heldGiB()).toBe(0);
    l.checkConservation();
  });
});
