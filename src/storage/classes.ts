/**
 * The S3 storage classes as data: minimum duration, minimum billable size, archive overhead,
 * how reads work, which lifecycle moves are allowed, and the usage types each one bills under.
 * Rules from the Amazon S3 User Guide pages "Using Amazon S3 storage classes" and "Transitioning
 * objects using Amazon S3 Lifecycle", and the S3 pricing page.
 */
import { KIB } from '../units.js';

export const STORAGE_CLASSES = [
  'STANDARD',
  'INTELLIGENT_TIERING',
  'STANDARD_IA',
  'ONEZONE_IA',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** Intelligent-Tiering access tiers, in the order objects descend through them. */
export const INT_TIERS = ['FA', 'IA', 'AIA', 'AA', 'DAA'] as const;
export type IntTier = (typeof INT_TIERS)[number];

/** How an object in the class is read. */
export type ReadModel = 'direct' | 'restore';

export interface StorageClassInfo {
  readonly id: StorageClass;
  /** Short tag AWS uses inside usage types (SIA, ZIA, GIR, GDA, …). */
  readonly tag: string;
  /** Minimum storage duration in days; deleting, overwriting or transitioning earlier is billed pro rata. */
  readonly minDays: number;
  /** Objects smaller than this are billed as this size (128 KiB for SIA/ZIA/GIR). */
  readonly minBillableBytes: number;
  /** Per-object archive overhead: `standardBytes` billed as STANDARD, `classBytes` at the class rate. */
  readonly overhead: { readonly standardBytes: number; readonly classBytes: number } | null;
  readonly read: ReadModel;
  /** Storage usage type (without region prefix). INTELLIGENT_TIERING uses one per tier instead. */
  readonly storageUsageType: string;
  /** Usage type of the 128 KiB small-object padding, if the class pads. */
  readonly smallObjectsUsageType?: string;
  /** Usage type of the early-delete charge, if the class has a minimum duration. */
  readonly earlyDeleteUsageType?: string;
  /** Early-delete charge on the padding part, if the class pads. */
  readonly earlyDeleteSmallObjectsUsageType?: string;
  /** PUT/COPY/POST usage type when writing directly into the class. */
  readonly putUsageType: string;
  /** GET usage type (also billed for a GET refused because the object is archived: 4xx are billed). */
  readonly getUsageType: string;
  /** Per-GB retrieval usage type for classes that charge for reads (IA classes). */
  readonly retrievalUsageType?: string;
  /** Lifecycle transition into this class: usage type and operation. */
  readonly transition?: { readonly usageType: string; readonly operation: string };
  /** Lifecycle may transition an object to this class only if it is at least this old (days). */
  readonly minTransitionAgeDays: number;
  /** Classes a lifecycle rule may move an object to from this class (the waterfall). */
  readonly transitionsTo: readonly StorageClass[];
}

const ARCHIVE_OVERHEAD = { standardBytes: 8 * KIB, classBytes: 32 * KIB } as const;
const SMALL_OBJECT_MIN = 128 * KIB;

export const CLASS_INFO: Readonly<Record<StorageClass, StorageClassInfo>> = {
  STANDARD: {
    id: 'STANDARD', tag: '', minDays: 0, minBillableBytes: 0, overhead: null, read: 'direct',
    storageUsageType: 'TimedStorage-ByteHrs',
    putUsageType: 'Requests-Tier1', getUsageType: 'Requests-Tier2',
    minTransitionAgeDays: 0,
    transitionsTo: ['INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  },
  INTELLIGENT_TIERING: {
    id: 'INTELLIGENT_TIERING', tag: 'INT', minDays: 0, minBillableBytes: 0, overhead: null, read: 'direct',
    storageUsageType: 'TimedStorage-INT-FA-ByteHrs',
    putUsageType: 'Requests-INT-Tier1', getUsageType: 'Requests-INT-Tier2',
    transition: { usageType: 'Requests-Tier4', operation: 'S3-INTTransition' },
    minTransitionAgeDays: 0,
    transitionsTo: ['ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  },
  STANDARD_IA: {
    id: 'STANDARD_IA', tag: 'SIA', minDays: 30, minBillableBytes: SMALL_OBJECT_MIN, overhead: null, read: 'direct',
    storageUsageType: 'TimedStorage-SIA-ByteHrs', smallObjectsUsageType: 'TimedStorage-SIA-SmObjects',
    earlyDeleteUsageType: 'EarlyDelete-SIA', earlyDeleteSmallObjectsUsageType: 'EarlyDelete-SIA-SmObjects',
    putUsageType: 'Requests-SIA-Tier1', getUsageType: 'Requests-SIA-Tier2', retrievalUsageType: 'Retrieval-SIA',
    transition: { usageType: 'Requests-Tier4', operation: 'S3-SIATransition' },
    minTransitionAgeDays: 30,
    transitionsTo: ['INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  },
  ONEZONE_IA: {
    id: 'ONEZONE_IA', tag: 'ZIA', minDays: 30, minBillableBytes: SMALL_OBJECT_MIN, overhead: null, read: 'direct',
    storageUsageType: 'TimedStorage-ZIA-ByteHrs', smallObjectsUsageType: 'TimedStorage-ZIA-SmObjects',
    earlyDeleteUsageType: 'EarlyDelete-ZIA', earlyDeleteSmallObjectsUsageType: 'EarlyDelete-ZIA-SmObjects',
    putUsageType: 'Requests-ZIA-Tier1', getUsageType: 'Requests-ZIA-Tier2', retrievalUsageType: 'Retrieval-ZIA',
    transition: { usageType: 'Requests-Tier4', operation: 'S3-ZIATransition' },
    minTransitionAgeDays: 30,
    transitionsTo: ['GLACIER', 'DEEP_ARCHIVE'],
  },
  GLACIER_IR: {
    id: 'GLACIER_IR', tag: 'GIR', minDays: 90, minBillableBytes: SMALL_OBJECT_MIN, overhead: null, read: 'direct',
    storageUsageType: 'TimedStorage-GIR-ByteHrs', smallObjectsUsageType: 'TimedStorage-GIR-SmObjects',
    earlyDeleteUsageType: 'EarlyDelete-GIR', earlyDeleteSmallObjectsUsageType: 'EarlyDelete-GIR-SmObjects',
    putUsageType: 'Requests-GIR-Tier1', getUsageType: 'Requests-GIR-Tier2', retrievalUsageType: 'Retrieval-GIR',
    transition: { usageType: 'Requests-Tier4', operation: 'S3-GIRTransition' },
    minTransitionAgeDays: 0,
    transitionsTo: ['GLACIER', 'DEEP_ARCHIVE'],
  },
  GLACIER: {
    id: 'GLACIER', tag: 'Glacier', minDays: 90, minBillableBytes: 0, overhead: ARCHIVE_OVERHEAD, read: 'restore',
    storageUsageType: 'TimedStorage-GlacierByteHrs', earlyDeleteUsageType: 'EarlyDelete-ByteHrs',
    putUsageType: 'Requests-GLACIER-Tier1', getUsageType: 'Requests-GLACIER-Tier2',
    transition: { usageType: 'Requests-Tier3', operation: 'S3-GlacierTransition' },
    minTransitionAgeDays: 0,
    transitionsTo: ['DEEP_ARCHIVE'],
  },
  DEEP_ARCHIVE: {
    id: 'DEEP_ARCHIVE', tag: 'GDA', minDays: 180, minBillableBytes: 0, overhead: ARCHIVE_OVERHEAD, read: 'restore',
    storageUsageType: 'TimedStorage-GDA-ByteHrs', earlyDeleteUsageType: 'EarlyDelete-GDA',
    putUsageType: 'Requests-GDA-Tier1', getUsageType: 'Requests-GDA-Tier2',
    transition: { usageType: 'Requests-Tier3', operation: 'S3-GDATransition' },
    minTransitionAgeDays: 0,
    transitionsTo: [],
  },
};

/** Storage usage type of each Intelligent-Tiering access tier. */
export const INT_TIER_USAGE_TYPE: Readonly<Record<IntTier, string>> = {
  FA: 'TimedStorage-INT-FA-ByteHrs',
  IA: 'TimedStorage-INT-IA-ByteHrs',
  AIA: 'TimedStorage-INT-AIA-ByteHrs',
  AA: 'TimedStorage-INT-AA-ByteHrs',
  DAA: 'TimedStorage-INT-DAA-ByteHrs',
};

/** Intelligent-Tiering never monitors or tiers objects smaller than this; they stay in FA. */
export const INT_MIN_MONITORED_BYTES = 128 * KIB;
/** Objects under this size transition nowhere unless the bucket says `varies_by_storage_class`. */
export const DEFAULT_MIN_TRANSITION_BYTES = 128 * KIB;

/** The classes whose objects must be restored before they can be read. */
export function isArchive(cls: StorageClass): boolean {
  return CLASS_INFO[cls].read === 'restore';
}

/** Whether a lifecycle rule may move objects from `from` to `to` (the S3 waterfall). */
export function canTransition(from: StorageClass, to: StorageClass): boolean {
  return CLASS_INFO[from].transitionsTo.includes(to);
}

