/**
 * Rows of a CSV file, plain or gzipped, streamed: constant memory whatever the file's size (Cost
 * and Usage Reports and S3 Inventory reports run to gigabytes). csv-parse does the quoting rules;
 * each row comes with its line number for error messages, and progress is reported in bytes of
 * the file read (compressed bytes for .gz, so it reaches the file size).
 */
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse, CsvError } from 'csv-parse';
import { InputError } from '../errors.js';

export interface CsvRow {
  readonly cells: readonly string[];
  /** 1-based line of the row in the (decompressed) file. */
  readonly line: number;
}

export interface CsvProgress {
  readonly bytes: number;
  readonly totalBytes: number;
}

/** Whether a file name says gzip. */
export const isGzip = (path: string): boolean => /\.gz$/i.test(path);

export async function* csvRows(path: string, shown: string, onProgress?: (p: CsvProgress) => void): AsyncGenerator<CsvRow> {
  let totalBytes: number;
  try {
    totalBytes = statSync(path).size;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError({ path: 'file', message: err.code === 'ENOENT' ? `no such file '${shown}'` : `cannot read '${shown}' (${err.message})` });
  }
  const file = createReadStream(path);
  let bytes = 0;
  file.on('data', (chunk) => {
    bytes += chunk.length;
    onProgress?.({ bytes, totalBytes });
  });
  const parser = parse({ info: true, relax_column_count: true, bom: true, skip_empty_lines: true });
  const source = isGzip(path) ? file.pipe(createGunzip()) : file;
  source.on('error', (e: Error) => parser.destroy(new InputError({ source: shown, path: 'file', message: `cannot read it as ${isGzip(path) ? 'gzip' : 'a file'} (${e.message})` })));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { cells: item.record, line: item.info.lines };
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw new InputError({ source: shown, ...(line ? { line } : {}), path: 'csv', message: e.message });
    }
    throw e;
  } finally {
    file.destroy();
  }
}
