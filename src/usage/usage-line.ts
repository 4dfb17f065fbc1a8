/**
 * A metered quantity keyed exactly as AWS keys it: no money here. Pricing joins these with a
 * PriceBook on (region, usageType, operation); a reconciliation joins them with Cost Explorer.
 */
import type { MonthKey } from '../units.js';
import type { StorageClass } from '../storage/classes.js';

/** AWS's own units: GB-Mo for storage, Requests, GB for bytes moved, Objects for monitoring. */
export type UsageUnit = 'GB-Mo' | 'Requests' | 'GB' | 'Objects';

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
}

/** Key of the price that applies to a line. */
export function priceKey(line: Pick<UsageLine, 'region' | 'usageType' | 'operation'>): string {
  return `${line.region}|${line.usageType}|${line.operation}`;
}

