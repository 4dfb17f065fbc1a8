/**
 * How one upload becomes dblock volumes. Duplicati reads files in order, so an upload is a stream
 * [changed cold data before the hot range | changed hot data | changed cold data after it, then
 * new data], cut into full dblocks and a last, partial one. We group the volumes by what they
 * hold — all cold, all hot, mixed (the ones that straddle the hot range's edges), and the partial
 * tail — because hot and cold volumes age very differently.
 */

/** A group of equal-size volumes from one upload. */
export interface VolumeGroup {
  /** Number of volumes. */
  readonly volumes: number;
  /** Stored size of each volume, GiB. */
  readonly volumeGiB: number;
  /** Hot and cold data in the whole group, GiB. */
  readonly hotGiB: number;
  readonly coldGiB: number;
}

const EPS = 1e-12;

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * Splits an upload of `coldBefore`, `hot` and `coldAfter` GiB (stored sizes) into volume groups
 * of `fullGiB`-sized dblocks plus a tail; empty groups are left out.
 */
export function splitUpload(coldBefore: number, hot: number, coldAfter: number, fullGiB: number): VolumeGroup[] {
  const total = coldBefore + hot + coldAfter;
  if (total <= EPS) return [];
  const nFull = Math.floor(total / fullGiB + EPS);
  const fullEnd = nFull * fullGiB;
  const tail = total - fullEnd > EPS ? total - fullEnd : 0;
  const a = coldBefore;
  const b = coldBefore + hot;
  const groups: VolumeGroup[] = [];
  if (nFull > 0) {
    const hotInFull = overlap(0, fullEnd, a, b);
    // Volumes wholly inside [a, b) are pure hot; those meeting it partly are mixed.
    const pureHot = hot > EPS ? Math.max(0, Math.min(nFull, Math.floor(b / fullGiB + EPS)) - Math.ceil(a / fullGiB - EPS)) : 0;
    const first = Math.max(0, Math.floor(a / fullGiB + EPS));
    const last = Math.min(nFull - 1, Math.ceil(b / fullGiB - EPS) - 1);
    const touching = hot > EPS && b > EPS ? Math.max(0, last - first + 1) : 0;
    const mixed = Math.max(0, touching - pureHot);
    const pureCold = nFull - pureHot - mixed;
    if (pureCold > 0) groups.push({ volumes: pureCold, volumeGiB: fullGiB, hotGiB: 0, coldGiB: pureCold * fullGiB });
    if (pureHot > 0) groups.push({ volumes: pureHot, volumeGiB: fullGiB, hotGiB: pureHot * fullGiB, coldGiB: 0 });
    if (mixed > 0) {
      const mixedHot = Math.max(0, hotInFull - pureHot * fullGiB);
      groups.push({ volumes: mixed, volumeGiB: fullGiB, hotGiB: mixedHot, coldGiB: mixed * fullGiB - mixedHot });
    }
  }
  if (tail > 0) {
    const tailHot = overlap(fullEnd, total, a, b);
    groups.push({ volumes: 1, volumeGiB: tail, hotGiB: tailHot, coldGiB: tail - tailHot });
  }
  return groups;
}
