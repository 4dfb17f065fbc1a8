/**
 * The priced resources beyond S3 as the engine runs them (resolved from the scenario's
 * `resources:` section by src/scenario/resolve.ts): plain data, units in their names.
 */
import type { FsxDeployment, FsxStorageType } from './keys.js';
import type { MonthKey } from '../units.js';

/** One Amazon Data Lifecycle Manager schedule of a snapshot policy (DLM itself is free). */
export interface DlmSchedule {
  /** Hours between snapshots (DLM CreateRule Interval: 1, 2, 3, 4, 6, 8, 12 or 24; multiples of 24 stand for cron schedules). */
  readonly intervalHours: number;
  /** Snapshots kept in the standard tier (count-based RetainRule). */
  readonly retainCount: number;
  /** Snapshots that leave the standard tier are archived (full) and kept this many, when set. */
  readonly archive?: { readonly retainCount: number };
  /** Each snapshot is copied to another region and kept there this many. */
  readonly crossRegionCopy?: { readonly region: string; readonly retainCount: number };
}

/** Identical EBS volumes under one DLM schedule. */
export interface EbsVolumeGroup {
  readonly name: string;
  readonly volumes: number;
  /** Blocks written on each volume, GiB (what a first snapshot holds; not the provisioned size). */
  readonly usedGiB: number;
  /** Share of the used blocks overwritten per day, percent (uniform over the volume, independent days). */
  readonly dailyChangePct: number;
  readonly schedule: DlmSchedule;
  /** Restores of archived snapshots to the standard tier: in `month`, `volumes` full snapshots. */
  readonly archiveRestores: readonly { readonly month: MonthKey; readonly volumes: number }[];
}

export interface KmsConfig {
  /** Customer managed keys (bucket, snapshots, …), each billed per key-month. */
  readonly keys: number;
  /** S3 Bucket Keys enabled on the bucket. */
  readonly bucketKeys: boolean;
  /** Reduction of KMS requests by Bucket Keys, percent (AWS: "up to 99 percent"). */
  readonly bucketKeyReductionPct: number;
}

export interface CloudTrailConfig {
  /** Trails that log the bucket's S3 data events: every copy is charged, the first included. */
  readonly dataEventTrails: number;
  /** Compressed bytes one event takes in the trail's log files. */
  readonly logBytesPerEvent: number;
  /** Log files CloudTrail delivers per hour per region (one PUT each into the log bucket). */
  readonly logDeliveriesPerHour: number;
  /** Regions the trail delivers log files from (a multi-region trail: every enabled region). */
  readonly logRegions: number;
  /** Days the log bucket keeps log files (a lifecycle expiration on the log bucket). */
  readonly logRetentionDays: number;
}

export interface CloudWatchConfig {
  readonly alarms: number;
  readonly customMetrics: number;
}

export interface SnsConfig {
  /** E-mail endpoints subscribed to the backup-failure topic: each failed run sends one notification to each. */
  readonly emailSubscribers: number;
}

export interface VpnConfig {
  readonly connections: number;
  /** GB sent from AWS to the site over the VPN each month (billed as data transfer out). */
  readonly transferOutGBPerMonth: number;
}

export interface FsxFileSystem {
  readonly name: string;
  readonly deployment: FsxDeployment;
  readonly storageType: FsxStorageType;
  readonly storageGiB: number;
  readonly throughputMBps: number;
  /** Data on the file system, GiB (what the first backup holds). */
  readonly usedGiB: number;
  readonly dailyChangePct: number;
  /** Automatic daily backups kept, days (0: automatic backups off). */
  readonly backupRetentionDays: number;
}

export interface ResourcesConfig {
  readonly ebsSnapshots: readonly EbsVolumeGroup[];
  readonly kms?: KmsConfig;
  readonly cloudtrail?: CloudTrailConfig;
  readonly cloudwatch?: CloudWatchConfig;
  readonly sns?: SnsConfig;
  readonly vpn?: VpnConfig;
  readonly fsx: readonly FsxFileSystem[];
}
