/**
 * Where price books come from: the bundled snapshot (embedded JSON, no I/O, no network), and
 * snapshot files — in the cache directory (`tierwise prices refresh` writes them there, one
 * `<id>.json` each) or anywhere on disk. Every file is validated on load.
 *
 * The bundled JSON is generated from the figures of shared/reference/prices.md by
 * test/pricing/bundled-figures.ts (`npx tsx test/pricing/bundled-figures.ts --write`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError, ScenarioError, type InputIssue } from '../errors.js';
import { priceDataError } from './errors.js';
import type { PriceBook } from './price-book.js';
import { validatePriceBook } from './validate.js';
import bundledJson from './snapshots/bundled-2026-07-28.json' with { type: 'json' };

export { validatePriceBook } from './validate.js';

/** The reference that names the bundled book. */
export const BUNDLED_REF = 'bundled';

let bundled: PriceBook | undefined;

/** The embedded default price book (validated once, then shared: price books are read-only). */
export function bundledPriceBook(): PriceBook {
  bundled ??= validatePriceBook(bundledJson, BUNDLED_REF);
  return bundled;
}

/**
 * Where cached snapshots live: $TIERWISE_CACHE_DIR, else $XDG_CACHE_HOME/tierwise/prices, else
 * ~/.cache/tierwise/prices. Empty or relative XDG values are ignored, as the XDG spec says.
 */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  if (env.TIERWISE_CACHE_DIR) return env.TIERWISE_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'tierwise', 'prices');
  return join(env.HOME || homedir(), '.cache', 'tierwise', 'prices');
}

/** Reads and validates one snapshot file; `shown` is how the file is named in messages. */
function readSnapshot(path: string, shown: string): PriceBook {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw priceDataError([{ path: '', source: shown, message: `cannot read the price book: ${(e as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw priceDataError([{ path: '', source: shown, message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return validatePriceBook(json, shown);
}

/** The `.json` files of the cache directory (none if it does not exist yet). */
function cacheFiles(cacheDir: string): string[] {
  if (!existsSync(cacheDir)) return [];
  return readdirSync(cacheDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(cacheDir, f));
}

/** A reference that can only mean a file: it has a directory part or ends in `.json`. */
function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || ref.endsWith('.json');
}

/**
 * A price book by reference: 'bundled', the id of a snapshot in the cache directory, or a path
 * to a snapshot file (relative to `cwd`).
 */
export function loadPriceBook(ref: string, opts: { cwd: string; cacheDir: string }): PriceBook {
  // Reports name the bundled book by its id (`see tierwise prices show bundled-2026-07-28`).
  if (ref === BUNDLED_REF || ref === bundledPriceBook().id) return bundledPriceBook();
  if (!looksLikePath(ref)) {
    const direct = join(opts.cacheDir, `${ref}.json`);
    if (existsSync(direct)) return readSnapshot(direct, direct);
    // A snapshot saved under another file name is still found by its id.
    const byId = listPriceBooks(opts).find((b) => b.id === ref && b.path);
    if (byId?.path) return readSnapshot(byId.path, byId.path);
  }
  const file = resolve(opts.cwd, ref);
  if (existsSync(file)) return readSnapshot(file, ref);
  const ids = listPriceBooks(opts).map((b) => b.id);
  throw priceDataError([
    {
      path: '',
      value: ref,
      message: `no price book '${ref}': it is not 'bundled', not a snapshot id in ${opts.cacheDir} (known: ${ids.join(', ')}) and not a file`,
    },
  ]);
}

export interface PriceBookListing {
  readonly id: string;
  readonly source: string;
  readonly date: string;
  readonly regions: string[];
  /** The snapshot file; absent for the bundled book. */
  readonly path?: string;
}

/**
 * Every price book available offline: the bundled one first, then each snapshot in the cache
 * directory by file name. A file there that is not a valid snapshot is an error (listing every
 * problem of every such file), never silently skipped.
 */
export function listPriceBooks(opts: { cacheDir: string }): PriceBookListing[] {
  const b = bundledPriceBook();
  const out: PriceBookListing[] = [{ id: b.id, source: b.provenance.source, date: b.provenance.date, regions: [...b.regions] }];
  const problems: InputIssue[] = [];
  for (const path of cacheFiles(opts.cacheDir)) {
    try {
      const book = readSnapshot(path, path);
      out.push({ id: book.id, source: book.provenance.source, date: book.provenance.date, regions: [...book.regions], path });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.issues);
    }
  }
  if (problems.length > 0) throw priceDataError(problems);
  return out;
}

/**
 * Writes `book` as a snapshot file (validated first, so nothing unreadable is ever saved),
 * creating the directory. Refuses to replace an existing file unless `force`; the file appears
 * whole or not at all (written beside it, then renamed).
 */
export function savePriceBook(book: PriceBook, path: string, opts: { force: boolean }): void {
  validatePriceBook(book, path);
  if (existsSync(path) && !opts.force) {
    throw ScenarioError.at(`'${path}' already exists; add --force to replace it`, '', path);
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(book, null, 2)}\n`);
  renameSync(temp, path);
}
