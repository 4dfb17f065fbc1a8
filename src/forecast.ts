/**
 * The whole engine on one screen: simulate the fleet, meter its usage, price it with a dated
 * price book, and say what the user must know. Months before the horizon (history) are
 * simulated but not reported.
 */
import type { BillLine } from './billing/bill.js';
import { ScenarioError } from './errors.js';
import { applyPriceChanges } from './pricing/changes.js';
import { checkScenarioPrices } from './pricing/coverage.js';
import { Dec, sum } from './pricing/decimal.js';
import type { PriceBook, PriceBookProvenance } from './pricing/price-book.js';
import { price } from './pricing/price.js';
import type { Scenario } from './scenario/resolve.js';
import type { Capacity } from './storage/ledger.js';
import { addMonths, type MonthKey } from './units.js';
import { monthFindings, scenarioFindings, type MonthFinding } from './fleet/findings.js';
import { retentionFindings } from './scenario/findings.js';
import { simulateFleet, type FleetRun, type SimulateOptions } from './fleet/simulate.js';
import type { UsageLine } from './usage/usage-line.js';
import { jackknifeSE, type SampleDesign, type UsageReplicate } from './fleet/sample.js';
import { restoreEventResults, type RestoreEventResult } from './restore/events.js';
import { expectedFailedRuns } from './resources/activity.js';
import { resourceFindings, resourceUsage } from './resources/index.js';

export interface ForecastMonth {
  readonly month: MonthKey;
  readonly lines: readonly BillLine[];
  readonly total: Dec;
  /** End-of-month stored GiB and objects per class (the scenario's bucket). */
  readonly capacity: Capacity;
  /** The same per region: the bucket's region, and the replication destination's when there is one. */
  readonly capacityByRegion: Readonly<Record<string, Capacity>>;
  /** Devices in service at the end of the month. */
  readonly devices: number;
  readonly findings: readonly MonthFinding[];
  /** A sampled run's standard errors: of the total, and of each line (in the order of `lines`). */
  readonly se?: { readonly total: Dec; readonly lines: readonly LineSE[] };
}

/** Standard errors of a bill line's quantity (its unit) and cost. */
export interface LineSE {
  readonly quantity: number;
  readonly cost: Dec;
}

/** What a sampled forecast says about its sample (the design without its shards) and the horizon's SE. */
export interface ForecastSample extends Omit<SampleDesign, 'shards'> {
  readonly totalSE: Dec;
}

export interface Forecast {
  readonly scenario: Scenario;
  readonly priceBook: { readonly id: string; readonly provenance: PriceBookProvenance };
  readonly months: readonly ForecastMonth[];
  readonly total: Dec;
  /** Findings about the configuration, not tied to a month. */
  readonly findings: readonly string[];
  /** Restore events and drills: cost, time to restore and what decides it (none for a replay). */
  readonly restoreEvents: readonly RestoreEventResult[];
  readonly run: Pick<FleetRun, 'deviceDays' | 'threads' | 'records'> & { readonly wallMs: number };
  /** Set when the forecast estimates the fleet from a sample (`--sample`): every figure is an estimate. */
  readonly sample?: ForecastSample;
}

/** A finished fleet simulation, ready to be priced with any price book. */
export interface SimulatedFleet {
  readonly scenario: Scenario;
  readonly run: FleetRun;
  readonly wallMs: number;
}

/** Findings about the configuration itself, independent of any month. */
export function configurationFindings(sc: Scenario): string[] {
  return [...scenarioFindings(sc), ...retentionFindings(sc)];
}

/** Simulates the scenario's fleet (the long part). */
export async function simulate(sc: Scenario, opts: SimulateOptions = {}): Promise<SimulatedFleet> {
  const start = performance.now();
  const run = await simulateFleet(sc, opts);
  return { scenario: sc, run, wallMs: performance.now() - start };
}

/** What a month reports besides its bill lines. */
export interface MonthFacts {
  readonly capacity: Capacity;
  /** The replication destination's capacity, when the scenario replicates. */
  readonly replicaCapacity?: Capacity;
  readonly devices: number;
  readonly findings: readonly MonthFinding[];
}

/**
 * Prices the usage of the scenario's reported months (history left out) with `book` and the
 * scenario's account egress, and splits the bill by month: shared by simulate and replay.
 */
export function pricedMonths(sc: Scenario, usage: readonly UsageLine[], book: PriceBook, facts: (m: number, lines: readonly BillLine[]) => MonthFacts): Pick<Forecast, 'priceBook' | 'months' | 'total'> {
  const first = addMonths(sc.simStartMonth, sc.historyMonths);
  const bill = price(usage.filter((l) => l.month >= first), book, { egress: sc.account });
  const months: ForecastMonth[] = [];
  for (let m = sc.historyMonths; m < sc.simMonths; m++) {
    const month = addMonths(sc.simStartMonth, m);
    const lines = bill.lines.filter((l) => l.usage.month === month);
    const { replicaCapacity, ...f } = facts(m, lines);
    const capacityByRegion = { [sc.region]: f.capacity, ...(sc.replication ? { [sc.replication.destinationRegion]: replicaCapacity ?? {} } : {}) };
    months.push({ month, lines, total: sum(lines.map((l) => l.cost)), ...f, capacityByRegion });
  }
  return { priceBook: bill.priceBook, months, total: months.reduce((a, m) => a.plus(m.total), new Dec(0)) };
}

/**
 * Prices a simulated fleet with `book` (its rates changed as the scenario's prices.changes say)
 * and gathers the findings, month by month.
 */
export function priceFleet(sim: SimulatedFleet, listBook: PriceBook): Forecast {
  const { scenario: sc, run } = sim;
  const book = applyPriceChanges(listBook, sc.priceChanges ?? [], sc.source);
  // Both buckets' lines: each carries its region, so each is priced at its own region's rates.
  const bucket = run.meter.lines();
  // The resources beyond S3 derive from the bucket's activity; their lines come after the
  // bucket's, which keep their order (tiers shared with them are filled pro rata).
  const resources = resourceUsage(sc, bucket, {
    objectsRemoved: run.objectsRemoved,
    failedRuns: expectedFailedRuns(sc.fleet?.profiles ?? [], run.devices, sc.simStartMonth),
  });
  const usage = [...bucket, ...(run.replica ? run.replica.meter.lines() : []), ...resources];
  const priced = pricedMonths(sc, usage, book, (m, lines) => {
    const verificationGB = lines.filter((l) => l.usage.cause === 'verification' && l.usage.unit === 'GB').reduce((a, l) => a + l.usage.quantity, 0);
    return { capacity: run.capacity[m] ?? {}, ...(run.replica ? { replicaCapacity: run.replica.capacity[m] ?? {} } : {}), devices: run.devices[m] ?? 0, findings: monthFindings(sc, run, m, verificationGB) };
  });
  const sampled = run.sample ? withSamplingErrors(sc, priced, run.sample.replicates, book) : undefined;
  const restoreEvents = restoreEventResults(sc, run.restoreEvents, book);
  const skipped = sc.restores.eventsAfterHorizon.map((e) => `restore event '${e.name}' in ${e.month} is after the simulated months: not run`);
  return {
    scenario: sc,
    ...priced,
    ...(sampled && run.sample ? { months: sampled.months, sample: { ...withoutShards(run.sample.design), totalSE: sampled.totalSE } } : {}),
    findings: [...configurationFindings(sc), ...restoreEvents.flatMap((e) => (e.finding ? [e.finding] : [])), ...skipped, ...resourceFindings(priced.months), ...sampleFindings(run)],
    restoreEvents,
    run: { deviceDays: run.deviceDays, threads: run.threads, records: run.records, wallMs: sim.wallMs },
  };
}

const withoutShards = ({ shards: _, ...d }: SampleDesign): Omit<SampleDesign, 'shards'> => d;

const lineKey = (l: BillLine) => `${l.usage.month}|${l.usage.region}|${l.usage.usageType}|${l.usage.operation}|${l.usage.cause}|${l.usage.storageClass ?? ''}`;

/** The jackknife SE of a Decimal estimate: √((G−1)/G · Σ (θ_r − θ̂)²), in Decimal. */
function decimalSE(estimate: Dec, replicates: readonly Dec[]): Dec {
  const g = replicates.length;
  return sum(replicates.map((x) => x.minus(estimate).pow(2))).times(g - 1).div(g).sqrt();
}

/**
 * Standard errors of a sampled forecast: each jackknife replicate of the fleet's usage is priced
 * exactly as the estimate is (tiers on the replicate's fleet totals), and every month's total and
 * every line's quantity and cost is compared with the estimate's.
 */
function withSamplingErrors(sc: Scenario, priced: Pick<Forecast, 'months' | 'total'>, replicates: readonly UsageReplicate[], book: PriceBook): { months: ForecastMonth[]; totalSE: Dec } {
  const noFacts = (): MonthFacts => ({ capacity: {}, devices: 0, findings: [] });
  const reps = replicates.map((r) => pricedMonths(sc, r.replica ? [...r.meter.lines(), ...r.replica.lines()] : r.meter.lines(), book, noFacts));
  const repLines = reps.map((r) => new Map(r.months.flatMap((m) => m.lines.map((l) => [lineKey(l), l] as const))));
  const months = priced.months.map((m, i) => ({
    ...m,
    se: {
      total: decimalSE(m.total, reps.map((r) => r.months[i]?.total ?? new Dec(0))),
      lines: m.lines.map((l) => {
        const k = lineKey(l);
        const same = repLines.map((r) => r.get(k));
        return {
          quantity: jackknifeSE(l.usage.quantity, same.map((x) => x?.usage.quantity ?? 0)),
          cost: decimalSE(l.cost, same.map((x) => x?.cost ?? new Dec(0))),
        };
      }),
    },
  }));
  return { months, totalSE: decimalSE(priced.total, reps.map((r) => r.total)) };
}

/**
 * Simulates and prices: the whole pipeline. What would fail only after the long simulation — no
 * fleet, a region the price book does not cover — is refused first.
 */
export async function forecast(sc: Scenario, book: PriceBook, opts: SimulateOptions = {}): Promise<Forecast> {
  if (!sc.fleet) throw new ScenarioError({ path: 'fleet', message: 'a fleet section is needed to simulate (the devices that back up)' }, sc.source);
  checkScenarioPrices(sc, book);
  applyPriceChanges(book, sc.priceChanges ?? [], sc.source); // a pattern that matches nothing: refused before the run
  return priceFleet(await simulate(sc, opts), book);
}

/** Fewest restores a month's sample should hold for its calibrated restore usage and SE to be trusted. */
const FEW_SAMPLED_RESTORES = 10;

/** What the reader of a sampled forecast must know about its restore lines. */
function sampleFindings(run: FleetRun): string[] {
  const sampled = run.sample?.restoresSampled;
  if (!sampled) return [];
  const few = sampled.map((n, m) => ({ n, m })).filter(({ n, m }) => n < FEW_SAMPLED_RESTORES && (run.findings.restores[m] ?? 0) > 0);
  if (few.length === 0) return [];
  const least = few.reduce((a, b) => (b.n < a.n ? b : a));
  return [
    `the sample holds fewer than ${FEW_SAMPLED_RESTORES} of the fleet's own restores in ${few.length} of ${sampled.length} months (as few as ${least.n}): the restore lines and their SE rest on them there — a larger sample, or the full run, for figures that depend on restores`,
  ];
}
