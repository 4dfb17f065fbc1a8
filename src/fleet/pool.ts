/**
 * A pool of persistent worker threads that simulate shards: jobs (a scenario file, its slots'
 * start days, the shard's slot ids, and the first shard's existing objects) queue first in, first
 * out, and each idle worker takes the next one. Several runs in flight share one pool, so the
 * shards of many small runs (a Monte Carlo analysis) keep every core busy, and workers start once
 * per analysis instead of once per run.
 *
 * Workers start as jobs arrive (at most `size`); an idle worker does not keep the process alive.
 *
 * Errors: a job that throws in its worker rejects that job's promise only; the worker and the
 * pool go on. A worker that dies (it crashed or could not start) breaks the pool: every job in
 * flight or queued is rejected with that error, the other workers are stopped, and later jobs
 * are refused — a crash (out of memory, say) would recur, and no job is left waiting for ever.
 * `close()` stops the workers and rejects whatever has not finished. `resourceLimits` caps each
 * worker's heap (a worker over it dies, and breaks the pool).
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ScenarioFile } from '../scenario/schema.js';
import type { ExistingCohort } from '../storage/ledger.js';
import type { ShardResult } from './shard.js';
import type { WorkerError, WorkerJob, WorkerMessage } from './worker.js';

/** One shard to simulate: what `simulateShard` takes, with the scenario as its validated file. */
export interface ShardJob {
  /** The validated file the scenario was resolved from (`Scenario.file`): plain data a worker can resolve. */
  readonly file: ScenarioFile;
  readonly slotStarts: readonly number[];
  readonly slotIds: readonly number[];
  readonly existing?: readonly ExistingCohort[];
  /** Called once per simulated month of this shard. */
  readonly onMonth?: () => void;
}

interface Pending {
  readonly job: WorkerJob;
  readonly onMonth: (() => void) | undefined;
  readonly resolve: (r: ShardResult) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  busy?: Pending;
}

export class ShardPool {
  /** Most worker threads. */
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  /** A key per scenario file, so a worker resolves each scenario once (files are compared by identity). */
  readonly #keys = new WeakMap<ScenarioFile, number>();
  #nextKey = 0;
  #nextId = 0;
  /** Set once the pool is closed or broken: why it takes no more jobs. */
  #stopped: Error | undefined;

  /** Each worker's heap limits (Node's `resourceLimits`): a worker that exceeds them dies, and breaks the pool. */
  readonly #limits: ResourceLimits | undefined;

  constructor(size: number = availableParallelism(), opts: { readonly resourceLimits?: ResourceLimits } = {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a shard pool needs a whole number of threads, 1 or more (got ${size})`);
    this.size = size;
    this.#limits = opts.resourceLimits;
  }

  /** Simulates one shard on the next free worker; the result is `simulateShard`'s, through a structured clone. */
  run(job: ShardJob): Promise<ShardResult> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    let key = this.#keys.get(job.file);
    if (key === undefined) this.#keys.set(job.file, (key = this.#nextKey++));
    const message: WorkerJob = { id: this.#nextId++, key, file: job.file, slotStarts: job.slotStarts, slotIds: job.slotIds, ...(job.existing ? { existing: job.existing } : {}) };
    return new Promise<ShardResult>((resolve, reject) => {
      this.#queue.push({ job: message, onMonth: job.onMonth, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops the workers; jobs not finished are rejected. Safe to call more than once. */
  async close(): Promise<void> {
    this.#stop(new Error('the shard pool was closed before the job finished'));
    await Promise.all(this.#slots.splice(0).map((s) => s.worker.terminate()));
  }

  /** Gives queued jobs to idle workers, starting workers up to `size` while jobs wait. */
  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#stopped) {
      const slot = this.#slots.find((s) => !s.busy) ?? (this.#slots.length < this.size ? this.#start() : undefined);
      if (!slot) return;
      const next = this.#queue.shift() as Pending;
      try {
        slot.worker.postMessage(next.job);
      } catch (e) {
        // Not plain data (a DataCloneError): this job fails, the worker stays free.
        next.reject(e instanceof Error ? e : new Error(String(e)));
        continue;
      }
      slot.busy = next;
      slot.worker.ref();
    }
  }

  #start(): Slot {
    // From dist the worker is plain JS; from the TypeScript sources (tests, tsx) it needs tsx's loader.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
    const limits = this.#limits ? { resourceLimits: this.#limits } : {};
    const worker = fromSource ? new Worker(tsxBootstrap(url), { eval: true, ...limits }) : new Worker(url, limits);
    worker.unref(); // ref'd only while it has a job (#dispatch)
    const slot: Slot = { worker };
    this.#slots.push(slot);
    worker.on('message', (m: WorkerMessage) => {
      const p = slot.busy;
      if (!p || p.job.id !== m.id) return;
      if (m.type === 'month') return p.onMonth?.();
      slot.busy = undefined;
      worker.unref();
      if (m.type === 'done') p.resolve(m.result);
      else p.reject(jobError(m.error));
      this.#dispatch();
    });
    worker.on('error', (e: unknown) => this.#fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => {
      if (!this.#stopped) this.#fail(new Error(`a fleet worker thread exited unexpectedly (code ${code})`));
    });
    return slot;
  }

  /** A worker died: the pool is broken (see the module comment). */
  #fail(e: Error): void {
    if (this.#stopped) return;
    this.#stop(new Error(`the shard pool is broken: a fleet worker thread failed (${e.message})`, { cause: e }));
    void this.close();
  }

  /** Marks the pool stopped and rejects every job in flight or queued with `reason`. */
  #stop(reason: Error): void {
    this.#stopped ??= reason;
    const pending = [...this.#slots.flatMap((s) => (s.busy ? [s.busy] : [])), ...this.#queue.splice(0)];
    for (const s of this.#slots) s.busy = undefined;
    for (const p of pending) p.reject(this.#stopped);
  }
}

/** A job's error as the main thread sees it: the worker's message, and its stack (where the fault is). */
function jobError(e: WorkerError): Error {
  const err = new Error(`a fleet shard failed in a worker thread: ${e.name}: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n  in the worker: ${e.stack}`;
  return err;
}

/**
 * Worker code that registers tsx's loader before importing the TypeScript worker (Node 20 ignores
 * `--import` in a worker's execArgv).
 */
function tsxBootstrap(workerUrl: URL): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); }).catch((e) => { console.error(e); process.exit(1); });`;
}
