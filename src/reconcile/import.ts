/**
 * `actuals import`: a bill file → actuals. The file's kind is told by its name (.parquet) and
 * its header row (legacy CUR or CUR 2.0 columns); each kind has its reader, all produce Actuals.
 */
import { InputError } from '../errors.js';
import type { Actuals } from './actuals.js';
import { CostExplorerCsvImporter, isCostExplorerCsv } from './cost-explorer-csv.js';
import { csvRows, type CsvProgress } from './csv-rows.js';
import { CUR2_TAGS, CUR_COLUMNS, CurImporter, curStyleOf, legacyTagColumn, snakeTagColumn, type CurImportOptions } from './cur.js';
import { openParquet } from './parquet-rows.js';

export interface ImportOptions extends CurImportOptions {
  readonly now?: Date;
  /** Bytes or rows done of the total, for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

const SUPPORTED = 'a Cost and Usage Report as .csv, .csv.gz (legacy or CUR 2.0 columns) or CUR 2.0 .parquet, or a Cost Explorer console export (.csv)';

export async function importActuals(path: string, shown: string, opts: ImportOptions = {}): Promise<Actuals> {
  if (/\.parquet$/i.test(path)) return importParquet(path, shown, opts);
  if (/\.csv(\.gz)?$/i.test(path)) return importCsv(path, shown, opts);
  throw new InputError({ path: 'file', value: shown, message: `'${shown}': expected ${SUPPORTED} (by its name's extension)` });
}

async function importCsv(path: string, shown: string, opts: ImportOptions): Promise<Actuals> {
  const progress = opts.onProgress ? (p: CsvProgress) => opts.onProgress!(p.bytes, p.totalBytes) : undefined;
  let importer: CurImporter | CostExplorerCsvImporter | undefined;
  let index = new Map<string, number>();
  for await (const { cells, line } of csvRows(path, shown, progress)) {
    if (!importer) {
      // The header row tells the kind of file.
      const style = curStyleOf(cells);
      if (style) {
        importer = new CurImporter(style, opts, shown);
        importer.checkColumns(cells);
        index = new Map(cells.map((c, i) => [c, i]));
      } else if (isCostExplorerCsv(cells)) importer = new CostExplorerCsvImporter(cells, opts, shown);
      else {
        throw new InputError({ source: shown, line, path: 'header', message: `not a Cost and Usage Report (no ${CUR_COLUMNS.cur.usageType} or ${CUR_COLUMNS.cur2.usageType} column) nor a Cost Explorer export (no 'Total costs($)' column); expected ${SUPPORTED}` });
      }
      continue;
    }
    if (importer instanceof CostExplorerCsvImporter) {
      importer.add(cells, line);
      continue;
    }
    const row = (column: string) => {
      const i = index.get(column);
      return i === undefined ? undefined : cells[i];
    };
    importer.add(row, { file: shown, line });
  }
  if (!importer) throw new InputError({ source: shown, path: 'file', message: `empty file (expected ${SUPPORTED})` });
  return importer.result(opts.now ?? new Date());
}

async function importParquet(path: string, shown: string, opts: ImportOptions): Promise<Actuals> {
  const pq = await openParquet(path, shown);
  const style = curStyleOf(pq.columns);
  if (!style) throw new InputError({ source: shown, path: 'columns', message: `not a Cost and Usage Report: no ${CUR_COLUMNS.cur2.usageType} column (expected ${SUPPORTED})` });
  const importer = new CurImporter(style, opts, shown);
  importer.checkColumns(pq.columns);
  const wanted = [...Object.values(CUR_COLUMNS[style]), CUR2_TAGS, ...(opts.tag ? [legacyTagColumn(opts.tag.key), snakeTagColumn(opts.tag.key)] : [])];
  for await (const { row, values } of pq.rows(wanted, opts.onProgress)) {
    importer.add((c) => values[c], { file: shown, line: row, lineWord: 'row' });
  }
  return importer.result(opts.now ?? new Date());
}
