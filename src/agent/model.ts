/**
 * The per-device model shared by the fleet engine and the block-level reference simulator in
 * test/: what a device holds, how its data changes, and how Duplicati is configured.
 *
 * Change model (a modelling assumption of this project, not a documented Duplicati behaviour):
 * every backup run changes `dailyChangePct` of the device's data; `hotChangeSharePct` of those
 * changes fall on a hot set that holds `hotSetPct` of the data. Hot data is a contiguous range of
 * files (mail stores, databases), so Duplicati, which reads files in order, packs hot and cold
 * blocks into different volumes.
 * Each block changes independently with its set's daily probability; a changed block has new
 * content and is uploaded; unchanged blocks are deduplicated.
 */
import type { RetentionPolicy } from '../retention/policy.js';

export interface DeviceData {
  /** Uncompressed protected data at the first backup, GiB. */
  readonly protectedGiB: number;
  /** Growth of protected data per 30 days, percent (new blocks, uploaded once). */
  readonly growthPctPerMonth: number;
  /** Share of the data changed by one daily backup run, percent. */
  readonly dailyChangePct: number;
  /** Share of the data that is hot, percent. */
  readonly hotSetPct: number;
  /** Share of the changes that fall on the hot set, percent. */
  readonly hotChangeSharePct: number;
  /** Compressed ÷ original size of uploaded blocks (AES adds nothing that matters). */
  readonly compressionRatio: number;
  /** Files per GiB of protected data: sets the dlist size (≈ 110 bytes per file entry). */
  readonly filesPerGiB: number;
}

/** Duplicati's options as the engine uses them: sizes in bytes, all defaults resolved. */
export interface AgentOptions {
  readonly version: 'current' | 'legacy';
  /** `--retention-policy`, parsed; undefined when not set. */
  readonly policy?: RetentionPolicy;
  /** `--keep-versions`; undefined when not set. */
  readonly keepVersions?: number;
  /** `--keep-time` as Duplicati reads it (`90D`, `6M`: calendar-aware); undefined when not set. */
  readonly keepTime?: string;
  readonly allowFullRemoval: boolean;
  readonly dblockBytes: number;
  readonly blockBytes: number;
  readonly autoCompact: boolean;
  /** `--threshold`, percent. */
  readonly thresholdPct: number;
  readonly smallFileBytes: number;
  readonly smallFileMaxCount: number;
  readonly testSamples: number;
  /** `--backup-test-percentage`, percent. */
  readonly testPercentage: number;
  readonly backendVerification: boolean;
}

/** Per-block daily change probabilities implied by the change model. */
export function blockChangeProbabilities(d: DeviceData): { hot: number; cold: number } {
  const c = d.dailyChangePct / 100;
  const h = d.hotSetPct / 100;
  const share = d.hotChangeSharePct / 100;
  return {
    hot: h > 0 ? Math.min(1, (c * share) / h) : 0,
    cold: h < 1 ? Math.min(1, (c * (1 - share)) / (1 - h)) : 0,
  };
}

/**
 * Bytes per dlist file entry after compression: our estimate for the file list that
 * Duplicati/Library/Main/Volumes/FilesetVolumeWriter.cs writes (no published figure).
 */
export const DLIST_BYTES_PER_FILE = 110;
/** Bytes per block hash in a dindex file (≈ 35 bytes per block: our estimate for Volumes/IndexVolumeWriter.cs). */
export const DINDEX_BYTES_PER_BLOCK = 35;
/** Fixed part of a dindex file: zip headers, manifest, volume name (our estimate). */
export const DINDEX_FIXED_BYTES = 1024;
/**
 * A failed backend operation is tried 6 times in all (1 + 5 retries), 10 s apart (defaults of
 * --number-of-retries and --retry-delay in Duplicati/Library/Main/Options.cs).
 */
export const BACKEND_ATTEMPTS = 6;
/**
 * Classes whose objects Duplicati 2.2's verification skips by default, going by the class the
 * listing shows (the S3 backend's --s3-archive-classes option, defaults in
 * Duplicati/Library/Backend/S3/S3AwsClient.cs). Intelligent-Tiering's archive tiers are listed as
 * INTELLIGENT_TIERING, so their objects are not skipped: the GET fails.
 */
export const VERIFY_SKIPPED_CLASSES = ['GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;
/** Objects returned by one LIST call. */
export const LIST_PAGE_SIZE = 1000;

/** Blocks a dblock holds: it is closed when the next block would exceed --dblock-size (at least one). */
export function blocksPerDblock(dblockBytes: number, blockStoredBytes: number): number {
  let n = Math.floor(dblockBytes / blockStoredBytes);
  // Guard the float division at exact multiples (e.g. 0.7 MiB blocks in a 2.8 MiB dblock).
  while ((n + 1) * blockStoredBytes <= dblockBytes) n++;
  while (n > 1 && n * blockStoredBytes > dblockBytes) n--;
  return Math.max(1, n);
}

/** Size of the dindex file of a dblock holding `blocks` blocks, bytes. */
export function dindexBytes(blocks: number): number {
  return DINDEX_FIXED_BYTES + DINDEX_BYTES_PER_BLOCK * blocks;
}
