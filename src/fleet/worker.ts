/**
 * Worker-thread entry of the shard pool (pool.ts): a persistent worker that simulates the shards
 * it is sent, one after the other, and posts each result. A job carries its scenario as the
 * validated file (plain data); the worker resolves it and keeps the last few resolved scenarios by
 * the pool's key, so the shards of one run (and the next jobs of the same run) resolve it once.
 * Progress is posted once per simulated month; a job that throws is answered with its error, and
 * the worker takes the next job.
 */
import { parentPort } from 'node:worker_threads';
import { resolveScenario, type Scenario } from '../scenario/resolve.js';
import type { ScenarioFile } from '../scenario/schema.js';
import type { ExistingCohort } from '../storage/ledger.js';
import { simulateShard, type ShardResult } from './shard.js';

/** Sent to a worker: simulate the slots `slotIds` of the scenario `file` (known to the pool as `key`). */
export interface WorkerJob {
  readonly id: number;
  readonly key: number;
  readonly file: ScenarioFile;
  readonly slotStarts: readonly number[];
  readonly slotIds: readonly number[];
  readonly existing?: readonly ExistingCohort[];
}

/** A job's error, as plain strings (a thrown value need not survive the structured clone). */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerMessage =
  | { readonly type: 'month'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly result: ShardResult }
  | { readonly type: 'error'; readonly id: number; readonly error: WorkerError };

/** Resolved scenarios kept: a few runs in flight at once interleave their shards on a worker. */
const CACHED_SCENARIOS = 4;
const scenarios = new Map<number, Scenario>();

function scenarioOf(job: WorkerJob): Scenario {
  let sc = scenarios.get(job.key);
  if (!sc) {
    sc = resolveScenario(job.file);
    scenarios.set(job.key, sc);
    // A Map iterates in insertion order: the first key is the oldest.
    if (scenarios.size > CACHED_SCENARIOS) scenarios.delete(scenarios.keys().next().value as number);
  }
  return sc;
}

const port = parentPort;
port?.on('message', (job: WorkerJob) => {
  let message: WorkerMessage;
  try {
    const result = simulateShard(scenarioOf(job), job.slotStarts, job.slotIds, () => port.postMessage({ type: 'month', id: job.id } satisfies WorkerMessage), job.existing);
    message = { type: 'done', id: job.id, result };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } : { name: 'Error', message: String(e) };
    message = { type: 'error', id: job.id, error };
  }
  port.postMessage(message);
});
