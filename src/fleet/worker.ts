/**
 * Worker-thread entry: simulates one shard of the fleet and posts its result. The scenario comes
 * as the validated file (plain data) and is resolved here; progress is posted once per month.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveScenario } from '../scenario/resolve.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { simulateShard } from './shard.js';

export interface ShardJob {
  readonly file: ScenarioFile;
  readonly slotStarts: readonly number[];
  readonly slotIds: readonly number[];
}

export type WorkerMessage = { readonly type: 'month'; readonly month: number } | { readonly type: 'done'; readonly result: ReturnType<typeof simulateShard> };

const job = workerData as ShardJob;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
const result = simulateShard(resolveScenario(job.file), job.slotStarts, job.slotIds, (month) => post({ type: 'month', month }));
post({ type: 'done', result });
