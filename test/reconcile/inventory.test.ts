/**
 * `inventory import`: S3 Inventory reports built in the test — a CSV manifest with gzipped data
 * files (no header row, URL-encoded keys, versions, a delete marker, Intelligent-Tiering tiers,
 * empty optional fields), a plain CSV with only the required fields, and Parquet — summarised
 * per class, tier, size, age and Duplicati file kind; a malformed row is one line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { summariseInventory } from '../../src/reconcile/inventory.js';
import { runCli } from '../helpers/cli.js';

const AS_OF = Date.UTC(2027, 5, 1); // 2027-06-01
const daysAgo = (d: number) => new Date(AS_OF - d * 86_400_000).toISOString();
const MIB = 2 ** 20;
const SCHEMA = 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, IsMultipartUploaded, ReplicationStatus, EncryptionStatus, IntelligentTieringAccessTier';

// Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, IsMultipartUploaded, ReplicationStatus, EncryptionStatus, IntelligentTieringAccessTier
const FILE_A = [
  ['fleet-backups', 'laptop-01%2Fduplicati-b1a2b3.dblock.zip.aes', 'v1', 'true', 'false', String(50 * MIB), daysAgo(400), 'e1', 'DEEP_ARCHIVE', 'false', '', 'SSE-S3', ''],
  ['fleet-backups', 'laptop-01%2Fduplicati-i9f8e7.dindex.zip.aes', 'v2', 'true', 'false', '20000', daysAgo(2.5), 'e2', 'STANDARD', 'false', '', 'SSE-S3', ''],
  ['fleet-backups', 'My+Files%2Fduplicati-20270101T010000Z.dlist.zip.aes', 'v3', 'true', 'false', '300000', daysAgo(10), 'e3', 'STANDARD', 'false', '', 'SSE-S3', ''],
];
const FILE_B = [
  ['fleet-backups', 'server%2Fduplicati-bffff.dblock.zip.aes', 'v4', 'true', 'false', String(50 * MIB), daysAgo(100), 'e4', 'INTELLIGENT_TIERING', 'false', '', 'SSE-S3', 'ARCHIVE_INSTANT_ACCESS'],
  ['fleet-backups', 'server%2Fduplicati-beeee.dblock.zip.aes', 'v5', 'true', 'false', String(2 * 2 ** 30), daysAgo(0.5), 'e5', 'INTELLIGENT_TIERING', 'false', '', 'SSE-S3', 'FREQUENT'],
  ['fleet-backups', 'server%2Fduplicati-beeee.dblock.zip.aes', 'v0', 'false', 'false', '1000', daysAgo(200), 'e6', 'STANDARD', 'false', '', 'SSE-S3', ''],
  ['fleet-backups', 'gone.txt', 'v7', 'true', 'true', '', '', '', '', '', '', '', ''],
];
/** S3 Inventory quotes every field. */
const csv = (rows: string[][]) => `${rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`;

function writeManifest(dir: string, b: string[][] = FILE_B): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'a.csv.gz'), gzipSync(csv(FILE_A)));
  writeFileSync(join(dir, 'data', 'b.csv.gz'), gzipSync(csv(b)));
  const manifest = {
    sourceBucket: 'fleet-backups',
    destinationBucket: 'arn:aws:s3:::inventory-dest',
    version: '2016-11-30',
    creationTimestamp: String(AS_OF),
    fileFormat: 'CSV',
    fileSchema: SCHEMA,
    files: ['a', 'b'].map((n) => ({ key: `inv/fleet-backups/daily/data/${n}.csv.gz`, size: 1, MD5checksum: 'x' })),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return join(dir, 'manifest.json');
}
const tempDir = () => mkdtempSync(join(tmpdir(), 'tierwise-inv-'));
const t = (objects: number, bytes: number | bigint) => ({ objects, bytes: BigInt(bytes) });

describe('inventory import', () => {
  it('a CSV manifest: every field, URL-encoded keys, versions, a delete marker, INT tiers', async () => {
    const dir = tempDir();
    const s = await summariseInventory(writeManifest(dir), 'manifest.json');
    expect(s.files).toEqual(['data/a.csv.gz', 'data/b.csv.gz']);
    expect(s.asOf).toBe('2027-06-01T00:00:00.000Z');
    expect(s.rows).toBe(7);
    expect(s.deleteMarkers).toBe(1);
    expect(s.current).toEqual(t(5, 100 * MIB + 20000 + 300000 + 2 * 2 ** 30));
    expect(s.noncurrent).toEqual(t(1, 1000));
    expect(s.byClass).toEqual({ DEEP_ARCHIVE: t(1, 50 * MIB), STANDARD: t(3, 321000), INTELLIGENT_TIERING: t(2, 50 * MIB + 2 * 2 ** 30) });
    expect(s.byIntTier).toEqual({ AIA: t(1, 50 * MIB), FA: t(1, 2 * 2 ** 30) });
    expect(s.bySize).toEqual({ '16 – 64 MiB': t(2, 100 * MIB), '< 128 KiB': t(2, 21000), '128 KiB – 1 MiB': t(1, 300000), '≥ 1 GiB': t(1, 2 * 2 ** 30) });
    expect(s.byAge).toEqual({ '≥ 365 days': t(1, 50 * MIB), '1 – 7 days': t(1, 20000), '7 – 30 days': t(1, 300000), '90 – 180 days': t(1, 50 * MIB), '< 1 day': t(1, 2 * 2 ** 30), '180 – 365 days': t(1, 1000) });
    // Keys are decoded before their names are read ('+' is a space, %2F a slash).
    expect(s.byKind).toEqual({ dblock: t(4, 100 * MIB + 2 * 2 ** 30 + 1000), dindex: t(1, 20000), dlist: t(1, 300000) });
    expect(s.missingFields).toEqual([]);
  });

  it('a data file with only the required fields (--schema): no age, no tiers, said so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'min.csv'), csv([['fleet-backups', 'a%20b.dblock.zip', '5'], ['fleet-backups', 'c', '7']]));
    const s = await summariseInventory(join(dir, 'min.csv'), 'min.csv', { schema: 'Bucket, Key, Size', asOf: new Date(AS_OF) });
    expect(s.byClass).toEqual({ STANDARD: t(2, 12) });
    expect(s.byAge).toBeUndefined();
    expect(s.missingFields).toEqual(['StorageClass', 'LastModifiedDate', 'IntelligentTieringAccessTier']);
    const r = await runCli(['inventory', 'import', 'min.csv', '--schema', 'Bucket, Key, Size'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not in this inventory (add them to its configuration for a fuller summary): StorageClass, LastModifiedDate, IntelligentTieringAccessTier');
  });

  it('a Parquet data file (snake_case columns, timestamps, INT tiers)', async () => {
    const dir = tempDir();
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'bucket', data: ['fleet-backups', 'fleet-backups'], type: 'STRING' },
        { name: 'key', data: ['x%2Fduplicati-b1.dblock.zip.aes', 'x%2Fduplicati-i1.dindex.zip.aes'], type: 'STRING' },
        { name: 'size', data: [BigInt(50 * MIB), 20000n], type: 'INT64' },
        { name: 'last_modified_date', data: [new Date(daysAgo(40)), new Date(daysAgo(3))], type: 'TIMESTAMP' },
        { name: 'storage_class', data: ['INTELLIGENT_TIERING', 'STANDARD'], type: 'STRING' },
        { name: 'intelligent_tiering_access_tier', data: ['INFREQUENT', null], type: 'STRING' },
      ],
    });
    writeFileSync(join(dir, 'inv.parquet'), new Uint8Array(buf));
    const s = await summariseInventory(join(dir, 'inv.parquet'), 'inv.parquet', { asOf: new Date(AS_OF) });
    expect(s.byClass).toEqual({ INTELLIGENT_TIERING: t(1, 50 * MIB), STANDARD: t(1, 20000) });
    expect(s.byIntTier).toEqual({ IA: t(1, 50 * MIB) });
    expect(s.byAge).toEqual({ '30 – 90 days': t(1, 50 * MIB), '1 – 7 days': t(1, 20000) });
    expect(s.byKind).toEqual({ dblock: t(1, 50 * MIB), dindex: t(1, 20000) });
  });

  it('the CLI prints the summary; --json has bytes as decimal strings', async () => {
    const dir = tempDir();
    writeManifest(dir);
    const r = await runCli(['inventory', 'import', 'manifest.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('S3 Inventory of fleet-backups: 2 data files, 7 rows; ages as of 2027-06-01T00:00:00.000Z');
    expect(r.stdout).toMatch(/^DEEP_ARCHIVE +1 +0\.05$/m);
    const j = await runCli(['inventory', 'import', 'manifest.json', '--json'], { cwd: dir });
    expect(JSON.parse(j.stdout).byClass.INTELLIGENT_TIERING).toEqual({ objects: 2, bytes: String(50 * MIB + 2 * 2 ** 30) });
  });
});

describe('inventory import: a malformed row is one line naming file, line and column (exit 2)', () => {
  const bad = async (rows: string[][]) => {
    const dir = tempDir();
    writeManifest(dir, rows);
    const r = await runCli(['inventory', 'import', 'manifest.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    return r.stderr;
  };
  const row = (i: number, v: string) => {
    const r = [...FILE_B[0]!];
    r[i] = v;
    return [FILE_B[1]!, FILE_B[2]!, r];
  };

  it('size, tier, date, class, flag, encoding, column count', async () => {
    expect(await bad(row(5, '12x'))).toBe("error: data/b.csv.gz:3: Size: expected a whole number of bytes, got '12x'\n");
    expect(await bad(row(12, 'LUKEWARM'))).toMatch(/^error: data\/b\.csv\.gz:3: IntelligentTieringAccessTier: expected one of FREQUENT, .*got 'LUKEWARM'\n$/);
    expect(await bad(row(6, 'yesterday'))).toBe("error: data/b.csv.gz:3: LastModifiedDate: expected an ISO-8601 time, got 'yesterday'\n");
    expect(await bad(row(8, 'deep archive'))).toMatch(/^error: data\/b\.csv\.gz:3: StorageClass: expected a storage class/);
    expect(await bad(row(3, 'maybe'))).toBe("error: data/b.csv.gz:3: IsLatest: expected true or false, got 'maybe'\n");
    expect(await bad(row(1, 'bad%ZZkey'))).toBe("error: data/b.csv.gz:3: Key: not a URL-encoded key: 'bad%ZZkey'\n");
    expect(await bad([FILE_B[0]!.slice(0, 5)])).toMatch(/^error: data\/b\.csv\.gz:1: columns: 5 columns, the schema has 13/);
  });

  it('a CSV data file without its manifest or --schema; a missing data file; ORC', async () => {
    const dir = tempDir();
    writeManifest(dir);
    const r = await runCli(['inventory', 'import', 'data/a.csv.gz'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --schema: 'data\/a\.csv\.gz': inventory CSV files have no header row; give the manifest\.json instead/);
    writeFileSync(join(dir, 'orc.json'), JSON.stringify({ fileFormat: 'ORC', fileSchema: 'struct<bucket:string>', files: [] }));
    expect((await runCli(['inventory', 'import', 'orc.json'], { cwd: dir })).stderr).toMatch(/^error: orc\.json: fileFormat: ORC inventories are not read by tierwise/);
    writeFileSync(join(dir, 'lost.json'), JSON.stringify({ fileFormat: 'CSV', fileSchema: SCHEMA, files: [{ key: 'inv/x/data/zzz.csv.gz' }] }));
    expect((await runCli(['inventory', 'import', 'lost.json'], { cwd: dir })).stderr).toMatch(/^error: lost\.json: files: data file 'inv\/x\/data\/zzz\.csv\.gz' not found beside the manifest/);
  });
});
