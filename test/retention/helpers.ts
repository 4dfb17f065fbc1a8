/** Shared fixtures for the retention tests: building rules and versions by age. */
import { parseRetentionPolicy, type MonthLengths } from '../../src/retention/policy.js';
import { replayRetention, selectDeletions, type BackupVersion, type ReplayResult } from '../../src/retention/replay.js';
import { compileRetention, type RetentionOptions, type RetentionRules } from '../../src/retention/rules.js';

export const D = 86_400;
export const H = 3_600;
/** An arbitrary "now" for single retention runs: 2026-06-30T00:00:00Z. */
export const NOW = Date.parse('2026-06-30T00:00:00Z') / 1000;

export function rules(policy?: string, o: Omit<RetentionOptions, 'policy'> = {}, months: MonthLengths = 'current'): RetentionRules {
  return compileRetention({ ...(policy !== undefined && { policy: parseRetentionPolicy(policy, months) }), ...o });
}

/** A version `ageSec` before NOW (append `p` for partial). */
export function age(ageSec: number, partial = false): BackupVersion {
  return { time: NOW - ageSec, partial };
}

/** Ages (seconds before NOW) of the versions a single run at NOW keeps, oldest first. */
export function keptAges(r: RetentionRules, versions: readonly BackupVersion[], now = NOW): number[] {
  return selectDeletions(r, versions, now).kept.map((v) => now - v.time);
}

/** `days` full backups 24 h apart starting at `start`, retention after each. */
export function daily(r: RetentionRules, days: number, start = Date.parse('2026-01-01T02:00:00Z') / 1000, runDelaySec = 0): ReplayResult {
  return replayRetention(
    r,
    Array.from({ length: days }, (_, i) => ({ time: start + i * D })),
    { runDelaySec },
  );
}
