/**
 * A metered quantity keyed exactly as AWS keys it: no money here. Pricing joins these with a
 * PriceBook on (region, usageType, operation); a reconciliation joins them with Cost Explorer.
 */
import type { MonthKey } from '../units.js';
import type { StorageClass } from '../storage/classes.js';

/**
 * AWS's own units: GB-Mo for storage, Requests, GB for bytes moved, Objects for monitoring; and
 * for the priced resources beyond S3 the Price List's units: KMS key-months (Keys), CloudTrail
 * Events, CloudWatch Alarms and Metrics, SNS Notifications, VPN connection-hours (Hrs), FSx
 * throughput capacity (MBps-Mo).
 */
export type UsageUnit = 'GB-Mo' | 'Requests' | 'GB' | 'Objects' | 'Keys' | 'Events' | 'Alarms' | 'Metrics' | 'Notifications' | 'Hrs' | 'MBps-Mo';

/** Why a line exists: what in the simulated world caused the usage. */
export const CAUSES = [
  'storage',
  'overhead',
  'early-delete',
  'transition',
  'put',
  'get',
  'list',
  'restore',
  'retrieval',
  'restored-copy',
  'replication',
  'egress',
  'monitoring',
  'verification',
  'compaction',
  // Priced resources beyond S3 (src/resources/): appended, so S3 lines keep their order.
  'snapshot',
  'encryption',
  'audit',
  'alerting',
  'network',
  'file-storage',
] as const;
export type Cause = (typeof CAUSES)[number];

const CAUSE_INDEX: Readonly<Record<Cause, number>> = Object.fromEntries(CAUSES.map((c, i) => [c, i])) as Record<Cause, number>;

/** Cause ids (positions in CAUSES) for hot loops that index tables by cause. */
export const CAUSE_ID: Readonly<Record<Cause, number>> = CAUSE_INDEX;

/** Position of a cause in CAUSES (for array-indexed tables). */
export function causeIndex(cause: Cause): number {
  return CAUSE_INDEX[cause];
}

export interface UsageLine {
  /** Calendar month the usage is billed in, `YYYY-MM`. */
  readonly month: MonthKey;
  /** The region whose prices apply (the source region for inter-region transfer). */
  readonly region: string;
  /** AWS usage type with the region prefix, e.g. `APS3-TimedStorage-GDA-ByteHrs`. */
  readonly usageType: string;
  /** Price List operation ('' where the Price List has none), e.g. `S3-GDATransition`. */
  readonly operation: string;
  readonly quantity: number;
  readonly unit: UsageUnit;
  readonly cause: Cause;
  /** The storage class the usage belongs to, where there is one. */
  readonly storageClass?: StorageClass;
  /**
   * The Price List service code the line is billed under, for lines of the priced resources beyond
   * S3 (AmazonEC2, awskms, AWSCloudTrail, …). Absent on the bucket's own lines (Amazon S3 and
   * its transfer), so the reports of S3-only scenarios are unchanged.
   */
  readonly service?: string;
  /** The resource the line belongs to, as the scenario names it (e.g. an EBS volume group). */
  readonly resource?: string;
}

/** The service a line is reported under: its own, or Amazon S3 for the bucket's lines. */
export const serviceOf = (line: Pick<UsageLine, 'service'>): string => line.service ?? 'AmazonS3';

/** Key of the price that applies to a line. */
export function priceKey(line: Pick<UsageLine, 'region' | 'usageType' | 'operation'>): string {
  return `${line.region}|${line.usageType}|${line.operation}`;
}

