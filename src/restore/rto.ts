/**
 * The time to restore (RTO) of a restore event: how long until the last device has its data
 * back, from the bottlenecks, each a scenario parameter:
 * - restore requests: every archived object needs a RestoreObject request, and S3 accepts a
 *   limited rate of them per account (`restore_requests_per_second`, default 1,000);
 * - retrieval: the slowest archived object's tier (the ledger's worst case per tier: S3 User
 *   Guide, "Understanding archive retrieval options");
 * - the site link: bytes sent to endpoints share the site's internet link (`site_link_gbps`);
 * - the per-device link: one device cannot download faster than `per_device_mbps`.
 * The stages overlap (requests are issued while earlier objects are retrieved and downloaded),
 * so the time is the largest of them, and the report says which one decides. It is a lower
 * bound: a real recovery adds the time to start it and any stage that does not overlap.
 */
import { GIB } from '../units.js';

export const BOTTLENECKS = ['restore-requests', 'retrieval', 'site-link', 'per-device-link'] as const;
export type Bottleneck = (typeof BOTTLENECKS)[number];

/** What an event read, summed over its devices. */
export interface RestoreLoad {
  readonly devices: number;
  /** Objects that needed a RestoreObject request first (archived). */
  readonly archivedObjects: number;
  /** GiB downloaded, over all devices, and by the largest device. */
  readonly gib: number;
  readonly maxDeviceGiB: number;
  /** Hours until the slowest restored object is available (0 when nothing was archived). */
  readonly retrievalHours: number;
}

export interface RestoreLimits {
  readonly requestsPerSecond: number;
  readonly siteLinkGbps: number;
  readonly perDeviceMbps: number;
}

export interface TimeToRestore {
  readonly hours: number;
  readonly bottleneck: Bottleneck;
  /** Hours each bottleneck alone would take. */
  readonly parts: Readonly<Record<Bottleneck, number>>;
}

const bitsOf = (gib: number) => gib * GIB * 8;

/**
 * Hours to restore `load` within `limits`; `toEndpoints`: the data goes to the devices over the
 * site link (false: to a location in AWS, where only the per-device rate applies).
 */
export function timeToRestore(load: RestoreLoad, limits: RestoreLimits, toEndpoints: boolean): TimeToRestore {
  const parts: Record<Bottleneck, number> = {
    'restore-requests': load.archivedObjects / limits.requestsPerSecond / 3600,
    retrieval: load.retrievalHours,
    'site-link': toEndpoints ? bitsOf(load.gib) / (limits.siteLinkGbps * 1e9) / 3600 : 0,
    'per-device-link': bitsOf(load.maxDeviceGiB) / (limits.perDeviceMbps * 1e6) / 3600,
  };
  let bottleneck: Bottleneck = 'retrieval';
  for (const b of BOTTLENECKS) if (parts[b] > parts[bottleneck]) bottleneck = b;
  return { hours: parts[bottleneck], bottleneck, parts };
}

/** The site link (Gbit/s) that would bring the site-link time down to `hours`. */
export function linkGbpsFor(load: RestoreLoad, hours: number): number {
  return bitsOf(load.gib) / (hours * 3600) / 1e9;
}
