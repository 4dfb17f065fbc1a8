import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, PriceDataError, ScenarioError } from '../../src/errors.js';
import type { PriceBook } from '../../src/pricing/price-book.js';
import {
  bundledPriceBook, defaultCacheDir, listPriceBooks, loadPriceBook, savePriceBook, validatePriceBook,
} from '../../src/pricing/snapshots.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'tierwise-prices-'));

/** A small valid book derived from the bundled one, as `prices refresh` would write. */
function fetchedBook(id = 'us-east-1-2026-11-23'): PriceBook {
  const b = bundledPriceBook();
  return {
    ...b,
    id,
    regions: ['us-east-1'],
    provenance: { ...b.provenance, source: 'price-list-api', date: '2026-11-23', fetchedAt: '2026-11-23T10:00:00Z' },
    prices: b.prices.filter((p) => p.region === 'us-east-1'),
  };
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.lines();
  }
  throw new Error('expected an InputError');
}

describe('defaultCacheDir', () => {
  it('prefers $TIERWISE_CACHE_DIR, then $XDG_CACHE_HOME/tierwise/prices, then ~/.cache/tierwise/prices', () => {
    expect(defaultCacheDir({ TIERWISE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/tierwise/prices');
    expect(defaultCacheDir({ HOME: '/h' })).toBe('/h/.cache/tierwise/prices');
  });

  it('ignores empty and relative XDG_CACHE_HOME, as the XDG spec says', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '', HOME: '/h' })).toBe('/h/.cache/tierwise/prices');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/h' })).toBe('/h/.cache/tierwise/prices');
  });
});

describe('validatePriceBook', () => {
  it('accepts the bundled book and a copy of it', () => {
    const b = bundledPriceBook();
    expect(validatePriceBook(JSON.parse(JSON.stringify(b)), 'copy')).toEqual(b);
  });

  it('lists every problem at once, one line each, naming the source and the field', () => {
    const b = JSON.parse(JSON.stringify(fetchedBook())) as { prices: Record<string, unknown>[]; provenance: Record<string, unknown> };
    const first = b.prices[0] as { tiers: { begin: string; end: string; rate: string }[] };
    first.tiers[0]!.rate = '2.3e-2'; // exponent: not how the Price List prints
    first.tiers[1]!.begin = '51201'; // gap between tiers
    (b.prices[1] as { unit: string }).unit = 'requests';
    b.prices.push({ ...(b.prices[2] as object) }); // duplicate key
    (b.prices[3] as { tiers: unknown[] }).tiers = [{ begin: '0', end: '100', rate: '1' }]; // does not reach Inf
    b.provenance.date = '28/07/2026';
    const lines = problems(() => validatePriceBook(b, 'snap.json'));
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.startsWith('snap.json: '))).toBe(true);
    expect(lines.join('\n')).toContain('prices[0].tiers[0].rate: expected a non-negative decimal string such as "0.0230000000", got \'2.3e-2\'');
    expect(lines.join('\n')).toContain('prices[0].tiers[1].begin: tiers must be contiguous');
    expect(lines.join('\n')).toContain("prices[1].unit: expected one of GB-Mo, Requests, GB, Objects, Keys, Events, Alarms, Metrics, Notifications, Hrs, MBps-Mo, got 'requests'");
    expect(lines.join('\n')).toContain('duplicate price for us-east-1');
    expect(lines.join('\n')).toContain('prices[3].tiers[0].end: the last tier must end at "Inf"');
    expect(lines.join('\n')).toContain('provenance.date: expected a date as YYYY-MM-DD');
  });

  it('is a PriceDataError (exit code 2 in the CLI), also for something that is not a book at all', () => {
    expect(() => validatePriceBook([1, 2], 'x')).toThrow(PriceDataError);
    expect(() => validatePriceBook({ format: 'tierwise-prices/2' }, 'x')).toThrow(/format/);
  });

  it('reads absent prices and the Price List operation of each entry; refuses a price both priced and absent', () => {
    const b = fetchedBook();
    const withAbsent: PriceBook = {
      ...b,
      prices: b.prices.filter((p) => p.usageType !== 'USE1-APS3-S3RTC-Out-Bytes').map((p, i) => (i === 0 ? { ...p, sku: 'WP9ANXZGBYYSGJEA', priceListOperation: '' } : p)),
      absent: [{ region: 'us-east-1', usageType: 'USE1-APS3-S3RTC-Out-Bytes', operation: '', reason: 'not in the Price List (looked in AmazonS3, AWSDataTransfer)' }],
    };
    expect(validatePriceBook(JSON.parse(JSON.stringify(withAbsent)), 'x')).toEqual(withAbsent);
    const both = { ...withAbsent, absent: [{ region: 'us-east-1', usageType: 'TimedStorage-ByteHrs', operation: '', reason: 'r' }, { region: 'mars-1', usageType: 'X', operation: '', reason: 'r' }] };
    expect(problems(() => validatePriceBook(both, 'x.json'))).toEqual([
      "x.json: absent[0]: 'TimedStorage-ByteHrs' in us-east-1 is listed as absent but priced at prices[0]",
      "x.json: absent[1].region: region 'mars-1' is not in the book's regions (us-east-1)",
    ]);
  });

  it('rejects ids that cannot be cache file names', () => {
    expect(problems(() => validatePriceBook({ ...fetchedBook(), id: '../evil' }, 'x'))[0]).toContain('id: ');
  });
});

describe('loadPriceBook / listPriceBooks / savePriceBook', () => {
  it("'bundled' is the embedded book, with no cache dir needed", () => {
    expect(loadPriceBook('bundled', { cwd: '/nonexistent', cacheDir: '/nonexistent' })).toBe(bundledPriceBook());
  });

  it("the bundled book's id names it too (reports print it), with no cache dir needed", () => {
    expect(loadPriceBook(bundledPriceBook().id, { cwd: '/nonexistent', cacheDir: '/nonexistent' })).toBe(bundledPriceBook());
  });

  it('saves a snapshot into the cache dir and finds it again by id, by path and in the list', () => {
    const dir = tmp();
    const cacheDir = join(dir, 'cache');
    const book = fetchedBook();
    savePriceBook(book, join(cacheDir, `${book.id}.json`), { force: false });
    expect(loadPriceBook(book.id, { cwd: dir, cacheDir })).toEqual(book);
    expect(loadPriceBook(`cache/${book.id}.json`, { cwd: dir, cacheDir: '/elsewhere' })).toEqual(book);
    expect(listPriceBooks({ cacheDir })).toEqual([
      { id: 'bundled-2026-07-28', source: 'bundled', date: '2026-07-28', regions: ['us-east-1', 'ap-south-1', 'eu-west-1', 'eu-central-1'] },
      { id: book.id, source: 'price-list-api', date: '2026-11-23', regions: ['us-east-1'], path: join(cacheDir, `${book.id}.json`) },
    ]);
  });

  it('finds a snapshot by its id even when the file is named otherwise', () => {
    const cacheDir = tmp();
    savePriceBook(fetchedBook('renamed'), join(cacheDir, 'other-name.json'), { force: false });
    expect(loadPriceBook('renamed', { cwd: cacheDir, cacheDir }).id).toBe('renamed');
  });

  it('never overwrites without force', () => {
    const dir = tmp();
    const path = join(dir, 'p.json');
    writeFileSync(path, 'mine');
    expect(() => savePriceBook(fetchedBook(), path, { force: false })).toThrow(ScenarioError);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    savePriceBook(fetchedBook(), path, { force: true });
    expect(JSON.parse(readFileSync(path, 'utf8')).id).toBe('us-east-1-2026-11-23');
  });

  it('refuses to save an invalid book', () => {
    const dir = tmp();
    expect(() => savePriceBook({ ...fetchedBook(), regions: [] }, join(dir, 'x.json'), { force: false })).toThrow(PriceDataError);
  });

  it('an unknown reference names what it tried and the ids it knows', () => {
    const lines = problems(() => loadPriceBook('nope', { cwd: tmp(), cacheDir: '/no/such/dir' }));
    expect(lines).toEqual([
      "no price book 'nope': it is not 'bundled', not a snapshot id in /no/such/dir (known: bundled-2026-07-28) and not a file",
    ]);
  });

  it('a broken file in the cache is reported, not skipped', () => {
    const cacheDir = tmp();
    writeFileSync(join(cacheDir, 'bad.json'), '{ not json');
    const lines = problems(() => listPriceBooks({ cacheDir }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bad\.json: not valid JSON/);
  });
});
