/**
 * The resources section of a scenario: validated with path-naming errors, refused before the run
 * when the price book lacks a price it needs, and priced with the bucket's lines in a forecast.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InputError, PriceDataError, ScenarioError } from '../../src/errors.js';
import { forecast } from '../../src/forecast.js';
import { checkScenarioPrices } from '../../src/pricing/coverage.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { s3Activity } from '../../src/resources/activity.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import type { ScenarioFile } from '../../src/scenario/schema.js';
import type { UsageLine } from '../../src/usage/usage-line.js';
import { TINY_FLEET, tinyFleet } from '../fleet/helpers.js';

type Resources = NonNullable<ScenarioFile['resources']>;
/** tiny-fleet (us-east-1, 40 devices, 6 months) with a resources section (raw, as a file would give it). */
const withResources = (r: Record<string, unknown>) => tinyFleet((f) => (f.resources = r as unknown as Resources));
/** tiny-fleet with `resources` as a file would hold it, through the loader's schema and resolve. */
function load(resources: unknown) {
  const doc = parse(readFileSync(TINY_FLEET, 'utf8')) as Record<string, unknown>;
  return resolveScenario(parseScenario(stringify({ ...doc, resources }), 'tiny.yaml'), 'tiny.yaml');
}
const messages = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error('no error');
};

const dlm = { name: 'db', volumes: 2, used_gib: 100, daily_change_pct: 2, schedule: { interval_hours: 24, retain_count: 7 } };

describe('resources section: validation', () => {
  it('reads a full section with its defaults', () => {
    const sc = load({ ebs_snapshots: [dlm], kms: { keys: 1 }, cloudtrail: {}, fsx: [{ name: 'f', deployment: 'single-az', storage_type: 'ssd', storage_gib: 100, throughput_mbps: 32, used_gib: 50 }] });
    expect(sc.resources?.kms).toEqual({ keys: 1, bucketKeys: false, bucketKeyReductionPct: 99 });
    expect(sc.resources?.cloudtrail).toEqual({ dataEventTrails: 1, logBytesPerEvent: 250, logDeliveriesPerHour: 12, logRegions: 1, logRetentionDays: 365 });
    expect(sc.resources?.fsx[0]).toMatchObject({ backupRetentionDays: 30, dailyChangePct: 1 });
    expect(sc.resources?.ebsSnapshots[0]).toMatchObject({ usedGiB: 100, schedule: { intervalHours: 24, retainCount: 7 }, archiveRestores: [] });
  });

  it('names the path, the value and what is allowed', () => {
    expect(() => load({ ebs_snapshots: [{ ...dlm, schedule: { interval_hours: 5, retain_count: 7 } }] })).toThrow(ScenarioError);
    expect(messages(() => load({ ebs_snapshots: [{ ...dlm, schedule: { interval_hours: 5, retain_count: 7 } }] })).join('\n')).toMatch(
      /resources\.ebs_snapshots\[0\]\.schedule\.interval_hours: interval_hours must be one of 1, 2, 3, 4, 6, 8, 12, 24 or a multiple of 24 \(got 5\)/,
    );
    // The archive tier's 90-day minimum (DLM RetentionArchiveTier): 30 daily snapshots are 30 days.
    expect(messages(() => load({ ebs_snapshots: [{ ...dlm, schedule: { interval_hours: 24, retain_count: 7, archive: { retain_count: 30 } } }] })).join('\n')).toMatch(
      /resources\.ebs_snapshots\[0\]\.schedule\.archive\.retain_count: archived snapshots must stay archived at least 90 days: 30 × 24 h is 30 days \(need retain_count ≥ 90\)/,
    );
    expect(messages(() => load({ ebs_snapshots: [{ ...dlm, schedule: { interval_hours: 24, retain_count: 7, cross_region_copy: { region: 'us-east-1', retain_count: 3 } } }] })).join('\n')).toMatch(
      /resources\.ebs_snapshots\[0\]\.schedule\.cross_region_copy\.region: 'us-east-1' is the scenario's own region/,
    );
    expect(messages(() => load({ fsx: [{ name: 'f', deployment: 'multi-az', storage_type: 'hdd', storage_gib: 500, throughput_mbps: 48, used_gib: 600 }] }))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^resources\.fsx\[0\]\.storage_gib: HDD storage needs at least 2,000 GiB \(got 500\)/),
        expect.stringMatching(/^resources\.fsx\[0\]\.used_gib: used_gib \(600\) exceeds storage_gib \(500\)/),
        expect.stringMatching(/^resources\.fsx\[0\]\.throughput_mbps: throughput_mbps must be a power of two/),
      ]),
    );
    expect(messages(() => load({ kms: { keys: -1 } })).join('\n')).toMatch(/resources\.kms\.keys/);
    expect(messages(() => load({ vpc: {} })).join('\n')).toMatch(/resources/);
    expect(messages(() => load({ ebs_snapshots: [{ ...dlm, archive_restores: [{ month: '2027-03', volumes: 1 }] }] })).join('\n')).toMatch(
      /resources\.ebs_snapshots\[0\]\.archive_restores: archive_restores need schedule\.archive/,
    );
  });

  it('is part of the published JSON Schema', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties.resources?.properties ?? {})).toEqual(['ebs_snapshots', 'kms', 'cloudtrail', 'cloudwatch', 'sns', 'vpn', 'fsx']);
  });
});

describe('resources section: prices checked before the run', () => {
  it('refuses a scenario whose resources need a price the book lacks, naming each, before simulating', async () => {
    const book = bundledPriceBook();
    const without = { ...book, id: 'no-fsx', prices: book.prices.filter((p) => p.serviceCode !== 'AmazonFSx' && !p.usageType.startsWith('EUC1-EBS')) };
    const sc = load({
      ebs_snapshots: [{ ...dlm, schedule: { interval_hours: 24, retain_count: 7, cross_region_copy: { region: 'eu-central-1', retain_count: 7 } } }],
      fsx: [{ name: 'f', deployment: 'single-az', storage_type: 'ssd', storage_gib: 100, throughput_mbps: 32, used_gib: 50 }],
    });
    expect(() => checkScenarioPrices(sc, book)).not.toThrow();
    const lines = messages(() => checkScenarioPrices(sc, without));
    expect(lines).toEqual([
      expect.stringMatching(/^resources\.ebs_snapshots\[0\]: price book no-fsx has no price for EUC1-EBS:SnapshotUsage \(CreateSnapshot\) in eu-central-1/),
      expect.stringMatching(/^resources\.fsx\[0\]: price book no-fsx has no price for USE1-WindowsStorage:SSD-SingleAZ in us-east-1/),
      expect.stringMatching(/^resources\.fsx\[0\]: .*USE1-WindowsThroughputCapacity-SingleAZ/),
      expect.stringMatching(/^resources\.fsx\[0\]: .*USE1-WindowsBackupUsage-SingleAZ/),
    ]);
    // forecast() refuses before the simulation: the same error, no run.
    await expect(forecast(sc, without, { threads: 1 })).rejects.toBeInstanceOf(PriceDataError);
  });
});

describe('resources priced in a forecast', () => {
  it('derives KMS and CloudTrail from the simulated requests, and leaves the bucket\'s own lines as they were', async () => {
    const book = bundledPriceBook();
    const plain = await forecast(tinyFleet(), book, { threads: 1 });
    const sc = withResources({ ebs_snapshots: [], fsx: [], kms: { keys: 1, bucket_keys: false, bucket_key_reduction_pct: 99 }, cloudtrail: { data_event_trails: 1, log_bytes_per_event: 250, log_deliveries_per_hour: 12, log_regions: 1, log_retention_days: 365 } });
    const f = await forecast(sc, book, { threads: 1 });
    for (let m = 0; m < f.months.length; m++) {
      const lines = f.months[m]!.lines;
      const bucket = lines.filter((l) => l.usage.service === undefined && l.usage.resource === undefined);
      expect(bucket.map((l) => [l.usage, l.cost.toString()])).toEqual(plain.months[m]!.lines.map((l) => [l.usage, l.cost.toString()]));
      // KMS requests = the month's object PUTs + GETs, read back from the bucket's lines.
      const a = s3Activity('us-east-1', f.months[m]!.month, 1, bucket.map((l) => l.usage) as UsageLine[], { objectsRemoved: [], failedRuns: [] })[0]!;
      const kms = lines.find((l) => l.usage.usageType === 'us-east-1-KMS-Requests');
      expect(kms?.usage.quantity).toBe(a.puts + a.gets);
      expect(a.puts).toBeGreaterThan(0);
      expect(a.gets).toBeGreaterThan(0);
    }
    expect(f.total.gt(plain.total)).toBe(true);
  });
});
