/**
 * `tierwise actuals fetch | import`: what AWS billed, as one normalised actuals file that
 * `tierwise reconcile` holds a forecast against.
 */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ScenarioError } from '../errors.js';
import { Dec } from '../pricing/decimal.js';
import { connectionFromEnv } from '../pricing/live/client.js';
import { defaultCacheDir } from '../pricing/snapshots.js';
import { actualsText, parseTagFlag, type Actuals } from '../reconcile/actuals.js';
import { fetchCostAndUsage } from '../reconcile/cost-explorer.js';
import { importActuals } from '../reconcile/import.js';
import { formatMoney } from '../report/money.js';
import { parseMonthKey, type MonthKey } from '../units.js';
import { readingProgress } from './progress.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';

export function registerActuals(program: Command, io: CliIO): void {
  const actuals = program
    .command('actuals')
    .description('what AWS billed (Cost Explorer or a Cost and Usage Report), as an actuals file for `tierwise reconcile`');
  registerFetch(actuals, io);
  registerImport(actuals, io);
}

/** Cached Cost Explorer pages live beside the price snapshots. */
export function costExplorerCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.TIERWISE_CACHE_DIR ? join(env.TIERWISE_CACHE_DIR, 'cost-explorer') : join(dirname(defaultCacheDir(env)), 'cost-explorer');
}

export function parseMonthFlag(flag: string, raw: string): MonthKey {
  if (!parseMonthKey(raw)) throw ScenarioError.at(`expected a month as YYYY-MM, got '${raw}'`, flag, raw);
  return raw as MonthKey;
}

function parseUrlFlag(flag: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw ScenarioError.at(`expected an http:// or https:// URL, got '${raw}'`, flag, raw);
  return raw;
}

/** Writes the actuals to --out (never over a file without --force) or standard output. */
export function emitActuals(io: CliIO, a: Actuals, out: string | undefined, force: boolean): void {
  if (out) {
    writeOutputFile(io, out, actualsText(a), force);
    io.stderr.write(`wrote ${out}: ${a.lines.length} lines, ${a.periods.length} ${a.granularity === 'daily' ? 'days' : 'months'}\n`);
  } else io.stdout.write(actualsText(a));
}

/** Per period: its total and whether Cost Explorer still calls it estimated. */
export function periodSummary(a: Actuals, estimatedHint = 'the bill is not final yet'): string[] {
  const totals = new Map<string, Dec>();
  for (const l of a.lines) totals.set(l.period, (totals.get(l.period) ?? new Dec(0)).plus(l.cost));
  return a.periods.map((p) => `  ${p.period}  ${formatMoney(totals.get(p.period) ?? 0)}${p.estimated ? `  estimated (${estimatedHint})` : ''}`);
}

interface FetchFlags {
  from: string;
  to: string;
  daily?: boolean;
  tag?: string;
  out?: string;
  force?: boolean;
  endpointUrl?: string;
  refresh?: boolean;
}

function registerFetch(actuals: Command, io: CliIO): void {
  actuals
    .command('fetch')
    .description('fetch S3 cost and usage from the Cost Explorer API (GetCostAndUsage), by usage type and operation')
    .requiredOption('--from <YYYY-MM>', 'first month')
    .requiredOption('--to <YYYY-MM>', 'last month (included)')
    .option('--daily', 'one line per day instead of per month')
    .option('--tag <key=value>', "only costs carrying this cost allocation tag (the bucket's tag, activated in Billing)")
    .option('--out <file>', 'write the actuals file here instead of standard output')
    .option('--force', 'replace --out if it exists')
    .option('--endpoint-url <url>', 'use this endpoint instead of Cost Explorer’s (a proxy or a test server)')
    .option('--refresh', 'ask AWS again even for pages already in the cache')
    .addHelpText(
      'after',
      [
        '',
        'Metrics UnblendedCost and UsageQuantity, grouped by USAGE_TYPE and OPERATION, filtered to the services',
        '"Amazon Simple Storage Service" and "Amazon S3 Glacier Deep Archive" (without --tag: every bucket of the account).',
        'Each request (page) costs $0.01: pages are cached on disk under the exact request and never asked again',
        'without --refresh. Months still open come back estimated and are marked so. Credentials come from the',
        'standard AWS chain; the identity needs ce:GetCostAndUsage.',
      ].join('\n'),
    )
    .action(async (opts: FetchFlags) => {
      const from = parseMonthFlag('--from', opts.from);
      const to = parseMonthFlag('--to', opts.to);
      if (to < from) throw ScenarioError.at(`--to ${to} is before --from ${from}`, '--to', to);
      const tag = opts.tag === undefined ? undefined : parseTagFlag(opts.tag);
      const endpointUrl = opts.endpointUrl === undefined ? undefined : parseUrlFlag('--endpoint-url', opts.endpointUrl);
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false); // refuse before paying for requests
      const r = await fetchCostAndUsage(
        { from, to, daily: opts.daily ?? false, ...(tag ? { tag } : {}) },
        {
          connection: { ...(endpointUrl ? { endpointUrl } : {}), ...connectionFromEnv(io.env) },
          cacheDir: costExplorerCacheDir(io.env),
          refresh: opts.refresh ?? false,
        },
      );
      const pages = r.requests + r.cachedPages;
      io.stderr.write(
        `Cost Explorer: ${r.requests} request${r.requests === 1 ? '' : 's'} made (${formatMoney(r.cost)} at $0.01 each), ${r.cachedPages} of ${pages} page${pages === 1 ? '' : 's'} from the cache${r.cachedPages > 0 ? ' (--refresh asks again)' : ''}\n`,
      );
      for (const l of periodSummary(r.actuals, 'the bill is not final yet; --refresh later for the final figures')) io.stderr.write(`${l}\n`);
      emitActuals(io, r.actuals, opts.out, opts.force ?? false);
    });
}

/** The summary line of what a source had that is not the bucket's usage. */
export function exclusionLine(a: Actuals): string | undefined {
  if (a.excluded.length === 0) return undefined;
  const parts = a.excluded.map((e) => `${e.reason} ${e.lines} line${e.lines === 1 ? '' : 's'} ${formatMoney(e.cost)}`);
  return `left out: ${parts.join(', ')}`;
}

interface ImportFlags {
  bucket?: string;
  tag?: string;
  daily?: boolean;
  out?: string;
  force?: boolean;
  progress: boolean;
}

function registerImport(actuals: Command, io: CliIO): void {
  actuals
    .command('import')
    .description('read S3 cost and usage from a Cost and Usage Report file (legacy CUR or CUR 2.0 / Data Exports) or a Cost Explorer console export')
    .argument('<file>', 'a CUR file: .csv or .csv.gz (legacy or CUR 2.0 columns), or CUR 2.0 .parquet; or a Cost Explorer console CSV grouped by Usage type')
    .option('--bucket <name>', 'only lines of this bucket (the line item resource id: its name or ARN)')
    .option('--tag <key=value>', 'only lines carrying this cost allocation tag')
    .option('--daily', 'one line per day instead of per month')
    .option('--out <file>', 'write the actuals file here instead of standard output')
    .option('--force', 'replace --out if it exists')
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .addHelpText(
      'after',
      [
        '',
        'Usage lines (Usage, DiscountedUsage, SavingsPlanCoveredUsage) of the products AmazonS3 and',
        'AmazonS3GlacierDeepArchive are kept, summed per month (or day), usage type, operation and unit. Tax,',
        'credits, refunds, discounts and fees, other services, other buckets and other tags are left out and',
        'counted in a summary line. A month whose rows have no invoice id yet is marked estimated. Files are',
        'streamed: gigabytes take constant memory.',
        '',
        'A Cost Explorer console export ("Download as CSV") has costs only, per usage type and day or month:',
        'group by Usage type and filter to S3 (and the bucket\'s tag) in the console before downloading.',
      ].join('\n'),
    )
    .action(async (file: string, opts: ImportFlags) => {
      const tag = opts.tag === undefined ? undefined : parseTagFlag(opts.tag);
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false);
      const progress = readingProgress(io, opts.progress);
      let a: Actuals;
      try {
        a = await importActuals(resolve(io.cwd, file), file, {
          ...(opts.bucket ? { bucket: opts.bucket } : {}),
          ...(tag ? { tag } : {}),
          daily: opts.daily ?? false,
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      const kind = { cur: 'legacy CUR', cur2: 'CUR 2.0', 'cost-explorer-csv': 'Cost Explorer export (costs only, no quantities)', 'cost-explorer-api': 'Cost Explorer' }[a.source.kind];
      io.stderr.write(`${file}: ${kind}, ${a.lines.length} lines kept\n`);
      for (const l of periodSummary(a)) io.stderr.write(`${l}\n`);
      const left = exclusionLine(a);
      if (left) io.stderr.write(`${left}\n`);
      emitActuals(io, a, opts.out, opts.force ?? false);
    });
}
