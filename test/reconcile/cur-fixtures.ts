/**
 * Cost and Usage Report fixtures built in the test from one list of logical rows, in both
 * column styles (legacy CUR, CUR 2.0), as CSV, gzipped CSV and Parquet (hyparquet-writer): the
 * same bill, so every reader must give the same actuals.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CUR_COLUMNS, CUR2_TAGS, legacyTagColumn, type CurStyle } from '../../src/reconcile/cur.js';

export interface BillRow {
  readonly start: string;
  readonly type: string;
  readonly product: string;
  readonly service: string;
  readonly usageType: string;
  readonly operation: string;
  readonly resourceId: string;
  readonly amount: string;
  readonly cost: string;
  readonly unit: string;
  readonly invoice: string;
  readonly tag?: string;
}

const s3 = (usageType: string, operation: string, amount: string, cost: string, unit: string, extra: Partial<BillRow> = {}): BillRow => ({
  start: '2027-01-01T00:00:00Z',
  type: 'Usage',
  product: 'AmazonS3',
  service: 'AmazonS3',
  usageType,
  operation,
  resourceId: 'fleet-backups',
  amount,
  cost,
  unit,
  invoice: '1234567890',
  tag: 'duplicati',
  ...extra,
});

/** January is invoiced, February not yet (estimated). Requests-Tier1 is split over three operations. */
export const BILL: readonly BillRow[] = [
  s3('TimedStorage-ByteHrs', 'StandardStorage', '100.25', '2.30575', 'GB-Mo'),
  s3('TimedStorage-ByteHrs', 'StandardStorage', '9.75', '0.22425', 'GB-Mo', { start: '2027-01-15T00:00:00Z' }),
  s3('Requests-Tier1', 'PutObject', '20000', '0.1', 'Requests'),
  s3('Requests-Tier1', 'CopyObject', '100', '0.0005', 'Requests'),
  s3('Requests-Tier1', 'ListBucket', '30', '0.00015', 'Requests', { resourceId: 'arn:aws:s3:::fleet-backups' }),
  s3('TimedStorage-GDA-ByteHrs', 'DeepArchiveStorage', '1245.7', '1.233243', 'GB-Mo', { product: 'AmazonS3GlacierDeepArchive', service: 'AmazonS3GlacierDeepArchive' }),
  s3('DataTransfer-Out-Bytes', 'GetObject', '12.5', '1.125', 'GB', { service: 'AWSDataTransfer' }),
  s3('EarlyDelete-GDA', 'DeleteObject', '3', '0.00297', 'GB-Mo', { product: 'AmazonS3GlacierDeepArchive', service: 'AmazonS3GlacierDeepArchive' }),
  s3('', '', '', '0.50', '', { type: 'Tax', resourceId: '', tag: '' }),
  s3('', '', '', '-1.00', '', { type: 'Credit', resourceId: '', tag: '' }),
  s3('', '', '', '-0.25', '', { type: 'Refund', resourceId: '', tag: '' }),
  s3('BoxUsage:t3.micro', 'RunInstances', '744', '7.7376', 'Hrs', { product: 'AmazonEC2', service: 'AmazonEC2', resourceId: 'i-0abc', tag: '' }),
  s3('TimedStorage-ByteHrs', 'StandardStorage', '50', '1.15', 'GB-Mo', { resourceId: 'someone-elses-bucket', tag: 'other' }),
  s3('TimedStorage-ByteHrs', 'StandardStorage', '120', '2.76', 'GB-Mo', { start: '2027-02-01T00:00:00Z', invoice: '' }),
  s3('Requests-Tier1', 'PutObject', '40000', '0.2', 'Requests', { start: '2027-02-03T00:00:00Z', invoice: '' }),
];

const FIELDS = ['start', 'usageType', 'operation', 'amount', 'cost', 'resourceId', 'lineType', 'productCode', 'serviceCode', 'unit', 'invoice'] as const;
const value = (r: BillRow, f: (typeof FIELDS)[number]): string =>
  f === 'lineType' ? r.type : f === 'productCode' ? r.product : f === 'serviceCode' ? r.service : r[f];

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The bill as CSV in a column style; extra unrelated columns in front, as real reports have. */
export function billCsv(style: CurStyle, rows: readonly BillRow[] = BILL): string {
  const cols = CUR_COLUMNS[style];
  const tagCol = style === 'cur' ? legacyTagColumn('fleet') : CUR2_TAGS;
  const header = [style === 'cur' ? 'identity/LineItemId' : 'identity_line_item_id', ...FIELDS.map((f) => cols[f]), tagCol];
  const lines = rows.map((r, i) => {
    const tag = style === 'cur' ? (r.tag ?? '') : r.tag ? JSON.stringify({ user_fleet: r.tag }) : '{}';
    return [`id-${i}`, ...FIELDS.map((f) => value(r, f)), tag];
  });
  return `${[header, ...lines].map((l) => l.map(csvCell).join(',')).join('\n')}\n`;
}

export function writeBill(path: string, style: CurStyle, rows: readonly BillRow[] = BILL): void {
  const text = billCsv(style, rows);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text) : text);
}

/**
 * CUR 2.0 as Parquet: amounts DOUBLE, dates TIMESTAMP, resource_tags a MAP<string,string>, gzip
 * pages; with `tags: 'columns'`, the legacy CUR's Parquet form (one resource_tags_user_<key> column).
 */
export function writeBillParquet(path: string, rows: readonly BillRow[] = BILL, tags: 'map' | 'columns' = 'map'): void {
  const c = CUR_COLUMNS.cur2;
  const str = (f: (typeof FIELDS)[number]) => ({ name: c[f], data: rows.map((r) => value(r, f)) });
  const columnData = [
    { name: c.start, data: rows.map((r) => new Date(r.start)) },
    str('usageType'),
    str('operation'),
    { name: c.amount, data: rows.map((r) => (r.amount === '' ? null : Number(r.amount))) },
    { name: c.cost, data: rows.map((r) => Number(r.cost)) },
    str('resourceId'),
    str('lineType'),
    str('productCode'),
    str('serviceCode'),
    str('unit'),
    str('invoice'),
    tags === 'map' ? { name: CUR2_TAGS, data: rows.map((r) => (r.tag ? { user_fleet: r.tag } : {})) } : { name: 'resource_tags_user_fleet', data: rows.map((r) => r.tag ?? '') },
  ];
  const utf8 = (name: string) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const });
  const schema = [
    { name: 'root', num_children: columnData.length },
    { name: c.start, type: 'INT64' as const, converted_type: 'TIMESTAMP_MILLIS' as const, repetition_type: 'OPTIONAL' as const },
    utf8(c.usageType),
    utf8(c.operation),
    { name: c.amount, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const },
    { name: c.cost, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const },
    ...(['resourceId', 'lineType', 'productCode', 'serviceCode', 'unit', 'invoice'] as const).map((f) => utf8(c[f])),
    ...(tags === 'map'
      ? [
          { name: CUR2_TAGS, repetition_type: 'OPTIONAL' as const, converted_type: 'MAP' as const, num_children: 1 },
          { name: 'key_value', repetition_type: 'REPEATED' as const, num_children: 2 },
          { name: 'key', type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const },
          { name: 'value', type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const },
        ]
      : [utf8('resource_tags_user_fleet')]),
  ];
  const buf = parquetWriteBuffer({
    columnData,
    schema,
    codec: 'GZIP',
    compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) },
    // Small row groups, so the reader's row-group loop is exercised.
    rowGroupSize: 4,
  });
  writeFileSync(path, new Uint8Array(buf));
}
