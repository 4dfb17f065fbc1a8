/**
 * `actuals import`: the same bill as legacy CUR and CUR 2.0, CSV, gzipped CSV and Parquet, gives
 * the same actuals: usage of the bucket kept (Requests-Tier1 split over operations kept apart),
 * tax, credits, refunds, other services and other buckets left out and counted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actualsToJson, readActualsFile, type Actuals } from '../../src/reconcile/actuals.js';
import { importActuals } from '../../src/reconcile/import.js';
import { runCli } from '../helpers/cli.js';
import { billCsv, writeBill, writeBillParquet } from './cur-fixtures.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tierwise-cur-'));
const NOW = new Date('2027-03-02T10:00:00Z');

const EXPECTED_LINES = [
  ['2027-01', 'DataTransfer-Out-Bytes', 'GetObject', 'GB', '12.5', '1.125'],
  ['2027-01', 'EarlyDelete-GDA', 'DeleteObject', 'GB-Mo', '3', '0.00297'],
  ['2027-01', 'Requests-Tier1', 'CopyObject', 'Requests', '100', '0.0005'],
  ['2027-01', 'Requests-Tier1', 'ListBucket', 'Requests', '30', '0.00015'],
  ['2027-01', 'Requests-Tier1', 'PutObject', 'Requests', '20000', '0.1'],
  ['2027-01', 'TimedStorage-ByteHrs', 'StandardStorage', 'GB-Mo', '110', '2.53'],
  ['2027-01', 'TimedStorage-GDA-ByteHrs', 'DeepArchiveStorage', 'GB-Mo', '1245.7', '1.233243'],
  ['2027-02', 'Requests-Tier1', 'PutObject', 'Requests', '40000', '0.2'],
  ['2027-02', 'TimedStorage-ByteHrs', 'StandardStorage', 'GB-Mo', '120', '2.76'],
];
const EXPECTED_EXCLUDED = [
  { reason: 'credits', lines: 1, cost: '-1' },
  { reason: 'other buckets', lines: 1, cost: '1.15' },
  { reason: 'other services', lines: 1, cost: '7.7376' },
  { reason: 'refunds', lines: 1, cost: '-0.25' },
  { reason: 'tax', lines: 1, cost: '0.5' },
];
const rowsOf = (a: Actuals) => a.lines.map((l) => [l.period, l.usageType, l.operation, l.unit, l.quantity?.toString(), l.cost.toString()]);

describe('actuals import: every CUR style and file kind gives the same actuals', () => {
  const dir = tempDir();
  const files = [
    ['legacy CUR .csv', 'bill-legacy.csv', 'cur'],
    ['legacy CUR .csv.gz', 'bill-legacy.csv.gz', 'cur'],
    ['CUR 2.0 .csv', 'bill-cur2.csv', 'cur2'],
    ['CUR 2.0 .csv.gz', 'bill-cur2.csv.gz', 'cur2'],
    ['CUR 2.0 .parquet', 'bill-cur2.parquet', 'cur2'],
  ] as const;
  for (const [, name, style] of files) {
    if (name.endsWith('.parquet')) writeBillParquet(join(dir, name));
    else writeBill(join(dir, name), style);
  }

  for (const [label, name, style] of files) {
    it(`${label}: --bucket keeps the bucket's usage, split by operation, and counts what it leaves out`, async () => {
      const a = await importActuals(join(dir, name), name, { bucket: 'fleet-backups', now: NOW });
      expect(a.source).toEqual({ kind: style, file: name });
      expect(rowsOf(a)).toEqual(EXPECTED_LINES);
      expect(a.excluded.map((e) => ({ ...e, cost: e.cost.toString() }))).toEqual(EXPECTED_EXCLUDED);
      // February's rows have no invoice id yet: the month is estimated.
      expect(a.periods).toEqual([
        { period: '2027-01', estimated: false },
        { period: '2027-02', estimated: true },
      ]);
      expect(a.filter).toEqual({ bucket: 'fleet-backups' });
    });
  }

  it('--tag keeps lines with the tag (legacy column and CUR 2.0 map alike)', async () => {
    for (const name of ['bill-legacy.csv', 'bill-cur2.csv.gz', 'bill-cur2.parquet']) {
      const a = await importActuals(join(dir, name), name, { tag: { key: 'fleet', value: 'duplicati' }, now: NOW });
      expect(rowsOf(a)).toEqual(EXPECTED_LINES);
      expect(a.excluded.find((e) => e.reason === 'other tags')).toMatchObject({ lines: 1 });
      expect(a.excluded.find((e) => e.reason === 'other buckets')).toBeUndefined();
    }
  });

  it('the legacy CUR as Parquet (snake_case, one resource_tags_user_<key> column) reads the same', async () => {
    writeBillParquet(join(dir, 'legacy.parquet'), undefined, 'columns');
    const a = await importActuals(join(dir, 'legacy.parquet'), 'legacy.parquet', { tag: { key: 'fleet', value: 'duplicati' }, now: NOW });
    expect(rowsOf(a)).toEqual(EXPECTED_LINES);
    expect(a.excluded.find((e) => e.reason === 'other tags')).toMatchObject({ lines: 1 });
  });

  it('--daily keeps days', async () => {
    const a = await importActuals(join(dir, 'bill-cur2.csv'), 'bill-cur2.csv', { bucket: 'fleet-backups', daily: true, now: NOW });
    expect(a.granularity).toBe('daily');
    expect(a.lines.filter((l) => l.usageType === 'TimedStorage-ByteHrs').map((l) => [l.period, l.quantity?.toString()])).toEqual([
      ['2027-01-01', '100.25'],
      ['2027-01-15', '9.75'],
      ['2027-02-01', '120'],
    ]);
  });

  it('the actuals file round-trips through its JSON form', async () => {
    const a = await importActuals(join(dir, 'bill-legacy.csv'), 'bill-legacy.csv', { bucket: 'fleet-backups', now: NOW });
    const path = join(dir, 'a.json');
    writeFileSync(path, JSON.stringify(actualsToJson(a)));
    expect(readActualsFile(path)).toEqual(a);
  });

  it('without a filter every S3 line counts, other services and the rest still left out', async () => {
    const a = await importActuals(join(dir, 'bill-legacy.csv'), 'bill-legacy.csv', { now: NOW });
    expect(a.lines.find((l) => l.period === '2027-01' && l.usageType === 'TimedStorage-ByteHrs')!.quantity?.toString()).toBe("160");
    expect(a.excluded.map((e) => e.reason)).toEqual(['credits', 'other services', 'refunds', 'tax']);
  });
});

describe('actuals import: bad input is one line naming file, line and column', () => {
  const dir = tempDir();
  it('a malformed amount', async () => {
    const text = billCsv('cur').split('\n');
    text[3] = text[3]!.replace(',0.1,', ',0.1x,');
    writeFileSync(join(dir, 'bad.csv'), text.join('\n'));
    const r = await runCli(['actuals', 'import', 'bad.csv', '--bucket', 'fleet-backups'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: bad.csv:4: lineItem/UnblendedCost: expected a decimal number, got '0.1x'\n");
  });

  it('a file that is not a CUR, a missing column, a missing file, an unknown extension', async () => {
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,2\n');
    writeFileSync(join(dir, 'nocol.csv'), billCsv('cur2').replace('line_item_resource_id', 'something_else'));
    const err = async (args: string[]) => {
      const r = await runCli(['actuals', 'import', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')).toHaveLength(2);
      return r.stderr;
    };
    expect(await err(['other.csv'])).toMatch(/^error: other\.csv:1: header: not a Cost and Usage Report \(no lineItem\/UsageType or line_item_usage_type column\) nor a Cost Explorer export/);
    expect(await err(['nocol.csv', '--bucket', 'x'])).toBe('error: nocol.csv: columns: no column line_item_resource_id (a CUR 2.0 file needs it)\n');
    expect(await err(['missing.csv'])).toBe("error: file: no such file 'missing.csv'\n");
    expect(await err(['bill.xlsx'])).toMatch(/^error: file: 'bill\.xlsx': expected a Cost and Usage Report as \.csv, \.csv\.gz/);
  });
});

describe('tierwise actuals import (CLI)', () => {
  it('writes the actuals file and a summary line of what it left out; never over a file without --force', async () => {
    const dir = tempDir();
    writeBill(join(dir, 'bill.csv.gz'), 'cur2');
    const r = await runCli(['actuals', 'import', 'bill.csv.gz', '--bucket', 'fleet-backups', '--out', 'a.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('bill.csv.gz: CUR 2.0, 9 lines kept\n');
    expect(r.stderr).toContain('left out: credits 1 line -$1.00, other buckets 1 line $1.15, other services 1 line $7.74, refunds 1 line -$0.25, tax 1 line $0.50\n');
    expect(r.stderr).toMatch(/^ {2}2027-02 {2}\$2\.96 {2}estimated/m);
    const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(json.format).toBe('tierwise-actuals/1');
    expect(json.source).toEqual({ kind: 'cur2', file: 'bill.csv.gz' });
    expect(json.lines[0]).toEqual({ period: '2027-01', usageType: 'DataTransfer-Out-Bytes', operation: 'GetObject', unit: 'GB', quantity: '12.5', cost: '1.125' });
    const again = await runCli(['actuals', 'import', 'bill.csv.gz', '--out', 'a.json'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe("error: --out: 'a.json' already exists; add --force to replace it\n");
  });
});

describe('actuals import: a Cost Explorer console export (costs only)', () => {
  const CONSOLE = [
    '"Usage type","TimedStorage-ByteHrs($)","Requests-Tier1($)","EarlyDelete-GDA($)","Total costs($)"',
    '"Usage type total","5.29","0.3","0.00297","5.59297"',
    '"2027-01-01","2.53","0.1","0.00297","2.63297"',
    '"2027-02-01","2.76","0.2","","2.96"',
  ].join('\n');

  it('gives one cost-only line per usage type and month, quantities unknown (null in the file)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'costs.csv'), `${CONSOLE}\n`);
    const a = await importActuals(join(dir, 'costs.csv'), 'costs.csv', { now: NOW });
    expect(a.source).toEqual({ kind: 'cost-explorer-csv', file: 'costs.csv' });
    expect(a.lines.map((l) => [l.period, l.usageType, l.operation, l.quantity, l.cost.toString()])).toEqual([
      ['2027-01', 'EarlyDelete-GDA', '', undefined, '0.00297'],
      ['2027-01', 'Requests-Tier1', '', undefined, '0.1'],
      ['2027-01', 'TimedStorage-ByteHrs', '', undefined, '2.53'],
      ['2027-02', 'Requests-Tier1', '', undefined, '0.2'],
      ['2027-02', 'TimedStorage-ByteHrs', '', undefined, '2.76'],
    ]);
    const path = join(dir, 'a.json');
    writeFileSync(path, JSON.stringify(actualsToJson(a)));
    expect(JSON.parse(readFileSync(path, 'utf8')).lines[0].quantity).toBeNull();
    expect(readActualsFile(path)).toEqual(a);
  });

  it('refuses an export grouped by another dimension, and --bucket (the export has no resource ids)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'by-service.csv'), '"Service","S3($)","EC2-Instances($)","Total costs($)"\n"Service total","1","2","3"\n');
    writeFileSync(join(dir, 'costs.csv'), `${CONSOLE}\n`);
    const a = await runCli(['actuals', 'import', 'by-service.csv'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toBe("error: by-service.csv:1: header: a Cost Explorer export grouped by 'Service': tierwise needs it grouped by Usage type (Group by: Usage type), filtered to S3\n");
    const b = await runCli(['actuals', 'import', 'costs.csv', '--bucket', 'x'], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: costs\.csv: --bucket: a Cost Explorer export has no resource ids or tags/);
  });
});

describe('parseAmount', () => {
  it('reads decimal strings, Parquet numbers and bigints; refuses anything else', async () => {
    const { parseAmount } = await import('../../src/reconcile/actuals.js');
    expect(parseAmount('0.0000000001')?.toString()).toBe('0.0000000001');
    expect(parseAmount('-1.25')?.toString()).toBe('-1.25');
    expect(parseAmount('1.5E-7')?.toString()).toBe('0.00000015');
    expect(parseAmount(2.30575)?.toString()).toBe('2.30575');
    expect(parseAmount(12345678901234567890n)?.toString()).toBe('12345678901234567890');
    for (const bad of ['', '1,5', 'abc', '1.2.3', NaN, null, undefined, {}]) expect(parseAmount(bad)).toBeUndefined();
  });
});
