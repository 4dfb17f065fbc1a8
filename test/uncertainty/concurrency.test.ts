import { afterAll, describe, expect, it } from 'vitest';
import { forecast, type Forecast } from '../../src/forecast.js';
import { ShardPool } from '../../src/fleet/pool.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { sensitivityJson, uncertaintyJson } from '../../src/report/uncertainty.js';
import { loadUncertainScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/resolve.js';
import { mapConcurrent } from '../../src/uncertainty/concurrent.js';
import { runUncertainty, type RunScenario } from '../../src/uncertainty/monte-carlo.js';
import { runSensitivity } from '../../src/uncertainty/sensitivity.js';

const book = bundledPriceBook();
// Four uncertain parameters, one of them a price change: every run has its own price book.
const u = loadUncertainScenario('test/fixtures/scenarios/tiny-uncertain.yaml', { months: 2, require: ['fleet'] });
const inThread: RunScenario = (sc) => forecast(sc, book, { threads: 1 });
const one = new ShardPool(1);
const two = new ShardPool(2);
afterAll(() => Promise.all([one.close(), two.close()]));
const onPool = (pool: ShardPool): RunScenario => (sc) => forecast(sc, book, { pool });

describe('runs in flight at once, on a shared shard pool', () => {
  it('the Monte Carlo report is byte for byte the same with or without the pool, 1 or 2 threads, any concurrency', async () => {
    const ticks: number[] = [];
    const reference = JSON.stringify(uncertaintyJson(await runUncertainty(u, 5, inThread)));
    expect(JSON.stringify(uncertaintyJson(await runUncertainty(u, 5, onPool(one), (d) => ticks.push(d), { concurrency: 3 })))).toBe(reference);
    expect(JSON.stringify(uncertaintyJson(await runUncertainty(u, 5, onPool(two), () => {}, { concurrency: 4 })))).toBe(reference);
    expect(JSON.stringify(uncertaintyJson(await runUncertainty(u, 5, inThread, () => {}, { concurrency: 2 })))).toBe(reference);
    expect(ticks).toEqual([1, 2, 3, 4, 5]);
  });

  it('the sensitivity report is byte for byte the same with or without the pool', async () => {
    const reference = JSON.stringify(sensitivityJson(await runSensitivity(u, u.params, inThread)));
    const totals: number[] = [];
    const pooled = await runSensitivity(u, u.params, onPool(two), (done, total) => totals.push(total), { concurrency: 4 });
    expect(JSON.stringify(sensitivityJson(pooled))).toBe(reference);
    expect(totals).toEqual(Array(1 + 2 * u.params.length).fill(1 + 2 * u.params.length));
  });

  it('runs that finish last-first still report in run order, with run 0’s price book (each run’s book has its drawn price change)', async () => {
    const runs = 4;
    const forecasts = new Map<Scenario, Forecast>();
    const finished: number[] = [];
    let started = 0;
    const release: (() => void)[] = [];
    // Every run waits until all have started, then they finish in reverse order.
    const reversed: RunScenario = async (sc) => {
      const k = started++;
      const f = await inThread(sc);
      forecasts.set(sc, f);
      await new Promise<void>((resolve) => {
        release[k] = () => {
          finished.push(k);
          resolve();
        };
        if (started === runs && release.filter(Boolean).length === runs) for (let j = runs - 1; j >= 0; j--) release[j]!();
      });
      return f;
    };
    const a = await runUncertainty(u, runs, reversed, () => {}, { concurrency: runs });
    expect(finished).toEqual([3, 2, 1, 0]);
    const b = await runUncertainty(u, runs, inThread);
    expect(JSON.stringify(uncertaintyJson(a))).toBe(JSON.stringify(uncertaintyJson(b)));
    expect(a.priceBook).toEqual(b.priceBook);
    // The runs' books differ, so taking the first to finish would have shown.
    expect(new Set([...forecasts.values()].map((f) => JSON.stringify(f.priceBook))).size).toBe(runs);
  });
});

describe('mapConcurrent', () => {
  it('keeps at most `concurrency` calls in flight and the results in item order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3], 2, async (x) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('the first failure rejects and no further call starts', async () => {
    const startedItems: number[] = [];
    const p = mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (x) => {
      startedItems.push(x);
      await new Promise((r) => setImmediate(r));
      if (x === 1) throw new Error('run 1 failed');
      return x;
    });
    await expect(p).rejects.toThrow('run 1 failed');
    await new Promise((r) => setImmediate(r));
    // 0 and 1 ran together; 0's lane took 2 before 1 failed; nothing after.
    expect(startedItems).toEqual([0, 1, 2]);
  });

  it('refuses a concurrency that is not a whole number of calls', async () => {
    await expect(mapConcurrent([1], 0, async (x) => x)).rejects.toThrow('concurrency must be a whole number, 1 or more (got 0)');
  });
});
