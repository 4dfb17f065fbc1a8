/**
 * The random draws of one device on one day, in the order the shard loops make them (from the
 * device's own stream): whether it is offline, when its backup starts, whether it restores
 * today and whether that restore has lost its local database. Nothing drawn depends on what the
 * device holds, so a device's whole calendar of runs and restores can be drawn without simulating
 * it (see restore-calendar.ts). The Duplicati and dump agents' loops and the calendar all go
 * through here, so they cannot drift apart.
 */
import type { Population } from './population.js';
import type { RandomStreams } from './random.js';

/** Backups start within their day: a start pushed past midnight by jitter stays on the day. */
export const LAST_IN_DAY = 1 - 1e-6;

/** What the fleet's days draw from, the same for every device of a scenario. */
export interface DayDrawParams {
  /** Start jitter, days. */
  readonly jitter: number;
  /** Chance a device in service restores on a given day (0: never). */
  readonly restorePerDay: number;
  /**
   * Share of restores that have lost the local database; undefined for an agent without one (the
   * dump agent), which draws nothing for it.
   */
  readonly lostDatabaseShare: number | undefined;
}

/** One day's draws (reused: the hot loop allocates nothing). */
export interface DayDraw {
  /** When the backup starts, days since the simulation start. */
  t: number;
  restore: boolean;
  lostDatabase: boolean;
}

/**
 * Device i's draws on day d; `first`: its first backup (at onboarding, no draws for it). Returns
 * false when the device is offline today (nothing more is drawn).
 */
export function drawDay(rng: RandomStreams, pop: Population, i: number, d: number, first: boolean, p: DayDrawParams, out: DayDraw): boolean {
  if (first) {
    out.t = pop.onboardDay[i] as number;
  } else {
    if (rng.next(i) < (pop.offline[i] as number)) return false;
    out.t = Math.min(d + LAST_IN_DAY, d + (pop.backupTime[i] as number) + rng.next(i) * p.jitter);
  }
  out.restore = p.restorePerDay > 0 && rng.next(i) < p.restorePerDay;
  out.lostDatabase = out.restore && p.lostDatabaseShare !== undefined && rng.next(i) < p.lostDatabaseShare;
  return true;
}
