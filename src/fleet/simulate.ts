/**
 * Runs a fleet scenario: splits the fleet's slots into shards (interleaved, so that devices that
 * join late are spread evenly), simulates each in its own worker thread — or in this thread for
 * small fleets — and sums the results.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/resolve.js';
import type { Capacity, ClassCapacity } from '../storage/ledger.js';
import type { StorageClass } from '../storage/classes.js';
import { UsageMeter } from '../usage/meter.js';
import { scenarioSlots, simulateShard, type ShardResult } from './shard.js';
import type { ShardJob, WorkerMessage } from './worker.js';

export interface FleetRun {
  readonly meter: UsageMeter;
  readonly capacity: readonly Capacity[];
  readonly devices: readonly number[];
  readonly findings: ShardResult['findings'];
  readonly counters: ShardResult['counters'];
  readonly deviceDays: number;
  readonly records: ShardResult['records'];
  /** Worker threads used (1: simulated in this thread). */
  readonly threads: number;
}

export interface SimulateOptions {
  /** Worker threads; default: one per core, one thread for small fleets. */
  readonly threads?: number;
  /** Called as simulated months complete (summed over shards). */
  readonly onProgress?: (monthsDone: number, monthsTotal: number) => void;
}

/** Fleets smaller than this run in one thread: a worker's start-up costs more than it saves. */
const MIN_DEVICES_PER_WORKER = 2000;

export async function simulateFleet(sc: Scenario, opts: SimulateOptions = {}): Promise<FleetRun> {
  const starts = scenarioSlots(sc);
  const wanted = opts.threads ?? availableParallelism();
  const threads = Math.max(1, Math.min(wanted, Math.floor(starts.length / MIN_DEVICES_PER_WORKER) || 1));
  const shards: number[][] = Array.from({ length: threads }, () => []);
  starts.forEach((_, k) => (shards[k % threads] as number[]).push(k));
  let done = 0;
  const tick = () => opts.onProgress?.(Math.floor(++done / threads), sc.simMonths);
  const results =
    threads === 1
      ? [simulateShard(sc, starts, shards[0] as number[], tick)]
      : await Promise.all(shards.map((slotIds) => runWorker({ file: sc.file, slotStarts: starts, slotIds }, tick)));
  return mergeShards(sc, results, threads);
}

function runWorker(job: ShardJob, onMonth: () => void): Promise<ShardResult> {
  // From the TypeScript sources (tests, tsx) the worker needs tsx's loader; from dist it does not.
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
  const worker = new Worker(url, { workerData: job, ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}) });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'month') onMonth();
      else {
        resolve(m.result);
        void worker.terminate();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`fleet worker exited with code ${code}`));
    });
  });
}

const addArrays = (a: readonly number[], b: readonly number[]) => a.map((x, k) => x + (b[k] ?? 0));

function mergeShards(sc: Scenario, results: readonly ShardResult[], threads: number): FleetRun {
  const meter = new UsageMeter(sc.region, sc.simStartMonth, sc.simMonths);
  for (const r of results) meter.merge(r.meter);
  const capacity: Capacity[] = Array.from({ length: sc.simMonths }, () => ({}));
  for (const r of results) {
    r.capacity.forEach((cap, m) => {
      for (const [cls, c] of Object.entries(cap) as [StorageClass, ClassCapacity][]) {
        const e = ((capacity[m] as Capacity)[cls] ??= { storedGiB: 0, objects: 0, noncurrentGiB: 0, noncurrentObjects: 0 });
        e.storedGiB += c.storedGiB;
        e.objects += c.objects;
        e.noncurrentGiB += c.noncurrentGiB;
        e.noncurrentObjects += c.noncurrentObjects;
      }
    });
  }
  const [first, ...rest] = results as [ShardResult, ...ShardResult[]];
  const findings = rest.reduce(
    (f, r) => ({
      compactionFailures: addArrays(f.compactionFailures, r.findings.compactionFailures),
      archivedGetAttempts: addArrays(f.archivedGetAttempts, r.findings.archivedGetAttempts),
      verificationFailures: addArrays(f.verificationFailures, r.findings.verificationFailures),
      restores: addArrays(f.restores, r.findings.restores),
      restoredGiB: addArrays(f.restoredGiB, r.findings.restoredGiB),
      retired: addArrays(f.retired, r.findings.retired),
    }),
    first.findings,
  );
  const counters = { ...first.counters };
  for (const r of rest) for (const k of Object.keys(counters) as (keyof typeof counters)[]) counters[k] += r.counters[k];
  return {
    meter,
    capacity,
    devices: results.reduce((acc, r) => addArrays(acc, r.devices), new Array<number>(sc.simMonths).fill(0)),
    findings,
    counters,
    deviceDays: results.reduce((a, r) => a + r.deviceDays, 0),
    records: {
      mean: results.reduce((a, r) => a + r.records.mean, 0) / results.length,
      max: Math.max(...results.map((r) => r.records.max)),
      capacity: first.records.capacity,
    },
    threads,
  };
}
