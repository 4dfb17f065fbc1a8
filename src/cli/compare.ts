/**
 * `tierwise compare <a.yaml> <b.yaml> […]`: designs side by side over the same months, with the
 * first as the baseline of the differences.
 */
import type { Command } from 'commander';
import { ScenarioError } from '../errors.js';
import type { Forecast } from '../forecast.js';
import { checkScenarioPrices } from '../pricing/coverage.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import { comparisonHtml } from '../report/compare-html.js';
import { checkSameHorizon, compareForecasts, comparisonCsv, comparisonJson, comparisonTable } from '../report/compare.js';
import { parseEnumFlag, parseNumberFlag, type FleetRunFlags } from './flags.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';
import { loadFleetScenario } from './scenario-arg.js';
import { forecastWithProgress } from './simulate.js';

const FORMATS = ['table', 'csv', 'json', 'html'] as const;

type CompareFlags = FleetRunFlags;

export function registerCompare(program: Command, io: CliIO): void {
  program
    .command('compare')
    .description('simulate several fleet scenarios over the same months and compare their costs: by month, cause and usage type, break-even, verdict')
    .argument('<scenarios...>', 'two or more scenario YAML files; the first is the baseline (e.g. scenarios/compare/*.yaml)')
    .option('--months <n>', "simulate this many months instead of each scenario's horizon.months")
    .option('--prices <snapshot>', "price book for every scenario: 'bundled', a cached snapshot id or a snapshot file", 'bundled')
    .option('--format <format>', `output: ${FORMATS.join(', ')} (html: a self-contained page with charts; give --out)`, 'table')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the comparison to a file instead of standard output')
    .option('--force', 'replace --out if it exists')
    .option('--threads <n>', 'worker threads per simulation (default: one per core)')
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .addHelpText(
      'after',
      '\nScenarios are aligned by calendar month and must cover the same months (the same\n' +
        'horizon.start_month, and the same months or --months N); otherwise compare refuses before\n' +
        'simulating. Differences are each scenario minus the first. Exit code 2 for bad input.',
    )
    .action(async (paths: string[], opts: CompareFlags) => {
      const format = opts.json ? 'json' : parseEnumFlag('--format', opts.format, FORMATS);
      if (paths.length < 2) throw ScenarioError.at(`compare needs at least two scenario files, got ${paths.length}`, 'scenarios', paths.join(' '));
      const threads = opts.threads === undefined ? undefined : parseNumberFlag('--threads', opts.threads, { integer: true, min: 1, max: 64 });
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false);
      // Every file loaded and checked before the first (long) simulation.
      const loaded = paths.map((path) => ({ path, scenario: loadFleetScenario(path, opts.months) }));
      checkSameHorizon(loaded);
      const names = new Map<string, string>();
      for (const s of loaded) {
        const other = names.get(s.scenario.name);
        if (other) throw ScenarioError.at(`'${s.scenario.name}' is the name of both ${other} and ${s.path}; compare tells scenarios apart by name`, 'name', s.scenario.name);
        names.set(s.scenario.name, s.path);
      }
      const book = loadPriceBook(opts.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
      for (const s of loaded) checkScenarioPrices(s.scenario, book, s.path);

      const forecasts: { name: string; file: string; forecast: Forecast }[] = [];
      for (const s of loaded) {
        if (io.stderr.isTTY && opts.progress) io.stderr.write(`${s.scenario.name}\n`);
        forecasts.push({ name: s.scenario.name, file: s.path, forecast: await forecastWithProgress(io, s.scenario, book, { threads, progress: opts.progress }) });
      }
      const c = compareForecasts(forecasts);
      const text = format === 'json' ? `${JSON.stringify(comparisonJson(c), null, 2)}\n` : format === 'csv' ? comparisonCsv(c) : format === 'html' ? comparisonHtml(c) : comparisonTable(c);
      if (opts.out) {
        writeOutputFile(io, opts.out, text, opts.force ?? false);
        io.stderr.write(`wrote ${opts.out}\n`);
      } else io.stdout.write(text);
    });
}
