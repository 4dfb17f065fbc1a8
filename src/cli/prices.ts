/**
 * `tierwise prices refresh | list | show | diff`: live prices from the AWS Price List API,
 * dated snapshots in the cache directory, and what changed between two price books.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ScenarioError, type InputIssue } from '../errors.js';
import { Dec } from '../pricing/decimal.js';
import { connectionFromEnv, PRICE_LIST_ENDPOINT_REGIONS, type PageProgress } from '../pricing/live/client.js';
import { countChanges, diffPriceBooks, sharedRegions, type PriceChange } from '../pricing/diff.js';
import { priceFleet, simulate, type Forecast } from '../forecast.js';
import { forecastDeltaTable } from '../report/forecast.js';
import type { Scenario } from '../scenario/resolve.js';
import { checkScenarioPrices } from '../pricing/coverage.js';
import { loadFleetScenario } from './scenario-arg.js';
import { liveSnapshotId, NOT_FETCHED_NOTE, refreshPriceBook } from '../pricing/live/refresh.js';
import type { PriceBook, PriceEntry, PriceTier } from '../pricing/price-book.js';
import { bundledPriceBook, defaultCacheDir, listPriceBooks, loadPriceBook, savePriceBook } from '../pricing/snapshots.js';
import { renderTable, type Column } from '../report/table.js';
import { baseUsageType, REGION_CODES } from '../usage/regions.js';
import { parseEnumFlag } from './flags.js';
import { quietSdkNodeVersionWarning } from './sdk-warning.js';
import type { CliIO } from './io.js';

export function registerPrices(program: Command, io: CliIO): void {
  const prices = program
    .command('prices')
    .description('live prices from the AWS Price List API, dated price snapshots, and what changed between two of them');
  registerRefresh(prices, io);
  registerList(prices, io);
  registerShow(prices, io);
  registerDiff(prices, io);
}

const cacheDirOf = (io: CliIO) => defaultCacheDir(io.env);
const load = (io: CliIO, ref: string) => loadPriceBook(ref, { cwd: io.cwd, cacheDir: cacheDirOf(io) });

// ---------------------------------------------------------------------------------------------
// refresh

interface RefreshOptions {
  region: string;
  out?: string;
  force?: boolean;
  endpointRegion: string;
  endpointUrl?: string;
}

function registerRefresh(prices: Command, io: CliIO): void {
  prices
    .command('refresh')
    .description('fetch every price the engine uses for a region from the AWS Price List API and save it as a dated snapshot')
    .requiredOption('--region <code>', `the AWS region whose prices to fetch (${REGION_CODES.join(', ')})`)
    .option('--out <file>', 'write the snapshot here instead of the cache directory (<cache>/<region>-<YYYY-MM-DD>.json)')
    .option('--force', 'replace the snapshot file if it exists')
    .option('--endpoint-region <region>', `region of the Price List API endpoint (${PRICE_LIST_ENDPOINT_REGIONS.join(', ')})`, 'us-east-1')
    .option('--endpoint-url <url>', 'use this endpoint instead (a proxy or a test server); overrides --endpoint-region')
    .addHelpText(
      'after',
      [
        '',
        'Fetched (GetProducts, filtered to the region): service codes AmazonS3, AmazonS3GlacierDeepArchive and',
        'AWSDataTransfer — storage, requests, transitions, retrievals and restores, early delete, monitoring,',
        'internet egress, and inter-region transfer and RTC to the other regions tierwise bundles. Every tier',
        'is kept. Each price is matched on its usage type, the most preferred of the Price List operations it may',
        'be published under, and its service code; every choice is noted in the snapshot. A price every scenario',
        'needs and the API does not return is an error naming it (nothing is written); one only some scenarios',
        'need (transfer or RTC to a region, restores, INT archive tiers) is listed as absent, and a scenario that',
        'needs it fails with a message naming it.',
        NOT_FETCHED_NOTE,
        '',
        'Credentials come from the standard AWS chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
        '(/ AWS_SESSION_TOKEN), AWS_PROFILE and ~/.aws/config, SSO, or an instance role. Any identity allowed',
        'pricing:GetProducts will do; the API itself is free. Throttled requests are retried with backoff.',
      ].join('\n'),
    )
    .action(async (opts: RefreshOptions) => {
      const region = parseEnumFlag('--region', opts.region, REGION_CODES);
      const endpointRegion = parseEnumFlag('--endpoint-region', opts.endpointRegion, PRICE_LIST_ENDPOINT_REGIONS);
      const endpointUrl = opts.endpointUrl === undefined ? undefined : parseUrlFlag('--endpoint-url', opts.endpointUrl);
      const now = new Date();
      const target = opts.out ? resolve(io.cwd, opts.out) : join(cacheDirOf(io), `${liveSnapshotId(region, now)}.json`);
      // Refuse before fetching: a refresh can take a while, and its result would be thrown away.
      if (existsSync(target) && !opts.force) {
        throw ScenarioError.at(`'${opts.out ?? target}' already exists; add --force to replace it`, opts.out ? '--out' : '--force', opts.out ?? target);
      }
      const progress = io.stderr.isTTY ? progressLine(io) : undefined;
      // The SDK reads process.env (not io.env) when it builds the client.
      quietSdkNodeVersionWarning();
      let book: PriceBook;
      try {
        book = await refreshPriceBook({
          region,
          destinations: bundledPriceBook().regions.filter((r) => r !== region),
          connection: { endpointRegion, ...(endpointUrl ? { endpointUrl } : {}), ...connectionFromEnv(io.env) },
          now,
          ...(progress ? { onPage: progress.page } : {}),
        });
      } finally {
        progress?.done();
      }
      savePriceBook(book, target, { force: opts.force ?? false });
      const offers = book.provenance.offers.map((o) => `${o.serviceCode} ${o.version}`).join(', ');
      const absent = book.absent?.length ?? 0;
      const absentText = absent > 0 ? ` (${absent} optional price${absent === 1 ? '' : 's'} absent: see \`tierwise prices show ${book.id}\`)` : '';
      io.stdout.write(`wrote ${book.id}: ${book.prices.length} prices for ${region}${absentText}, offers ${offers} (prices of ${book.provenance.date}) to ${target}\n`);
    });
}

function parseUrlFlag(flag: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw ScenarioError.at(`expected an http:// or https:// URL, got '${raw}'`, flag, raw);
  }
  return raw;
}

/** One self-overwriting stderr line: pages fetched so far, per service code. */
function progressLine(io: CliIO): { page: (p: PageProgress) => void; done: () => void } {
  let shown = false;
  return {
    page: (p) => {
      shown = true;
      io.stderr.write(`\r\x1b[Kfetching ${p.serviceCode}: ${p.pages} page${p.pages === 1 ? '' : 's'}, ${p.products} products`);
    },
    done: () => {
      if (shown) io.stderr.write('\n');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// list

function registerList(prices: Command, io: CliIO): void {
  prices
    .command('list')
    .description('list the bundled price book and the snapshots in the cache directory, with their dates')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { json?: boolean }) => {
      const books = listPriceBooks({ cacheDir: cacheDirOf(io) });
      if (opts.json) {
        io.stdout.write(`${JSON.stringify(books, null, 2)}\n`);
        return;
      }
      const columns = ['ID', 'SOURCE', 'PRICES OF', 'REGIONS', 'FILE'].map((header) => ({ header }));
      io.stdout.write(renderTable(columns, books.map((b) => [b.id, b.source, b.date, b.regions.join(','), b.path ?? '(built in)'])));
      io.stdout.write(`cache directory: ${cacheDirOf(io)}\n`);
    });
}

// ---------------------------------------------------------------------------------------------
// show

function registerShow(prices: Command, io: CliIO): void {
  prices
    .command('show')
    .description('print the rates of a price book, with their tiers, where each came from (service code, SKU, Price List operation) and notes')
    .argument('<snapshot>', "'bundled', a snapshot id from `prices list`, or a snapshot file")
    .option('--usage-type <type...>', 'only these usage types (with or without the region prefix, e.g. TimedStorage-GDA-ByteHrs)')
    .option('--region <code>', 'only this region')
    .option('--json', 'print JSON instead of a table')
    .action((ref: string, opts: { usageType?: string[]; region?: string; json?: boolean }) => {
      const book = load(io, ref);
      if (opts.region !== undefined) checkRegionIn(book, opts.region);
      const wanted = opts.usageType ?? [];
      const matches = (e: PriceEntry, t: string) => e.usageType === t || baseUsageType(e.region, e.usageType) === t;
      const entries = book.prices.filter(
        (e) => (opts.region === undefined || e.region === opts.region) && (wanted.length === 0 || wanted.some((t) => matches(e, t))),
      );
      const unknown = wanted.filter((t) => !entries.some((e) => matches(e, t)));
      if (unknown.length > 0) {
        const absentOf = (t: string) => (book.absent ?? []).find((a) => a.usageType === t || baseUsageType(a.region, a.usageType) === t);
        throw new ScenarioError(
          unknown.map((t): InputIssue => {
            const a = absentOf(t);
            const why = a ? ` (absent when the book was fetched: ${a.reason})` : '';
            return { path: '--usage-type', value: t, message: `no price for usage type '${t}' in ${book.id}${opts.region ? ` for ${opts.region}` : ''}${why}` };
          }),
        );
      }
      const absent = (book.absent ?? []).filter((a) => opts.region === undefined || a.region === opts.region);
      if (opts.json) {
        // The snapshot format itself, so the output loads back with --prices (filtered: the subset).
        io.stdout.write(`${JSON.stringify({ format: book.format, id: book.id, provenance: book.provenance, regions: opts.region !== undefined ? [opts.region] : book.regions, prices: entries, ...(absent.length > 0 ? { absent } : {}) }, null, 2)}\n`);
        return;
      }
      io.stdout.write(`${describeBook(book)}\n`);
      for (const n of book.provenance.notes) io.stdout.write(`  note: ${n}\n`);
      io.stdout.write('\n');
      // Notes are long: the table points to them ([1], [2], …) and they follow it.
      const notes: string[] = [];
      const rows: string[][] = [];
      for (const e of entries) {
        const mark = e.note ? `[${notes.push(e.note)}]` : '';
        e.tiers.forEach((t, i) => {
          const head = i === 0 ? [e.region, e.usageType, e.operation, e.unit] : ['', '', '', ''];
          const source = i === 0 ? [e.serviceCode, e.sku ?? '—', matchedOperation(e)] : ['', '', ''];
          rows.push([...head, tierLabel(t), t.rate, perThousand(e, t), ...source, i === 0 ? mark : '']);
        });
      }
      io.stdout.write(renderTable(SHOW_COLUMNS, rows));
      notes.forEach((n, i) => io.stdout.write(`[${i + 1}] ${n}\n`));
      if (absent.length > 0 && wanted.length === 0) {
        io.stdout.write(`\nabsent (not found when the book was fetched; a scenario that needs one fails with --prices ${book.id}):\n`);
        for (const a of absent) io.stdout.write(`  ${a.region} ${a.usageType}${a.operation ? ` ${a.operation}` : ''}: ${a.reason}\n`);
      }
    });
}

const SHOW_COLUMNS: readonly Column[] = [
  { header: 'REGION' },
  { header: 'USAGE TYPE' },
  { header: 'OPERATION' },
  { header: 'UNIT' },
  { header: 'TIER' },
  { header: 'USD PER UNIT', align: 'right' },
  { header: 'PER 1,000', align: 'right' },
  { header: 'SERVICE CODE' },
  { header: 'SKU' },
  { header: 'PRICE LIST OPERATION' },
  { header: 'NOTE' },
];

/** The operation of the SKU a price was read from: "(none)" for a SKU without one, "—" when not read from a document. */
function matchedOperation(e: PriceEntry): string {
  if (e.priceListOperation === undefined) return '—';
  return e.priceListOperation === '' ? '(none)' : e.priceListOperation;
}

function checkRegionIn(book: PriceBook, region: string): void {
  if (!book.regions.includes(region)) {
    throw ScenarioError.at(`${book.id} has no prices for '${region}' (it covers ${book.regions.join(', ')})`, '--region', region);
  }
}

function describeBook(b: PriceBook): string {
  const fetched = b.provenance.fetchedAt ? `, fetched ${b.provenance.fetchedAt}` : '';
  return `${b.id}: ${b.provenance.source} prices of ${b.provenance.date}${fetched}; regions ${b.regions.join(', ')}`;
}

const tierLabel = (t: Pick<PriceTier, 'begin' | 'end'>) => `${t.begin}–${t.end}`;

/** Requests and objects are priced per unit in the Price List; AWS's pages quote them per 1,000. */
function perThousand(e: PriceEntry, t: PriceTier): string {
  return e.unit === 'Requests' || e.unit === 'Objects' ? new Dec(t.rate).times(1000).toString() : '';
}

// ---------------------------------------------------------------------------------------------
// diff

function registerDiff(prices: Command, io: CliIO): void {
  prices
    .command('diff')
    .description('show what changed from one price book to another: rate changes, tier changes, prices added and removed')
    .argument('<a>', "the older price book: 'bundled', a snapshot id or a file")
    .argument('<b>', 'the newer price book')
    .option('--region <code>', 'compare only this region (default: every region both books cover)')
    .option('--scenario <file>', "also simulate this fleet scenario once and show how its forecast changes between the two books")
    .option('--months <n>', "with --scenario: simulate this many months instead of the scenario's horizon")
    .option('--json', 'print JSON instead of text')
    .action(async (refA: string, refB: string, opts: { region?: string; scenario?: string; months?: string; json?: boolean }) => {
      const a = load(io, refA);
      const b = load(io, refB);
      if (opts.region !== undefined) {
        checkRegionIn(a, opts.region);
        checkRegionIn(b, opts.region);
      }
      const regions = opts.region !== undefined ? [opts.region] : sharedRegions(a, b);
      if (regions.length === 0) {
        throw ScenarioError.at(
          `${a.id} (${a.regions.join(', ')}) and ${b.id} (${b.regions.join(', ')}) share no region to compare`,
          '<b>',
          refB,
        );
      }
      const changes = diffPriceBooks(a, b, regions);
      if (opts.months !== undefined && opts.scenario === undefined) throw ScenarioError.at('--months needs --scenario', '--months', opts.months);
      // One simulation, priced with both books: the difference is the prices' alone.
      const priced = opts.scenario === undefined ? undefined : await priceWithBoth(loadFleetScenario(opts.scenario, opts.months), a, b);
      if (opts.json) {
        const side = (x: PriceBook) => ({ id: x.id, source: x.provenance.source, date: x.provenance.date });
        const forecastDelta = priced && {
          scenario: priced[0].scenario.name,
          months: priced[0].months.length,
          from: priced[0].total.toString(),
          to: priced[1].total.toString(),
          change: priced[1].total.minus(priced[0].total).toString(),
        };
        io.stdout.write(`${JSON.stringify({ from: side(a), to: side(b), regions, changes, ...(forecastDelta ? { forecast: forecastDelta } : {}) }, null, 2)}\n`);
        return;
      }
      io.stdout.write(`from ${describeBook(a)}\n  to ${describeBook(b)}\n`);
      const skipped = [...new Set([...a.regions, ...b.regions])].filter((r) => !regions.includes(r));
      io.stdout.write(`regions compared: ${regions.join(', ')}${skipped.length ? ` (not compared: ${skipped.join(', ')})` : ''}\n\n`);
      if (changes.length > 0) io.stdout.write(`${renderTable(DIFF_COLUMNS, changes.flatMap(changeRows))}\n`);
      const n = countChanges(changes);
      io.stdout.write(
        changes.length === 0
          ? 'no changes\n'
          : `${changes.length} change${changes.length === 1 ? '' : 's'}: ${n.rate} rate, ${n.tiers} tiers, ${n.added} added, ${n.removed} removed\n`,
      );
      if (priced) {
        const [fa] = priced;
        io.stdout.write(`\nforecast of ${fa.scenario.name} (${fa.scenario.region}, ${fa.months.length} month${fa.months.length === 1 ? '' : 's'}, one simulation priced with each book):\n`);
        io.stdout.write(forecastDeltaTable(...priced));
      }
    });
}

async function priceWithBoth(sc: Scenario, a: PriceBook, b: PriceBook): Promise<[Forecast, Forecast]> {
  // Both books must cover the region before the long run, not after it.
  for (const book of [a, b]) checkScenarioPrices(sc, book);
  const sim = await simulate(sc);
  return [priceFleet(sim, a), priceFleet(sim, b)];
}

const plain = (rate: string) => new Dec(rate).toString();
const tiersText = (e: PriceEntry) => `${e.unit}: ${e.tiers.map((t) => `${tierLabel(t)} @ ${plain(t.rate)}`).join(', ')}`;

const DIFF_COLUMNS: readonly Column[] = ['CHANGE', 'REGION', 'USAGE TYPE', 'OPERATION', 'WHAT'].map((header) => ({ header }));

function changeRows(c: PriceChange): string[][] {
  const e = c.kind === 'removed' ? c.before : c.after;
  const what = [e.region, e.usageType, e.operation];
  switch (c.kind) {
    case 'added':
      return [['+ added', ...what, tiersText(c.after)]];
    case 'removed':
      return [['- removed', ...what, tiersText(c.before)]];
    case 'tiers':
      return [['~ tiers', ...what, `${tiersText(c.before)}  →  ${tiersText(c.after)}`]];
    case 'rate':
      return c.rates.map((r, i) => {
        const pct = r.changePct === undefined ? 'new charge' : `${new Dec(r.changePct).isNeg() ? '' : '+'}${new Dec(r.changePct).toFixed(2)}%`;
        const head = i === 0 ? ['~ rate', ...what] : ['', '', '', ''];
        return [...head, `${tierLabel(r)}: ${plain(r.before)} → ${plain(r.after)} (${pct})`];
      });
  }
}
