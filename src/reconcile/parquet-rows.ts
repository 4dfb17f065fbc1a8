/**
 * Rows of a Parquet file, one row group at a time (memory bounded by the largest row group, not
 * the file), through hyparquet: pure JavaScript, so nothing native to build, with
 * hyparquet-compressors for the gzip, zstd, brotli and LZ4 pages AWS exports may use.
 */
import { statSync } from 'node:fs';
import { compressors } from 'hyparquet-compressors';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { InputError } from '../errors.js';

export interface ParquetFile {
  /** Top-level column names. */
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** Rows with the given columns (those the file has), as objects; `row` is 1-based. */
  rows(columns: readonly string[], onProgress?: (done: number, total: number) => void): AsyncGenerator<{ row: number; values: Record<string, unknown> }>;
}

export async function openParquet(path: string, shown: string): Promise<ParquetFile> {
  try {
    statSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError({ path: 'file', message: err.code === 'ENOENT' ? `no such file '${shown}'` : `cannot read '${shown}' (${err.message})` });
  }
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new InputError({ source: shown, path: 'file', message: `not a Parquet file (${(e as Error).message})` });
  }
  // The root element's direct children are the columns a row object has.
  const columns: string[] = [];
  const [root, ...rest] = metadata.schema;
  let i = 0;
  for (let c = 0; c < (root?.num_children ?? 0); c++) {
    const el = rest[i]!;
    columns.push(el.name);
    i += 1 + countDescendants(rest, i);
  }
  const rowCount = Number(metadata.num_rows);
  return {
    columns,
    rowCount,
    async *rows(wanted, onProgress) {
      const present = wanted.filter((c) => columns.includes(c));
      let start = 0;
      for (const group of metadata.row_groups) {
        const end = start + Number(group.num_rows);
        let objects: Record<string, unknown>[];
        try {
          objects = await parquetReadObjects({ file, metadata, columns: present, rowStart: start, rowEnd: end, compressors });
        } catch (e) {
          throw new InputError({ source: shown, path: 'file', message: `rows ${start + 1}–${end}: cannot be read (${(e as Error).message})` });
        }
        for (let k = 0; k < objects.length; k++) yield { row: start + k + 1, values: objects[k]! };
        start = end;
        onProgress?.(start, rowCount);
      }
    },
  };
}

/** Schema elements under element `i` of a flattened schema (depth-first, num_children). */
function countDescendants(schema: readonly { num_children?: number }[], i: number): number {
  let n = 0;
  let pending = schema[i]?.num_children ?? 0;
  let j = i + 1;
  while (pending > 0) {
    pending -= 1;
    n += 1;
    pending += schema[j]?.num_children ?? 0;
    j += 1;
  }
  return n;
}
