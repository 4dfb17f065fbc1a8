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
 * ascending, all full). Versions sit in their bands oldest band first, band f holding
 * sizes[sizeBase + f] versions, tagged f in band[]; after them come the versions added since the
 * last run and the newest, tagged BAND_NEW. Since a band's versions leave it oldest first, only
 * each band's first few versions and the new ones need a look. Writes the indices (0-based from
 * `base`) of the deleted versions into `deleted`, ascending, updates the tags and sizes of the
 * others and returns how many were deleted; the caller removes the deleted ones from its arrays.
 */
export function applyPolicyIncremental(
  rules: RetentionRules,
  times: Float64Array,
  band: Uint8Array,
  sizes: Int32Array,
  base: number,
  sizeBase: number,
  count: number,
  now: number,
  deleted: Int32Array,
): number {
  const timeframe = rules.frameTimeframe;
  const interval = rules.frameInterval;
  const frames = timeframe.length;
  // Lower time bound of each band now (the same expression as the full pass).
  const bound = BOUNDS;
  for (let f = 0; f < frames; f++) bound[f] = now - (timeframe[f] as number);
  let n = 0;
  let prev = -1; // the nearest older surviving version (index from base)
  let k = 0;
  for (let f = frames - 1; f >= 0; f--) {
    const end = k + (sizes[sizeBase + f] as number);
    // The band's oldest versions that are now too old for it move to an older band.
    for (; k < end && (times[base + k] as number) < (bound[f] as number); k++) {
      sizes[sizeBase + f] = (sizes[sizeBase + f] as number) - 1;
      if (place(timeframe, interval, bound, times, band, sizes, base, sizeBase, k, f + 1, prev)) prev = k;
      else deleted[n++] = k;
    }
    // The rest of the band stays (a chain minus its head is still a chain).
    if (k < end) prev = end - 1;
    k = end;
  }
  // Versions added since the last run (the previous newest) join their band.
  for (; k < count - 1; k++) {
    if (place(timeframe, interval, bound, times, band, sizes, base, sizeBase, k, 0, prev)) prev = k;
    else deleted[n++] = k;
  }
  band[base + count - 1] = BAND_NEW;
  return n;
}

/**
 * Puts version k in the first band from `from` on that still holds it and returns true, or
 * returns false if it is deleted: too old for every band, or less than the band's interval after
 * the band's newest version (the nearest older survivor, `prev`, when it is in that band).
 */
function place(
  timeframe: Float64Array,
  interval: Float64Array,
  bound: Float64Array,
  times: Float64Array,
  band: Uint8Array,
  sizes: Int32Array,
  base: number,
  sizeBase: number,
  k: number,
  from: number,
  prev: number,
): boolean {
  const frames = timeframe.length;
  const t = times[base + k] as number;
  let f = from;
  while (f < frames && t < (bound[f] as number)) f++;
  if (f === frames) return false;
  const gap = interval[f] as number;
  if (prev >= 0 && band[base + prev] === f && gap > 0 && t - (times[base + prev] as number) < gap) return false;
  band[base + k] = f;
  sizes[sizeBase + f] = (sizes[sizeBase + f] as number) + 1;
  return true;
}
