/**
 * The `--retention-policy` pass run incrementally, for the fleet's hot path: same decisions as
 * applyRetention run after every backup (the property tests hold it to that), in time that grows
 * with the versions that changed band rather than with all of them.
 *
 * Why it is exact. After a run, the versions of each band (frame) form a chain: each is at least
 * the band's interval after the previous one, so a fresh greedy walk over them keeps them all.
 * As time passes a band loses its oldest versions to the next band (a chain minus its head is
 * still a chain) and gains, at its young end, versions leaving the previous band or the version
 * that was newest. So the only decisions to make are for versions that changed band, oldest first:
 * such a version is kept if it is the first of its band or at least the interval after the next
 * older survivor (the newest version of its band), and deleted if it left the largest frame.
 * That holds for the pure policy on full versions; keep-time, keep-versions, partial versions,
 * allow-full-removal and calendar rules go through applyRetention.
 */
import { CALENDAR_NONE, type RetentionRules } from './rules.js';

/** Band tag of a version not yet placed in a band: the newest one, or one added since the last run. */
export const BAND_NEW = 255;

/** Scratch: each band's lower time bound at the current run (BAND_NEW's is +∞). */
const BOUNDS = new Float64Array(BAND_NEW + 1).fill(Infinity);

/** Whether `applyPolicyIncremental` decides exactly as applyRetention for these rules (full versions only). */
export function supportsIncremental(rules: RetentionRules): boolean {
  return (
    rules.calendarStyle === CALENDAR_NONE &&
    rules.keepTimeParts.length === 0 &&
    rules.keepVersions === 0 &&
    !rules.allowFullRemoval &&
    rules.frameTimeframe.length > 0 &&
    rules.frameTimeframe.length < BAND_NEW
  );
}

/**
 * One retention run at `now` over the versions times[base .. base + count) (epoch seconds,
 * ascending, all full), whose bands are in band[base ..] (BAND_NEW for versions added since the
 * last run, and for the newest). Writes the indices (0-based from `base`) of the deleted versions
 * into `deleted`, ascending, updates the bands of the others and returns how many were deleted.
 * The caller removes the deleted versions from all its arrays, bands included.
 */
export function applyPolicyIncremental(
  rules: RetentionRules,
  times: Float64Array,
  band: Uint8Array,
  base: number,
  count: number,
  now: number,
  deleted: Int32Array,
): number {
  const timeframe = rules.frameTimeframe;
  const interval = rules.frameInterval;
  const frames = timeframe.length;
  // Lower time bound of each band now (the same expression as the full pass); BAND_NEW never fits.
  const bound = BOUNDS;
  for (let f = 0; f < frames; f++) bound[f] = now - (timeframe[f] as number);
  let n = 0;
  let prev = -1; // the nearest older surviving version
  for (let k = 0; k < count - 1; k++) {
    const j = base + k;
    const t = times[j] as number;
    let f = band[j] as number;
    // Still in its band: nothing changes.
    if (t >= (bound[f] as number)) {
      prev = j;
      continue;
    }
    if (f === BAND_NEW) f = 0;
    while (f < frames && t < (bound[f] as number)) f++;
    if (f === frames) {
      deleted[n++] = k;
      continue;
    }
    const gap = interval[f] as number;
    if (prev >= 0 && band[prev] === f && gap > 0 && t - (times[prev] as number) < gap) {
      deleted[n++] = k;
      continue;
    }
    band[j] = f;
    prev = j;
  }
  band[base + count - 1] = BAND_NEW;
  return n;
}
