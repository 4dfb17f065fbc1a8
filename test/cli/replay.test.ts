/**
 * `tierwise replay` through a real process: hand-computed histories (us-east-1 bundled prices)
 * covering every op, each storage class, lifecycle transitions and expiration, early deletes,
 * restores of each tier, Intelligent-Tiering with and without access, month boundaries, February
 * and tiered prices; and each kind of bad input (exit 2, one line naming file, line and column,
 * nothing written).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { GIB, KIB } from '../../src/units.js';
import { spawnCli } from '../helpers/cli.js';

const HEADER = 'time,op,key,size_bytes,count,storage_class,tier,days';
const K8 = (8 * KIB) / GIB;
const K32 = (32 * KIB) / GIB;

interface Line {
  usageType: string;
  operation: string;
  quantity: number;
  unit: string;
  cause: string;
  storageClass?: string;
  cost: string;
}
interface Report {
  months: { month: string; lines: Line[]; total: string; capacity: Record<string, { storedGiB: number; objects: number; intTiers?: Record<string, number> }>; findings: string[] }[];
  total: string;
}

/** Writes a scenario and an events file and runs `tierwise replay` in a real process ('{out}' in `extra`: a file in its folder). */
function run(scenario: string, events: string[], extra: string[] = []): { code: number; stdout: string; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tierwise-replay-'));
  writeFileSync(join(dir, 'scenario.yaml'), `version: 1\nname: replay-test\nregion: us-east-1\n${scenario}`);
  writeFileSync(join(dir, 'events.csv'), `${[HEADER, ...events].join('\n')}\n`);
  const args = extra.map((a) => (a === '{out}' ? join(dir, 'report.json') : a));
  const r = spawnCli(['replay', join(dir, 'events.csv'), '--scenario', join(dir, 'scenario.yaml'), ...args]);
  return { ...r, dir };
}

function report(scenario: string, events: string[]): Report {
  const r = run(scenario, events, ['--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

type Filter = { month?: string; operation?: string; cause?: string; storageClass?: string };
const matching = (rep: Report, usageType: string, f: Filter = {}) =>
  rep.months
    .filter((m) => !f.month || m.month === f.month)
    .flatMap((m) => m.lines)
    .filter((l) => l.usageType === usageType && (f.operation === undefined || l.operation === f.operation) && (!f.cause || l.cause === f.cause) && (!f.storageClass || l.storageClass === f.storageClass));
const qty = (rep: Report, usageType: string, f: Filter = {}) => matching(rep, usageType, f).reduce((a, l) => a + l.quantity, 0);
const cost = (rep: Report, usageType: string, f: Filter = {}) => matching(rep, usageType, f).reduce((a, l) => a.plus(l.cost), new Dec(0)).toNumber();

const MARCH = 'horizon: { start_month: 2027-03, months: 1 }\n';
const ONE_GIB = String(GIB);

describe('tierwise replay: histories (real process, hand-computed)', () => {
  it('STANDARD: put, get, transfer_out, delete — storage for 15 days, requests, egress', () => {
    // 'other_egress' uses the first 100 GB of the account's tier either way, so egress is 0.09/GB.
    const rep = report(`${MARCH}account: { other_egress_gb_per_month: 100 }\n`, [
      `2027-03-01T00:00:00Z,put,photos,${ONE_GIB},10,,,`,
      '2027-03-10T08:00:00Z,get,photos,,,,,',
      `2027-03-10T08:00:00Z,transfer_out,,${10 * GIB},,,,`,
      '2027-03-16T00:00:00Z,delete,photos,,,,,',
    ]);
    expect(qty(rep, 'TimedStorage-ByteHrs')).toBeCloseTo((10 * 15) / 31, 12);
    expect(cost(rep, 'TimedStorage-ByteHrs')).toBeCloseTo((0.023 * 150) / 31, 12);
    expect(qty(rep, 'Requests-Tier1')).toBe(10);
    expect(qty(rep, 'Requests-Tier2')).toBe(10);
    expect(cost(rep, 'Requests-Tier2')).toBeCloseTo(0.000004, 15);
    expect(qty(rep, 'DataTransfer-Out-Bytes')).toBe(10);
    expect(cost(rep, 'DataTransfer-Out-Bytes')).toBeCloseTo(0.9, 12);
    expect(rep.months[0]!.capacity).toEqual({});
  });

  it('every storage class: one month of 1 GiB each, its storage usage type, overhead and PUT request', () => {
    const classes = ['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];
    const rep = report('horizon: { start_month: 2027-04, months: 1 }\n', classes.map((c) => `2027-04-01T00:00:00Z,put,${c},${ONE_GIB},,${c.toLowerCase()},,`));
    const storage: [string, string, number][] = [
      ['TimedStorage-ByteHrs', 'STANDARD', 0.023],
      ['TimedStorage-INT-FA-ByteHrs', 'INTELLIGENT_TIERING', 0.023],
      ['TimedStorage-SIA-ByteHrs', 'STANDARD_IA', 0.0125],
      ['TimedStorage-ZIA-ByteHrs', 'ONEZONE_IA', 0.01],
      ['TimedStorage-GIR-ByteHrs', 'GLACIER_IR', 0.004],
      ['TimedStorage-GlacierByteHrs', 'GLACIER', 0.0036],
      ['TimedStorage-GDA-ByteHrs', 'DEEP_ARCHIVE', 0.00099],
    ];
    for (const [ut, cls, rate] of storage) {
      expect(qty(rep, ut, { cause: 'storage', storageClass: cls })).toBeCloseTo(1, 12);
      expect(cost(rep, ut, { cause: 'storage', storageClass: cls })).toBeCloseTo(rate, 12);
    }
    for (const [ut, n] of [['Requests-Tier1', 1], ['Requests-INT-Tier1', 1], ['Requests-SIA-Tier1', 1], ['Requests-ZIA-Tier1', 1], ['Requests-GIR-Tier1', 1], ['Requests-GLACIER-Tier1', 1], ['Requests-GDA-Tier1', 1]] as const) {
      expect(qty(rep, ut)).toBe(n);
    }
    // GLACIER and DEEP_ARCHIVE: 8 KiB at STANDARD + 32 KiB at the class rate, per object.
    expect(qty(rep, 'TimedStorage-ByteHrs', { cause: 'overhead' })).toBeCloseTo(2 * K8, 15);
    expect(qty(rep, 'TimedStorage-GDA-ByteHrs', { cause: 'overhead' })).toBeCloseTo(K32, 15);
    expect(qty(rep, 'Monitoring-Automation-INT')).toBeCloseTo(1, 12);
    expect(Object.keys(rep.months[0]!.capacity).sort()).toEqual([...classes].sort());
  });

  it('a lifecycle transition and a delete on its day: transition request, early delete of STANDARD_IA and of GLACIER', () => {
    const rep = report(`${MARCH}bucket:\n  storage_class: STANDARD_IA\n  lifecycle:\n    - id: g\n      transitions: [{ days: 10, storage_class: GLACIER }]\n`, [
      `2027-03-01T00:00:00Z,put,a,${ONE_GIB},,,,`,
      '2027-03-11T12:00:00Z,delete,a,,,,,',
    ]);
    expect(qty(rep, 'Requests-Tier3', { operation: 'S3-GlacierTransition' })).toBe(1);
    expect(qty(rep, 'EarlyDelete-SIA')).toBeCloseTo(20 / 31, 12);
    expect(cost(rep, 'EarlyDelete-SIA')).toBeCloseTo((0.0125 * 20) / 31, 12);
    expect(qty(rep, 'EarlyDelete-ByteHrs')).toBeCloseTo(((1 + K32) * 89.5) / 31, 12);
    expect(qty(rep, 'TimedStorage-GlacierByteHrs', { cause: 'storage' })).toBeCloseTo(0.5 / 31, 12);
  });

  it('expiration before the minimum duration, with small-object padding (GLACIER_IR, 64 KiB and 1 GiB)', () => {
    const rep = report(`${MARCH}bucket:\n  storage_class: GLACIER_IR\n  lifecycle:\n    - id: x\n      expiration_days: 30\n`, [
      `2027-03-01T00:00:00Z,put,big,${ONE_GIB},,,,`,
      `2027-03-01T00:00:00Z,put,small,${64 * KIB},,,,`,
    ]);
    const small = (64 * KIB) / GIB;
    // Stored days 0–29, expired at midnight 30 (31 March): 60 days short of GLACIER_IR's 90.
    expect(qty(rep, 'TimedStorage-GIR-ByteHrs')).toBeCloseTo(((1 + small) * 30) / 31, 12);
    expect(qty(rep, 'TimedStorage-GIR-SmObjects')).toBeCloseTo((small * 30) / 31, 15);
    expect(qty(rep, 'EarlyDelete-GIR')).toBeCloseTo(((1 + small) * 60) / 31, 12);
    expect(qty(rep, 'EarlyDelete-GIR-SmObjects')).toBeCloseTo((small * 60) / 31, 15);
    expect(cost(rep, 'EarlyDelete-GIR')).toBeCloseTo((0.004 * (1 + small) * 60) / 31, 12);
  });

  it('GLACIER restores of each tier: requests, retrieval GB, and the copy until the midnight after completion + Days', () => {
    const rep = report(`${MARCH}bucket: { storage_class: GLACIER }\n`, [
      `2027-03-01T00:00:00Z,put,e,${ONE_GIB},,,,`,
      `2027-03-01T00:00:00Z,put,s,${ONE_GIB},,,,`,
      `2027-03-01T00:00:00Z,put,b,${ONE_GIB},,,,`,
      '2027-03-11T00:00:00Z,restore,e,,,,expedited,2',
      '2027-03-11T00:00:00Z,restore,s,,,,standard,2',
      '2027-03-11T00:00:00Z,restore,b,,,,bulk,2',
    ]);
    expect(qty(rep, 'Requests-Tier6', { operation: 'RestoreObject' })).toBe(1);
    expect(qty(rep, 'Requests-Tier3', { operation: 'RestoreObject' })).toBe(1);
    expect(qty(rep, 'Requests-Tier5', { operation: 'RestoreObject' })).toBe(1);
    expect(qty(rep, 'Expedited-Retrieval-Bytes')).toBe(1);
    expect(qty(rep, 'Standard-Retrieval-Bytes')).toBe(1);
    expect(qty(rep, 'Bulk-Retrieval-Bytes')).toBe(1);
    expect(cost(rep, 'Requests-Tier6')).toBeCloseTo(0.01, 12);
    expect(cost(rep, 'Expedited-Retrieval-Bytes')).toBeCloseTo(0.03, 12);
    // Available after 5 min / 5 h / 12 h (day 10), kept 2 days, expiring at midnight 13.
    const copyDays = 3 - 5 / 1440 + (3 - 5 / 24) + (3 - 12 / 24);
    expect(qty(rep, 'TimedStorage-ByteHrs', { cause: 'restored-copy' })).toBeCloseTo(copyDays / 31, 12);
  });

  it('DEEP_ARCHIVE restores, standard and bulk', () => {
    const rep = report(`${MARCH}bucket: { storage_class: DEEP_ARCHIVE }\n`, [
      `2027-03-01T00:00:00Z,put,s,${ONE_GIB},,,,`,
      `2027-03-01T00:00:00Z,put,b,${ONE_GIB},,,,`,
      '2027-03-11T00:00:00Z,restore,s,,,,standard,3',
      '2027-03-11T00:00:00Z,restore,b,,,,bulk,3',
    ]);
    expect(qty(rep, 'Requests-GDA-Tier3', { operation: 'DeepArchiveRestoreObject' })).toBe(1);
    expect(qty(rep, 'Requests-GDA-Tier5', { operation: 'DeepArchiveRestoreObject' })).toBe(1);
    expect(cost(rep, 'Standard-Retrieval-Bytes', { operation: 'DeepArchiveRestoreObject' })).toBeCloseTo(0.02, 12);
    expect(cost(rep, 'Bulk-Retrieval-Bytes', { operation: 'DeepArchiveRestoreObject' })).toBeCloseTo(0.0025, 12);
    // Standard: 10.5 + 3 → midnight 14 (3.5 days); bulk: 12 + 3 → 15 exactly (3 days).
    expect(qty(rep, 'TimedStorage-ByteHrs', { cause: 'restored-copy' })).toBeCloseTo(6.5 / 31, 12);
  });

  it('INTELLIGENT_TIERING without access: FA 30 days, IA to day 90, then Archive Instant Access', () => {
    const rep = report('horizon: { start_month: 2027-03, months: 4 }\nbucket: { storage_class: INTELLIGENT_TIERING }\n', [`2027-03-01T00:00:00Z,put,a,${ONE_GIB},,,,`]);
    expect(qty(rep, 'TimedStorage-INT-FA-ByteHrs', { month: '2027-03' })).toBeCloseTo(30 / 31, 12);
    expect(qty(rep, 'TimedStorage-INT-IA-ByteHrs')).toBeCloseTo(1 / 31 + 1 + 29 / 31, 12);
    expect(qty(rep, 'TimedStorage-INT-AIA-ByteHrs')).toBeCloseTo(2 / 31 + 1, 12);
    expect(cost(rep, 'TimedStorage-INT-AIA-ByteHrs', { month: '2027-06' })).toBeCloseTo(0.004, 12);
    expect(qty(rep, 'Monitoring-Automation-INT')).toBeCloseTo(4, 12);
    // End-of-month capacity says which access tier the object is in.
    expect(rep.months.map((m) => m.capacity.INTELLIGENT_TIERING!.intTiers)).toEqual([{ IA: 1 }, { IA: 1 }, { AIA: 1 }, { AIA: 1 }]);
  });

  it('INTELLIGENT_TIERING with access: a GET in IA moves the object back to FA and restarts its clock', () => {
    const rep = report('horizon: { start_month: 2027-03, months: 4 }\nbucket: { storage_class: INTELLIGENT_TIERING }\n', [
      `2027-03-01T00:00:00Z,put,a,${ONE_GIB},,,,`,
      `2027-03-01T00:00:00Z,put,b,${ONE_GIB},,,,`,
      '2027-04-10T12:00:00Z,get,a,,,,,',
      '2027-05-20T00:00:00Z,delete,b,,,,,',
    ]);
    // a: FA 0–29, IA 30–40.5, FA to day 70, IA after; b (same day, never read): FA 0–29, IA 30–79.
    expect(qty(rep, 'TimedStorage-INT-FA-ByteHrs', { month: '2027-04' })).toBeCloseTo(20.5 / 30, 12);
    expect(qty(rep, 'TimedStorage-INT-IA-ByteHrs', { month: '2027-04' })).toBeCloseTo(9.5 / 30 + 1, 12);
    expect(qty(rep, 'TimedStorage-INT-FA-ByteHrs', { month: '2027-05' })).toBeCloseTo(10 / 31, 12);
    expect(qty(rep, 'TimedStorage-INT-IA-ByteHrs', { month: '2027-05' })).toBeCloseTo(21 / 31 + 19 / 31, 12);
    expect(qty(rep, 'TimedStorage-INT-AIA-ByteHrs')).toBe(0);
    expect(qty(rep, 'Requests-INT-Tier2')).toBe(1);
    expect(rep.months[3]!.capacity.INTELLIGENT_TIERING!.objects).toBe(1);
    // End of April: a back in FA (read on the 10th), b in IA; end of June: a in IA, b deleted.
    expect(rep.months[1]!.capacity.INTELLIGENT_TIERING!.intTiers).toEqual({ FA: 1, IA: 1 });
    expect(rep.months[3]!.capacity.INTELLIGENT_TIERING!.intTiers).toEqual({ IA: 1 });
  });

  it('INTELLIGENT_TIERING Archive Access: a GET is refused (a finding), a Standard restore is free, then the GET succeeds', () => {
    const rep = report(
      'horizon: { start_month: 2027-03, months: 5 }\nbucket:\n  storage_class: INTELLIGENT_TIERING\n  intelligent_tiering: { archive_access_days: 90 }\n',
      [`2027-03-01T00:00:00Z,put,a,${ONE_GIB},,,,`, '2027-06-09T00:00:00Z,get,a,,,,,', '2027-06-09T00:00:00Z,restore,a,,,,standard,', '2027-06-09T06:00:00Z,get,a,,,,,'],
    );
    expect(qty(rep, 'Requests-INT-Tier2')).toBe(2);
    expect(rep.months.flatMap((m) => m.lines).filter((l) => ['restore', 'retrieval', 'restored-copy'].includes(l.cause))).toEqual([]);
    expect(rep.months[3]!.findings).toEqual(['1 GET(s) refused: the objects were archived or expired (each one is billed; restore first)']);
    // AA days 90–99 and 5 hours of day 100 (9 June is day 100), in May and June.
    expect(qty(rep, 'TimedStorage-INT-AA-ByteHrs', { cause: 'storage' })).toBeCloseTo(2 / 31 + (8 + 5 / 24) / 30, 12);
  });

  it('February and a month boundary: 14 of 28 days, then 14 of 31', () => {
    const rep = report('horizon: { start_month: 2027-02, months: 2 }\n', [`2027-02-15T00:00:00Z,put,a,${ONE_GIB},,,,`, '2027-03-15T00:00:00Z,delete,a,,,,,']);
    expect(qty(rep, 'TimedStorage-ByteHrs', { month: '2027-02' })).toBeCloseTo(0.5, 12);
    expect(qty(rep, 'TimedStorage-ByteHrs', { month: '2027-03' })).toBeCloseTo(14 / 31, 12);
  });

  it('tiered prices: 60 TiB in STANDARD for a month = 51,200 GB at 0.023 + 10,240 GB at 0.022', () => {
    const rep = report(MARCH, [`2027-03-01T00:00:00Z,put,big,${2 ** 40},60,,,`]);
    expect(qty(rep, 'TimedStorage-ByteHrs')).toBeCloseTo(61_440, 9);
    expect(rep.total).toBe(new Dec('1402.88').plus('0.0003').toString()); // + 60 PUTs at 0.005 / 1,000
  });

  it('versioning: a delete leaves a noncurrent version until a noncurrent-expiration rule removes it', () => {
    const rep = report(`${MARCH}bucket:\n  versioning: true\n  lifecycle:\n    - id: nc\n      noncurrent_expiration_days: 5\n`, [
      `2027-03-01T00:00:00Z,put,a,${ONE_GIB},,,,`,
      '2027-03-11T00:00:00Z,delete,a,,,,,',
    ]);
    // Current 10 days, noncurrent 5 more (until midnight 15).
    expect(qty(rep, 'TimedStorage-ByteHrs')).toBeCloseTo(15 / 31, 12);
  });
});

describe('tierwise replay: bad input (real process: exit 2, one line, nothing written)', () => {
  const cases: [string, string, string[], RegExp][] = [
    ['an unknown op', MARCH, ['2027-03-01T00:00:00Z,copy,a,1,,,,'], /events\.csv:2: op: expected one of put, delete, get, restore, transfer_out \(got 'copy'\)$/],
    ['a delete of a key never put', MARCH, ['2027-03-01T00:00:00Z,delete,a,,,,,'], /events\.csv:2: key: no earlier put wrote this key \(got 'a'\)$/],
    ['times not ascending', MARCH, ['2027-03-05T00:00:00Z,put,a,1,,,,', '2027-03-04T00:00:00Z,put,b,1,,,,'], /events\.csv:3: time: is before the previous event's time/],
    ['a negative size', MARCH, ['2027-03-01T00:00:00Z,put,a,-1,,,,'], /events\.csv:2: size_bytes: expected the size of each object in bytes, a whole number from 0 to \d+ \(got '-1'\)$/],
    ['a time outside the horizon', MARCH, ['2027-04-01T00:00:00Z,put,a,1,,,,'], /events\.csv:2: time: is outside the scenario's horizon/],
    ['a malformed row', MARCH, ['2027-03-01T00:00:00Z,put,a'], /events\.csv:2: row: has 3 field\(s\); the header has 8/],
    ['a malformed time', MARCH, ['2027-02-30T00:00:00Z,put,a,1,,,,'], /events\.csv:2: time: expected an ISO-8601 UTC time/],
    ['an expedited restore of DEEP_ARCHIVE objects', `${MARCH}bucket: { storage_class: DEEP_ARCHIVE }\n`, ['2027-03-01T00:00:00Z,put,a,1,,,,', '2027-03-02T00:00:00Z,restore,a,,,,expedited,1'], /events\.csv:3: tier: 'a' is in DEEP_ARCHIVE then, which has no expedited restore \(allowed: standard, bulk\)/],
  ];
  for (const [what, scenario, events, message] of cases) {
    it(what, () => {
      const r = run(scenario, events, ['--out', '{out}']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toMatch(message);
      expect(existsSync(join(r.dir, 'report.json'))).toBe(false);
    });
  }
});
