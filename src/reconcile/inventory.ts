/**
 * An S3 Inventory report summarised: objects and bytes per storage class, Intelligent-Tiering
 * access tier, size band, age and Duplicati file kind, streamed row by row (reports of a fleet
 * bucket hold hundreds of millions of rows). CSV data files have no header row: the column
 * order is the manifest's `fileSchema`; keys are URL-encoded; optional fields may be absent or
 * empty. See https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html
 * (manifest, data files) and https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html (fields).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { IntTier } from '../storage/classes.js';
import { csvRows } from './csv-rows.js';
import { openParquet } from './parquet-rows.js';

/** The inventory fields tierwise reads, by their manifest names. */
const FIELDS = ['Bucket', 'Key', 'VersionId', 'IsLatest', 'IsDeleteMarker', 'Size', 'LastModifiedDate', 'StorageClass', 'IntelligentTieringAccessTier'] as const;
type Field = (typeof FIELDS)[number];

/** `LastModifiedDate` and `last_modified_date` (Parquet/ORC) are one field. */
const norm = (name: string) => name.replace(/_/g, '').toLowerCase();

/** Intelligent-Tiering access tier values, read leniently (the API's names and shorter forms). */
const INT_TIER_VALUES: Readonly<Record<string, IntTier>> = {
  FREQUENT: 'FA',
  FREQUENT_ACCESS: 'FA',
  INFREQUENT: 'IA',
  INFREQUENT_ACCESS: 'IA',
  ARCHIVE_INSTANT_ACCESS: 'AIA',
  ARCHIVE_ACCESS: 'AA',
  ARCHIVE: 'AA',
  DEEP_ARCHIVE_ACCESS: 'DAA',
  DEEP_ARCHIVE: 'DAA',
};

export const SIZE_BANDS: readonly { readonly label: string; readonly below: number }[] = [
  { label: '< 128 KiB', below: 128 * 1024 },
  { label: '128 KiB – 1 MiB', below: 2 ** 20 },
  { label: '1 – 16 MiB', below: 16 * 2 ** 20 },
  { label: '16 – 64 MiB', below: 64 * 2 ** 20 },
  { label: '64 MiB – 1 GiB', below: 2 ** 30 },
  { label: '≥ 1 GiB', below: Infinity },
];

export const AGE_BANDS: readonly { readonly label: string; readonly below: number }[] = [
  { label: '< 1 day', below: 1 },
  { label: '1 – 7 days', below: 7 },
  { label: '7 – 30 days', below: 30 },
  { label: '30 – 90 days', below: 90 },
  { label: '90 – 180 days', below: 180 },
  { label: '180 – 365 days', below: 365 },
  { label: '≥ 365 days', below: Infinity },
];

export interface Tally {
  objects: number;
  /** Bytes as a bigint: a fleet bucket passes 2^53 bytes. */
  bytes: bigint;
}

export interface InventorySummary {
  readonly files: readonly string[];
  readonly sourceBucket?: string;
  /** Ages are counted to this time (ISO-8601). */
  readonly asOf: string;
  readonly rows: number;
  readonly deleteMarkers: number;
  /** Current versions (and objects of an unversioned inventory) and noncurrent versions. */
  readonly current: Tally;
  readonly noncurrent: Tally;
  readonly byClass: Record<string, Tally>;
  readonly byIntTier: Partial<Record<IntTier, Tally>>;
  readonly bySize: Record<string, Tally>;
  /** Absent when the inventory has no LastModifiedDate. */
  readonly byAge?: Record<string, Tally>;
  /** Duplicati's files by their names: dblock, dindex, dlist, other. */
  readonly byKind: Record<string, Tally>;
  /** Fields the inventory does not have (so their summary is missing). */
  readonly missingFields: readonly string[];
}

const tally = (): Tally => ({ objects: 0, bytes: 0n });
const addTo = (rec: Record<string, Tally>, key: string, size: bigint) => {
  const t = (rec[key] ??= tally());
  t.objects += 1;
  t.bytes += size;
};

export function duplicatiKind(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (/\.dblock\./.test(name)) return 'dblock';
  if (/\.dindex\./.test(name)) return 'dindex';
  if (/\.dlist\./.test(name)) return 'dlist';
  return 'other';
}

class Summariser {
  rows = 0;
  deleteMarkers = 0;
  readonly current = tally();
  readonly noncurrent = tally();
  readonly byClass: Record<string, Tally> = {};
  readonly byIntTier: Partial<Record<IntTier, Tally>> = {};
  readonly bySize: Record<string, Tally> = {};
  readonly byAge: Record<string, Tally> = {};
  readonly byKind: Record<string, Tally> = {};
  hasAge = false;

  constructor(readonly asOfMs: number) {}

  /** One row; `get` returns the field's raw value (undefined when the inventory lacks it). */
  add(get: (f: Field) => unknown, fail: (f: Field, message: string) => never): void {
    this.rows += 1;
    const r = parseInventoryRow(get, fail, this.asOfMs);
    if (r === 'delete-marker') {
      this.deleteMarkers += 1;
      return;
    }
    const { key, size, storageClass: cls } = r;
    const t = r.latest ? this.current : this.noncurrent;
    t.objects += 1;
    t.bytes += size;
    addTo(this.byClass, cls, size);
    addTo(this.byKind, duplicatiKind(key), size);
    const n = Number(size);
    addTo(this.bySize, SIZE_BANDS.find((b) => n < b.below)!.label, size);
    if (r.intTier) addTo(this.byIntTier as Record<string, Tally>, r.intTier, size);
    if (r.ageDays !== undefined) {
      addTo(this.byAge, AGE_BANDS.find((b) => r.ageDays! < b.below)!.label, size);
      this.hasAge = true;
    }
  }
}

/** One inventory row, read: a delete marker, or an object version. */
export interface InventoryRow {
  readonly key: string;
  readonly size: bigint;
  readonly storageClass: string;
  /** The current version (true too in an unversioned inventory). */
  readonly latest: boolean;
  readonly intTier?: IntTier;
  /** Days from LastModifiedDate to the report's time (≥ 0), when the inventory has the field. */
  readonly ageDays?: number;
  /** LastModifiedDate, ms since the epoch. */
  readonly modifiedMs?: number;
}

/** Reads one row's fields (leniently, as S3 writes them); `fail` refuses a malformed one. */
export function parseInventoryRow(get: (f: Field) => unknown, fail: (f: Field, message: string) => never, asOfMs: number): InventoryRow | 'delete-marker' {
  const text = (f: Field) => {
    const v = get(f);
    return v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v).trim();
  };
  const bool = (f: Field, dflt: boolean) => {
    const t = text(f).toLowerCase();
    if (t === '') return dflt;
    if (t === 'true' || t === 'false') return t === 'true';
    return fail(f, `expected true or false, got '${text(f)}'`);
  };
  if (bool('IsDeleteMarker', false)) return 'delete-marker';
  const rawKey = text('Key');
  let key: string;
  try {
    // Inventory keys are URL-encoded (form encoding: '+' is a space).
    key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    return fail('Key', `not a URL-encoded key: '${rawKey}'`);
  }
  const sizeText = text('Size');
  if (!/^\d*$/.test(sizeText)) fail('Size', `expected a whole number of bytes, got '${sizeText}'`);
  const size = BigInt(sizeText || '0');
  const cls = text('StorageClass') || 'STANDARD';
  if (!/^[A-Z][A-Z_]*$/.test(cls)) fail('StorageClass', `expected a storage class such as STANDARD or DEEP_ARCHIVE, got '${cls}'`);
  const latest = bool('IsLatest', true);
  let intTier: IntTier | undefined;
  const tierText = text('IntelligentTieringAccessTier');
  if (tierText !== '') {
    intTier = INT_TIER_VALUES[tierText.toUpperCase()];
    if (!intTier) fail('IntelligentTieringAccessTier', `expected one of ${Object.keys(INT_TIER_VALUES).join(', ')}, got '${tierText}'`);
  }
  const modified = get('LastModifiedDate');
  let ageDays: number | undefined;
  let modifiedMs: number | undefined;
  if (modified !== undefined && modified !== null && modified !== '') {
    const ms = modified instanceof Date ? modified.getTime() : typeof modified === 'number' || typeof modified === 'bigint' ? Number(modified) : Date.parse(String(modified));
    if (!Number.isFinite(ms)) fail('LastModifiedDate', `expected an ISO-8601 time, got '${String(modified)}'`);
    modifiedMs = ms;
    ageDays = Math.max(0, (asOfMs - ms) / 86_400_000);
  }
  return { key, size, storageClass: cls, latest, ...(intTier ? { intTier } : {}), ...(ageDays !== undefined ? { ageDays, modifiedMs } : {}) };
}

/** The column order of CSV data files: the manifest's fileSchema or --schema. */
export function parseFileSchema(schema: string, where: string): string[] {
  const cols = schema.split(',').map((s) => s.trim());
  if (cols.some((c) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(c)) || !cols.map(norm).includes('key')) {
    throw new InputError({ source: where, path: 'fileSchema', value: schema, message: `expected the inventory's field names separated by commas, Key among them (e.g. "Bucket, Key, Size, LastModifiedDate, StorageClass"), got '${schema}'` });
  }
  return cols;
}

interface Manifest {
  readonly sourceBucket?: string;
  readonly fileFormat: string;
  readonly fileSchema: string;
  readonly files: readonly { key: string }[];
  readonly creationTimestamp?: string;
}

function readManifest(path: string, shown: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError({ path: 'file', message: err.code === 'ENOENT' ? `no such file '${shown}'` : `'${shown}' is not a manifest.json (${err.message})` });
  }
  const m = raw as Partial<Manifest>;
  const bad = (field: string, message: string) => new InputError({ source: shown, path: field, message });
  if (typeof m.fileFormat !== 'string') throw bad('fileFormat', 'missing: expected CSV, ORC or Parquet');
  if (typeof m.fileSchema !== 'string') throw bad('fileSchema', 'missing: expected the column names');
  if (!Array.isArray(m.files) || m.files.some((f) => typeof f?.key !== 'string')) throw bad('files', 'expected a list of {"key": …} data files');
  return m as Manifest;
}

/** Where a manifest's data file is on this machine: beside the manifest, under its key, or in `data/`. */
function locate(manifestPath: string, manifestShown: string, key: string): { path: string; shown: string } {
  const dir = dirname(manifestPath);
  const tries = [join(dir, key), join(dir, basename(key)), join(dir, 'data', basename(key))];
  const found = tries.find((p) => existsSync(p));
  if (!found) {
    throw new InputError({ source: manifestShown, path: 'files', value: key, message: `data file '${key}' not found beside the manifest (looked for ${basename(key)} and data/${basename(key)}); download the data files with the manifest` });
  }
  const shownDir = dirname(manifestShown);
  return { path: found, shown: join(shownDir, found.slice(dir.length + 1)) };
}

export interface InventoryOptions {
  /** Column order for a CSV data file read without its manifest. */
  readonly schema?: string;
  /** Ages are counted to this time; default: the manifest's creation time, else now. */
  readonly asOf?: Date;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A row's field by its manifest name (undefined when the inventory lacks it), and how to refuse it (naming file, line, column). */
export type InventoryRowVisitor = (get: (f: InventoryField) => unknown, fail: (f: InventoryField, message: string) => never) => void;
export type InventoryField = Field;

/** What was read: the data files, the report's time (ages count to it) and the fields present (normalised names). */
export interface InventoryRead {
  readonly files: readonly string[];
  readonly sourceBucket?: string;
  readonly asOfMs: number;
  readonly present: ReadonlySet<string>;
}

/** Whether an inventory has a field (`LastModifiedDate` and `last_modified_date` alike). */
export const hasField = (read: InventoryRead, f: InventoryField) => read.present.has(norm(f));

/** Summarises a manifest (all its data files) or one data file. */
export async function summariseInventory(path: string, shown: string, opts: InventoryOptions = {}): Promise<InventorySummary> {
  let s: Summariser | undefined;
  const read = await forEachInventoryRow(path, shown, opts, (asOfMs) => {
    const sum = (s = new Summariser(asOfMs));
    return (get, fail) => sum.add(get, fail);
  });
  s ??= new Summariser(read.asOfMs);
  const missingFields = ['Size', 'StorageClass', 'LastModifiedDate', 'IntelligentTieringAccessTier'].filter((f) => !read.present.has(norm(f)));
  return {
    files: read.files,
    ...(read.sourceBucket ? { sourceBucket: read.sourceBucket } : {}),
    asOf: new Date(read.asOfMs).toISOString(),
    rows: s.rows,
    deleteMarkers: s.deleteMarkers,
    current: s.current,
    noncurrent: s.noncurrent,
    byClass: s.byClass,
    byIntTier: s.byIntTier,
    bySize: s.bySize,
    ...(s.hasAge ? { byAge: s.byAge } : {}),
    byKind: s.byKind,
    missingFields,
  };
}

/**
 * Streams every row of a manifest (all its data files) or one data file to the visitor that
 * `begin` returns once the report's time is known.
 */
export async function forEachInventoryRow(path: string, shown: string, opts: InventoryOptions, begin: (asOfMs: number) => InventoryRowVisitor): Promise<InventoryRead> {
  let files: { path: string; shown: string }[];
  let columns: string[] | undefined;
  let format: 'CSV' | 'Parquet';
  let sourceBucket: string | undefined;
  let asOfMs = opts.asOf?.getTime();
  if (/\.json$/i.test(path)) {
    const m = readManifest(path, shown);
    const f = m.fileFormat.toUpperCase();
    if (f === 'ORC') throw new InputError({ source: shown, path: 'fileFormat', value: m.fileFormat, message: 'ORC inventories are not read by tierwise: configure the inventory as CSV or Parquet' });
    if (f !== 'CSV' && f !== 'PARQUET') throw new InputError({ source: shown, path: 'fileFormat', value: m.fileFormat, message: `expected CSV, ORC or Parquet, got '${m.fileFormat}'` });
    format = f === 'CSV' ? 'CSV' : 'Parquet';
    if (format === 'CSV') columns = parseFileSchema(m.fileSchema, shown);
    files = m.files.map((x) => locate(path, shown, x.key));
    sourceBucket = m.sourceBucket;
    if (asOfMs === undefined && m.creationTimestamp && /^\d+$/.test(m.creationTimestamp)) asOfMs = Number(m.creationTimestamp);
  } else if (/\.parquet$/i.test(path)) {
    format = 'Parquet';
    files = [{ path, shown }];
  } else if (/\.csv(\.gz)?$/i.test(path)) {
    format = 'CSV';
    if (!opts.schema) {
      throw new InputError({ path: '--schema', message: `'${shown}': inventory CSV files have no header row; give the manifest.json instead, or the column order with --schema "Bucket, Key, Size, …" (the manifest's fileSchema)` });
    }
    columns = parseFileSchema(opts.schema, '--schema');
    files = [{ path, shown }];
  } else {
    throw new InputError({ path: 'file', value: shown, message: `'${shown}': expected an inventory manifest.json, a data file .csv / .csv.gz (with --schema) or .parquet` });
  }
  const asOf = asOfMs ?? Date.now();
  const visit = begin(asOf);
  let present = new Set<string>();
  for (const file of files) {
    if (format === 'CSV') {
      const cols = columns!;
      present = new Set(cols.map(norm));
      const index = new Map<string, number>(cols.map((c, i) => [norm(c), i]));
      for await (const { cells, line } of csvRows(file.path, file.shown, opts.onProgress ? (p) => opts.onProgress!(p.bytes, p.totalBytes) : undefined)) {
        if (cells.length !== cols.length) {
          throw new InputError({ source: file.shown, line, path: 'columns', message: `${cells.length} columns, the schema has ${cols.length} (${cols.join(', ')})` });
        }
        visit(
          (f) => {
            const i = index.get(norm(f));
            return i === undefined ? undefined : cells[i];
          },
          (f, message) => {
            throw new InputError({ source: file.shown, line, path: cols[index.get(norm(f))!] ?? f, message });
          },
        );
      }
    } else {
      const pq = await openParquet(file.path, file.shown);
      present = new Set(pq.columns.map(norm));
      if (!present.has('key')) throw new InputError({ source: file.shown, path: 'columns', message: `no key column: not an S3 Inventory file (columns: ${pq.columns.join(', ')})` });
      const byNorm = new Map(pq.columns.map((c) => [norm(c), c]));
      const wanted = FIELDS.map((f) => byNorm.get(norm(f))).filter((c): c is string => c !== undefined);
      for await (const { row, values } of pq.rows(wanted, opts.onProgress)) {
        visit(
          (f) => {
            const c = byNorm.get(norm(f));
            return c === undefined ? undefined : values[c];
          },
          (f, message) => {
            throw new InputError({ source: file.shown, path: byNorm.get(norm(f)) ?? f, message: `row ${row}: ${message}` });
          },
        );
      }
    }
  }
  return { files: files.map((f) => f.shown), ...(sourceBucket ? { sourceBucket } : {}), asOfMs: asOf, present };
}
