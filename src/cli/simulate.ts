/**
 * `tierwise simulate <scenario.yaml>`: the fleet day by day, priced month by month.
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ScenarioError } from '../errors.js';
import { forecast, type Forecast } from '../forecast.js';
import { checkScenarioPrices } from '../pricing/coverage.js';
import type { PriceBook } from '../pricing/price-book.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import type { Scenario } from '../scenario/resolve.js';
import { parseEnumFlag, parseNumberFlag, type FleetRunFlags } from './flags.js';
import { writeForecast } from './forecast-output.js';
import { checkOutputFile, type CliIO } from './io.js';
import { loadFleetScenario } from './scenario-arg.js';
import { simulateUncertainty } from './uncertainty.js';
import type { SampleOptions } from '../fleet/sample.js';
import { SAMPLE_HELP, SAMPLE_SEED_HELP, sampleFlags, type SampleFlags } from './sample-flags.js';

const FORMATS = ['table', 'csv', 'json'] as const;

interface SimulateFlags extends FleetRunFlags, SampleFlags {
  html?: string;
  uncertainty?: string;
}

export function registerSimulate(program: Command, io: CliIO): void {
  program
    .command('simulate')
    .description('simulate a fleet scenario day by day and print what it costs and stores, month by month')
    .argument('<scenario>', 'scenario YAML file (see scenarios/ and `tierwise schema`)')
    .option('--months <n>', "simulate this many months instead of the scenario's horizon.months")
    .option('--prices <snapshot>', "price book: 'bundled', a cached snapshot id or a snapshot file (see `tierwise prices list`)", 'bundled')
    .option('--format <format>', `output: ${FORMATS.join(', ')} (csv: every bill line; json: months with lines, capacity per class and region, findings, and restore events)`, 'table')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--html <file>', 'also write the HTML report with charts (as `tierwise report --out`; with --uncertainty, the P10–P90 bands)')
    .option('--force', 'replace --out or --html if it exists')
    .option('--threads <n>', 'worker threads (default: one per core; small fleets run in one thread, but the runs of --uncertainty share the threads; 1: all in this thread)')
    .option('--sample <n>', SAMPLE_HELP)
    .option('--sample-seed <n>', SAMPLE_SEED_HELP)
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .option('--uncertainty <runs>', 'Monte Carlo: simulate this many Latin hypercube draws of the parameters given as distributions and report P10 / P50 / P90 of cost and stored TiB per month and in total')
    .addHelpText(
      'after',
      '\nEvery report names the price book it used and its date. Costs are list prices; months of\n' +
        'fleet.history_months are simulated but not reported. Exit code 2 for bad input.',
    )
    .action(async (path: string, opts: SimulateFlags, cmd: Command) => {
      const format = outputFormat(opts, cmd.getOptionValueSource('format') === 'cli');
      if (opts.uncertainty !== undefined) return simulateUncertainty(io, path, opts.uncertainty, format, opts);
      const threads = opts.threads === undefined ? undefined : parseNumberFlag('--threads', opts.threads, { integer: true, min: 1, max: 64 });
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false); // refuse before the long run, not after
      if (opts.html) checkOutputFile(io, opts.html, opts.force ?? false, '--html');
      const scenario = loadFleetScenario(path, opts.months);
      const book = loadPriceBook(opts.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
      checkScenarioPrices(scenario, book, path);
      const sample = sampleFlags(io, scenario, opts);

      const result = await forecastWithProgress(io, scenario, book, { threads, progress: opts.progress, ...(sample ? { sample } : {}) });
      writeForecast(io, result, { format, out: opts.out, html: opts.html, force: opts.force ?? false });
    });
}

/** Simulates and prices `scenario`, with a progress bar on a terminal (shared with `report` and `compare`). */
export async function forecastWithProgress(io: CliIO, scenario: Scenario, book: PriceBook, opts: { threads?: number | undefined; progress: boolean; sample?: SampleOptions }): Promise<Forecast> {
  const bar =
    opts.progress && io.stderr.isTTY
      ? new SingleBar({ format: 'simulating {bar} {value}/{total} months | {duration_formatted} elapsed, ETA {eta_formatted}', etaBuffer: 6, hideCursor: true, stream: io.stderr as NodeJS.WritableStream })
      : undefined;
  bar?.start(scenario.simMonths, 0);
  try {
    return await forecast(scenario, book, { ...(opts.threads ? { threads: opts.threads } : {}), ...(opts.sample ? { sample: opts.sample } : {}), onProgress: (done) => bar?.update(done) });
  } finally {
    bar?.stop();
  }
}

/** --json is --format json; with another --format given explicitly, the user must choose. */
function outputFormat(opts: SimulateFlags, formatGiven: boolean): (typeof FORMATS)[number] {
  const format = parseEnumFlag('--format', opts.format, FORMATS);
  if (opts.json && formatGiven && format !== 'json') {
    throw ScenarioError.at(`--json asks for JSON but --format asks for ${format}; give one of them`, '--json', true);
  }
  return opts.json ? 'json' : format;
}
