/**
 * AWS usage-type names, with the region prefix, for every kind of S3 usage tierwise meters.
 * The one place that spells them: the meter, `estimate` and the price-list import all call here.
 */
import { CLASS_INFO, INT_TIERS, INT_TIER_USAGE_TYPE, STORAGE_CLASSES, type IntTier, type StorageClass } from '../storage/classes.js';
import { regionInfo, regionalUsageType } from './regions.js';
import type { UsageUnit } from './usage-line.js';

/** A usage type with its Price List operation and unit. */
export interface UsageKey {
  readonly usageType: string;
  readonly operation: string;
  readonly unit: UsageUnit;
}

export type RestoreTier = 'expedited' | 'standard' | 'bulk';

const key = (region: string, usageType: string, operation: string, unit: UsageUnit): UsageKey => ({
  usageType: regionalUsageType(region, usageType),
  operation,
  unit,
});

/** Storage of `cls` (for INTELLIGENT_TIERING, of the given access tier). */
export function storageKey(region: string, cls: StorageClass, tier: IntTier = 'FA'): UsageKey {
  const ut = cls === 'INTELLIGENT_TIERING' ? INT_TIER_USAGE_TYPE[tier] : CLASS_INFO[cls].storageUsageType;
  return key(region, ut, '', 'GB-Mo');
}

/** The 128 KiB small-object padding of SIA/ZIA/GIR; undefined for classes that do not pad. */
export function smallObjectsKey(region: string, cls: StorageClass): UsageKey | undefined {
  const ut = CLASS_INFO[cls].smallObjectsUsageType;
  return ut ? key(region, ut, '', 'GB-Mo') : undefined;
}

/** Early-delete charge of `cls` (on the padding part when `smallObjects`); undefined if none. */
export function earlyDeleteKey(region: string, cls: StorageClass, smallObjects = false): UsageKey | undefined {
  const info = CLASS_INFO[cls];
  const ut = smallObjects ? info.earlyDeleteSmallObjectsUsageType : info.earlyDeleteUsageType;
  return ut ? key(region, ut, '', 'GB-Mo') : undefined;
}

/** PUT/COPY/POST into `cls`. */
export function putKey(region: string, cls: StorageClass): UsageKey {
  return key(region, CLASS_INFO[cls].putUsageType, '', 'Requests');
}

/** GET from `cls` (a refused GET of an archived object is billed the same: 4xx responses are billed). */
export function getKey(region: string, cls: StorageClass): UsageKey {
  return key(region, CLASS_INFO[cls].getUsageType, '', 'Requests');
}

/** LIST is billed at the STANDARD Tier1 rate whatever the class. */
export function listKey(region: string): UsageKey {
  return key(region, 'Requests-Tier1', '', 'Requests');
}

/** The lifecycle transition request into `cls`; undefined for STANDARD (nothing moves into it). */
export function transitionKey(region: string, cls: StorageClass): UsageKey | undefined {
  const t = CLASS_INFO[cls].transition;
  return t ? key(region, t.usageType, t.operation, 'Requests') : undefined;
}

/** Per-GB retrieval of the IA classes (SIA, ZIA, GIR); undefined for others. */
export function retrievalKey(region: string, cls: StorageClass): UsageKey | undefined {
  const ut = CLASS_INFO[cls].retrievalUsageType;
  return ut ? key(region, ut, '', 'GB') : undefined;
}

const RESTORE_REQUESTS: Record<'GLACIER' | 'DEEP_ARCHIVE', Partial<Record<RestoreTier, string>>> = {
  GLACIER: { expedited: 'Requests-Tier6', standard: 'Requests-Tier3', bulk: 'Requests-Tier5' },
  DEEP_ARCHIVE: { standard: 'Requests-GDA-Tier3', bulk: 'Requests-GDA-Tier5' },
};
const RETRIEVAL_BYTES: Record<RestoreTier, string> = {
  expedited: 'Expedited-Retrieval-Bytes',
  standard: 'Standard-Retrieval-Bytes',
  bulk: 'Bulk-Retrieval-Bytes',
};
const RESTORE_OPERATION = { GLACIER: 'RestoreObject', DEEP_ARCHIVE: 'DeepArchiveRestoreObject' } as const;

/** Restore tiers each archive class offers (DEEP_ARCHIVE has no Expedited). */
export function restoreTiers(cls: 'GLACIER' | 'DEEP_ARCHIVE'): RestoreTier[] {
  return Object.keys(RESTORE_REQUESTS[cls]) as RestoreTier[];
}

/** RestoreObject requests of `tier` for an archived `cls`; undefined if the class lacks that tier. */
export function restoreRequestKey(region: string, cls: 'GLACIER' | 'DEEP_ARCHIVE', tier: RestoreTier): UsageKey | undefined {
  const ut = RESTORE_REQUESTS[cls][tier];
  return ut ? key(region, ut, RESTORE_OPERATION[cls], 'Requests') : undefined;
}

/** Per-GB retrieval of a restore; the operation tells GLACIER from DEEP_ARCHIVE. */
export function restoreBytesKey(region: string, cls: 'GLACIER' | 'DEEP_ARCHIVE', tier: RestoreTier): UsageKey | undefined {
  return RESTORE_REQUESTS[cls][tier] ? key(region, RETRIEVAL_BYTES[tier], RESTORE_OPERATION[cls], 'GB') : undefined;
}

/** Intelligent-Tiering monitoring & automation, per object-month. */
export function monitoringKey(region: string): UsageKey {
  return key(region, 'Monitoring-Automation-INT', '', 'Objects');
}

/** Internet egress from `region` (tiered; the first 100 GB a month are free account-wide). */
export function egressKey(region: string): UsageKey {
  return key(region, 'DataTransfer-Out-Bytes', '', 'GB');
}

function transferCode(region: string): string {
  const info = regionInfo(region);
  if (!info) throw new RangeError(`unknown region ${region}`);
  return info.transferCode;
}

/** Inter-region transfer, billed by the source region: `APS3-USE1-AWS-Out-Bytes`. */
export function interRegionKey(source: string, destination: string): UsageKey {
  return { usageType: `${transferCode(source)}-${transferCode(destination)}-AWS-Out-Bytes`, operation: '', unit: 'GB' };
}

/** Replication Time Control transfer: `USE1-USE2-S3RTC-Out-Bytes`. */
export function rtcKey(source: string, destination: string): UsageKey {
  return { usageType: `${transferCode(source)}-${transferCode(destination)}-S3RTC-Out-Bytes`, operation: '', unit: 'GB' };
}

/**
 * Every S3 usage key the engine can emit in `region`, plus internet egress and, for each
 * destination, inter-region transfer and RTC. The bundled snapshots price all of these; `prices
 * refresh` looks for each (src/pricing/live/price-sources.ts says where, and which ones only some
 * scenarios need, so a refreshed book may list those as absent); their tests enumerate this list.
 */
export function requiredPriceKeys(region: string, destinations: readonly string[] = []): UsageKey[] {
  const keys: UsageKey[] = [];
  for (const cls of STORAGE_CLASSES) {
    if (cls === 'INTELLIGENT_TIERING') for (const t of INT_TIERS) keys.push(storageKey(region, cls, t));
    else keys.push(storageKey(region, cls));
    for (const k of [
      smallObjectsKey(region, cls),
      earlyDeleteKey(region, cls),
      earlyDeleteKey(region, cls, true),
      putKey(region, cls),
      getKey(region, cls),
      transitionKey(region, cls),
      retrievalKey(region, cls),
    ]) {
      if (k) keys.push(k);
    }
  }
  for (const cls of ['GLACIER', 'DEEP_ARCHIVE'] as const) {
    for (const tier of restoreTiers(cls)) {
      keys.push(restoreRequestKey(region, cls, tier) as UsageKey, restoreBytesKey(region, cls, tier) as UsageKey);
    }
  }
  keys.push(listKey(region), monitoringKey(region), egressKey(region));
  for (const d of destinations) if (d !== region) keys.push(interRegionKey(region, d), rtcKey(region, d));
  // Several classes share a key (LIST = STANDARD PUT); keep each once.
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.usageType}|${k.operation}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}
