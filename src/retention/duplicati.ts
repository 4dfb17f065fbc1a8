/**
 * Duplicati's three deletion rules over typed arrays, exactly as Duplicati's
 * Library/Main/Operation/DeleteHandler.cs runs them (time units as Library/Utility/Timeparser.cs
 * reads them). Each pass clears keep[i] for the
 * versions it deletes; the caller combines them (a union of deletions). Versions are indexed
 * oldest first: times[0] is the oldest, times[count − 1] the newest. Nothing here allocates.
 */
import { addCalendarMonths } from './calendar.js';
import { UNIT_SECONDS } from './policy.js';
import type { RetentionRules } from './rules.js';

/**
 * `--retention-policy`. The newest version is set aside (deleted only with allow-full-removal
 * when it lies outside every frame). Frames, smallest first, take the still-unassigned versions
 * with time ≥ now − timeframe as their band; inside a band the walk goes oldest to newest and
 * keeps a full version when nothing is kept yet, the interval is keep-all, or it is at least
 * `interval` after the last kept full one (no tolerance). Partial versions inside a band are kept
 * and never become the last kept one. Everything older than the largest frame is deleted.
 */
export function applyPolicyPass(
  rules: RetentionRules,
  times: Float64Array,
  partial: Uint8Array,
  count: number,
  now: number,
  keep: Uint8Array,
): void {
  const frames = rules.frameTimeframe.length;
  const newest = count - 1;
  const newestTime = times[newest] as number;
  let deleteNewest = rules.allowFullRemoval;
  // Versions hi..0 are unassigned; each band takes the contiguous run just below hi.
  let hi = newest - 1;
  for (let f = 0; f < frames; f++) {
    const timeframe = rules.frameTimeframe[f] as number;
    const interval = rules.frameInterval[f] as number;
    const bound = timeframe === Infinity ? -Infinity : now - timeframe;
    let lo = hi + 1;
    while (lo > 0 && (times[lo - 1] as number) >= bound) lo--;
    let lastKept = NaN;
    for (let i = lo; i <= hi; i++) {
      const full = partial[i] === 0;
      if (lastKept !== lastKept || interval <= 0 || (times[i] as number) - lastKept >= interval) {
        if (full) lastKept = times[i] as number;
      } else if (full) {
        keep[i] = 0;
      }
    }
    hi = lo - 1;
    deleteNewest = deleteNewest && newestTime < bound;
  }
  for (let i = 0; i <= hi; i++) keep[i] = 0;
  if (deleteNewest) keep[newest] = 0;
}

/**
 * `--keep-time X`: deletes versions older than now − X (calendar months and years, as .NET's
 * AddMonths) − min(1 % of X, 1 h). If every version recent enough is partial, older versions are
 * kept down to and including the newest full one, so at least one full backup survives.
 */
export function applyKeepTimePass(
  rules: RetentionRules,
  times: Float64Array,
  partial: Uint8Array,
  count: number,
  now: number,
  keep: Uint8Array,
): void {
  const parts = rules.keepTimeParts;
  let cutoff = now;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.unit === 'M') cutoff = addCalendarMonths(cutoff, -part.count);
    else if (part.unit === 'Y') cutoff = addCalendarMonths(cutoff, -12 * part.count);
    else cutoff -= part.count * UNIT_SECONDS[part.unit];
  }
  cutoff -= rules.keepTimeToleranceSec;
  let haveFull = false;
  for (let i = count - 1; i >= 0; i--) {
    const full = partial[i] === 0;
    if ((times[i] as number) >= cutoff || !haveFull) {
      if (full) haveFull = true;
    } else {
      keep[i] = 0;
    }
  }
}

/**
 * `--keep-versions N`, applied to the versions the other rules left (as Duplicati does), and only
 * when more than N remain: walking newest first, the first N full versions are kept, partial
 * versions newer than the newest full one are kept, partial versions with a newer full one are
 * deleted, and everything after the Nth full version is deleted.
 */
export function applyKeepVersionsPass(rules: RetentionRules, partial: Uint8Array, count: number, keep: Uint8Array): void {
  const n = rules.keepVersions;
  let remaining = 0;
  for (let i = 0; i < count; i++) remaining += keep[i] as number;
  if (remaining <= n) return;
  let fullsKept = 0;
  for (let i = count - 1; i >= 0; i--) {
    if (keep[i] === 0) continue;
    if (fullsKept >= n) keep[i] = 0;
    else if (partial[i] === 0) fullsKept++;
    else if (fullsKept > 0) keep[i] = 0;
  }
}
