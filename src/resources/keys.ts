/**
 * Usage keys of the priced resources beyond S3: each service's own usage type (with the region
 * prefix AWS puts on it), Price List operation, unit and service code. The region prefix follows
 * each service's convention:
 *  - EC2-family usage types (EBS snapshots, VPN, CloudWatch, SNS) carry the S3-style prefix, none
 *    in us-east-1 (`EBS:SnapshotUsage`, `APS3-EBS:SnapshotUsage`);
 *  - CloudTrail and FSx carry the region code even in us-east-1 (`USE1-DataEventsRecorded`; "Viewing
 *    your CloudTrail cost and usage with AWS Cost Explorer": "Each Usage type begins with the code
 *    for the AWS Region");
 *  - AWS KMS uses the region name itself (`ap-south-1-KMS-Requests`).
 * Where each name comes from, and which are still guesses, is in docs/resource-prices.md: confirmed
 * by AWS's own documentation are `EBS:SnapshotUsage`, `KMS-Requests` and `DeliveryAttempts-SMTP`
 * (AWS Billing User Guide, "Tracking your AWS Free Tier usage", trackable usage types) and
 * `<region>-DataEventsRecorded` (the CloudTrail page above); the others are the names public cost
 * tools and Cost and Usage Report catalogues use, and the FSx names are guesses.
 */
import { regionInfo, regionalUsageType } from '../usage/regions.js';
import type { UsageKey } from '../usage/usage-types.js';
import type { Cause, UsageLine, UsageUnit } from '../usage/usage-line.js';
import type { MonthKey } from '../units.js';

/** Price List service codes of the resources (AWS's spelling). */
export const RESOURCE_SERVICES = ['AmazonEC2', 'awskms', 'AWSCloudTrail', 'AmazonCloudWatch', 'AmazonSNS', 'AmazonVPC', 'AmazonFSx'] as const;
export type ResourceService = (typeof RESOURCE_SERVICES)[number];

/** A usage key with the service it is billed under. */
export interface ResourceKey extends UsageKey {
  readonly service: ResourceService;
}

const k = (_region: string, usageType: string, operation: string, unit: UsageUnit, service: ResourceService): ResourceKey => ({ usageType, operation, unit, service });

/** `APS3-…` everywhere, `USE1-…` in us-east-1 too. */
function coded(region: string, usageType: string): string {
  const info = regionInfo(region);
  if (!info) throw new RangeError(`unknown region ${region}`);
  return `${info.transferCode}-${usageType}`;
}

/** EBS snapshot storage, standard tier (the CreateSnapshot operation; "Amazon EBS pricing — Snapshots"). */
export const ebsSnapshotKey = (region: string) => k(region, regionalUsageType(region, 'EBS:SnapshotUsage'), 'CreateSnapshot', 'GB-Mo', 'AmazonEC2');
/** EBS Snapshots Archive storage (full snapshots, 90-day minimum). */
export const ebsArchiveKey = (region: string) => k(region, regionalUsageType(region, 'EBS:SnapshotArchiveStorage'), '', 'GB-Mo', 'AmazonEC2');
/** Restoring an archived snapshot to the standard tier, per GB of the full snapshot. */
export const ebsArchiveRetrievalKey = (region: string) => k(region, regionalUsageType(region, 'EBS:SnapshotArchiveRetrieval'), '', 'GB', 'AmazonEC2');
/** AWS KMS customer managed keys, per key-month. */
export const kmsKeysKey = (region: string) => k(region, `${region}-KMS-Keys`, '', 'Keys', 'awskms');
/** AWS KMS API requests (GenerateDataKey, Decrypt). */
export const kmsRequestsKey = (region: string) => k(region, `${region}-KMS-Requests`, '', 'Requests', 'awskms');
/** CloudTrail data events delivered by a trail (all copies are charged, the first included). */
export const dataEventsKey = (region: string) => k(region, coded(region, 'DataEventsRecorded'), '', 'Events', 'AWSCloudTrail');
/** CloudWatch standard-resolution metric alarms, per alarm-month. */
export const alarmsKey = (region: string) => k(region, regionalUsageType(region, 'CW:AlarmMonitorUsage'), '', 'Alarms', 'AmazonCloudWatch');
/** CloudWatch custom metrics, per metric-month. */
export const metricsKey = (region: string) => k(region, regionalUsageType(region, 'CW:MetricMonitorUsage'), '', 'Metrics', 'AmazonCloudWatch');
/** SNS notifications delivered to e-mail endpoints. */
export const snsEmailKey = (region: string) => k(region, regionalUsageType(region, 'DeliveryAttempts-SMTP'), '', 'Notifications', 'AmazonSNS');
/** A Site-to-Site VPN connection, per connection-hour. */
export const vpnHoursKey = (region: string) => k(region, regionalUsageType(region, 'VPN-Usage-Hours:ipsec.1'), 'CreateVpnConnection', 'Hrs', 'AmazonVPC');

export type FsxDeployment = 'single-az' | 'multi-az';
export type FsxStorageType = 'ssd' | 'hdd';
const AZ: Readonly<Record<FsxDeployment, string>> = { 'single-az': 'SingleAZ', 'multi-az': 'MultiAZ' };

/** FSx for Windows File Server storage capacity, GB-month, per deployment type and storage type. */
export const fsxStorageKey = (region: string, d: FsxDeployment, t: FsxStorageType) => k(region, coded(region, `WindowsStorage:${t.toUpperCase()}-${AZ[d]}`), '', 'GB-Mo', 'AmazonFSx');
/** FSx for Windows File Server throughput capacity, MBps-month. */
export const fsxThroughputKey = (region: string, d: FsxDeployment) => k(region, coded(region, `WindowsThroughputCapacity-${AZ[d]}`), '', 'MBps-Mo', 'AmazonFSx');
/** FSx for Windows File Server backup storage, GB-month. */
export const fsxBackupKey = (region: string, d: FsxDeployment) => k(region, coded(region, `WindowsBackupUsage-${AZ[d]}`), '', 'GB-Mo', 'AmazonFSx');

/** Every resource key of a region: what the bundled book prices and `prices refresh` looks for. */
export function resourcePriceKeys(region: string): ResourceKey[] {
  const deployments: FsxDeployment[] = ['single-az', 'multi-az'];
  return [
    ebsSnapshotKey(region),
    ebsArchiveKey(region),
    ebsArchiveRetrievalKey(region),
    kmsKeysKey(region),
    kmsRequestsKey(region),
    dataEventsKey(region),
    alarmsKey(region),
    metricsKey(region),
    snsEmailKey(region),
    vpnHoursKey(region),
    ...deployments.flatMap((d) => [fsxStorageKey(region, d, 'ssd'), fsxStorageKey(region, d, 'hdd'), fsxThroughputKey(region, d), fsxBackupKey(region, d)]),
  ];
}

/** A usage line of a resource: the key's usage type, operation, unit and service. */
export function resourceLine(month: MonthKey, region: string, key: UsageKey & { readonly service?: string }, quantity: number, cause: Cause, resource?: string): UsageLine {
  return {
    month,
    region,
    usageType: key.usageType,
    operation: key.operation,
    quantity,
    unit: key.unit,
    cause,
    ...(key.service ? { service: key.service } : {}),
    ...(resource !== undefined ? { resource } : {}),
  };
}
