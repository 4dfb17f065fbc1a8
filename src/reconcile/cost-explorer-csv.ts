/**
 * The CSV the Cost Explorer console downloads ("Download as CSV"): a pivoted table of costs
 * only. The header names the grouping dimension and then one column per group, `<value>($)`,
 * ending with `Total costs($)`; a `<dimension> total` row follows, then one row per day (or
 * per month, dated its first day). It has no quantities and no operations, so the actuals it
 * gives have cost only; tierwise needs it grouped by Usage type.
 */
import { InputError } from '../errors.js';
import { ACTUALS_FORMAT, LineAccumulator, parseAmount, type Actuals, type TagFilter } from './actuals.js';

const DIMENSION = 'Usage type';
const TOTAL_COLUMN = 'Total costs($)';
/** Columns that are not usage (the console adds them under some groupings). */
const EXCLUDED_COLUMNS: Readonly<Record<string, string>> = { Tax: 'tax' };

/** Whether a header row is a Cost Explorer console export. */
export function isCostExplorerCsv(header: readonly string[]): boolean {
  return header.includes(TOTAL_COLUMN) && header.slice(1).some((h) => h.endsWith('($)'));
}

export class CostExplorerCsvImporter {
  private readonly acc = new LineAccumulator();
  private readonly periods = new Set<string>();
  private readonly columns: { index: number; name: string }[] = [];

  constructor(
    header: readonly string[],
    readonly opts: { readonly daily?: boolean; readonly tag?: TagFilter; readonly bucket?: string },
    readonly file: string,
  ) {
    if (header[0] !== DIMENSION) {
      throw new InputError({ source: file, line: 1, path: 'header', message: `a Cost Explorer export grouped by '${header[0] ?? ''}': tierwise needs it grouped by ${DIMENSION} (Group by: Usage type), filtered to S3` });
    }
    if (opts.bucket || opts.tag) {
      throw new InputError({ source: file, path: opts.bucket ? '--bucket' : '--tag', message: 'a Cost Explorer export has no resource ids or tags: filter in the console before downloading, and import without --bucket/--tag' });
    }
    header.forEach((h, index) => {
      if (index === 0 || h === TOTAL_COLUMN) return;
      if (!h.endsWith('($)')) throw new InputError({ source: file, line: 1, path: 'header', message: `column '${h}' is not a cost column '<usage type>($)'` });
      this.columns.push({ index, name: h.slice(0, -3) });
    });
  }

  add(cells: readonly string[], line: number): void {
    const label = cells[0] ?? '';
    if (label.endsWith(' total')) return; // the whole-period row: recomputed from the dated rows
    if (!/^\d{4}-\d{2}-\d{2}$/.test(label)) throw new InputError({ source: this.file, line, path: DIMENSION, message: `expected a date YYYY-MM-DD or '${DIMENSION} total', got '${label}'` });
    const period = this.opts.daily ? label : label.slice(0, 7);
    this.periods.add(period);
    for (const c of this.columns) {
      const raw = (cells[c.index] ?? '').trim();
      if (raw === '') continue; // no cost that day
      const cost = parseAmount(raw);
      if (!cost) throw new InputError({ source: this.file, line, path: `${c.name}($)`, message: `expected a decimal number, got '${raw}'` });
      const excluded = EXCLUDED_COLUMNS[c.name];
      if (excluded) this.acc.exclude(excluded, cost);
      else this.acc.add(period, c.name, '', '', undefined, cost);
    }
  }

  result(createdAt: Date): Actuals {
    const { lines, excluded } = this.acc.result();
    return {
      format: ACTUALS_FORMAT,
      createdAt: createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      source: { kind: 'cost-explorer-csv', file: this.file },
      granularity: this.opts.daily ? 'daily' : 'monthly',
      filter: {},
      // The export carries no "estimated" flag.
      periods: [...this.periods].sort().map((period) => ({ period, estimated: false })),
      lines,
      excluded,
    };
  }
}
