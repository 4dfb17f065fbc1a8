/**
 * Where each price the engine needs is published in the AWS Price List: the one table that says,
 * for every usage key the engine meters, which usage type to read, which Price List `operation`
 * values are acceptable (in order of preference), which service codes to look in, and whether a
 * region's price book is unusable without it (core) or only some scenarios need it (optional).
 *
 * The engine's key (usage type + operation, as a bill line carries it) is not always the Price
 * List's: the catalogue publishes some usage types once per API operation (about fifteen SKUs for
 * `Requests-GLACIER-Tier1`: PutObject, PostObject, CopyObject, InitiateMultipartUpload, … at two
 * prices), some with an empty operation where the bill line has one (`Requests-Tier4` for the
 * INT / SIA / ZIA transitions), and some under another service code than one would guess (Deep
 * Archive retrieval GB and RTC transfer in AmazonS3). What the table encodes comes from AWS's
 * public material: the S3 User Guide, "Understanding your AWS billing and usage reports for
 * Amazon S3" (usage types and the operations behind them), the Price List Query API answers that
 * public cost tools match on, and the S3 pricing page. Where an operation string could not be
 * confirmed, `otherOperations` lets any other operation of that usage type through — but only when
 * all such SKUs agree on the price (selection never picks between different prices silently).
 */
import { InvariantError } from '../../errors.js';
import { baseUsageType, regionInfo } from '../../usage/regions.js';
import { requiredPriceKeys, type UsageKey } from '../../usage/usage-types.js';
import { RESOURCE_SERVICES, resourcePriceKeys, type ResourceService } from '../../resources/keys.js';

export type ServiceCode = 'AmazonS3' | 'AmazonS3GlacierDeepArchive' | 'AWSDataTransfer' | ResourceService;

/** Service codes of the resources beyond S3: refresh asks for their usage types one by one (their offers are large). */
export const PER_USAGE_TYPE_SERVICES: ReadonlySet<string> = new Set<string>(RESOURCE_SERVICES);

/** Whether every scenario in a region needs the price, or only some (restores, replication, …). */
export type PriceNeed = 'core' | 'optional';

export interface SourceRule {
  /** Price List operations to accept, most preferred first; '' is a SKU without an operation. */
  readonly operations: readonly string[];
  /**
   * Also accept any other operation of the usage type when none of `operations` is published:
   * for operation strings public material could not confirm. Taken only if all agree on price.
   */
  readonly otherOperations?: true;
  /** Service codes to look in; the first is where AWS bills the key, and wins a disagreement. */
  readonly serviceCodes: readonly ServiceCode[];
  readonly need: PriceNeed;
}

/** One price to find: the engine's key and the rule for finding it. */
export interface PriceSource extends SourceRule {
  readonly key: UsageKey;
}

const S3: readonly ServiceCode[] = ['AmazonS3'];
const GDA_FIRST: readonly ServiceCode[] = ['AmazonS3GlacierDeepArchive', 'AmazonS3'];
const S3_FIRST_THEN_GDA: readonly ServiceCode[] = ['AmazonS3', 'AmazonS3GlacierDeepArchive'];
const TRANSFER: readonly ServiceCode[] = ['AWSDataTransfer'];

const none = (need: PriceNeed = 'core', serviceCodes = S3): SourceRule => ({ operations: [''], serviceCodes, need });
const unsure = (operations: readonly string[], need: PriceNeed, serviceCodes = S3): SourceRule => ({ operations, otherOperations: true, serviceCodes, need });

/**
 * The table, keyed by `<usage type without region prefix>|<engine operation>`. Inter-region and
 * RTC usage types name two regions and are keyed by their pattern (`{SRC}-{DST}-…`).
 */
export const PRICE_SOURCES: Readonly<Record<string, SourceRule>> = {
  // Storage: one SKU with an empty operation per usage type. A non-empty operation on the same usage
  // type is something else (e.g. Intelligent-Tiering object-overhead SKUs on TimedStorage-ByteHrs).
  'TimedStorage-ByteHrs|': none(),
  'TimedStorage-INT-FA-ByteHrs|': none(),
  'TimedStorage-INT-IA-ByteHrs|': none(),
  'TimedStorage-INT-AIA-ByteHrs|': none(),
  // Archive Access / Deep Archive Access are opt-in tiers: only buckets that enable them need a price.
  'TimedStorage-INT-AA-ByteHrs|': none('optional'),
  'TimedStorage-INT-DAA-ByteHrs|': none('optional'),
  'TimedStorage-SIA-ByteHrs|': none(),
  'TimedStorage-ZIA-ByteHrs|': none(),
  'TimedStorage-GIR-ByteHrs|': none(),
  'TimedStorage-GlacierByteHrs|': none(),
  // Deep Archive storage is published under its own service code (AmazonS3 has only the staging SKU).
  'TimedStorage-GDA-ByteHrs|': none('core', GDA_FIRST),
  // Padding and early delete: operation strings not confirmed from public material.
  'TimedStorage-SIA-SmObjects|': unsure([''], 'core'),
  'TimedStorage-ZIA-SmObjects|': unsure([''], 'core'),
  'TimedStorage-GIR-SmObjects|': unsure([''], 'core'),
  'EarlyDelete-SIA|': unsure([''], 'core'),
  'EarlyDelete-ZIA|': unsure([''], 'core'),
  'EarlyDelete-GIR|': unsure([''], 'core'),
  'EarlyDelete-SIA-SmObjects|': unsure([''], 'core'),
  'EarlyDelete-ZIA-SmObjects|': unsure([''], 'core'),
  'EarlyDelete-GIR-SmObjects|': unsure([''], 'core'),
  'EarlyDelete-ByteHrs|': unsure([''], 'core'),
  'EarlyDelete-GDA|': unsure([''], 'core', GDA_FIRST),

  // Requests. Tier1 (PUT/COPY/POST/LIST) and Tier2 (GET and others) have one empty-operation SKU
  // per class, except GLACIER and DEEP_ARCHIVE PUTs, published once per API operation at two
  // prices (a single PUT, which is what Duplicati sends, vs InitiateMultipartUpload).
  'Requests-Tier1|': none(),
  'Requests-Tier2|': none(),
  'Requests-INT-Tier1|': none(),
  'Requests-INT-Tier2|': none(),
  'Requests-SIA-Tier1|': none(),
  'Requests-SIA-Tier2|': none(),
  'Requests-ZIA-Tier1|': none(),
  'Requests-ZIA-Tier2|': none(),
  'Requests-GIR-Tier1|': none(),
  'Requests-GIR-Tier2|': none(),
  'Requests-GLACIER-Tier1|': { operations: ['PutObject', 'PostObject'], serviceCodes: S3, need: 'core' },
  'Requests-GLACIER-Tier2|': none(),
  'Requests-GDA-Tier1|': { operations: ['PutObject', 'PostObject'], serviceCodes: GDA_FIRST, need: 'core' },
  'Requests-GDA-Tier2|': none(),

  // Lifecycle transitions. Requests-Tier4 into INT / SIA / ZIA is published with an EMPTY operation
  // (one SKU for the three); only the transition into GLACIER_IR carries its own.
  'Requests-Tier4|S3-INTTransition': { operations: ['S3-INTTransition', ''], serviceCodes: S3, need: 'core' },
  'Requests-Tier4|S3-SIATransition': { operations: ['S3-SIATransition', ''], serviceCodes: S3, need: 'core' },
  'Requests-Tier4|S3-ZIATransition': { operations: ['S3-ZIATransition', ''], serviceCodes: S3, need: 'core' },
  'Requests-Tier4|S3-GIRTransition': { operations: ['S3-GIRTransition'], serviceCodes: S3, need: 'core' },
  // Requests-Tier3 is shared by GLACIER's Standard restore and both archive transitions: the
  // operation is what tells them apart, so it must match exactly.
  'Requests-Tier3|S3-GlacierTransition': { operations: ['S3-GlacierTransition'], serviceCodes: S3, need: 'core' },
  'Requests-Tier3|S3-GDATransition': { operations: ['S3-GDATransition'], serviceCodes: S3, need: 'core' },
  'Retrieval-SIA|': none(),
  'Retrieval-ZIA|': none(),
  'Retrieval-GIR|': none(),
  'Monitoring-Automation-INT|': none(),

  // Restores from GLACIER (optional: only scenarios with restores need them). Standard is confirmed;
  // the Expedited and Bulk operation strings are not.
  'Requests-Tier3|RestoreObject': { operations: ['RestoreObject'], serviceCodes: S3, need: 'optional' },
  'Requests-Tier5|RestoreObject': unsure(['RestoreObject', 'RestoreObjectBulk', ''], 'optional'),
  'Requests-Tier6|RestoreObject': unsure(['RestoreObject', ''], 'optional'),
  'Standard-Retrieval-Bytes|RestoreObject': { operations: ['RestoreObject'], serviceCodes: S3, need: 'optional' },
  'Bulk-Retrieval-Bytes|RestoreObject': { operations: ['RestoreObject'], serviceCodes: S3, need: 'optional' },
  'Expedited-Retrieval-Bytes|RestoreObject': unsure(['RestoreObject', ''], 'optional'),
  // Restores from DEEP_ARCHIVE: requests may be published in AmazonS3 (Bulk under its own
  // DeepArchiveRestoreObjectBulk operation) rather than in AmazonS3GlacierDeepArchive; the
  // retrieval GB are in AmazonS3. The Standard and Bulk retrieval GB share usage types with
  // GLACIER's, and the operation tells them apart.
  'Requests-GDA-Tier3|DeepArchiveRestoreObject': { operations: ['DeepArchiveRestoreObject'], serviceCodes: S3_FIRST_THEN_GDA, need: 'optional' },
  'Requests-GDA-Tier5|DeepArchiveRestoreObject': {
    operations: ['DeepArchiveRestoreObjectBulk', 'DeepArchiveRestoreObject'],
    serviceCodes: S3_FIRST_THEN_GDA,
    need: 'optional',
  },
  'Standard-Retrieval-Bytes|DeepArchiveRestoreObject': { operations: ['DeepArchiveRestoreObject'], serviceCodes: S3_FIRST_THEN_GDA, need: 'optional' },
  'Bulk-Retrieval-Bytes|DeepArchiveRestoreObject': { operations: ['DeepArchiveRestoreObject'], serviceCodes: S3_FIRST_THEN_GDA, need: 'optional' },

  // Internet egress is AWSDataTransfer's (AmazonS3 has a DataTransfer-Out-Bytes of its own: the
  // Multi-Region Access Point routing charge, never internet egress).
  'DataTransfer-Out-Bytes|': none('core', TRANSFER),
  // Transfer to another region, priced by the source region, and Replication Time Control, which
  // is published in the AmazonS3 offer. Both exist only for the pairs AWS sells.
  '{SRC}-{DST}-AWS-Out-Bytes|': none('optional', TRANSFER),
  '{SRC}-{DST}-S3RTC-Out-Bytes|': unsure([''], 'optional', ['AmazonS3', 'AWSDataTransfer']),

  // Resources beyond S3 (src/resources/keys.ts), keyed without their region prefix (which may be
  // the region's code even in us-east-1, or the region name for KMS). All optional: only scenarios
  // with a resources section need them, and checkScenarioPrices names any that is missing. The
  // operation strings are not confirmed from public material (but the EBS snapshot's CreateSnapshot
  // and the VPN's CreateVpnConnection), so any operation of the usage type is let through when the
  // SKUs agree.
  'EBS:SnapshotUsage|CreateSnapshot': unsure(['CreateSnapshot', ''], 'optional', ['AmazonEC2']),
  'EBS:SnapshotArchiveStorage|': unsure([''], 'optional', ['AmazonEC2']),
  'EBS:SnapshotArchiveRetrieval|': unsure([''], 'optional', ['AmazonEC2']),
  'KMS-Keys|': unsure([''], 'optional', ['awskms']),
  'KMS-Requests|': unsure([''], 'optional', ['awskms']),
  'DataEventsRecorded|': unsure([''], 'optional', ['AWSCloudTrail']),
  'CW:AlarmMonitorUsage|': unsure([''], 'optional', ['AmazonCloudWatch']),
  'CW:MetricMonitorUsage|': unsure([''], 'optional', ['AmazonCloudWatch']),
  'DeliveryAttempts-SMTP|': unsure([''], 'optional', ['AmazonSNS']),
  'VPN-Usage-Hours:ipsec.1|CreateVpnConnection': unsure(['CreateVpnConnection', ''], 'optional', ['AmazonVPC']),
  'WindowsStorage:SSD-SingleAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsStorage:HDD-SingleAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsStorage:SSD-MultiAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsStorage:HDD-MultiAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsThroughputCapacity-SingleAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsThroughputCapacity-MultiAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsBackupUsage-SingleAZ|': unsure([''], 'optional', ['AmazonFSx']),
  'WindowsBackupUsage-MultiAZ|': unsure([''], 'optional', ['AmazonFSx']),
};

const PAIR = /^([A-Z0-9]+)-([A-Z0-9]+)-(AWS-Out-Bytes|S3RTC-Out-Bytes)$/;

/** The table's key for an engine key in `region`. */
export function sourceTableKey(region: string, key: Pick<UsageKey, 'usageType' | 'operation'>): string {
  const pair = PAIR.exec(key.usageType);
  const info = regionInfo(region);
  if (pair && pair[1] === info?.transferCode) return `{SRC}-{DST}-${pair[3]}|${key.operation}`;
  // Resource usage types may carry the region name (KMS) or its code even in us-east-1 (CloudTrail, FSx).
  for (const p of [`${region}-`, info && !info.usagePrefix ? `${info.transferCode}-` : undefined]) {
    if (p && key.usageType.startsWith(p)) return `${key.usageType.slice(p.length)}|${key.operation}`;
  }
  return `${baseUsageType(region, key.usageType)}|${key.operation}`;
}

/** The rule for one engine key; an engine key without one is a bug (the table must cover them all). */
export function sourceRule(region: string, key: Pick<UsageKey, 'usageType' | 'operation'>): SourceRule {
  const rule = PRICE_SOURCES[sourceTableKey(region, key)];
  if (!rule) throw new InvariantError(`no Price List source for ${key.usageType} ${key.operation} (src/pricing/live/price-sources.ts)`);
  return rule;
}

/** The service code AWS bills a key under: where its price is taken from first. */
export function homeServiceCode(region: string, key: Pick<UsageKey, 'usageType' | 'operation'>): ServiceCode {
  return sourceRule(region, key).serviceCodes[0]!;
}

/** Every price the engine needs in `region` (transfer to each of `destinations`), with its rule. */
export function priceSources(region: string, destinations: readonly string[] = []): PriceSource[] {
  return [...requiredPriceKeys(region, destinations), ...resourcePriceKeys(region).map(({ usageType, operation, unit }) => ({ usageType, operation, unit }))].map((key) => ({
    key,
    ...sourceRule(region, key),
  }));
}

/** The service codes to fetch for `sources`, in a stable order: the bucket's (S3, transfer) first, then the resources'. */
export function serviceCodesOf(sources: readonly Pick<PriceSource, 'serviceCodes'>[]): ServiceCode[] {
  const all = [...new Set(sources.flatMap((s) => s.serviceCodes))].sort();
  return [...all.filter((c) => !PER_USAGE_TYPE_SERVICES.has(c)), ...all.filter((c) => PER_USAGE_TYPE_SERVICES.has(c))];
}
