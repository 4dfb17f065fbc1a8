/**
 * Cross-Region Replication through the CLI: `replay` (puts and deletes reach the replica,
 * hand-computed), `simulate` (a fleet replicated whole into the same class doubles what is stored),
 * and bad replication input (one line naming file, field and value; exit 2; before any run).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { runCli } from '../helpers/cli.js';

const HEADER = 'time,op,key,size_bytes,count,storage_class,tier,days';
const GIB = 2 ** 30;

interface Line {
  usageType: string;
  operation: string;
  quantity: number;
  cause: string;
  cost: string;
}
type Cap = Record<string, { storedGiB: number; objects: number; noncurrentGiB: number; noncurrentObjects: number }>;
interface Report {
  scenario: { region: string; replicationRegion?: string };
  months: { month: string; lines: Line[]; total: string; capacity: Cap; capacityByRegion: Record<string, Cap> }[];
  total: string;
}

function files(scenario: string, events?: string[]): { dir: string; scenario: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tierwise-crr-'));
  writeFileSync(join(dir, 'scenario.yaml'), scenario);
  if (events) writeFileSync(join(dir, 'events.csv'), `${[HEADER, ...events].join('\n')}\n`);
  return { dir, scenario: join(dir, 'scenario.yaml'), events: join(dir, 'events.csv') };
}

const qty = (r: Report, ut: string, cause?: string) =>
  r.months.flatMap((m) => m.lines).filter((l) => l.usageType === ut && (!cause || l.cause === cause)).reduce((a, l) => a + l.quantity, 0);

const REPLAY_SCENARIO = (replication: string, bucket = 'bucket: { versioning: true }\n') =>
  `version: 1\nname: crr\nregion: us-east-1\nhorizon: { start_month: 2027-03, months: 1 }\n${bucket}${replication}`;

describe('tierwise replay with replication', () => {
  it('puts are replicated (transfer, RTC, destination PUT and storage); a replicated delete makes the replica noncurrent', async () => {
    const f = files(
      REPLAY_SCENARIO(
        'replication:\n  destination_region: eu-west-1\n  storage_class: DEEP_ARCHIVE\n  replication_time_control: true\n  replicate_deletes: true\n' +
          '  filter: { prefix: backups/ }\n  lifecycle: [{ id: nc, noncurrent_expiration_days: 10 }]\n',
      ),
      [
        `2027-03-01T00:00:00Z,put,backups/a/duplicati-b1.dblock.zip.aes,${2 * GIB},1,,,`,
        `2027-03-01T00:00:00Z,put,other/x,${GIB},1,,,`,
        '2027-03-06T00:00:00Z,delete,backups/a/duplicati-b1.dblock.zip.aes,,,,,',
      ],
    );
    const r = await runCli(['replay', f.events, '--scenario', f.scenario, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Report;
    expect(j.scenario.replicationRegion).toBe('eu-west-1');
    // Only the object under backups/ is replicated.
    expect(qty(j, 'USE1-EU-AWS-Out-Bytes', 'replication')).toBe(2);
    expect(qty(j, 'USE1-EU-S3RTC-Out-Bytes', 'replication')).toBe(2);
    expect(qty(j, 'EU-Requests-GDA-Tier1', 'replication')).toBe(1);
    // Current days 0–4, then noncurrent 10 days (until the midnight of day 15): 2 GiB × 15 days.
    expect(qty(j, 'EU-TimedStorage-GDA-ByteHrs', 'storage')).toBeCloseTo((2 * 15) / 31, 12);
    const m = j.months[0]!;
    expect(Object.keys(m.capacityByRegion).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(m.capacityByRegion['us-east-1']).toEqual(m.capacity);
    expect(m.capacityByRegion['eu-west-1']).toEqual({});
    // The source keeps its noncurrent version (no rule in the source).
    expect(m.capacity.STANDARD?.noncurrentGiB).toBeCloseTo(2, 12);
  });

  it('without replicate_deletes the replica stays current; ap-south-1 → us-east-1 lines carry no prefix', async () => {
    const f = files(
      'version: 1\nname: crr\nregion: ap-south-1\nhorizon: { start_month: 2027-03, months: 1 }\nbucket: { versioning: true }\nreplication: { destination_region: us-east-1 }\n',
      [`2027-03-01T00:00:00Z,put,k,${GIB},4,,,`, '2027-03-11T00:00:00Z,delete,k,,,,,'],
    );
    const r = await runCli(['replay', f.events, '--scenario', f.scenario, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Report;
    expect(qty(j, 'APS3-USE1-AWS-Out-Bytes', 'replication')).toBe(4);
    expect(qty(j, 'Requests-Tier1', 'replication')).toBe(4);
    expect(qty(j, 'TimedStorage-ByteHrs', 'storage')).toBeCloseTo(4, 12);
    expect(j.months[0]!.capacityByRegion['us-east-1']?.STANDARD).toEqual({ storedGiB: 4, objects: 4, noncurrentGiB: 0, noncurrentObjects: 0 });
  });
});

describe('tierwise simulate with replication', () => {
  it('the whole bucket under the same lifecycle: stored bytes double, replica storage equals source storage (transfer = bytes written: test/storage/replication.test.ts)', async () => {
    const tiny = readFileSync('test/fixtures/scenarios/tiny-fleet.yaml', 'utf8').replace('bucket:\n', 'bucket:\n  versioning: true\n');
    const f = files(
      `${tiny}\nreplication:\n  destination_region: eu-west-1\n  storage_class: STANDARD\n  replicate_deletes: true\n  lifecycle: [{ id: to-deep-archive, transitions: [{ days: 1, storage_class: DEEP_ARCHIVE }] }]\n`,
    );
    const r = await runCli(['simulate', f.scenario, '--months', '2', '--json', '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Report;
    for (const m of j.months) {
      const src = m.capacityByRegion['us-east-1']!;
      const dst = m.capacityByRegion['eu-west-1']!;
      for (const cls of Object.keys(src)) {
        expect(dst[cls]?.storedGiB).toBeCloseTo(src[cls]!.storedGiB, 6);
        expect(dst[cls]?.objects).toBeCloseTo(src[cls]!.objects, 6);
      }
      const lines = (pred: (l: Line) => boolean) => m.lines.filter(pred);
      const srcStorage = lines((l) => l.cause === 'storage' && !l.usageType.startsWith('EU-')).reduce((a, l) => a + l.quantity, 0);
      const dstStorage = lines((l) => l.cause === 'storage' && l.usageType.startsWith('EU-')).reduce((a, l) => a + l.quantity, 0);
      expect(dstStorage).toBeCloseTo(srcStorage, 6);
      const putsSrc = lines((l) => l.cause === 'put' || l.cause === 'compaction').filter((l) => l.usageType === 'Requests-Tier1').reduce((a, l) => a + l.quantity, 0);
      const putsDst = lines((l) => l.cause === 'replication' && l.usageType === 'EU-Requests-Tier1').reduce((a, l) => a + l.quantity, 0);
      expect(putsDst).toBeGreaterThan(0);
      expect(putsDst).toBeLessThanOrEqual(putsSrc);
    }
    const transfer = qty(j, 'USE1-EU-AWS-Out-Bytes', 'replication');
    expect(transfer).toBeGreaterThan(0);
    const table = await runCli(['simulate', f.scenario, '--months', '2', '--threads', '1']);
    expect(table.stdout).toContain('(replicated to eu-west-1)');
    expect(table.stdout).toContain('replica TiB (eu-west-1)');
    expect(table.stdout).toContain('in eu-west-1 (replica):');
  });
});

describe('the reference DR scenario', () => {
  it('validates', async () => {
    const r = await runCli(['validate', 'scenarios/fleet-deep-archive-crr-dr.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scenarios/fleet-deep-archive-crr-dr.yaml: ok (fleet-deep-archive-crr-dr, 36 months from 2027-01, us-east-1)');
  });
});

describe('bad replication input', () => {
  const run = async (scenario: string) => {
    const f = files(scenario, ['2027-03-01T00:00:00Z,put,k,1,1,,,']);
    const r = await runCli(['replay', f.events, '--scenario', f.scenario]);
    return { ...r, f };
  };

  it('needs bucket.versioning', async () => {
    const r = await run(REPLAY_SCENARIO('replication: { destination_region: eu-west-1 }\n', ''));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bucket.versioning');
    expect(r.stderr).toContain('replication requires versioning');
    expect(r.stderr).toContain(r.f.scenario);
  });

  it('the destination must be another region', async () => {
    const r = await run(REPLAY_SCENARIO('replication: { destination_region: us-east-1 }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('replication.destination_region');
    expect(r.stderr).toContain("'us-east-1' is the bucket's own region");
  });

  it('a destination the price book does not cover fails before the run, naming what it covers', async () => {
    const r = await run(REPLAY_SCENARIO('replication: { destination_region: sa-east-1 }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('replication.destination_region');
    expect(r.stderr).toContain(`has no prices for sa-east-1 (it covers ${bundledPriceBook().regions.join(', ')})`);
    expect(r.stderr).toContain('no inter-region transfer price from us-east-1 to sa-east-1 (USE1-SAE1-AWS-Out-Bytes)');
  });

  it('an object-size filter is refused (S3 replication filters by prefix and tags)', async () => {
    const r = await run(REPLAY_SCENARIO('replication: { destination_region: eu-west-1, filter: { object_size_greater_than_bytes: 10 } }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('replication.filter');
  });

  it('a {device} prefix is refused, and destination lifecycle rules are checked like the bucket’s', async () => {
    const r = await run(
      REPLAY_SCENARIO("replication:\n  destination_region: eu-west-1\n  filter: { prefix: 'backups/{device}/' }\n  lifecycle: [{ id: x, transitions: [{ days: 5, storage_class: STANDARD_IA }] }]\n"),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('replication.filter.prefix');
    expect(r.stderr).toContain('replication.lifecycle[0].transitions[0].days');
  });
});
