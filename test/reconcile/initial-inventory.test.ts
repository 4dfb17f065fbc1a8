import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, ScenarioError } from '../../src/errors.js';
import { simulate } from '../../src/forecast.js';
import { existingObjects } from '../../src/reconcile/initial-inventory.js';
import { replay } from '../../src/replay/replay.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { CLASS_INFO } from '../../src/storage/classes.js';
import type { UsageLine } from '../../src/usage/usage-line.js';

const GIB = 2 ** 30;
const KIB = 1024;
const SCHEMA = 'Bucket, Key, Size, LastModifiedDate, StorageClass, IsLatest';

/**
 * A bucket as an S3 Inventory report sees it on 2027-01-01 00:00 UTC (the simulation's start):
 * A  STANDARD 1 GiB, 10 days old     → GLACIER at Days 30: the midnight of 21 January (k = 30)
 * B  STANDARD 2 GiB, 214 days old    → already past Days 30: GLACIER at the first midnight (2 Jan)
 * C  GLACIER 1 GiB, 30 days old, key under …/{device}/c → expires at Days 60: 31 January 00:00,
 *    after 60 days in GLACIER (taken from LastModifiedDate): an early delete of 90 − 60 = 30 days
 * D  STANDARD_IA 10 KiB, 1 day old   → under 128 KiB: never transitions; billed as 128 KiB
 */
const ROWS = [
  ['b', 'backups/dev1/a.dblock.zip.aes', String(GIB), '2026-12-22T00:00:00.000Z', 'STANDARD', 'true'],
  ['b', 'backups/dev1/b.dblock.zip.aes', String(2 * GIB), '2026-06-01T00:00:00.000Z', 'STANDARD', 'true'],
  ['b', 'backups/dev2/c.dlist.zip.aes', String(GIB), '2026-12-02T00:00:00.000Z', 'GLACIER', 'true'],
  ['b', 'backups/dev2/d.dindex.zip.aes', String(10 * KIB), '2026-12-31T00:00:00.000Z', 'STANDARD_IA', 'true'],
];

const SCENARIO = (inventory: string, extra = '') => `version: 1
name: inv
horizon: { start_month: 2027-01, months: 2 }
region: us-east-1
bucket:
  key_prefix: backups/
  initial_inventory: ${inventory}
  lifecycle:
    - { id: archive, filter: { prefix: backups/ }, transitions: [{ days: 30, storage_class: GLACIER }] }
    - { id: expire-c, filter: { prefix: 'backups/{device}/c' }, expiration_days: 60 }
${extra}`;

function bucketDir(rows: readonly (readonly string[])[], schema = SCHEMA, scenarioExtra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'tierwise-inv-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'inv.csv'), rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ sourceBucket: 'b', fileFormat: 'CSV', fileSchema: schema, files: [{ key: 'data/inv.csv' }] }));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO('manifest.json', scenarioExtra));
  return dir;
}

const total = (lines: readonly UsageLine[], month: string, usageType: string, cause?: string) =>
  lines.filter((l) => l.month === month && l.usageType === usageType && (!cause || l.cause === cause)).reduce((a, l) => a + l.quantity, 0);

describe('bucket.initial_inventory: an existing bucket projected forward', () => {
  it('storage of month 1, transitions at the right midnight, an early delete (by hand)', async () => {
    const dir = bucketDir(ROWS);
    const sc = loadScenario(join(dir, 'scenario.yaml'), { require: [] });
    const existing = await existingObjects(sc);
    expect(existing).toHaveLength(4);
    const run = replay(sc, [], 'none', existing);
    const u = run.usage;
    const jan = '2027-01';
    const G = CLASS_INFO.GLACIER.storageUsageType;
    // STANDARD: A 20 days (1–20 Jan), B 1 day (1 Jan) × 2 GiB = 22 GiB-days over January's 31.
    expect(total(u, jan, 'TimedStorage-ByteHrs', 'storage')).toBeCloseTo(22 / 31, 12);
    // GLACIER: A 11 days, B 30 days × 2 GiB, C 30 days (1–30 Jan) = 101 GiB-days.
    expect(total(u, jan, G, 'storage')).toBeCloseTo(101 / 31, 12);
    // Archive overhead: 71 object-days in GLACIER, 32 KiB at its rate and 8 KiB at STANDARD's.
    expect(total(u, jan, G, 'overhead')).toBeCloseTo((71 * 32 * KIB) / GIB / 31, 12);
    expect(total(u, jan, 'TimedStorage-ByteHrs', 'overhead')).toBeCloseTo((71 * 8 * KIB) / GIB / 31, 12);
    // D in STANDARD_IA all month, billed as 128 KiB (its 10 KiB and 118 KiB of small-object minimum).
    expect(total(u, jan, CLASS_INFO.STANDARD_IA.storageUsageType, 'storage')).toBeCloseTo((31 * 10 * KIB) / GIB / 31, 12);
    expect(total(u, jan, 'TimedStorage-SIA-SmObjects', 'overhead')).toBeCloseTo((31 * 118 * KIB) / GIB / 31, 12);
    // Two transitions to GLACIER in January (B on 2 Jan, A on 21 Jan), none later.
    const transitions = (m: string) => u.filter((l) => l.month === m && l.cause === 'transition').reduce((a, l) => a + l.quantity, 0);
    expect(transitions(jan)).toBe(2);
    expect(transitions('2027-02')).toBe(0);
    // C's early delete: 30 days short of GLACIER's 90, on its 1 GiB and 32 KiB overhead.
    expect(total(u, jan, CLASS_INFO.GLACIER.earlyDeleteUsageType!, 'early-delete')).toBeCloseTo((30 * (1 + (32 * KIB) / GIB)) / 31, 12);
    // February: A and B in GLACIER all month, C gone, D still in STANDARD_IA.
    expect(total(u, '2027-02', G, 'storage')).toBeCloseTo((28 * 3) / 28, 12);
    expect(total(u, '2027-02', 'TimedStorage-ByteHrs', 'storage')).toBe(0);
    // End of January: A and B in GLACIER, D in STANDARD_IA; nothing was PUT.
    expect(run.capacity[0]).toEqual({
      GLACIER: { storedGiB: 3, objects: 2, noncurrentGiB: 0, noncurrentObjects: 0 },
      STANDARD_IA: { storedGiB: (10 * KIB) / GIB, objects: 1, noncurrentGiB: 0, noncurrentObjects: 0 },
    });
    expect(u.filter((l) => l.cause === 'put')).toEqual([]);
  });

  it('simulate carries the same objects: a fleet with the inventory bills the fleet alone plus the inventory alone', async () => {
    const fleet = `fleet:
  devices: 3
  onboarding_days: 2
  profiles: [{ name: pc, os: linux, share_pct: 100, protected_data: { distribution: fixed, gib: 1 } }]
agent: { retention_policy: "7D:1D", auto_compact: false }
`;
    const dir = bucketDir(ROWS, SCHEMA, fleet);
    const withInv = loadScenario(join(dir, 'scenario.yaml'));
    writeFileSync(join(dir, 'plain.yaml'), SCENARIO('manifest.json', fleet).replace(/  initial_inventory:.*\n/, ''));
    const plain = loadScenario(join(dir, 'plain.yaml'));
    const a = (await simulate(withInv, { threads: 1 })).run.meter.lines();
    const b = (await simulate(plain, { threads: 1 })).run.meter.lines();
    const inv = replay(withInv, [], 'none', await existingObjects(withInv)).usage;
    const keys = new Set([...a, ...b, ...inv].map((l) => `${l.month}|${l.usageType}|${l.cause}`));
    for (const k of keys) {
      const [m, ut, cause] = k.split('|') as [string, string, string];
      expect(total(a, m, ut, cause), k).toBeCloseTo(total(b, m, ut, cause) + total(inv, m, ut, cause), 9);
    }
  });

  it('Intelligent-Tiering objects keep aging from their reported tier; noncurrent versions count their days from the start (by hand)', async () => {
    const schema = 'Bucket, Key, Size, LastModifiedDate, StorageClass, IsLatest, IntelligentTieringAccessTier';
    const rows = [
      // In Frequent Access (idle 0 days assumed): Infrequent Access after 30 idle days, i.e. from 31 January.
      ['b', 'logs/e', String(GIB), '2026-09-01T00:00:00.000Z', 'INTELLIGENT_TIERING', 'true', 'FREQUENT'],
      // Already in Infrequent Access: stays there (Archive Instant Access after 90 idle days: from 1 March).
      ['b', 'logs/f', String(GIB), '2026-09-01T00:00:00.000Z', 'INTELLIGENT_TIERING', 'true', 'INFREQUENT'],
      // A noncurrent version: NoncurrentVersionExpiration 10 days from the start → gone at 11 January 00:00.
      ['b', 'logs/g', String(GIB), '2026-09-01T00:00:00.000Z', 'STANDARD', 'false', ''],
    ];
    const d = bucketDir(rows, schema, '');
    writeFileSync(
      join(d, 'scenario.yaml'),
      SCENARIO('manifest.json')
        .replace('  key_prefix: backups/', '  key_prefix: backups/\n  versioning: true')
        .replace('    - { id: expire-c', '    - { id: nc, filter: { prefix: logs/ }, noncurrent_expiration_days: 10 }\n    - { id: expire-c'),
    );
    const sc = loadScenario(join(d, 'scenario.yaml'), { require: [] });
    const u = replay(sc, [], 'none', await existingObjects(sc)).usage;
    const jan = '2027-01';
    expect(total(u, jan, 'TimedStorage-INT-FA-ByteHrs')).toBeCloseTo(30 / 31, 12);
    expect(total(u, jan, 'TimedStorage-INT-IA-ByteHrs')).toBeCloseTo((1 + 31) / 31, 12);
    // Both ≥ 128 KiB: monitored all month, one object-month each.
    expect(total(u, jan, 'Monitoring-Automation-INT')).toBeCloseTo(2, 12);
    expect(total(u, jan, 'TimedStorage-ByteHrs', 'storage')).toBeCloseTo(10 / 31, 12);
    expect(total(u, '2027-02', 'TimedStorage-ByteHrs', 'storage')).toBe(0);
    expect(total(u, '2027-02', 'TimedStorage-INT-IA-ByteHrs')).toBeCloseTo(2, 12);
  });

  it('tierwise schema lists the new keys (bucket.initial_inventory, restores.events[].prefix)', () => {
    const props = (scenarioJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> }).properties;
    expect(props.bucket!.properties).toHaveProperty('initial_inventory');
    const events = (props.restores!.properties as Record<string, { items: { properties: Record<string, unknown> } }>).events!;
    expect(events.items.properties).toHaveProperty('prefix');
  });

  it('bad input: one line naming the file and field, before any run', async () => {
    const dir = bucketDir(ROWS);
    writeFileSync(join(dir, 'missing.yaml'), SCENARIO('nowhere/manifest.json'));
    expect(() => loadScenario(join(dir, 'missing.yaml'), { require: [] })).toThrow(ScenarioError);
    expect(() => loadScenario(join(dir, 'missing.yaml'), { require: [] })).toThrow(/bucket\.initial_inventory.*no such file 'nowhere\/manifest\.json'/);
    const reject = async (rows: readonly (readonly string[])[], schema = SCHEMA) => {
      const d = bucketDir(rows, schema);
      const sc = loadScenario(join(d, 'scenario.yaml'), { require: [] });
      try {
        await existingObjects(sc);
      } catch (e) {
        if (e instanceof InputError) return e.lines();
        throw e;
      }
      return [];
    };
    const late = [['b', 'backups/x/a', '5', '2027-01-02T00:00:00.000Z', 'STANDARD', 'true']];
    expect((await reject(late)).join('\n')).toMatch(/^data\/inv\.csv:1: LastModifiedDate: 2027-01-02T00:00:00\.000Z is after the simulation's start \(2027-01-01T00:00:00\.000Z\)/);
    const noAge = ROWS.map((r) => [r[0]!, r[1]!, r[2]!, r[4]!, r[5]!]);
    expect((await reject(noAge, 'Bucket, Key, Size, StorageClass, IsLatest')).join('\n')).toMatch(/LastModifiedDate.*missing: bucket\.initial_inventory needs LastModifiedDate/);
    const outposts = [['b', 'backups/x/a', '5', '2026-01-02T00:00:00.000Z', 'OUTPOSTS', 'true']];
    expect((await reject(outposts)).join('\n')).toMatch(/StorageClass.*OUTPOSTS is not modelled/);
    const badSize = [['b', 'backups/x/a', 'five', '2026-01-02T00:00:00.000Z', 'STANDARD', 'true']];
    expect(await reject(badSize)).toEqual(["data/inv.csv:1: Size: expected a whole number of bytes, got 'five'"]);
  });
});
