/**
 * Cost and Usage Report rows → actuals. The two column styles AWS writes — the legacy CUR
 * (`lineItem/UsageType`, `resourceTags/user:<key>`) and CUR 2.0 / Data Exports (snake_case,
 * `resource_tags` one map column) — are one set of fields here, so the CSV and Parquet readers
 * share the rules: which rows are usage of the bucket, and which are left out and why (tax,
 * credits, refunds, discounts, other services, other buckets, other tags).
 * Column names: https://docs.aws.amazon.com/cur/latest/userguide/data-dictionary.html and
 * https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html
 */
import { InputError } from '../errors.js';
import type { Dec } from '../pricing/decimal.js';
import { ACTUALS_FORMAT, LineAccumulator, parseAmount, type Actuals, type TagFilter } from './actuals.js';

export type CurStyle = 'cur' | 'cur2';

type Field = 'start' | 'usageType' | 'operation' | 'amount' | 'cost' | 'resourceId' | 'lineType' | 'productCode' | 'serviceCode' | 'unit' | 'invoice';

export const CUR_COLUMNS: Readonly<Record<CurStyle, Readonly<Record<Field, string>>>> = {
  cur: {
    start: 'lineItem/UsageStartDate',
    usageType: 'lineItem/UsageType',
    operation: 'lineItem/Operation',
    amount: 'lineItem/UsageAmount',
    cost: 'lineItem/UnblendedCost',
    resourceId: 'lineItem/ResourceId',
    lineType: 'lineItem/LineItemType',
    productCode: 'lineItem/ProductCode',
    serviceCode: 'product/servicecode',
    unit: 'pricing/unit',
    invoice: 'bill/InvoiceId',
  },
  cur2: {
    start: 'line_item_usage_start_date',
    usageType: 'line_item_usage_type',
    operation: 'line_item_operation',
    amount: 'line_item_usage_amount',
    cost: 'line_item_unblended_cost',
    resourceId: 'line_item_resource_id',
    lineType: 'line_item_line_item_type',
    productCode: 'line_item_product_code',
    serviceCode: 'product_servicecode',
    unit: 'pricing_unit',
    invoice: 'bill_invoice_id',
  },
};

/** The CUR 2.0 map column of resource tags. */
export const CUR2_TAGS = 'resource_tags';

const REQUIRED: readonly Field[] = ['start', 'usageType', 'operation', 'amount', 'cost', 'lineType'];

/** Products whose usage is the bucket's: S3 itself and Deep Archive, which has its own product code. */
const S3_PRODUCTS = new Set(['AmazonS3', 'AmazonS3GlacierDeepArchive']);

/** Line item types that are usage; the others (Tax, Credit, Refund, discounts, fees) are left out. */
const USAGE_TYPES = new Set(['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage']);
const EXCLUDED_TYPE: Readonly<Record<string, string>> = { Tax: 'tax', Credit: 'credits', Refund: 'refunds' };

/** Which style a header row is, from the columns it has; undefined if neither. */
export function curStyleOf(columns: readonly string[]): CurStyle | undefined {
  if (columns.includes(CUR_COLUMNS.cur.usageType)) return 'cur';
  if (columns.includes(CUR_COLUMNS.cur2.usageType)) return 'cur2';
  return undefined;
}

export interface CurImportOptions {
  /** Keep only lines of this bucket (matched against the resource id, a name or an ARN). */
  readonly bucket?: string;
  readonly tag?: TagFilter;
  /** One line per day instead of per month. */
  readonly daily?: boolean;
}

/** Where a value came from, for the one-line error. */
export interface CellPlace {
  readonly file: string;
  /** Line (CSV) or row (Parquet, 1-based). */
  readonly line: number;
  readonly lineWord?: 'line' | 'row';
}

/** A row as the reader gives it: the value of a column (undefined when the file lacks it). */
export type CurRow = (column: string) => unknown;

/** The tag column a legacy CUR has for `key`; CUR 2.0 keys in its map (user tags get `user_`). */
export const legacyTagColumn = (key: string): string => `resourceTags/user:${key}`;
/**
 * The legacy CUR delivered as Parquet (or read through Athena) has snake_case columns like CUR
 * 2.0 but one column per tag, `resource_tags_user_<key>` (non-alphanumerics as underscores).
 */
export const snakeTagColumn = (key: string): string => `resource_tags_user_${key.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}`;
function cur2TagValue(map: unknown, key: string): string | undefined {
  let m = map;
  if (typeof m === 'string') {
    if (m.trim() === '') return undefined;
    m = JSON.parse(m) as unknown; // CSV exports write the map as JSON text
  }
  if (!m || typeof m !== 'object') return undefined;
  const rec = m as Record<string, unknown>;
  for (const k of [`user_${key}`, `user_${key.replace(/[^A-Za-z0-9_]/g, '_')}`, `user:${key}`, key]) {
    if (typeof rec[k] === 'string') return rec[k] as string;
  }
  return undefined;
}

/** Reads rows of one CUR file into actuals. */
export class CurImporter {
  private readonly acc = new LineAccumulator();
  private readonly cols: Readonly<Record<Field, string>>;
  /** Per period: whether it is still estimated (a row without an invoice id). */
  private readonly periodsSeen = new Map<string, boolean>();
  private hasInvoice = false;
  /** Tags in per-tag columns (legacy CUR as Parquet), not the CUR 2.0 map. */
  private snakeTags = false;

  constructor(
    readonly style: CurStyle,
    readonly opts: CurImportOptions,
    readonly file: string,
  ) {
    this.cols = CUR_COLUMNS[style];
  }

  /** Checks the file has the columns the options need; call with the header (or schema) once. */
  checkColumns(columns: readonly string[]): void {
    const need = REQUIRED.map((f) => this.cols[f]);
    if (this.opts.bucket) need.push(this.cols.resourceId);
    const missing = need.filter((c) => !columns.includes(c));
    // The invoice id stays blank until AWS closes the month's bill: a blank one means estimated.
    this.hasInvoice = columns.includes(this.cols.invoice);
    if (!columns.includes(this.cols.productCode) && !columns.includes(this.cols.serviceCode)) missing.push(`${this.cols.productCode} or ${this.cols.serviceCode}`);
    if (this.opts.tag && this.style === 'cur' && !columns.includes(legacyTagColumn(this.opts.tag.key))) {
      missing.push(`${legacyTagColumn(this.opts.tag.key)} (the tag must be activated as a cost allocation tag to appear)`);
    }
    if (this.opts.tag && this.style === 'cur2') {
      this.snakeTags = !columns.includes(CUR2_TAGS) && columns.includes(snakeTagColumn(this.opts.tag.key));
      if (!columns.includes(CUR2_TAGS) && !this.snakeTags) missing.push(`${CUR2_TAGS} or ${snakeTagColumn(this.opts.tag.key)}`);
    }
    if (missing.length > 0) {
      throw new InputError(missing.map((c) => ({ source: this.file, path: 'columns', message: `no column ${c} (a ${this.style === 'cur' ? 'legacy CUR' : 'CUR 2.0'} file needs it)` })));
    }
  }

  private fail(place: CellPlace, column: string, message: string): never {
    // CSV: file:line: column: …; Parquet has rows, not lines: the row goes into the message.
    if (place.lineWord === 'row') throw new InputError({ source: place.file, path: column, message: `row ${place.line}: ${message}` });
    throw new InputError({ source: place.file, line: place.line, path: column, message });
  }

  private text(row: CurRow, f: Field): string {
    const v = row(this.cols[f]);
    if (v === undefined || v === null) return '';
    if (v instanceof Date) return v.toISOString();
    return String(v);
  }

  private amount(row: CurRow, f: Field, place: CellPlace): Dec {
    const raw = row(this.cols[f]);
    // Fees and some adjustments leave the usage amount blank; a blank cost is malformed.
    if ((raw === '' || raw === null || raw === undefined) && f === 'amount') return parseAmount('0')!;
    const d = parseAmount(raw);
    if (!d) this.fail(place, this.cols[f], `expected a decimal number, got '${String(raw)}'`);
    return d;
  }

  add(row: CurRow, place: CellPlace): void {
    const cost = this.amount(row, 'cost', place);
    const type = this.text(row, 'lineType');
    if (!USAGE_TYPES.has(type)) {
      this.acc.exclude(EXCLUDED_TYPE[type] ?? (type ? `line item type ${type}` : 'no line item type'), cost);
      return;
    }
    const product = this.text(row, 'productCode') || this.text(row, 'serviceCode');
    if (!S3_PRODUCTS.has(product)) {
      this.acc.exclude('other services', cost);
      return;
    }
    if (this.opts.bucket) {
      const id = this.text(row, 'resourceId');
      if (id !== this.opts.bucket && id !== `arn:aws:s3:::${this.opts.bucket}`) {
        this.acc.exclude('other buckets', cost);
        return;
      }
    }
    if (this.opts.tag) {
      let value: string | undefined;
      if (this.style === 'cur') value = this.textOf(row(legacyTagColumn(this.opts.tag.key)));
      else if (this.snakeTags) value = this.textOf(row(snakeTagColumn(this.opts.tag.key)));
      else {
        try {
          value = cur2TagValue(row(CUR2_TAGS), this.opts.tag.key);
        } catch {
          this.fail(place, CUR2_TAGS, `expected a JSON map of tags, got '${String(row(CUR2_TAGS))}'`);
        }
      }
      if (value !== this.opts.tag.value) {
        this.acc.exclude('other tags', cost);
        return;
      }
    }
    const start = this.text(row, 'start');
    const period = this.opts.daily ? start.slice(0, 10) : start.slice(0, 7);
    if (!(this.opts.daily ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}$/).test(period)) {
      this.fail(place, this.cols.start, `expected a date (YYYY-MM-DD…), got '${start}'`);
    }
    const open = this.hasInvoice && this.text(row, 'invoice') === '';
    this.periodsSeen.set(period, (this.periodsSeen.get(period) ?? false) || open);
    this.acc.add(period, this.text(row, 'usageType'), this.text(row, 'operation'), this.text(row, 'unit'), this.amount(row, 'amount', place), cost);
  }

  private textOf(v: unknown): string | undefined {
    return v === undefined || v === null || v === '' ? undefined : String(v);
  }

  result(createdAt: Date): Actuals {
    const { lines, excluded } = this.acc.result();
    return {
      format: ACTUALS_FORMAT,
      createdAt: createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      source: { kind: this.style, file: this.file },
      granularity: this.opts.daily ? 'daily' : 'monthly',
      filter: { ...(this.opts.bucket ? { bucket: this.opts.bucket } : {}), ...(this.opts.tag ? { tag: this.opts.tag } : {}) },
      periods: [...this.periodsSeen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([period, estimated]) => ({ period, estimated })),
      lines,
      excluded,
    };
  }
}
