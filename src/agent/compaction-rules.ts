/**
 * Duplicati's compaction rules (Duplicati/Library/Main/Operation/CompactHandler.cs and the compact
 * report of Duplicati/Library/Main/Database/Local/LocalDeleteDatabase.cs, with the options
 * --threshold, --small-file-size and --small-file-max-count of Duplicati/Library/Main/Options.cs)
 * as pure predicates over volume sizes, shared by the fleet engine and the block-level
 * reference simulator so that both decide alike.
 */
import type { AgentOptions } from './model.js';

/** A dblock whose every block is waste: deleted (with its dindex) without being downloaded. */
export function isFullyDeletable(dataBytes: number, wasteBytes: number): boolean {
  return dataBytes > 0 && wasteBytes >= dataBytes;
}

/** A waste volume: waste ≥ threshold of its data, or ≥ threshold of the dblock size. */
export function isWasteVolume(dataBytes: number, wasteBytes: number, o: AgentOptions): boolean {
  const t = o.thresholdPct / 100;
  return wasteBytes > 0 && (wasteBytes >= t * dataBytes || wasteBytes >= t * o.dblockBytes);
}

/** A small volume: compressed size ≤ --small-file-size. */
export function isSmallVolume(dataBytes: number, o: AgentOptions): boolean {
  return dataBytes <= o.smallFileBytes;
}

/** Totals over the volumes that are not fully deletable. */
export interface CompactionTotals {
  /** Data in all remaining dblocks, bytes. */
  readonly allDataBytes: number;
  /** Waste inside waste volumes, bytes. */
  readonly wasteInWasteVolumesBytes: number;
  readonly wasteVolumeCount: number;
  /** Data in small volumes, bytes. */
  readonly smallBytes: number;
  readonly smallVolumeCount: number;
}

/**
 * Whether a full compaction runs: (waste in waste volumes ≥ threshold of all data and at least
 * two waste volumes) or (small volumes together exceed one dblock) or (more than
 * --small-file-max-count small volumes).
 */
export function shouldCompact(t: CompactionTotals, o: AgentOptions): boolean {
  const wasteful = t.wasteVolumeCount >= 2 && t.wasteInWasteVolumesBytes >= (o.thresholdPct / 100) * t.allDataBytes;
  const smallMany = t.smallBytes > o.dblockBytes || t.smallVolumeCount > o.smallFileMaxCount;
  return wasteful || smallMany;
}

/** Whether compaction is considered after a run: auto-compact on, and a version deleted or a small last dblock. */
export function compactionConsidered(o: AgentOptions, versionDeleted: boolean, lastDblockBytes: number): boolean {
  return o.autoCompact && (versionDeleted || (lastDblockBytes > 0 && lastDblockBytes <= o.smallFileBytes));
}

/** Verification samples after a run: max(1, round(percentage × dblocks)) when samples are on. */
export function verificationSamples(o: AgentOptions, dblockCount: number): number {
  if (!o.backendVerification || o.testSamples <= 0) return 0;
  return Math.max(o.testSamples, Math.round((o.testPercentage / 100) * dblockCount));
}
