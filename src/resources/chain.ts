/**
 * Incremental snapshot chains (EBS snapshots, FSx backups): the first snapshot holds every used
 * block, each later one only the blocks changed since the one before. Deleting a snapshot keeps
 * the blocks a later snapshot still needs ("Amazon EBS snapshots — How incremental snapshots
 * work", Amazon EBS User Guide), the supersede logic Duplicati's blocks follow too: so the chain
 * of the n newest snapshots holds the oldest one's blocks in full plus, for each later snapshot,
 * the blocks written between it and the one before.
 */

/**
 * Share of a volume's used blocks written at least once in `days` days when `dailyShare` of them
 * are overwritten each day, uniformly and independently: 1 − (1 − c)^t (t may be a fraction of a
 * day for hourly schedules).
 */
export function changedShare(dailyShare: number, days: number): number {
  if (dailyShare >= 1) return days > 0 ? 1 : 0;
  return 1 - (1 - dailyShare) ** days;
}

/**
 * GiB stored by the `n` newest snapshots of a volume with `usedGiB` of used blocks, when each
 * snapshot after the first holds `incrementGiB` uniquely: usedGiB + (n − 1) × incrementGiB.
 * Never more than n full snapshots, never less than the newest one.
 */
export function chainGiB(usedGiB: number, n: number, incrementGiB: number): number {
  return n <= 0 ? 0 : usedGiB + (n - 1) * Math.min(incrementGiB, usedGiB);
}

/** Snapshots taken by the end of day `day` (0-based) by a schedule every `intervalHours`, the first at the start of day 0. */
export function snapshotsTaken(day: number, intervalHours: number): number {
  return Math.floor(((day + 1) * 24 - 1e-9) / intervalHours) + 1;
}
