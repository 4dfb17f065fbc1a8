/**
 * One-at-a-time sensitivity: each uncertain parameter swung from its 10th to its 90th
 * percentile with every other parameter at its central value, the horizon total priced at both
 * ends. Sorted by the size of the swing, the rows form a tornado: the assumption to verify first
 * is at the top. Every run uses the scenario's seed, so a swing is the parameter's effect alone.
 */
import type { Dec } from '../pricing/decimal.js';
import type { Forecast } from '../forecast.js';
import type { UncertainScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/resolve.js';
import type { UncertainParam } from '../scenario/uncertain.js';
import { centralValue, swingRange } from './distributions.js';
import { runScenarios, scenariosFor, type RunOptions, type RunScenario } from './monte-carlo.js';

export interface SensitivityRow {
  readonly param: UncertainParam;
  readonly lowValue: number;
  readonly highValue: number;
  /** Horizon total with the parameter at its low / high value. */
  readonly lowTotal: Dec;
  readonly highTotal: Dec;
  /** |highTotal − lowTotal|: the bar's length in the tornado. */
  readonly swing: Dec;
}

export interface SensitivityResult {
  readonly scenario: Scenario;
  readonly priceBook: Forecast['priceBook'];
  /** Horizon total with every parameter central. */
  readonly baseTotal: Dec;
  /** Largest swing first; ties keep the file's order. */
  readonly rows: readonly SensitivityRow[];
}

/** 1 + 2 × params runs: the central scenario, then each parameter at its low and its high; `concurrency` at a time. */
export async function runSensitivity(u: UncertainScenario, params: readonly UncertainParam[], run: RunScenario, onRun: (done: number, total: number) => void = () => {}, opts: RunOptions = {}): Promise<SensitivityResult> {
  const round = (p: UncertainParam, v: number) => (p.integer ? Math.round(v) : v);
  const central = u.params.map((p) => round(p, centralValue(p.distribution)));
  const sets: number[][] = [central];
  for (const p of params) {
    const j = u.params.indexOf(p);
    const { low, high } = swingRange(p.distribution);
    sets.push(central.map((v, i) => (i === j ? round(p, low) : v)), central.map((v, i) => (i === j ? round(p, high) : v)));
  }
  const scenarios = scenariosFor(u, sets, (k) => (k === 0 ? 'the central run' : `the ${k % 2 === 1 ? 'low' : 'high'} run of ${params[Math.floor((k - 1) / 2)]!.path}`));
  // The central run's book: a book carries its run's price changes.
  const { results: totals, priceBook } = await runScenarios(scenarios, run, opts, (f) => f.total, (done) => onRun(done, scenarios.length));
  const rows = params.map((param, i): SensitivityRow => {
    const j = u.params.indexOf(param);
    const lowTotal = totals[1 + 2 * i] as Dec;
    const highTotal = totals[2 + 2 * i] as Dec;
    return { param, lowValue: sets[1 + 2 * i]![j]!, highValue: sets[2 + 2 * i]![j]!, lowTotal, highTotal, swing: highTotal.minus(lowTotal).abs() };
  });
  // Array.prototype.sort is stable: equal swings keep the file's order.
  rows.sort((a, b) => b.swing.comparedTo(a.swing));
  return { scenario: u.central, priceBook, baseTotal: totals[0] as Dec, rows };
}
