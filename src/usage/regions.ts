/**
 * AWS regions tierwise knows: the usage-type prefix AWS puts on each region's lines and the
 * Price List `location` name. us-east-1 S3 lines carry no prefix; its inter-region transfer lines
 * use `USE1` (`USE1-USE2-AWS-Out-Bytes`).
 */

export interface RegionInfo {
  readonly code: string;
  /** Prefix on S3 usage types in this region; '' for us-east-1. */
  readonly usagePrefix: string;
  /** The region's code inside inter-region transfer usage types (`USE1`, `APS3`, …). */
  readonly transferCode: string;
  /** The Price List `location` attribute. */
  readonly location: string;
}

const REGION_LIST: readonly RegionInfo[] = [
  { code: 'us-east-1', usagePrefix: '', transferCode: 'USE1', location: 'US East (N. Virginia)' },
  { code: 'us-east-2', usagePrefix: 'USE2', transferCode: 'USE2', location: 'US East (Ohio)' },
  { code: 'us-west-1', usagePrefix: 'USW1', transferCode: 'USW1', location: 'US West (N. California)' },
  { code: 'us-west-2', usagePrefix: 'USW2', transferCode: 'USW2', location: 'US West (Oregon)' },
  { code: 'ca-central-1', usagePrefix: 'CAN1', transferCode: 'CAN1', location: 'Canada (Central)' },
  { code: 'eu-west-1', usagePrefix: 'EU', transferCode: 'EU', location: 'EU (Ireland)' },
  { code: 'eu-central-1', usagePrefix: 'EUC1', transferCode: 'EUC1', location: 'EU (Frankfurt)' },
  { code: 'eu-west-2', usagePrefix: 'EUW2', transferCode: 'EUW2', location: 'EU (London)' },
  { code: 'eu-west-3', usagePrefix: 'EUW3', transferCode: 'EUW3', location: 'EU (Paris)' },
  { code: 'eu-north-1', usagePrefix: 'EUN1', transferCode: 'EUN1', location: 'EU (Stockholm)' },
  { code: 'ap-southeast-1', usagePrefix: 'APS1', transferCode: 'APS1', location: 'Asia Pacific (Singapore)' },
  { code: 'ap-southeast-2', usagePrefix: 'APS2', transferCode: 'APS2', location: 'Asia Pacific (Sydney)' },
  { code: 'ap-south-1', usagePrefix: 'APS3', transferCode: 'APS3', location: 'Asia Pacific (Mumbai)' },
  { code: 'ap-south-2', usagePrefix: 'APS5', transferCode: 'APS5', location: 'Asia Pacific (Hyderabad)' },
  { code: 'ap-northeast-1', usagePrefix: 'APN1', transferCode: 'APN1', location: 'Asia Pacific (Tokyo)' },
  { code: 'sa-east-1', usagePrefix: 'SAE1', transferCode: 'SAE1', location: 'South America (Sao Paulo)' },
];

export const REGIONS: ReadonlyMap<string, RegionInfo> = new Map(REGION_LIST.map((r) => [r.code, r]));
export const REGION_CODES: readonly string[] = REGION_LIST.map((r) => r.code);

/** The region's info; undefined for a code tierwise does not know. */
export function regionInfo(code: string): RegionInfo | undefined {
  return REGIONS.get(code);
}

/** Puts the region's prefix on a usage type: `TimedStorage-ByteHrs` → `APS3-TimedStorage-ByteHrs`. */
export function regionalUsageType(region: string, usageType: string): string {
  const info = REGIONS.get(region);
  if (!info) throw new RangeError(`unknown region ${region}`);
  return info.usagePrefix ? `${info.usagePrefix}-${usageType}` : usageType;
}

/** Strips the region prefix again: `APS3-TimedStorage-ByteHrs` → `TimedStorage-ByteHrs`. */
export function baseUsageType(region: string, usageType: string): string {
  const info = REGIONS.get(region);
  if (!info || !info.usagePrefix) return usageType;
  const p = `${info.usagePrefix}-`;
  return usageType.startsWith(p) ? usageType.slice(p.length) : usageType;
}
