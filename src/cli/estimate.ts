/**
 * `tierwise estimate`: the AWS Pricing Calculator's S3 form, done right — one month of one
 * storage class in steady state, with the per-object charges the calculator leaves out (archive
 * overhead, 128 KiB padding, monitoring, restored copies), priced from a dated price book.
 */
import type { Command } from 'commander';
import { bucketJson, type Bill, type BillLine } from '../billing/bill.js';
import { ScenarioError, type InputIssue } from '../errors.js';
import { price } from '../pricing/price.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import { formatMoney, formatNumber, formatQuantity, formatRate } from '../report/money.js';
import { renderTable, type Column } from '../report/table.js';
import { CLASS_INFO, INT_TIERS, isArchive, STORAGE_CLASSES, type IntTier, type StorageClass } from '../storage/classes.js';
import { daysInMonth, GIB, KIB, monthKey, parseMonthKey, type MonthKey } from '../units.js';
import { REGION_CODES } from '../usage/regions.js';
import { checkSteadyState, steadyStateUsage, type Arrival, type IntTierMix, type SteadyStateInput } from '../usage/steady-state.js';
import type { RestoreTier } from '../usage/usage-types.js';
import { parseEnumFlag, parseNumberFlag, type NumberRule } from './flags.js';
import type { CliIO } from './io.js';

interface EstimateOptions {
  region: string;
  class: string;
  storageGib?: string;
  avgObjectKib?: string;
  intTiers?: string;
  arrival?: string;
  smallObjectTransitions?: boolean;
  putRequests?: string;
  getRequests?: string;
  listRequests?: string;
  retrievalGib?: string;
  restoreGib?: string;
  restoreObjects?: string;
  restoreTier?: string;
  restoreDays?: string;
  egressGib?: string;
  month?: string;
  prices: string;
  json?: boolean;
}

const RESTORE_TIERS: readonly RestoreTier[] = ['expedited', 'standard', 'bulk'];
const ARRIVALS: readonly Arrival[] = ['put', 'transition'];

export function registerEstimate(program: Command, io: CliIO): void {
  program
    .command('estimate')
    .description('cost of one month of one storage class in steady state (the AWS Pricing Calculator S3 form, with per-object overheads)')
    .option('--region <code>', `AWS region (${REGION_CODES.join(', ')})`, 'us-east-1')
    .option('--class <class>', `storage class (${STORAGE_CLASSES.join(', ')})`, 'STANDARD')
    .option('--storage-gib <gib>', 'average GiB stored over the month', '0')
    .option('--avg-object-kib <kib>', 'average object size in KiB (Duplicati volumes: 51200 for 50 MiB); needed to count objects')
    .option('--int-tiers <mix>', `INTELLIGENT_TIERING: where the data sits, a tier (${INT_TIERS.join(', ')}) or percentages like FA=20,IA=30,AIA=50 (default FA)`)
    .option('--arrival <how>', 'add the one-time cost of writing every stored object: put (written directly) or transition (moved by lifecycle)')
    .option('--small-object-transitions', 'the bucket sets TransitionDefaultMinimumObjectSize varies_by_storage_class: objects under 128 KiB may transition to GLACIER / DEEP_ARCHIVE')
    .option('--put-requests <n>', 'PUT/COPY/POST requests per month', '0')
    .option('--get-requests <n>', 'GET requests per month', '0')
    .option('--list-requests <n>', 'LIST requests per month (billed at the STANDARD PUT rate)', '0')
    .option('--retrieval-gib <gib>', 'STANDARD_IA / ONEZONE_IA / GLACIER_IR: GiB retrieved per month (default: each GET reads one object)')
    .option('--restore-gib <gib>', 'GLACIER / DEEP_ARCHIVE: GiB restored per month')
    .option('--restore-objects <n>', 'objects restored per month (default: the objects holding --restore-gib)')
    .option('--restore-tier <tier>', `restore tier: ${RESTORE_TIERS.join(', ')} (default standard; DEEP_ARCHIVE has no expedited)`)
    .option('--restore-days <days>', 'days each restored copy is kept, billed at the STANDARD rate (default 1)')
    .option('--egress-gib <gib>', 'GiB sent to the internet per month', '0')
    .option('--month <YYYY-MM>', 'the month billed: its length sets restored-copy GB-months (default: the current month, UTC)')
    .option('--prices <snapshot>', "price book: 'bundled', a snapshot id from `tierwise prices list`, or a snapshot file", 'bundled')
    .option('--json', 'print JSON (money as full-precision decimal strings) instead of tables')
    .action((opts: EstimateOptions) => {
      const input = parseEstimate(opts);
      const book = loadPriceBook(opts.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
      if (!book.regions.includes(input.region)) {
        throw ScenarioError.at(
          `price book ${book.id} has no prices for ${input.region} (it covers ${book.regions.join(', ')}); run \`tierwise prices refresh --region ${input.region}\` and pass --prices`,
          '--region',
          input.region,
        );
      }
      const usage = steadyStateUsage(input);
      const monthly = price(usage.monthly, book);
      const oneTime = price(usage.oneTime, book);
      const result = { input, objects: usage.objects, notes: usage.notes, monthly, oneTime };
      io.stdout.write(opts.json ? `${JSON.stringify(estimateJson(result), null, 2)}\n` : renderEstimate(result));
    });
}

/** Parses every flag, collecting every problem before failing (one line each, exit code 2). */
function parseEstimate(opts: EstimateOptions): SteadyStateInput {
  const issues: InputIssue[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      issues.push(...e.issues);
      return undefined;
    }
  };
  const num = (flag: string, raw: string | undefined, rule: NumberRule) => (raw === undefined ? undefined : attempt(() => parseNumberFlag(flag, raw, rule)));
  const amount: NumberRule = { min: 0 };
  const count: NumberRule = { min: 0, integer: true };

  const region = attempt(() => parseEnumFlag('--region', opts.region, REGION_CODES));
  const cls = attempt(() => parseClass(opts.class));
  const storageGiB = num('--storage-gib', opts.storageGib, amount) ?? 0;
  const avgObjectKiB = num('--avg-object-kib', opts.avgObjectKib, { min: 0, minInclusive: false });
  const intTiers = opts.intTiers === undefined ? undefined : attempt(() => parseIntTiers(opts.intTiers!));
  const arrival = opts.arrival === undefined ? undefined : attempt(() => parseEnumFlag('--arrival', opts.arrival, ARRIVALS));
  const restoreGiB = num('--restore-gib', opts.restoreGib, amount);
  const restoreObjects = num('--restore-objects', opts.restoreObjects, count);
  const restoreTier = opts.restoreTier === undefined ? undefined : attempt(() => parseEnumFlag('--restore-tier', opts.restoreTier, RESTORE_TIERS));
  const restoreDays = num('--restore-days', opts.restoreDays, { min: 1, integer: true });
  const retrievalGiB = num('--retrieval-gib', opts.retrievalGib, amount);
  const getRequests = num('--get-requests', opts.getRequests, count) ?? 0;
  const month = opts.month === undefined ? currentMonth() : attempt(() => parseMonth(opts.month!));

  const restoreAsked = [opts.restoreGib, opts.restoreObjects, opts.restoreTier, opts.restoreDays].some((v) => v !== undefined);
  if (restoreAsked && opts.restoreGib === undefined && opts.restoreObjects === undefined) {
    issues.push({ path: '--restore-gib', message: 'restore flags need --restore-gib or --restore-objects (how much is restored each month)' });
  }
  // Objects are counted from the average size wherever a per-object charge depends on them.
  const needsSize =
    storageGiB > 0 ||
    arrival !== undefined ||
    // one of the restore amounts is derived from the other (and only archives restore)
    (cls !== undefined && isArchive(cls) && (opts.restoreGib === undefined) !== (opts.restoreObjects === undefined)) ||
    (cls !== undefined && CLASS_INFO[cls].retrievalUsageType !== undefined && getRequests > 0 && retrievalGiB === undefined);
  if (needsSize && opts.avgObjectKib === undefined) {
    issues.push({ path: '--avg-object-kib', message: 'required to count objects (objects = storage ÷ average size, rounded up), e.g. --avg-object-kib 51200 for 50 MiB volumes' });
  }
  if (issues.length > 0 || !region || !cls || !month) throw new ScenarioError(issues);

  const avg = avgObjectKiB ?? 0;
  const input: SteadyStateInput = {
    region,
    storageClass: cls,
    month,
    storageGiB,
    avgObjectKiB: avg,
    ...(intTiers ? { intTiers } : {}),
    ...(arrival ? { arrival } : {}),
    smallObjectTransitions: opts.smallObjectTransitions ?? false,
    putRequests: num('--put-requests', opts.putRequests, count) ?? 0,
    getRequests,
    listRequests: num('--list-requests', opts.listRequests, count) ?? 0,
    ...(retrievalGiB !== undefined ? { retrievalGiB } : {}),
    ...(restoreAsked
      ? {
          restore: {
            gib: restoreGiB ?? ((restoreObjects ?? 0) * avg * KIB) / GIB,
            ...(restoreObjects !== undefined ? { objects: restoreObjects } : {}),
            tier: restoreTier ?? 'standard',
            days: restoreDays ?? 1,
          },
        }
      : {}),
    egressGiB: num('--egress-gib', opts.egressGib, amount) ?? 0,
  };
  issues.push(...checkSteadyState(input));
  if (issues.length > 0) throw new ScenarioError(issues);
  return input;
}

/** A storage class, case-insensitively (`deep_archive` works). */
function parseClass(raw: string): StorageClass {
  const upper = raw.toUpperCase();
  return (STORAGE_CLASSES as readonly string[]).includes(upper) ? (upper as StorageClass) : parseEnumFlag('--class', raw, STORAGE_CLASSES);
}

/** `AIA` (all data in one tier) or `FA=20,IA=30,AIA=50` (percent, summing to 100). */
function parseIntTiers(raw: string): IntTierMix {
  const fail = (why: string) => ScenarioError.at(`${why}; expected a tier (${INT_TIERS.join(', ')}) or percentages like FA=20,IA=30,AIA=50, got '${raw}'`, '--int-tiers', raw);
  if ((INT_TIERS as readonly string[]).includes(raw)) return { [raw]: 1 };
  const mix: Partial<Record<IntTier, number>> = {};
  let total = 0;
  for (const part of raw.split(',')) {
    const [tier = '', pct = ''] = part.split('=').map((s) => s.trim());
    if (!(INT_TIERS as readonly string[]).includes(tier)) throw fail(`unknown tier '${tier}'`);
    const value = Number(pct);
    if (pct === '' || !Number.isFinite(value) || value < 0) throw fail(`'${part}' needs a percentage ≥ 0`);
    if (mix[tier as IntTier] !== undefined) throw fail(`tier ${tier} given twice`);
    mix[tier as IntTier] = value / 100;
    total += value;
  }
  if (Math.abs(total - 100) > 1e-9) throw fail(`the percentages add up to ${total}, not 100`);
  return mix;
}

function parseMonth(raw: string): MonthKey {
  const p = parseMonthKey(raw);
  if (!p) throw ScenarioError.at(`expected a month as YYYY-MM (e.g. 2026-03), got '${raw}'`, '--month', raw);
  return monthKey(p.year, p.month);
}

function currentMonth(): MonthKey {
  const now = new Date();
  return monthKey(now.getUTCFullYear(), now.getUTCMonth() + 1);
}

interface EstimateResult {
  readonly input: SteadyStateInput;
  readonly objects: number;
  readonly notes: readonly string[];
  readonly monthly: Bill;
  readonly oneTime: Bill;
}

/** A tier range as people read it: "0–51,200", "over 512,000". */
function tierRange(begin: BillLine['buckets'][number]): string {
  return begin.end.isFinite() ? `${formatNumber(begin.begin)}–${formatNumber(begin.end)}` : `over ${formatNumber(begin.begin)}`;
}

const COLUMNS: readonly Column[] = [
  { header: 'usage type' },
  { header: 'operation' },
  { header: 'cause' },
  { header: 'quantity', align: 'right' },
  { header: 'unit' },
  { header: 'rate', align: 'right' },
  { header: 'cost', align: 'right' },
];

/** One row per line; a line spread over several tiers gets a row per tier under it. */
function billRows(bill: Bill): string[][] {
  const rows: string[][] = [];
  for (const l of bill.lines) {
    const u = l.usage;
    const mark = l.priceNote ? ' *' : '';
    const single = l.buckets.length === 1 ? l.buckets[0] : undefined;
    rows.push([u.usageType, u.operation, u.cause, formatQuantity(u.quantity), u.unit, single ? formatRate(single.rate, u.unit) + mark : `tiered${mark}`, formatMoney(l.cost)]);
    if (!single) {
      for (const b of l.buckets) rows.push([`  ${tierRange(b)}`, '', '', formatQuantity(b.quantity), '', formatRate(b.rate, u.unit), formatMoney(b.cost)]);
    }
  }
  return rows;
}

function renderEstimate(r: EstimateResult): string {
  const { input, monthly, oneTime } = r;
  const book = monthly.priceBook;
  const out: string[] = [
    `Estimate: one month (${input.month}, ${daysInMonth(input.month)} days) of ${input.storageClass} in ${input.region}`,
    input.storageGiB > 0
      ? `Stored: ${formatQuantity(input.storageGiB)} GiB in ${formatNumber(r.objects)} objects of ${formatQuantity(input.avgObjectKiB)} KiB (storage ÷ average size, rounded up)`
      : 'Stored: nothing',
    `Prices: ${book.id} (${book.provenance.source}, ${book.provenance.date})`,
    '',
    'Monthly',
    renderTable(COLUMNS, billRows(monthly), { totals: [['monthly total', '', '', '', '', '', formatMoney(monthly.totals.total)]] }),
  ];
  if (input.arrival) {
    const how = input.arrival === 'put' ? 'written by PUT' : 'moved in by a lifecycle transition';
    out.push(
      `One-time: each of the ${formatNumber(r.objects)} objects ${how}, once`,
      renderTable(COLUMNS, billRows(oneTime), { totals: [['one-time total', '', '', '', '', '', formatMoney(oneTime.totals.total)]] }),
    );
  }
  const unconfirmed = new Map<string, string>();
  for (const l of [...monthly.lines, ...oneTime.lines]) if (l.priceNote) unconfirmed.set(`${l.usage.usageType}${l.usage.operation ? ` ${l.usage.operation}` : ''}`, l.priceNote);
  const notes = [...r.notes, ...[...unconfirmed].map(([k, note]) => `* ${k}: ${note}`)];
  if (notes.length > 0) out.push('Notes:', ...notes.map((n) => `  ${n}`), '');
  out.push('Costs are rounded to cents here; --json gives full precision.');
  return `${out.join('\n')}\n`;
}

/** The `--json` document: money as full-precision decimal strings. */
function estimateJson(r: EstimateResult): unknown {
  const lines = (bill: Bill) =>
    bill.lines.map((l) => ({
      usageType: l.usage.usageType,
      operation: l.usage.operation,
      quantity: l.usage.quantity,
      unit: l.usage.unit,
      cost: l.cost.toString(),
      cause: l.usage.cause,
      ...(l.usage.storageClass ? { storageClass: l.usage.storageClass } : {}),
      ...(l.buckets.length === 1 ? { rate: l.buckets[0]!.rate.toString() } : {}),
      buckets: l.buckets.map(bucketJson),
      ...(l.priceNote ? { priceNote: l.priceNote } : {}),
    }));
  return {
    region: r.input.region,
    month: r.input.month,
    storageClass: r.input.storageClass,
    storageGiB: r.input.storageGiB,
    avgObjectKiB: r.input.avgObjectKiB,
    objects: r.objects,
    priceBook: { id: r.monthly.priceBook.id, ...r.monthly.priceBook.provenance },
    monthly: { lines: lines(r.monthly), total: r.monthly.totals.total.toString() },
    oneTime: { lines: lines(r.oneTime), total: r.oneTime.totals.total.toString() },
    notes: r.notes,
  };
}
