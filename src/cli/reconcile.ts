/**
 * `tierwise reconcile <scenario.yaml> --actuals <file>`: the scenario's forecast held against
 * what AWS billed, month by month and line by line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { InputError, ScenarioError } from '../errors.js';
import { forecast } from '../forecast.js';
import { Dec, parseDecimal } from '../pricing/decimal.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import { readActualsFile } from '../reconcile/actuals.js';
import { normaliseUsageType, reconcile, type PriceAdjustment } from '../reconcile/reconcile.js';
import { reconcileCsv, reconcileJson, reconcileTable, type ReconcileHeader } from '../report/reconcile.js';
import { loadScenarioFile } from '../scenario/load.js';
import { resolveScenario } from '../scenario/resolve.js';
import { addMonths, type MonthKey } from '../units.js';
import { parseMonthFlag } from './actuals.js';
import { parseEnumFlag, parseNumberFlag, type FleetRunFlags } from './flags.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';

const FORMATS = ['table', 'csv', 'json'] as const;

interface ReconcileFlags extends FleetRunFlags {
  actuals: string;
  from?: string;
  discount?: string;
  rates?: string;
}

/** Months from `a` to `b` inclusive (0 if b is before a). */
const monthsBetween = (a: MonthKey, b: MonthKey) => {
  let n = 0;
  while (addMonths(a, n) <= b && n < 1000) n++;
  return n;
};

/** A rates file: usage type → USD per unit (a decimal string or number), YAML or JSON. */
function readRates(io: CliIO, path: string, region: string): Map<string, Dec> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(resolve(io.cwd, path), 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw ScenarioError.at(err.code === 'ENOENT' ? `no such file '${path}'` : `cannot read '${path}' (${err.message})`, '--rates', path);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError({ source: path, path: '(top)', message: 'expected a map of usage type to USD per unit, e.g. "TimedStorage-GDA-ByteHrs: 0.00085"' });
  }
  const rates = new Map<string, Dec>();
  const issues = [];
  for (const [ut, v] of Object.entries(raw as Record<string, unknown>)) {
    const d = parseDecimal(typeof v === 'number' ? String(v) : v);
    if (!d) issues.push({ source: path, path: ut, value: v, message: `expected a rate in USD per unit as a plain decimal (e.g. 0.00085), got '${String(v)}'` });
    else rates.set(normaliseUsageType(region, ut), d);
  }
  if (issues.length) throw new InputError(issues);
  return rates;
}

export function registerReconcile(program: Command, io: CliIO): void {
  program
    .command('reconcile')
    .description("hold a scenario's forecast against what AWS billed (an actuals file), month by month and line by line")
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--actuals <file>', 'actuals file from `tierwise actuals fetch` or `tierwise actuals import`')
    .option('--from <YYYY-MM>', "start the forecast in this month instead of the scenario's horizon.start_month, so a forecast made for the past lines up with the bill")
    .option('--months <n>', 'forecast this many months (default: up to the last month of the actuals, at most the scenario horizon)')
    .option('--discount <pct>', 'forecast at list prices less this percentage (EDP, private pricing)')
    .option('--rates <file>', 'YAML or JSON map of usage type to negotiated USD per unit, replacing list prices for those usage types')
    .option('--prices <snapshot>', "price book: 'bundled', a cached snapshot id or a snapshot file", 'bundled')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--force', 'replace --out if it exists')
    .option('--threads <n>', 'worker threads for the simulation')
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .addHelpText(
      'after',
      [
        '',
        'Lines are joined on the usage type (the region prefix removed) and, where the forecast has one, the',
        'operation; the bill splits some usage types over API operations (Requests-Tier1 as PutObject, CopyObject,',
        'ListBucket …): those are summed to the forecast’s grain and the split is shown under the line. Lines on one',
        'side only are called out. Daily actuals are summed per month. The summary names the largest gaps and what',
        'usually causes each.',
      ].join('\n'),
    )
    .action(async (path: string, opts: ReconcileFlags) => {
      const format = opts.json ? 'json' : parseEnumFlag('--format', opts.format, FORMATS);
      if (opts.discount !== undefined && opts.rates !== undefined) throw ScenarioError.at('give --discount or --rates, not both', '--rates', opts.rates);
      // Everything the user gave is checked before the simulation, the long part.
      const actuals = readActualsFile(resolve(io.cwd, opts.actuals), opts.actuals);
      const file = loadScenarioFile(path);
      if (!file.fleet) throw ScenarioError.at('a fleet section is needed to forecast (see scenarios/fleet-deep-archive.yaml)', 'fleet', undefined);
      if (opts.from !== undefined) file.horizon = { ...file.horizon, start_month: parseMonthFlag('--from', opts.from) };
      const start = file.horizon.start_month as MonthKey;
      const lastActual = actuals.periods.map((p) => p.period.slice(0, 7)).sort().pop() as MonthKey | undefined;
      const months =
        opts.months !== undefined
          ? parseNumberFlag('--months', opts.months, { integer: true, min: 1, max: 240 })
          : Math.max(1, Math.min(file.horizon.months, lastActual ? monthsBetween(start, lastActual) : file.horizon.months));
      file.horizon = { ...file.horizon, months };
      const scenario = resolveScenario(file, path);
      const discount = opts.discount === undefined ? undefined : parseNumberFlag('--discount', opts.discount, { min: 0, max: 100 });
      const adj: PriceAdjustment =
        discount !== undefined ? { kind: 'discount', pct: new Dec(opts.discount!.trim().replaceAll('_', '')) } : opts.rates !== undefined ? { kind: 'rates', rates: readRates(io, opts.rates, scenario.region) } : { kind: 'list' };
      const threads = opts.threads === undefined ? undefined : parseNumberFlag('--threads', opts.threads, { integer: true, min: 1, max: 64 });
      const book = loadPriceBook(opts.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false);

      const bar = opts.progress && io.stderr.isTTY && !io.env.CI ? new SingleBar({ format: 'simulating {bar} {value}/{total} months | {duration_formatted}', hideCursor: true, stream: io.stderr as NodeJS.WritableStream }) : undefined;
      bar?.start(scenario.simMonths, 0);
      let f;
      try {
        f = await forecast(scenario, book, { ...(threads ? { threads } : {}), onProgress: (done) => bar?.update(done) });
      } finally {
        bar?.stop();
      }
      const r = reconcile(f, actuals, adj);
      const header: ReconcileHeader = {
        scenario: { name: scenario.name, region: scenario.region, priceBook: f.priceBook.id },
        actuals: { file: opts.actuals, source: actuals.source.kind, createdAt: actuals.createdAt },
        prices: adj.kind === 'discount' ? `list prices less ${adj.pct.toString()} %` : adj.kind === 'rates' ? `negotiated rates from ${opts.rates} for ${adj.rates.size} usage type(s), list prices for the rest` : 'list prices',
      };
      const text = format === 'json' ? `${JSON.stringify(reconcileJson(r, header), null, 2)}\n` : format === 'csv' ? reconcileCsv(r) : reconcileTable(r, header);
      if (opts.out) {
        writeOutputFile(io, opts.out, text, opts.force ?? false);
        io.stderr.write(`wrote ${opts.out}\n`);
      } else io.stdout.write(text);
    });
}
