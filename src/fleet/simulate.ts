/**
 * Runs a fleet scenario: splits the fleet's slots into shards (interleaved, so that devices that
 * join late are spread evenly), simulates each in its own worker thread — or in this thread for
 * small fleets — and sums the results.
 */
import { availableParallelism } from 'node:os';
import type { Scenario } from '../scenario/resolve.js';
import { mergeCapacity, type Capacity } from '../storage/ledger.js';
import { UsageMeter } from '../usage/meter.js';
import { widenInlining } from './inlining.js';
import type { StorageClass } from '../storage/classes.js';
import type { ExistingCohort } from '../storage/ledger.js';
import { existingObjects } from '../reconcile/initial-inventory.js';
import { sampleDesign, scaleShard, usageReplicates, type SampleDesign, type SampleOptions, type UsageReplicate } from './sample.js';
import { deviceRestoreUsage, restoreCalendar, restoreCorrection, shardRestoreGiB, type RestoreCalendar } from './restore-calendar.js';
import { scenarioSlots, simulateShard, simulationCalendar, type OtherRegionRead, type ShardRestoreEvent, type ShardResult } from './shard.js';
import { ShardPool } from './pool.js';

/** A restore event summed over shards (totals, and the largest device and wait). */
export interface RestoreEventRun extends Omit<ShardRestoreEvent, 'usage' | 'replicaUsage'> {
  readonly usage: UsageMeter;
  readonly replicaUsage?: UsageMeter;
}

export interface FleetRun extends Omit<ShardResult, 'meter' | 'replica' | 'restoreEvents'> {
  readonly restoreEvents: readonly RestoreEventRun[];
  readonly meter: UsageMeter;
  /** The replication destination's usage (in its own region) and capacity, summed over shards. */
  readonly replica?: { readonly meter: UsageMeter; readonly capacity: Capacity[] };
  /** Worker threads used (1: simulated in this thread). */
  readonly threads: number;
  /**
   * Set for a sampled run: the figures above are estimates of the fleet (each sampled slot's sums
   * × its weight); the design, and the jackknife replicates of the usage its standard errors
   * come from.
   */
  readonly sample?: {
    readonly design: SampleDesign;
    readonly replicates: readonly UsageReplicate[];
    /** Per month, the devices' own restores the sample simulated (their usage is calibrated to the fleet's restore calendar). */
    readonly restoresSampled?: readonly number[];
  };
}

export interface SimulateOptions {
  /** Worker threads; default: one per core (at most one per shard). */
  readonly threads?: number;
  /** Called as simulated months complete (summed over shards). */
  readonly onProgress?: (monthsDone: number, monthsTotal: number) => void;
  /**
   * Simulate a stratified random sample of `devices` fleet slots instead of the whole fleet, and
   * estimate the fleet from it with standard errors (see sample.ts). The full run is the default
   * and the reference. `devices` must be an integer from 2 per profile to the fleet's slots
   * (max_devices; RangeError otherwise); the whole fleet runs in full, without `sample` in the result.
   */
  readonly sample?: SampleOptions;
  /**
   * Simulate every shard on this pool of worker threads (`threads` is then the pool's): runs in
   * flight at once share its workers. Without it, a fleet of one shard runs in this thread and a
   * larger one on workers started for this run. The result is the same byte for byte either way.
   */
  readonly pool?: ShardPool;
}

/**
 * The fleet is cut into a number of shards that depends only on its size — never on the machine —
 * and shards are summed in order, so a seed gives the same report byte for byte on any machine,
 * with any number of threads.
 */
export function shardCount(slots: number): number {
  return Math.min(8, Math.max(1, Math.floor(slots / 1000)));
}

export async function simulateFleet(sc: Scenario, opts: SimulateOptions = {}): Promise<FleetRun> {
  widenInlining();
  const starts = scenarioSlots(sc);
  // A "sample" of the whole fleet is the full run (exact, no SE); more than the fleet is refused by the design.
  if (opts.sample && opts.sample.devices !== starts.length) return simulateSample(sc, starts, opts.sample, opts);
  const nShards = shardCount(starts.length);
  const shards: number[][] = Array.from({ length: nShards }, () => []);
  starts.forEach((_, k) => (shards[k % nShards] as number[]).push(k));
  const { results, threads } = await runShards(sc, starts, shards, nShards, opts, await existingObjects(sc));
  return mergeShards(sc, results, threads);
}

/** A sampled run: the design's shards, each scaled by its weight, summed; and the jackknife replicates. */
async function simulateSample(sc: Scenario, starts: readonly number[], sample: SampleOptions, opts: SimulateOptions): Promise<FleetRun> {
  // The objects already in the bucket are not a sample: scaled with a shard they would be wrong.
  if (sc.bucket.initialInventory) throw new RangeError('a sampled run cannot start from bucket.initial_inventory; run in full');
  // Drawn first (about a second for 60,000 devices over 36 months): the design samples restoring slots more heavily.
  const calendar = restoreCalendar(sc, starts);
  const design = sampleDesign(sc, starts, sample, simulationCalendar(sc).days, calendar?.slotRestores, calendar ? { months: calendar.months, gibDays: calendar.slotMonthGiBDays } : undefined);
  // Threads as for a fleet of the sample's size: a small sample is not worth a worker's start.
  const { results, threads } = await runShards(sc, starts, design.shards.map((s) => s.slotIds), shardCount(design.devices), opts);
  const run = mergeShards(sc, results.map((r, k) => scaleShard(r, design.shards[k]!.weight, design.shards[k]!.monthlyWeights)), threads);
  const replicates = usageReplicates(sc, design, results);
  const estimate = { ...run, sample: { design, replicates } };
  return calendar ? calibrateRestores(estimate, design, results, calendar) : { ...estimate, devices: run.devices.map((d) => Math.round(d)) };
}

/**
 * Calibrates the devices' own restores in a sampled run and in each jackknife replicate to the
 * fleet's restore calendar (restore-calendar.ts); the restores found per month and the devices in
 * service become the calendar's exact counts.
 */
function calibrateRestores(run: FleetRun & { sample: NonNullable<FleetRun['sample']> }, design: SampleDesign, results: readonly ShardResult[], cal: RestoreCalendar): FleetRun {
  const usage = results.map(deviceRestoreUsage);
  const gib = design.shards.map((s) => shardRestoreGiB(cal, s.slotIds));
  const { usage: correction, factors } = restoreCorrection(usage, design.shards.map((s) => s.monthlyWeights ?? s.weight), gib, cal);
  run.meter.merge(correction);
  run.sample.replicates.forEach((r, k) => r.meter.merge(restoreCorrection(usage, design.shards.map((s) => s.monthlyReplicateWeights?.[k] ?? (s.replicateWeights[k] as number)), gib, cal).usage));
  const findings = { ...run.findings, restores: Array.from(cal.restores), restoredGiB: run.findings.restoredGiB.map((g, m) => g * (factors[m] as number)) };
  const restoresSampled = Array.from({ length: cal.months }, (_, m) => results.reduce((a, r) => a + (r.findings.restores[m] ?? 0), 0));
  // Devices in service are known: a count, not an estimate (the size-ratio weights would not count them exactly).
  return { ...run, devices: Array.from(cal.devices), findings, sample: { ...run.sample, restoresSampled } };
}

/**
 * Simulates the shards (lists of slot ids) in this thread, on the caller's pool (every shard, so
 * that runs in flight share it), or on a pool of up to `maxThreads` workers for this run alone;
 * results in shard order. The objects already in the bucket (`existing`), if any, go to the first shard.
 */
async function runShards(
  sc: Scenario,
  starts: readonly number[],
  shards: readonly (readonly number[])[],
  maxThreads: number,
  opts: SimulateOptions,
  existing?: readonly ExistingCohort[],
): Promise<{ results: ShardResult[]; threads: number }> {
  let done = 0;
  const tick = () => opts.onProgress?.(Math.floor(++done / shards.length), sc.simMonths);
  const onPool = (pool: ShardPool) =>
    Promise.all(shards.map((slotIds, k) => pool.run({ file: sc.file, slotStarts: starts, slotIds, ...(k === 0 && existing ? { existing } : {}), onMonth: tick })));
  if (opts.pool) return { results: await onPool(opts.pool), threads: Math.min(opts.pool.size, shards.length) };
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), maxThreads, shards.length));
  if (threads === 1) return { results: shards.map((slotIds, k) => simulateShard(sc, starts, slotIds, tick, k === 0 ? existing : undefined)), threads };
  const pool = new ShardPool(threads);
  try {
    return { results: await onPool(pool), threads };
  } finally {
    await pool.close();
  }
}

const addArrays = (a: readonly number[], b: readonly number[]) => a.map((x, k) => x + (b[k] ?? 0));

/** Capacities of the shards, summed per month (the ledger's mergeCapacity: classes and INT tiers). */
function sumCapacities(months: number, shards: readonly (readonly Capacity[])[]): Capacity[] {
  const capacity: Capacity[] = Array.from({ length: months }, () => ({}));
  for (const r of shards) {
    r.forEach((cap, m) => mergeCapacity(capacity[m] as Capacity, cap));
  }
  return capacity;
}

/** The other region's view of an event, summed over shards. */
function sumOtherRegion(parts: readonly ShardRestoreEvent[]): OtherRegionRead {
  const byClass: Partial<Record<StorageClass, { objects: number; gib: number }>> = {};
  let missingObjects = 0;
  let intArchivedObjects = 0;
  for (const p of parts) {
    if (!p.otherRegion) continue;
    missingObjects += p.otherRegion.missingObjects;
    intArchivedObjects += p.otherRegion.intArchivedObjects;
    for (const [cls, v] of Object.entries(p.otherRegion.byClass) as [StorageClass, { objects: number; gib: number }][]) {
      const c = (byClass[cls] ??= { objects: 0, gib: 0 });
      c.objects += v.objects;
      c.gib += v.gib;
    }
  }
  return { byClass, missingObjects, intArchivedObjects };
}

function mergeShards(sc: Scenario, results: readonly ShardResult[], threads: number): FleetRun {
  const meter = new UsageMeter(sc.region, sc.simStartMonth, sc.simMonths);
  for (const r of results) meter.merge(r.meter);
  const capacity = sumCapacities(sc.simMonths, results.map((r) => r.capacity));
  let replica: FleetRun['replica'];
  if (sc.replication) {
    const m = new UsageMeter(sc.replication.destinationRegion, sc.simStartMonth, sc.simMonths);
    for (const r of results) if (r.replica) m.merge(r.replica.meter);
    replica = { meter: m, capacity: sumCapacities(sc.simMonths, results.map((r) => r.replica?.capacity ?? [])) };
  }
  const restoreEvents: RestoreEventRun[] = sc.restores.events.map((e, k) => {
    const parts = results.map((r) => r.restoreEvents[k] as ShardRestoreEvent);
    const usage = new UsageMeter(sc.region, sc.simStartMonth, sc.simMonths);
    for (const p of parts) usage.merge(p.usage);
    let replicaUsage: UsageMeter | undefined;
    if (e.fromReplica && sc.replication) {
      replicaUsage = new UsageMeter(sc.replication.destinationRegion, sc.simStartMonth, sc.simMonths);
      for (const p of parts) if (p.replicaUsage) replicaUsage.merge(p.replicaUsage);
    }
    const total = (f: (p: ShardRestoreEvent) => number) => parts.reduce((a, p) => a + f(p), 0);
    const max = (f: (p: ShardRestoreEvent) => number) => parts.reduce((a, p) => Math.max(a, f(p)), 0);
    return {
      devices: total((p) => p.devices),
      objects: total((p) => p.objects),
      archivedObjects: total((p) => p.archivedObjects),
      gib: total((p) => p.gib),
      maxDeviceGiB: max((p) => p.maxDeviceGiB),
      retrievalDays: max((p) => p.retrievalDays),
      glacier: { objects: total((p) => p.glacier.objects), gib: total((p) => p.glacier.gib) },
      deepArchive: { objects: total((p) => p.deepArchive.objects), gib: total((p) => p.deepArchive.gib) },
      ...(sc.replication ? { otherRegion: sumOtherRegion(parts) } : {}),
      usage,
      ...(replicaUsage ? { replicaUsage } : {}),
    };
  });
  const [first, ...rest] = results as [ShardResult, ...ShardResult[]];
  const sumArrays = (get: (r: ShardResult) => readonly number[]) => rest.reduce((acc, r) => addArrays(acc, get(r)), [...get(first)]);
  const findings = { ...first.findings };
  for (const k of Object.keys(findings) as (keyof typeof findings)[]) findings[k] = sumArrays((r) => r.findings[k]);
  const counters = { ...first.counters };
  for (const r of rest) for (const k of Object.keys(counters) as (keyof typeof counters)[]) counters[k] += r.counters[k];
  const devices = results.reduce((a, r) => a + r.records.devices, 0);
  return {
    meter,
    capacity,
    ...(replica ? { replica } : {}),
    restoreEvents,
    devices: sumArrays((r) => r.devices),
    objectsPut: sumArrays((r) => r.objectsPut),
    objectsRemoved: sumArrays((r) => r.objectsRemoved),
    findings,
    counters,
    deviceDays: results.reduce((a, r) => a + r.deviceDays, 0),
    records: {
      // Weighted by each shard's devices: shards differ in size.
      mean: devices > 0 ? results.reduce((a, r) => a + r.records.mean * r.records.devices, 0) / devices : 0,
      max: Math.max(...results.map((r) => r.records.max)),
      capacity: first.records.capacity,
      devices,
    },
    threads,
  };
}
