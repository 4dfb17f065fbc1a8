/**
 * `tierwise simulate --uncertainty <runs>` (Monte Carlo P10 / P50 / P90) and
 * `tierwise sensitivity <scenario.yaml>` (a tornado of one-at-a-time swings): both run the
 * scenario many times through one `RunScenario`, built here in one place.
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ScenarioError } from '../errors.js';
import { forecast } from '../forecast.js';
import { checkScenarioPrices } from '../pricing/coverage.js';
import type { PriceBook } from '../pricing/price-book.js';
import { defaultCacheDir, loadPriceBook } from '../pricing/snapshots.js';
import { sensitivityCsv, sensitivityJson, sensitivityTable, uncertaintyCsv, uncertaintyJson, uncertaintyTable } from '../report/uncertainty.js';
import { loadUncertainScenario, type UncertainScenario } from '../scenario/load.js';
import type { UncertainParam } from '../scenario/uncertain.js';
import { uncertaintyHtml } from '../report/uncertainty-html.js';
import { runUncertainty, type RunScenario } from '../uncertainty/monte-carlo.js';
import { runSensitivity } from '../uncertainty/sensitivity.js';
import { parseEnumFlag, parseNumberFlag } from './flags.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';
import { SAMPLE_HELP, SAMPLE_SEED_HELP, sampleFlags, type SampleFlags } from './sample-flags.js';
import { scenarioSlots } from '../fleet/shard.js';
import { ShardPool } from '../fleet/pool.js';
import { availableParallelism } from 'node:os';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Most runs one command takes: beyond this, see docs/scale-out.md. */
export const MAX_RUNS = 10_000;

export interface RunFlags extends SampleFlags {
  readonly months?: string | undefined;
  readonly prices: string;
  readonly threads?: string | undefined;
  readonly progress: boolean;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

interface Prepared {
  readonly scenario: UncertainScenario;
  readonly book: PriceBook;
  readonly run: RunScenario;
  /** The worker threads every run's shards go to (none with --threads 1); closed by `withRuns`. */
  readonly pool: ShardPool | undefined;
  /** Runs in flight at once. */
  readonly concurrency: number;
}

/** Flags, scenario and prices, all checked before the first run. */
function prepare(io: CliIO, path: string, flags: RunFlags): Prepared {
  const threads = flags.threads === undefined ? undefined : parseNumberFlag('--threads', flags.threads, { integer: true, min: 1, max: 64 });
  const months = flags.months === undefined ? undefined : parseNumberFlag('--months', flags.months, { integer: true, min: 1, max: 240 });
  if (flags.out) checkOutputFile(io, flags.out, flags.force ?? false);
  const scenario = loadUncertainScenario(path, { ...(months !== undefined ? { months } : {}), require: ['fleet'] });
  const book = loadPriceBook(flags.prices, { cwd: io.cwd, cacheDir: defaultCacheDir(io.env) });
  checkScenarioPrices(scenario.central, book, path);
  const sample = sampleFlags(io, scenario.central, flags);
  // One pool of workers for the whole analysis: the runs' shards share it, however small each
  // fleet is. With --threads 1 the runs go one after the other in this thread. Workers start
  // with the first job, so a pool nothing ran on costs nothing.
  const size = threads ?? availableParallelism();
  const pool = size > 1 ? new ShardPool(size) : undefined;
  // The one place a run is defined: the whole pipeline, as `simulate` runs it. A drawn fleet no
  // larger than the sample runs in full.
  const run: RunScenario = (sc) =>
    forecast(sc, book, { ...(pool ? { pool } : { threads: 1 }), ...(sample && sample.devices < scenarioSlots(sc).length ? { sample } : {}) });
  // Twice the workers: while this thread prices the runs that finished, the workers have the
  // next runs' shards queued.
  return { scenario, book, run, pool, concurrency: pool ? 2 * pool.size : 1 };
}

/** Runs `analysis`, then stops the pool's workers — also when it fails, so no thread keeps the process alive. */
async function withRuns<T>(prepared: Prepared, analysis: () => Promise<T>): Promise<T> {
  try {
    return await analysis();
  } finally {
    await prepared.pool?.close();
  }
}

/** A runs bar on a terminal (not in CI): these commands simulate the scenario many times. */
function runsBar(io: CliIO, enabled: boolean, total: number): { tick: (done: number) => void; stop: () => void } {
  const bar = enabled && io.stderr.isTTY && !io.env.CI ? new SingleBar({ format: 'runs {bar} {value}/{total} | {duration_formatted} elapsed, ETA {eta_formatted}', hideCursor: true, stream: io.stderr as NodeJS.WritableStream }) : undefined;
  bar?.start(total, 0);
  return { tick: (done) => bar?.update(done), stop: () => bar?.stop() };
}

function write(io: CliIO, text: string, flags: RunFlags): void {
  if (flags.out) {
    writeOutputFile(io, flags.out, text, flags.force ?? false);
    io.stderr.write(`wrote ${flags.out}\n`);
  } else io.stdout.write(text);
}

/** `simulate --uncertainty <runs>`: called by the simulate command when the flag is given; `--html` also writes the page of bands. */
export async function simulateUncertainty(io: CliIO, path: string, runsText: string, format: Format, flags: RunFlags & { readonly html?: string | undefined }): Promise<void> {
  const runs = parseNumberFlag('--uncertainty', runsText, { integer: true, min: 1, max: MAX_RUNS });
  if (flags.html) checkOutputFile(io, flags.html, flags.force ?? false, '--html'); // refuse before the runs, not after
  const prepared = prepare(io, path, flags);
  const bar = runsBar(io, flags.progress, runs);
  try {
    const result = await withRuns(prepared, () => runUncertainty(prepared.scenario, runs, prepared.run, bar.tick, { concurrency: prepared.concurrency }));
    if (flags.html) {
      writeOutputFile(io, flags.html, uncertaintyHtml(result), flags.force ?? false, '--html');
      io.stderr.write(`wrote ${flags.html}\n`);
    }
    write(io, format === 'json' ? `${JSON.stringify(uncertaintyJson(result), null, 2)}\n` : format === 'csv' ? uncertaintyCsv(result) : uncertaintyTable(result), flags);
  } finally {
    bar.stop();
  }
}

/** The parameters `--params` names (paths as the file has them), every unknown one refused at once. */
export function selectParams(all: readonly UncertainParam[], list: string | undefined): readonly UncertainParam[] {
  if (list === undefined) return all;
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !all.some((p) => p.path === n));
  if (unknown.length > 0 || names.length === 0) {
    const allowed = all.length > 0 ? all.map((p) => p.path).join(', ') : 'none: the scenario has no distributions';
    throw ScenarioError.at(`${names.length === 0 ? 'no parameter given' : `not an uncertain parameter of the scenario: ${unknown.join(', ')}`} (allowed: ${allowed})`, '--params', list);
  }
  return all.filter((p) => names.includes(p.path));
}

interface SensitivityFlags extends RunFlags {
  readonly params?: string;
  readonly format: string;
  readonly json?: boolean;
}

export function registerSensitivity(program: Command, io: CliIO): void {
  program
    .command('sensitivity')
    .description('swing each uncertain parameter of a scenario from its P10 to its P90 (the others central) and rank them by their effect on the horizon total (a tornado)')
    .argument('<scenario>', 'scenario YAML file whose parameters are given as distributions')
    .option('--params <paths>', 'only these parameters, comma-separated paths as in the file (e.g. fleet.daily_change_pct)')
    .option('--months <n>', "simulate this many months instead of the scenario's horizon.months")
    .option('--prices <snapshot>', "price book: 'bundled', a cached snapshot id or a snapshot file", 'bundled')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report to a file instead of standard output')
    .option('--force', 'replace --out if it exists')
    .option('--threads <n>', 'worker threads shared by the runs (default: one per core; 1: the runs one after the other in this thread)')
    .option('--sample <n>', `each run: ${SAMPLE_HELP}`)
    .option('--sample-seed <n>', SAMPLE_SEED_HELP)
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .addHelpText('after', '\nRuns the scenario 1 + 2 × parameters times, every run with the scenario\'s seed. Exit code 2 for bad input.')
    .action(async (path: string, opts: SensitivityFlags) => {
      const format = opts.json ? 'json' : parseEnumFlag('--format', opts.format, FORMATS);
      const prepared = prepare(io, path, opts);
      const params = selectParams(prepared.scenario.params, opts.params);
      const bar = runsBar(io, opts.progress, 1 + 2 * params.length);
      try {
        const result = await withRuns(prepared, () => runSensitivity(prepared.scenario, params, prepared.run, bar.tick, { concurrency: prepared.concurrency }));
        write(io, format === 'json' ? `${JSON.stringify(sensitivityJson(result), null, 2)}\n` : format === 'csv' ? sensitivityCsv(result) : sensitivityTable(result), opts);
      } finally {
        bar.stop();
      }
    });
}
