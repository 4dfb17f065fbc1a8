/**
 * Random but sensible oracle inputs for comparing the fleet engine against the oracle: small
 * devices (1–8 GiB, so 400 days run fast) over the ranges the engine must get right.
 */
import fc from 'fast-check';
import type { AgentOptions, DeviceData } from '../../src/agent/model.js';
import { createRandom } from '../../src/fleet/random.js';
import { parseRetentionPolicy } from '../../src/retention/policy.js';
import { KIB, MIB, SECONDS_PER_DAY } from '../../src/units.js';
import type { OracleInput } from './device-blocks.js';

/** Duplicati's defaults (Duplicati/Library/Main/Options.cs) with keep-all retention; override what a test needs. */
export function agentOptions(overrides: Partial<AgentOptions> = {}): AgentOptions {
  const dblockBytes = overrides.dblockBytes ?? 50 * MIB;
  return {
    version: 'current',
    allowFullRemoval: false,
    dblockBytes,
    blockBytes: MIB,
    autoCompact: true,
    thresholdPct: 25,
    smallFileBytes: dblockBytes / 5,
    smallFileMaxCount: 20,
    testSamples: 1,
    testPercentage: 0.1,
    backendVerification: true,
    ...overrides,
  };
}

/** The retention settings the comparison covers. */
export const ORACLE_RETENTIONS = ['7D:1D,4W:1W,12M:1M', '1W:1D,3M:1W', 'U:1W', 'keep-versions 10'] as const;
export type OracleRetention = (typeof ORACLE_RETENTIONS)[number];

function retentionOptions(r: OracleRetention): Pick<AgentOptions, 'policy' | 'keepVersions'> {
  return r === 'keep-versions 10' ? { keepVersions: 10 } : { policy: parseRetentionPolicy(r) };
}

/** Daily backups at a fixed time of day, each up to `jitterSec` late, each day after day 0 missed with `missedPct` %. */
export function dailyBackupTimes(o: {
  day0: number /* epoch s, midnight UTC */;
  days: number;
  secondOfDay: number;
  jitterSec: number;
  missedPct: number;
  seed: number;
}): number[] {
  const rng = createRandom(o.seed, 1);
  const times: number[] = [];
  for (let day = 0; day < o.days; day++) {
    const missed = rng.next() < o.missedPct / 100;
    const jitter = Math.floor(rng.next() * (o.jitterSec + 1));
    if (day > 0 && missed) continue;
    times.push(o.day0 + day * SECONDS_PER_DAY + o.secondOfDay + jitter);
  }
  return times;
}

export interface OracleParamOptions {
  /** Days to simulate (default 400). */
  readonly days?: number;
  /** Midnight UTC of day 0, epoch seconds (default 2026-01-01). */
  readonly day0?: number;
}

const MAX_JITTER_SEC = 30 * 60;
const hundredths = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);

/** A fast-check arbitrary of oracle inputs over the ranges the comparison covers. */
export function oracleInputArbitrary(opts: OracleParamOptions = {}): fc.Arbitrary<OracleInput> {
  const days = opts.days ?? 400;
  const day0 = opts.day0 ?? Date.UTC(2026, 0, 1) / 1000;
  return fc
    .record({
      protectedGiB: hundredths(1, 8),
      growthPctPerMonth: hundredths(0, 5),
      dailyChangePct: hundredths(0.2, 5),
      hotSetPct: hundredths(2, 30),
      hotChangeSharePct: hundredths(50, 95),
      compressionRatio: hundredths(0.3, 1),
      filesPerGiB: fc.integer({ min: 500, max: 10_000 }),
      dblockMiB: fc.integer({ min: 5, max: 50 }),
      blockKiB: fc.integer({ min: 100, max: 1024 }),
      thresholdPct: fc.integer({ min: 10, max: 50 }),
      autoCompact: fc.boolean(),
      retention: fc.constantFrom(...ORACLE_RETENTIONS),
      // A run never crosses midnight, so each backup stays on its own day.
      secondOfDay: fc.integer({ min: 0, max: SECONDS_PER_DAY - MAX_JITTER_SEC - 1 }),
      jitterSec: fc.integer({ min: 0, max: MAX_JITTER_SEC }),
      missedPct: hundredths(0, 20),
      runDelaySec: fc.integer({ min: 60, max: 3_600 }),
      scheduleSeed: fc.nat(),
      seed: fc.nat(),
    })
    .map((p): OracleInput => {
      const data: DeviceData = {
        protectedGiB: p.protectedGiB,
        growthPctPerMonth: p.growthPctPerMonth,
        dailyChangePct: p.dailyChangePct,
        hotSetPct: p.hotSetPct,
        hotChangeSharePct: p.hotChangeSharePct,
        compressionRatio: p.compressionRatio,
        filesPerGiB: p.filesPerGiB,
      };
      const agent = agentOptions({
        ...retentionOptions(p.retention),
        dblockBytes: p.dblockMiB * MIB,
        blockBytes: p.blockKiB * KIB,
        thresholdPct: p.thresholdPct,
        autoCompact: p.autoCompact,
      });
      const backupTimes = dailyBackupTimes({ day0, days, secondOfDay: p.secondOfDay, jitterSec: p.jitterSec, missedPct: p.missedPct, seed: p.scheduleSeed });
      return { data, agent, backupTimes, runDelaySec: p.runDelaySec, seed: p.seed, days };
    });
}

/** `count` oracle inputs drawn reproducibly from `seed`. */
export function sampleOracleInputs(seed: number, count: number, opts: OracleParamOptions = {}): OracleInput[] {
  return fc.sample(oracleInputArbitrary(opts), { seed, numRuns: count });
}
