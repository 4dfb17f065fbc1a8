/**
 * The fleet engine (cohort closed forms) against the block-level oracle (test/oracle), on 20
 * random parameter sets over 400 days, the oracle averaged over 6 seeds of its change process.
 *
 * What a bill integrates is compared: stored GiB-days and object-days (GB-Mo, per-object
 * overhead), and the request counts over the whole period. Not single-day snapshots: one device's
 * compactions make a sawtooth whose phase the oracle's seeds average out, as a fleet does.
 *
 * Stated tolerances (engine ÷ oracle):
 *   stored GiB-days      each set within ±12 %, mean over sets within ±3 %
 *   object-days          each set within ±15 %, mean within ±3 %
 *   PUTs, bytes uploaded each set within ±30 %, mean within ±5 %
 *   GETs, DELETEs        each set within ±35 %, mean within ±8 %
 *   LISTs                each set within ±15 %, mean within ±3 %
 * GETs and DELETEs are the loosest because the engine classifies a group of volumes from one
 * upload as waste all at once, where real volumes cross the threshold one by one.
 */
import { describe, expect, it } from 'vitest';
import { simulateOneDevice, type DeviceDay } from '../../src/agent/single-device.js';
import { meanOverSeeds } from '../oracle/mean.js';
import { sampleOracleInputs } from '../oracle/params.js';
import type { OracleDay } from '../oracle/device-blocks.js';

type Day = DeviceDay | OracleDay;
const storedGiBDays = (xs: readonly Day[]) => xs.reduce((a, d) => a + (d.stored.dblockBytes + d.stored.dindexBytes + d.stored.dlistBytes) / 2 ** 30, 0);
const objectDays = (xs: readonly Day[]) => xs.reduce((a, d) => a + d.objects.dblock + d.objects.dindex + d.objects.dlist, 0);

const METRICS = {
  storedGiBDays: { each: 0.12, mean: 0.03, of: storedGiBDays },
  objectDays: { each: 0.15, mean: 0.03, of: objectDays },
  puts: { each: 0.3, mean: 0.05, of: (xs: readonly Day[]) => (xs[xs.length - 1] as Day).puts },
  uploadedBytes: { each: 0.3, mean: 0.05, of: (xs: readonly Day[]) => (xs[xs.length - 1] as Day).uploadedBytes },
  gets: { each: 0.35, mean: 0.08, of: (xs: readonly Day[]) => (xs[xs.length - 1] as Day).gets },
  deletes: { each: 0.35, mean: 0.08, of: (xs: readonly Day[]) => (xs[xs.length - 1] as Day).deletes },
  lists: { each: 0.15, mean: 0.03, of: (xs: readonly Day[]) => (xs[xs.length - 1] as Day).lists },
} as const;

describe('fleet engine vs block-level oracle (Duplicati Backup/Delete/Compact/TestHandler.cs; our change model)', () => {
  it('agrees on 20 random parameter sets over 400 days within the stated tolerances', () => {
    const inputs = sampleOracleInputs(42, 20);
    const ratios: Record<keyof typeof METRICS, number[]> = { storedGiBDays: [], objectDays: [], puts: [], uploadedBytes: [], gets: [], deletes: [], lists: [] };
    const problems: string[] = [];
    inputs.forEach((input, k) => {
      const oracle = meanOverSeeds(input, [1, 2, 3, 4, 5, 6]);
      const engine = simulateOneDevice({ data: input.data, agent: input.agent, backupTimes: input.backupTimes, runDelaySec: input.runDelaySec, days: input.days });
      for (const [name, m] of Object.entries(METRICS) as [keyof typeof METRICS, (typeof METRICS)[keyof typeof METRICS]][]) {
        const o = m.of(oracle);
        const e = m.of(engine);
        const ratio = o === 0 ? (e === 0 ? 1 : Infinity) : e / o;
        ratios[name].push(ratio);
        if (Math.abs(ratio - 1) > m.each) problems.push(`set ${k}: ${name} engine/oracle = ${ratio.toFixed(3)} (tolerance ±${m.each * 100} %)`);
      }
    });
    for (const [name, m] of Object.entries(METRICS) as [keyof typeof METRICS, (typeof METRICS)[keyof typeof METRICS]][]) {
      const mean = ratios[name].reduce((a, b) => a + b, 0) / ratios[name].length;
      if (Math.abs(mean - 1) > m.mean) problems.push(`mean ${name} engine/oracle = ${mean.toFixed(3)} (tolerance ±${m.mean * 100} %)`);
    }
    expect(problems).toEqual([]);
    // The sample must exercise what the comparison is about.
    expect(inputs.some((i) => i.agent.autoCompact)).toBe(true);
    expect(inputs.some((i) => !i.agent.autoCompact)).toBe(true);
  }, 600_000); // ~30 s on an idle 2-core machine; several times that when the machine is busy
});
