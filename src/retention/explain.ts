/**
 * What a retention policy means for the storage bill under daily backups: how many versions
 * are alive in steady state, and how long a version lives (its data is billed until it dies).
 * Measured by replaying the policy (the greedy spacing is path-dependent, so there is no closed
 * form): a warm-up until the oldest frame is full, a measurement window of births, then enough
 * days for every measured version to die.
 */
import { SECONDS_PER_DAY } from '../units.js';
import { longestKeepTimeSec } from './bounds.js';
import { replayRetention, type BackupRun } from './replay.js';
import { CALENDAR_NONE, type RetentionRules } from './rules.js';

export interface LifetimeBucket {
  /** Lifetime in days (deletion time − backup start), rounded to 1/1000 day. */
  readonly days: number;
  /** Versions born in the window that lived this long. */
  readonly versions: number;
}

export interface DailySteadyState {
  /** Days simulated in all. */
  readonly simulatedDays: number;
  /** Live versions after each retention run during the measurement window. */
  readonly live: { readonly min: number; readonly max: number; readonly mean: number };
  /** Versions born during the measurement window. */
  readonly born: number;
  /** Lifetimes of the versions born in the window, shortest first. */
  readonly lifetimes: readonly LifetimeBucket[];
  /**
   * Versions born in the window still alive at the end of the simulation: 0 for bounded rules;
   * otherwise those kept past every finite frame (they may live forever).
   */
  readonly stillLive: number;
  /** Mean lifetime in days of the versions born in the window that died. */
  readonly meanLifetimeDays: number;
  /**
   * False when versions can live forever (or longer than 20 years): no steady state is reached,
   * the live count keeps growing, and the window starts at the first backup.
   */
  readonly bounded: boolean;
}

export interface DailyExplainOptions {
  /** First backup, epoch seconds. */
  readonly startSec: number;
  /** Retention runs this long after each backup starts. Default 0. */
  readonly runDelaySec?: number;
  /** Days of births measured. Default 730 (two years, many cycles of any monthly spacing). */
  readonly windowDays?: number;
}

/** Rules whose versions may outlive this are measured as never settling (20 years). */
const MAX_SETTLE_DAYS = 20 * 365;

/**
 * Days a version can live at most with one full backup a day; Infinity when some live forever.
 * Duplicati's rules combine as a union of deletions, so the shortest-lived rule bounds the
 * lifetime; a calendar policy keeps what any of its rules keeps, so the longest rule does.
 */
function maxLifetimeDays(rules: RetentionRules): number {
  if (rules.calendarStyle !== CALENDAR_NONE) {
    return Math.max(rules.keepDaily + 1, 7 * (rules.keepWeekly + 1), 31 * (rules.keepMonthly + 1)) + 1;
  }
  let days = Infinity;
  const frames = rules.frameTimeframe;
  if (frames.length > 0) days = Math.min(days, Math.ceil((frames[frames.length - 1] as number) / SECONDS_PER_DAY) + 1);
  if (rules.keepTimeParts.length > 0) days = Math.min(days, Math.ceil(longestKeepTimeSec(rules) / SECONDS_PER_DAY) + 1);
  if (rules.keepVersions > 0) days = Math.min(days, rules.keepVersions + 1);
  return days;
}

/** Replays daily backups long enough to reach steady state and summarizes it. */
export function explainDailyRetention(rules: RetentionRules, opts: DailyExplainOptions): DailySteadyState {
  const windowDays = opts.windowDays ?? 730;
  const maxLife = maxLifetimeDays(rules);
  const bounded = maxLife <= MAX_SETTLE_DAYS;
  // Warm up until the first versions could have died, measure, then let every measured version
  // die. Rules that keep versions forever never settle: measure from the first backup, and run
  // on past the finite frames so that what is left is what they keep for good.
  const warmup = bounded ? maxLife + 1 : 0;
  const tail = bounded ? warmup : Math.min(finiteHorizonDays(rules), MAX_SETTLE_DAYS);
  const total = warmup + windowDays + tail;
  const runs: BackupRun[] = [];
  for (let d = 0; d < total; d++) runs.push({ time: opts.startSec + d * SECONDS_PER_DAY });
  const result = replayRetention(rules, runs, { runDelaySec: opts.runDelaySec ?? 0 });

  const windowStart = opts.startSec + warmup * SECONDS_PER_DAY;
  const windowEnd = windowStart + windowDays * SECONDS_PER_DAY;
  const counts = new Map<number, number>();
  let died = 0;
  let lifeSum = 0;
  for (const v of result.deleted) {
    if (v.time < windowStart || v.time >= windowEnd) continue;
    const days = Math.round(((v.deletedAt - v.time) / SECONDS_PER_DAY) * 1000) / 1000;
    counts.set(days, (counts.get(days) ?? 0) + 1);
    died++;
    lifeSum += days;
  }
  const born = windowDays;
  let min = Infinity;
  let max = 0;
  let sum = 0;
  for (let d = warmup; d < warmup + windowDays; d++) {
    const n = result.liveAfterRun[d] as number;
    min = Math.min(min, n);
    max = Math.max(max, n);
    sum += n;
  }
  return {
    simulatedDays: total,
    live: { min, max, mean: sum / windowDays },
    born,
    lifetimes: [...counts].sort((a, b) => a[0] - b[0]).map(([days, versions]) => ({ days, versions })),
    stillLive: born - died,
    meanLifetimeDays: died > 0 ? lifeSum / died : 0,
    bounded,
  };
}

/** Days past which only an unlimited (U) frame can still hold a version. */
function finiteHorizonDays(rules: RetentionRules): number {
  let sec = 0;
  for (let f = 0; f < rules.frameTimeframe.length; f++) {
    const tf = rules.frameTimeframe[f] as number;
    if (tf !== Infinity) sec = Math.max(sec, tf);
  }
  return Math.ceil(sec / SECONDS_PER_DAY) + 2;
}
