/**
 * `tierwise report <scenario.yaml>`: the forecast as a self-contained HTML page with charts, and
 * optionally the same charts as PNG files.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ScenarioError } from '../errors.js';
import { checkScenarioPrices } from '../pricing/coverage.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import { CHART_IDS, forecastCharts } from '../report/charts.js';
import { forecastHtml } from '../report/html.js';
import { parseNumberFlag } from './flags.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';
import { loadFleetScenario } from './scenario-arg.js';
import { forecastWithProgress } from './simulate.js';

interface ReportFlags {
  months?: string;
  prices: string;
  out: string;
  force?: boolean;
  png?: string;
  threads?: string;
  progress: boolean;
}

export function registerReport(program: Command, io: CliIO): void {
  program
    .command('report')
    .description('simulate a fleet scenario and write an HTML report with charts (and PNG charts with --png)')
    .argument('<scenario>', 'scenario YAML file (see scenarios/ and `tierwise schema`)')
    .option('--months <n>', "simulate this many months instead of the scenario's horizon.months")
    .option('--prices <snapshot>', "price book: 'bundled', a cached snapshot id or a snapshot file (see `tierwise prices list`)", 'bundled')
    .option('--out <file>', 'the HTML report', 'report.html')
    .option('--png <dir>', `also write every chart as a PNG file into this directory (${CHART_IDS.map((id) => `${id}.png`).join(', ')})`)
    .option('--force', 'replace the report and PNG files if they exist')
    .option('--threads <n>', 'worker threads (default: one per core; small fleets run in one thread)')
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .addHelpText(
      'after',
      '\nThe page is one file that never touches the network (chart.js and the data are inside it):\n' +
        'monthly cost by cause, cumulative spend, stored TiB and objects per class, early-delete and\n' +
        'transition costs, devices, each with its table; then findings, the scenario with its defaults,\n' +
        'the price book and the run. Exit code 2 for bad input; nothing is replaced without --force.',
    )
    .action(async (path: string, opts: ReportFlags) => {
      const threads = opts.threads === undefined ? undefined : parseNumberFlag('--threads', opts.threads, { integer: true, min: 1, max: 64 });
      const force = opts.force ?? false;
      // Refuse before the long run: the report, and every PNG a fleet report can write.
      checkOutputFile(io, opts.out, force);
      const pngDir = opts.png === undefined ? undefined : resolve(io.cwd, opts.png);
      // Loaded only for --png: the native canvas module stays out of every other command's start.
      const png = pngDir ? await import('../report/png.js') : undefined;
      if (pngDir && png) {
        png.pngFontFile();
        const dir = statSync(pngDir, { throwIfNoEntry: false });
        if (!dir) checkOutputFile(io, pngDir, force, '--png'); // created later: its parent must be writable
        else if (!dir.isDirectory()) throw ScenarioError.at(`'${opts.png}' is a file; give a folder for the PNG charts`, '--png', opts.png);
        else for (const p of png.pngPaths(pngDir, CHART_IDS)) checkOutputFile(io, p, force, '--png');
      }
      const scenario = loadFleetScenario(path, opts.months);
      const book = loadPriceBook(opts.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
      checkScenarioPrices(scenario, book, path);

      const result = await forecastWithProgress(io, scenario, book, { threads, progress: opts.progress });
      writeOutputFile(io, opts.out, forecastHtml(result), force);
      io.stderr.write(`wrote ${opts.out}\n`);
      if (pngDir && png) {
        const written = png.writeChartPngs(pngDir, forecastCharts(result));
        io.stderr.write(`wrote ${written.length} PNG charts to ${opts.png}\n`);
      }
    });
}
