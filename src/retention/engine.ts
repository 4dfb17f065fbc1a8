/**
 * The retention engine: one allocation-free function over typed arrays, called by the fleet
 * simulation once per device per retention run and by every ergonomic wrapper (one algorithm,
 * not two). Reference: Duplicati/Library/Main/Operation/DeleteHandler.cs.
 */
import { applyKeepTimePass, applyKeepVersionsPass, applyPolicyPass } from './duplicati.js';
import { applyCalendarPass } from './gfs.js';
import { CALENDAR_NONE, type RetentionRules } from './rules.js';

/**
 * Decides which versions survive one retention run at `now`.
 *
 * `times`: epoch seconds, strictly ascending (oldest first); `partial[i]` = 1 for an interrupted
 * backup; only the first `count` entries are read. Writes keep[i] = 1 (survives) or 0 (deleted)
 * for i < count and returns how many were deleted. Duplicati's rules combine as a union of
 * deletions, in Duplicati's order: keep-time, the policy, then keep-versions over what is left;
 * if every version would go, the newest stays unless allow-full-removal.
 */
export function applyRetention(
  rules: RetentionRules,
  times: Float64Array,
  partial: Uint8Array,
  count: number,
  now: number,
  keep: Uint8Array,
): number {
  if (count <= 0) return 0;
  if (rules.calendarStyle !== CALENDAR_NONE) {
    applyCalendarPass(rules, times, partial, count, keep);
  } else {
    keep.fill(1, 0, count);
    if (rules.keepTimeParts.length > 0) applyKeepTimePass(rules, times, partial, count, now, keep);
    if (rules.frameTimeframe.length > 0) applyPolicyPass(rules, times, partial, count, now, keep);
    if (rules.keepVersions > 0) applyKeepVersionsPass(rules, partial, count, keep);
  }
  let kept = 0;
  for (let i = 0; i < count; i++) kept += keep[i] as number;
  if (kept === 0 && !rules.allowFullRemoval) {
    keep[count - 1] = 1;
    kept = 1;
  }
  return count - kept;
}

/**
 * Moves the surviving versions (keep[i] = 1) to the front of `times` and `partial`, in order,
 * and returns their count: what a caller does after applyRetention to keep its arrays dense.
 */
export function compactVersions(times: Float64Array, partial: Uint8Array, count: number, keep: Uint8Array): number {
  let w = 0;
  for (let r = 0; r < count; r++) {
    if (keep[r] === 0) continue;
    times[w] = times[r] as number;
    partial[w] = partial[r] as number;
    w++;
  }
  return w;
}
