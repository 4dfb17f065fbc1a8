/**
 * How one upload becomes dblock volumes. Duplicati reads files in order, so an upload is a stream
 * [changed cold data before the hot range | changed hot data | changed cold data after it, then
 * new data], cut into full dblocks and a last, partial one. We group the volumes by what they
 * hold — all cold, all hot, mixed (the ones that straddle the hot range's edges), and the partial
 * tail — because hot and cold volumes age very differently.
 */

/** Up to four groups of equal-size volumes from one upload, in preallocated columns. */
export interface VolumeGroups {
  /** Number of groups filled by the last split. */
  count: number;
  /** Per group: number of volumes, stored size of each (GiB), hot and cold data (GiB). */
  readonly volumes: Float64Array;
  readonly volumeGiB: Float64Array;
  readonly hotGiB: Float64Array;
  readonly coldGiB: Float64Array;
}

export function volumeGroups(): VolumeGroups {
  return { count: 0, volumes: new Float64Array(4), volumeGiB: new Float64Array(4), hotGiB: new Float64Array(4), coldGiB: new Float64Array(4) };
}

const EPS = 1e-12;

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function push(out: VolumeGroups, volumes: number, volumeGiB: number, hot: number, cold: number): void {
  const k = out.count++;
  out.volumes[k] = volumes;
  out.volumeGiB[k] = volumeGiB;
  out.hotGiB[k] = hot;
  out.coldGiB[k] = cold;
}

/** Full dblocks in an upload of `total` GiB (stored). */
export function fullVolumes(total: number, fullGiB: number): number {
  return Math.floor(total / fullGiB + EPS);
}

/** The last, partial dblock of an upload with `nFull` full ones, GiB (0: none). */
export function tailGiB(total: number, nFull: number, fullGiB: number): number {
  const rest = total - nFull * fullGiB;
  return rest > EPS ? rest : 0;
}

/**
 * Splits an upload of `coldBefore`, `hot` and `coldAfter` GiB (stored sizes) into groups of
 * `fullGiB`-sized dblocks (all cold, all hot, mixed) plus the partial tail, written into `out`
 * (empty groups are left out). Allocates nothing: it runs once per device per day.
 */
export function splitUpload(coldBefore: number, hot: number, coldAfter: number, fullGiB: number, out: VolumeGroups): VolumeGroups {
  out.count = 0;
  const total = coldBefore + hot + coldAfter;
  if (total <= EPS) return out;
  const nFull = fullVolumes(total, fullGiB);
  const fullEnd = nFull * fullGiB;
  const tail = tailGiB(total, nFull, fullGiB);
  const a = coldBefore;
  const b = coldBefore + hot;
  if (nFull > 0) {
    const hotInFull = overlap(0, fullEnd, a, b);
    // Volumes wholly inside [a, b) are pure hot; those meeting it partly are mixed.
    const pureHot = hot > EPS ? Math.max(0, Math.min(nFull, Math.floor(b / fullGiB + EPS)) - Math.ceil(a / fullGiB - EPS)) : 0;
    const first = Math.max(0, Math.floor(a / fullGiB + EPS));
    const last = Math.min(nFull - 1, Math.ceil(b / fullGiB - EPS) - 1);
    const touching = hot > EPS && b > EPS ? Math.max(0, last - first + 1) : 0;
    const mixed = Math.max(0, touching - pureHot);
    const pureCold = nFull - pureHot - mixed;
    if (pureCold > 0) push(out, pureCold, fullGiB, 0, pureCold * fullGiB);
    if (pureHot > 0) push(out, pureHot, fullGiB, pureHot * fullGiB, 0);
    if (mixed > 0) {
      const mixedHot = Math.max(0, hotInFull - pureHot * fullGiB);
      push(out, mixed, fullGiB, mixedHot, mixed * fullGiB - mixedHot);
    }
  }
  if (tail > 0) {
    const tailHot = overlap(fullEnd, total, a, b);
    push(out, 1, tail, tailHot, tail - tailHot);
  }
  return out;
}
