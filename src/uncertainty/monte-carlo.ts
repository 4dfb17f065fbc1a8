/**
 * Monte Carlo over a scenario's uncertain parameters: Latin hypercube draws, one scenario per
 * run (every one resolved and checked before the first simulation), each simulated and priced
 * by an injected `RunScenario`, then P10 / P50 / P90 of the cost and stored TiB per month and of
 * the horizon total.
 *
 * Every run simulates with the scenario's own seed (common random numbers): the devices draw the
 * same sizes, offline days and jitter in every run, so the spread between runs is the effect of
 * the parameters alone, and a scenario without distributions gives N identical runs.
 */
import { ScenarioError } from '../errors.js';
import type { Forecast } from '../forecast.js';
import { createRandom } from '../fleet/random.js';
import { Dec } from '../pricing/decimal.js';
import { capacityTotals } from '../report/forecast.js';
import type { UncertainScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/resolve.js';
import type { UncertainParam } from '../scenario/uncertain.js';
import { TIB_IN_GIB, type MonthKey } from '../units.js';
import { mapConcurrent } from './concurrent.js';
import { quantile } from './distributions.js';
import { latinHypercube } from './lhs.js';
import { percentiles, type Percentiles } from './percentiles.js';

/**
 * Simulates and prices one concrete scenario: `forecast(sc, book, opts)` by default, or any
 * other engine (a sampled simulation, a remote shard) with the same result.
 */
export type RunScenario = (sc: Scenario) => Promise<Forecast>;

/** The generator stream of the hypercube: apart from every device's stream (devices ≤ 1,000,000). */
const LHS_STREAM = 0x4d43_0000;

/** What one run reports: its drawn values and its cost and stored TiB per month. */
export interface RunResult {
  readonly values: readonly number[];
  readonly total: Dec;
  readonly months: readonly { readonly month: MonthKey; readonly cost: Dec; readonly storedTiB: number }[];
}

export interface UncertaintyResult {
  readonly params: readonly UncertainParam[];
  readonly runs: readonly RunResult[];
  /** The price book of the runs (all runs use the same one). */
  readonly priceBook: Forecast['priceBook'];
  readonly scenario: Scenario;
  readonly total: Percentiles;
  readonly months: readonly { readonly month: MonthKey; readonly cost: Percentiles; readonly storedTiB: Percentiles }[];
}

/**
 * `runs` parameter sets, row r for run r: Latin hypercube probabilities from the scenario's seed
 * mapped through each distribution's quantile, so the same seed draws the same values.
 */
export function drawValues(params: readonly UncertainParam[], runs: number, seed: number): number[][] {
  const u = latinHypercube(runs, params.length, createRandom(seed, LHS_STREAM));
  return u.map((row) => params.map((p, j) => (p.integer ? Math.round : (x: number) => x)(quantile(p.distribution, row[j] as number))));
}

/**
 * The scenario of every parameter set, resolved up front so that a drawn combination the file's
 * rules refuse (say a drawn median above a drawn p90) stops the command before any simulation.
 */
export function scenariosFor(u: UncertainScenario, sets: readonly (readonly number[])[], what: (k: number) => string): Scenario[] {
  return sets.map((values, k) => {
    try {
      return u.withValues(values);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      const drawn = u.params.map((p, j) => `${p.path} = ${values[j]}`).join(', ');
      throw new ScenarioError(e.issues.map((i) => ({ ...i, message: `${i.message} (in ${what(k)}, which takes ${drawn}; narrow the distributions so every combination is valid)` })));
    }
  });
}

/** What a forecast contributes to the percentiles. */
export function runResult(values: readonly number[], f: Forecast): RunResult {
  return { values, total: f.total, months: f.months.map((m) => ({ month: m.month, cost: m.total, storedTiB: capacityTotals(m.capacity).gib / TIB_IN_GIB })) };
}

export interface RunOptions {
  /**
   * Runs in flight at once (default 1: one after the other). Above 1 pays only when `run` hands
   * its work to other threads (a shared shard pool); results are the same with any value.
   */
  readonly concurrency?: number;
}

/**
 * Forecasts the scenarios, `opts.concurrency` at a time, each reduced by `reduce` as it finishes
 * (results in scenario order); and the first run's price book, as in sequence (a book carries its
 * run's price changes). `onDone(count)` as runs finish.
 */
export async function runScenarios<R>(
  scenarios: readonly Scenario[],
  run: RunScenario,
  opts: RunOptions,
  reduce: (f: Forecast, k: number) => R,
  onDone: (done: number) => void,
): Promise<{ results: R[]; priceBook: Forecast['priceBook'] }> {
  let priceBook: Forecast['priceBook'] | undefined;
  const results = await mapConcurrent(
    scenarios,
    opts.concurrency ?? 1,
    async (sc, k) => {
      const f = await run(sc);
      if (k === 0) priceBook = f.priceBook;
      return reduce(f, k);
    },
    onDone,
  );
  return { results, priceBook: priceBook! };
}

/** Runs `runs` Latin hypercube draws of `u`, `concurrency` at a time; `onRun` as runs finish. */
export async function runUncertainty(u: UncertainScenario, runs: number, run: RunScenario, onRun: (done: number) => void = () => {}, opts: RunOptions = {}): Promise<UncertaintyResult> {
  const sets = drawValues(u.params, runs, u.central.seed);
  const scenarios = scenariosFor(u, sets, (k) => `run ${k + 1}`);
  // Each forecast is reduced to its percentiles' inputs at once: thousands of runs are not kept whole.
  const { results, priceBook } = await runScenarios(scenarios, run, opts, (f, k) => runResult(sets[k] as number[], f), onRun);
  return summarise(u.params, results, priceBook, u.central);
}

/** Percentiles across runs, month by month (every run reports the same months). */
export function summarise(params: readonly UncertainParam[], runs: readonly RunResult[], priceBook: Forecast['priceBook'], scenario: Scenario): UncertaintyResult {
  const first = runs[0];
  if (!first) throw new RangeError('an uncertainty analysis needs at least one run');
  return {
    params,
    runs,
    priceBook,
    scenario,
    total: percentiles(runs.map((r) => r.total)),
    months: first.months.map((m, i) => ({
      month: m.month,
      cost: percentiles(runs.map((r) => r.months[i]!.cost)),
      storedTiB: percentiles(runs.map((r) => new Dec(r.months[i]!.storedTiB))),
    })),
  };
}
