import { afterAll, describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { ShardPool } from '../../src/fleet/pool.js';
import { scenarioSlots, simulateShard } from '../../src/fleet/shard.js';
import { simulateFleet } from '../../src/fleet/simulate.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { forecastJson } from '../../src/report/forecast.js';
import { tinyFleet } from './helpers.js';

const book = bundledPriceBook();
// Shared by the tests (a worker started from the sources, through tsx, takes seconds).
const one = new ShardPool(1);
const two = new ShardPool(2);
afterAll(() => Promise.all([one.close(), two.close()]));

const sc = tinyFleet((f) => {
  f.horizon.months = 2;
});
const report = async (opts: Parameters<typeof forecast>[2]) => JSON.stringify(forecastJson(await forecast(sc, book, opts)));

describe('ShardPool', () => {
  it('a shard simulated by a pool worker is the shard simulated in this thread (through the structured clone)', async () => {
    const pool = two;
    const starts = scenarioSlots(sc);
    const halves = [starts.map((_, k) => k).filter((k) => k % 2 === 0), starts.map((_, k) => k).filter((k) => k % 2 === 1)];
    let months = 0;
    const viaPool = await Promise.all(halves.map((slotIds) => pool.run({ file: sc.file, slotStarts: starts, slotIds, onMonth: () => months++ })));
    halves.forEach((slotIds, k) => {
      const here = simulateShard(sc, starts, slotIds);
      // structuredClone: what a worker's result is made of (the meter arrives as plain data).
      expect(viaPool[k]).toEqual(structuredClone(here));
    });
    // Each shard reports every simulated month to its caller.
    expect(months).toBe(2 * sc.simMonths);
  });

  it('a forecast on a pool of 1 or 2 threads is byte for byte the forecast in this thread (one shard, and a sample of many)', async () => {
    const plain = await report({ threads: 1 });
    expect(await report({ pool: one })).toBe(plain);
    expect(await report({ pool: two })).toBe(plain);
    const sample = { devices: 20 };
    const sampled = await report({ threads: 1, sample });
    expect(JSON.parse(sampled).sample.devices).toBe(20);
    expect(await report({ pool: two, sample })).toBe(sampled);
    // Several runs in flight on one pool: each still gets its own result.
    const runs = await Promise.all([report({ pool: two }), report({ pool: two, sample }), report({ pool: two })]);
    expect(runs).toEqual([plain, sampled, plain]);
  });

  it('the threads a pooled run reports: the pool’s, at most one per shard', async () => {
    const run = await simulateFleet(sc, { pool: two });
    expect(run.threads).toBe(1); // a 40-device fleet is one shard
  });

  it('a job that throws in its worker rejects that job with its message, and the pool goes on', async () => {
    const pool = one;
    const bad = { ...sc.file, agent: { ...sc.file.agent, retention_policy: 'every so often' } };
    const starts = scenarioSlots(sc);
    await expect(pool.run({ file: bad, slotStarts: starts, slotIds: [0] })).rejects.toThrow(/^a fleet shard failed in a worker thread: PolicySyntaxError: 'every so often'/);
    const after = await pool.run({ file: sc.file, slotStarts: starts, slotIds: [0, 1] });
    expect(after).toEqual(structuredClone(simulateShard(sc, starts, [0, 1])));
  });

  it('a job that is not plain data is refused alone (the worker stays free)', async () => {
    const starts = scenarioSlots(sc);
    const notData = { ...sc.file, name: (() => 'x') as unknown as string };
    await expect(one.run({ file: notData, slotStarts: starts, slotIds: [0] })).rejects.toThrow(/could not be cloned/);
    expect(await one.run({ file: sc.file, slotStarts: starts, slotIds: [1] })).toEqual(structuredClone(simulateShard(sc, starts, [1])));
  });

  it('a worker that dies (out of its heap) breaks the pool: its job and later ones reject with that reason, nothing hangs', async () => {
    const pool = new ShardPool(1, { resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 } });
    const starts = scenarioSlots(sc);
    const broken = /^the shard pool is broken: a fleet worker thread failed \(.*memory limit/;
    try {
      await expect(pool.run({ file: sc.file, slotStarts: starts, slotIds: starts.map((_, k) => k) })).rejects.toThrow(broken);
      await expect(pool.run({ file: sc.file, slotStarts: starts, slotIds: [0] })).rejects.toThrow(broken);
    } finally {
      await pool.close();
    }
  });

  it('close() rejects the jobs not finished and refuses new ones; nothing is left waiting', async () => {
    const pool = new ShardPool(1);
    const starts = scenarioSlots(sc);
    const jobs = [0, 1, 2].map((k) => pool.run({ file: sc.file, slotStarts: starts, slotIds: [k] }).then(() => 'finished', (e: Error) => e.message));
    await pool.close();
    expect(await Promise.all(jobs)).toEqual(Array(3).fill('the shard pool was closed before the job finished'));
    await expect(pool.run({ file: sc.file, slotStarts: starts, slotIds: [0] })).rejects.toThrow('closed');
    await pool.close(); // twice is harmless
  });

  it('refuses a size that is not a whole number of threads', () => {
    expect(() => new ShardPool(0)).toThrow(RangeError);
    expect(() => new ShardPool(1.5)).toThrow('a shard pool needs a whole number of threads, 1 or more (got 1.5)');
  });
});
