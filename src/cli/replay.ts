/**
 * `tierwise replay <events.csv|-> --scenario <file.yaml>`: an explicit history of object events
 * priced through the same ledger and price book as `simulate`.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ScenarioError } from '../errors.js';
import { checkScenarioPrices } from '../pricing/coverage.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import { parseReplayEvents, REPLAY_COLUMNS, REPLAY_OPS } from '../replay/events.js';
import { priceReplay, replay } from '../replay/replay.js';
import { loadScenario } from '../scenario/load.js';
import { existingObjects } from '../reconcile/initial-inventory.js';
import { daysInMonth, addMonths, parseMonthKey } from '../units.js';
import { parseEnumFlag, type ReportOutputFlags } from './flags.js';
import { writeForecast } from './forecast-output.js';
import { checkOutputFile, type CliIO } from './io.js';

const FORMATS = ['table', 'csv', 'json'] as const;

interface ReplayFlags extends ReportOutputFlags {
  scenario?: string;
  html?: string;
}

export function registerReplay(program: Command, io: CliIO): void {
  program
    .command('replay')
    .description('price an explicit history of object events (puts, deletes, reads, restores, egress) through the same ledger as simulate')
    .argument('<events>', `CSV file of events, or - for standard input; header ${REPLAY_COLUMNS.join(',')}`)
    .option('--scenario <file>', 'scenario YAML supplying region, horizon, bucket (lifecycle, versioning, Intelligent-Tiering) and account; fleet, agent and restores are ignored')
    .option('--prices <snapshot>', "price book: 'bundled', a cached snapshot id or a snapshot file", 'bundled')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--html <file>', 'also write the HTML report with charts')
    .option('--force', 'replace --out or --html if it exists')
    .addHelpText(
      'after',
      `\nops: ${REPLAY_OPS.join(', ')}. time is ISO-8601 UTC (2027-03-01T12:00:00Z), in time order, inside the\n` +
        "scenario's horizon. put writes `count` objects (default 1) of `size_bytes` under `key` in\n" +
        "`storage_class` (default: the bucket's); delete, get and restore act on every object the key's\n" +
        'earlier puts wrote (restore needs `tier`: expedited, standard or bulk, and `days`, default 1);\n' +
        'transfer_out sends `size_bytes` to the internet (key empty). Bad input: one line per problem\n' +
        'naming file, line and column, exit code 2, nothing written.',
    )
    .action(async (eventsPath: string, opts: ReplayFlags) => {
      const format = opts.json ? 'json' : parseEnumFlag('--format', opts.format, FORMATS);
      if (!opts.scenario) throw ScenarioError.at('replay needs --scenario <file.yaml> (its region, horizon and bucket)', '--scenario');
      const sc = loadScenario(opts.scenario, { require: [] });
      const book = loadPriceBook(opts.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
      checkScenarioPrices(sc, book, opts.scenario); // before the run, not after
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false);
      if (opts.html) checkOutputFile(io, opts.html, opts.force ?? false, '--html');
      const text = eventsPath === '-' ? await io.readStdin() : readEvents(eventsPath);
      const source = eventsPath === '-' ? 'stdin' : eventsPath;
      const start = parseMonthKey(sc.simStartMonth)!;
      const end = parseMonthKey(addMonths(sc.simStartMonth, sc.simMonths - 1))!;
      const startMs = Date.UTC(start.year, start.month - 1, 1);
      const endMs = Date.UTC(end.year, end.month - 1, 1) + daysInMonth(addMonths(sc.simStartMonth, sc.simMonths - 1)) * 86_400_000;
      const began = performance.now();
      const events = parseReplayEvents(text, source, { startMs, endMs, bucketClass: sc.bucket.storageClass });
      const existing = await existingObjects(sc);
      const result = priceReplay(sc, replay(sc, events, source, existing), book, performance.now() - began);
      writeForecast(io, result, { format, out: opts.out, html: opts.html, force: opts.force ?? false });
    });
}

function readEvents(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw ScenarioError.at(code === 'ENOENT' ? `no such file '${path}'` : `cannot read '${path}' (${code})`, 'events', path);
  }
}
