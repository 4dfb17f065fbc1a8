/**
 * An upper bound on how many versions retention leaves alive, so the fleet simulation can size
 * its per-device arrays once. Derived from the rules (Duplicati/Library/Main/Operation/DeleteHandler.cs), not
 * measured: each rule bounds the survivors on its own, and Duplicati's rules combine as a union
 * of deletions, so the tightest rule bounds the whole.
 */
import { SECONDS_PER_DAY } from '../units.js';
import { UNIT_SECONDS } from './policy.js';
import { CALENDAR_NONE, type RetentionRules } from './rules.js';

export interface LiveBoundOptions {
  /**
   * Whether interrupted (partial) backups can occur. Duplicati keeps partial versions inside
   * policy bands and ahead of the newest full one, so they loosen the bound (to Infinity for
   * keep-versions or keep-time alone, which keep any streak of partials). Default true (safe).
   */
  readonly partials?: boolean;
}

/**
 * The most versions that can be alive right after a retention run, when consecutive backups
 * start at least `backupIntervalSec` apart and retention's `now` is not before the newest
 * backup. A buffer needs one slot more, for the backup made before the next retention run.
 * Infinity when unbounded (no rules, a `U` timeframe, keep-all forever).
 */
export function maxLiveVersions(rules: RetentionRules, backupIntervalSec: number, opts: LiveBoundOptions = {}): number {
  if (!(backupIntervalSec > 0)) throw new RangeError(`backupIntervalSec must be > 0, got ${backupIntervalSec}`);
  const partials = opts.partials ?? true;
  if (rules.calendarStyle !== CALENDAR_NONE) {
    // Each rule keeps at most its count; +1 for the oldest kept while a rule is short, +1 for a
    // partial newest version.
    return rules.keepDaily + rules.keepWeekly + rules.keepMonthly + 1 + (partials ? 1 : 0);
  }
  let bound = Infinity;
  if (rules.frameTimeframe.length > 0) bound = Math.min(bound, policyBound(rules, backupIntervalSec, partials));
  if (rules.keepTimeParts.length > 0 && !partials) bound = Math.min(bound, keepTimeBound(rules, backupIntervalSec));
  if (rules.keepVersions > 0 && !partials) bound = Math.min(bound, rules.keepVersions);
  return bound;
}

/**
 * The newest version, plus each band's survivors: kept full versions in a band are at least
 * max(interval, backup spacing) apart; keep-all bands and partial versions only the backup
 * spacing. Band 0 spans ages [0, tf0] (closed), band f the half-open (tf(f−1), tf(f)].
 */
function policyBound(rules: RetentionRules, spacing: number, partials: boolean): number {
  let total = 1;
  let prev = 0;
  for (let f = 0; f < rules.frameTimeframe.length; f++) {
    const tf = rules.frameTimeframe[f] as number;
    if (tf === Infinity) return Infinity;
    const interval = rules.frameInterval[f] as number;
    const s = partials || interval <= 0 ? spacing : Math.max(interval, spacing);
    const length = tf - prev;
    total += f === 0 ? Math.floor(length / s) + 1 : Math.ceil(length / s);
    prev = tf;
  }
  return total;
}

/** Versions newer than the keep-time cutoff, at most one per backup spacing. */
function keepTimeBound(rules: RetentionRules, spacing: number): number {
  return Math.floor(longestKeepTimeSec(rules) / spacing) + 1;
}

/**
 * The longest `--keep-time` reach back from now: calendar months read as 31 days and years as
 * 366 (the most they can span), plus the tolerance.
 */
export function longestKeepTimeSec(rules: RetentionRules): number {
  let longest = rules.keepTimeToleranceSec;
  for (const p of rules.keepTimeParts) {
    const unit = p.unit === 'M' ? 31 * SECONDS_PER_DAY : p.unit === 'Y' ? 366 * SECONDS_PER_DAY : UNIT_SECONDS[p.unit];
    longest += Math.max(0, p.count) * unit;
  }
  return longest;
}
