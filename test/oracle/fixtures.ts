/** Tiny, fully determined devices for hand-checked oracle tests: 1 MiB blocks, no randomness left. */
import type { AgentOptions, DeviceData } from '../../src/agent/model.js';
import { GIB, MIB, SECONDS_PER_DAY } from '../../src/units.js';
import type { OracleInput } from './device-blocks.js';
import { agentOptions } from './params.js';

/** Midnight UTC, 2026-01-01. */
export const DAY0 = Date.UTC(2026, 0, 1) / 1000;

/** A backup at 01:00 UTC on `day`. */
export const at = (day: number): number => DAY0 + day * SECONDS_PER_DAY + 3_600;

export interface TinyDevice {
  /** Blocks of 1 MiB at the first backup. */
  readonly blocks: number;
  /** [first, count]: these blocks change every day (probability 1), no other block ever does. */
  readonly hot?: readonly [number, number];
  readonly compressionRatio?: number;
  readonly growthPctPerMonth?: number;
  readonly backupDays: readonly number[];
  readonly days?: number;
  readonly agent?: Partial<AgentOptions>;
}

/** A device whose hot blocks change every day and whose cold blocks never do; one file per block. */
export function tinyDevice(t: TinyDevice): OracleInput {
  const [hotStart, hotCount] = t.hot ?? [0, 0];
  const hotSetPct = (100 * hotCount) / t.blocks;
  const data: DeviceData = {
    protectedGiB: (t.blocks * MIB) / GIB,
    growthPctPerMonth: t.growthPctPerMonth ?? 0,
    // All changes on the hot set and as many as it holds: probability 1 hot, 0 cold.
    dailyChangePct: hotSetPct,
    hotSetPct,
    hotChangeSharePct: 100,
    compressionRatio: t.compressionRatio ?? 1,
    filesPerGiB: GIB / MIB,
  };
  return {
    data,
    agent: agentOptions({ blockBytes: MIB, backendVerification: false, ...t.agent }),
    backupTimes: t.backupDays.map(at),
    runDelaySec: 0,
    seed: 1,
    days: t.days ?? Math.max(...t.backupDays) + 1,
    hotStartBlock: hotStart,
    audit: true,
  };
}
