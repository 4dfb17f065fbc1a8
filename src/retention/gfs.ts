/**
 * Calendar GFS retention as restic (`forget --keep-daily/--keep-weekly/--keep-monthly`) and borg
 * (`prune`) apply it (their `restic forget` and `borg prune` documentation), for comparison with
 * Duplicati: keep the newest version of each calendar day / ISO week / month (UTC), walking from
 * the newest. restic lets one version count for several rules; borg runs the rules in order
 * (daily, weekly, monthly) and a rule skips versions an earlier rule already kept. When a rule
 * runs out of versions before reaching its count, both keep the oldest version as well (restic
 * ≥ 0.17, borg ≥ 1.2). Partial versions (borg's checkpoints) never count for a rule and are kept
 * only while they are the newest version. Times are indexed oldest first; nothing allocates.
 */
import { epochDay, isoWeekIndex, monthIndex } from './calendar.js';
import { CALENDAR_RESTIC, type RetentionRules } from './rules.js';

const DAILY = 0;
const WEEKLY = 1;
const MONTHLY = 2;

function periodOf(rule: number, t: number): number {
  return rule === DAILY ? epochDay(t) : rule === WEEKLY ? isoWeekIndex(t) : monthIndex(t);
}

function ruleCount(rules: RetentionRules, rule: number): number {
  return rule === DAILY ? rules.keepDaily : rule === WEEKLY ? rules.keepWeekly : rules.keepMonthly;
}

/** Sets keep[i] for every version under the calendar policy (overwrites all of keep[0..count)). */
export function applyCalendarPass(rules: RetentionRules, times: Float64Array, partial: Uint8Array, count: number, keep: Uint8Array): void {
  keep.fill(0, 0, count);
  if (rules.calendarStyle === CALENDAR_RESTIC) restic(rules, times, partial, count, keep);
  else for (let rule = DAILY; rule <= MONTHLY; rule++) borgRule(rule, ruleCount(rules, rule), times, partial, count, keep);
  if (partial[count - 1] !== 0) keep[count - 1] = 1;
}

/** restic's per-rule state, [daily, weekly, monthly]: counts left and the last period kept. */
const resticLeft = new Float64Array(3);
const resticLast = new Float64Array(3);

function restic(rules: RetentionRules, times: Float64Array, partial: Uint8Array, count: number, keep: Uint8Array): void {
  let oldestFull = 0;
  while (oldestFull < count && partial[oldestFull] !== 0) oldestFull++;
  for (let rule = DAILY; rule <= MONTHLY; rule++) {
    resticLeft[rule] = ruleCount(rules, rule);
    resticLast[rule] = NaN;
  }
  for (let i = count - 1; i >= oldestFull; i--) {
    if (partial[i] !== 0) continue;
    const t = times[i] as number;
    // restic keeps the oldest snapshot too while a rule still has counts left.
    const oldest = i === oldestFull;
    let k = 0;
    for (let rule = DAILY; rule <= MONTHLY; rule++) {
      if ((resticLeft[rule] as number) <= 0) continue;
      const p = periodOf(rule, t);
      if (p !== resticLast[rule] || oldest) {
        k = 1;
        resticLast[rule] = p;
        resticLeft[rule] = (resticLeft[rule] as number) - 1;
      }
    }
    keep[i] = k;
  }
}

function borgRule(rule: number, n: number, times: Float64Array, partial: Uint8Array, count: number, keep: Uint8Array): void {
  if (n <= 0) return;
  let last = NaN;
  let kept = 0;
  let oldestSeen = -1;
  for (let i = count - 1; i >= 0; i--) {
    if (partial[i] !== 0) continue;
    oldestSeen = i;
    const p = periodOf(rule, times[i] as number);
    if (p === last) continue;
    last = p;
    if (keep[i] === 0) {
      keep[i] = 1;
      if (++kept === n) return;
    }
  }
  // borg keeps the oldest archive when a rule could not reach its count.
  if (oldestSeen >= 0 && keep[oldestSeen] === 0) keep[oldestSeen] = 1;
}
