/**
 * Worker-thread entry: a persistent worker that simulates the shards it is sent, one after the
 * other, and posts each result. The scenario comes once, as the validated file (plain data), and
 * is resolved here; progress is posted once per simulated month.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveScenario } from '../scenario/resolve.js';
import type { ScenarioFile } from '../scenario/schema.js';
import type { ExistingCohort } from '../storage/ledger.js';
import { simulateShard, type ShardResult } from './shard.js';

export interface WorkerSetup {
  readonly file: ScenarioFile;
  readonly slotStarts: readonly number[];
}

/** Sent to a worker: simulate shard `shard` (its slots), or stop. */
export type WorkerJob = { readonly shard: number; readonly slotIds: readonly number[]; readonly existing?: readonly ExistingCohort[] } | { readonly stop: true };

export type WorkerMessage =
  | { readonly type: 'month' }
  | { readonly type: 'done'; readonly shard: number; readonly result: ShardResult };

const setup = workerData as WorkerSetup;
const scenario = resolveScenario(setup.file);
const port = parentPort;
port?.on('message', (job: WorkerJob) => {
  if ('stop' in job) {
    port.close();
    return;
  }
  const result = simulateShard(scenario, setup.slotStarts, job.slotIds, () => port.postMessage({ type: 'month' } satisfies WorkerMessage), job.existing);
  port.postMessage({ type: 'done', shard: job.shard, result } satisfies WorkerMessage);
});
