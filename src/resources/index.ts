/**
 * The priced resources beyond S3, one door: their usage lines from the scenario's resources and
 * the simulated S3 activity, the prices they need (checked before a simulation), and the findings
 * they raise once priced. Each resource is its own module; this file only gathers them.
 */
import type { BillLine } from '../billing/bill.js';
import { Dec, sum } from '../pricing/decimal.js';
import type { MonthKey } from '../units.js';
import { egressKey, interRegionKey, putKey, storageKey, type UsageKey } from '../usage/usage-types.js';
import type { UsageLine } from '../usage/usage-line.js';
import { s3Activity, type FleetFacts } from './activity.js';
import { cloudWatchLines, snsLines } from './alerts.js';
import { cloudTrailLines } from './cloudtrail.js';
import type { ResourcesConfig } from './config.js';
import { ebsSnapshotLines } from './ebs-snapshots.js';
import { fsxLines } from './fsx.js';
import * as keys from './keys.js';
import { kmsLines } from './kms.js';
import { vpnLines } from './vpn.js';

/** What the resources need from the scenario. */
export interface ResourceScenario {
  readonly region: string;
  readonly simStartMonth: MonthKey;
  readonly simMonths: number;
  readonly resources?: ResourcesConfig;
}

/** True when the scenario prices anything beyond its bucket. */
export const hasResources = (r: ResourcesConfig | undefined): r is ResourcesConfig =>
  r !== undefined && (r.ebsSnapshots.length > 0 || r.fsx.length > 0 || !!(r.kms || r.cloudtrail || r.cloudwatch || r.sns || r.vpn));

/** Usage lines of every resource over the simulated months, from the bucket's usage and the fleet's facts. */
export function resourceUsage(sc: ResourceScenario, bucketUsage: readonly UsageLine[], facts: FleetFacts): UsageLine[] {
  const r = sc.resources;
  if (!hasResources(r)) return [];
  const activity = s3Activity(sc.region, sc.simStartMonth, sc.simMonths, bucketUsage, facts);
  return [
    ...r.ebsSnapshots.flatMap((g) => ebsSnapshotLines(g, sc.region, sc.simStartMonth, sc.simMonths)),
    ...(r.kms ? kmsLines(r.kms, sc.region, activity) : []),
    ...(r.cloudtrail ? cloudTrailLines(r.cloudtrail, sc.region, activity) : []),
    ...(r.cloudwatch ? cloudWatchLines(r.cloudwatch, sc.region, activity) : []),
    ...(r.sns ? snsLines(r.sns, sc.region, activity) : []),
    ...(r.vpn ? vpnLines(r.vpn, sc.region, activity) : []),
    ...r.fsx.flatMap((fs) => fsxLines(fs, sc.region, sc.simStartMonth, sc.simMonths)),
  ];
}

/** Every (region, usage key) the scenario's resources may meter: the price check before a run. */
export function resourcePriceNeeds(sc: ResourceScenario): { readonly region: string; readonly key: UsageKey; readonly why: string }[] {
  const r = sc.resources;
  if (!hasResources(r)) return [];
  const at = sc.region;
  const out: { region: string; key: UsageKey; why: string }[] = [];
  r.ebsSnapshots.forEach((g, i) => {
    const why = `resources.ebs_snapshots[${i}]`;
    out.push({ region: at, key: keys.ebsSnapshotKey(at), why });
    if (g.schedule.archive) out.push({ region: at, key: keys.ebsArchiveKey(at), why });
    if (g.archiveRestores.length > 0) out.push({ region: at, key: keys.ebsArchiveRetrievalKey(at), why });
    const copy = g.schedule.crossRegionCopy;
    if (copy) out.push({ region: copy.region, key: keys.ebsSnapshotKey(copy.region), why }, { region: at, key: interRegionKey(at, copy.region), why });
  });
  if (r.kms) out.push({ region: at, key: keys.kmsKeysKey(at), why: 'resources.kms' }, { region: at, key: keys.kmsRequestsKey(at), why: 'resources.kms' });
  if (r.cloudtrail) {
    const why = 'resources.cloudtrail';
    out.push({ region: at, key: keys.dataEventsKey(at), why }, { region: at, key: putKey(at, 'STANDARD'), why }, { region: at, key: storageKey(at, 'STANDARD'), why });
  }
  if (r.cloudwatch) out.push({ region: at, key: keys.alarmsKey(at), why: 'resources.cloudwatch' }, { region: at, key: keys.metricsKey(at), why: 'resources.cloudwatch' });
  if (r.sns) out.push({ region: at, key: keys.snsEmailKey(at), why: 'resources.sns' });
  if (r.vpn) out.push({ region: at, key: keys.vpnHoursKey(at), why: 'resources.vpn' }, { region: at, key: egressKey(at), why: 'resources.vpn' });
  r.fsx.forEach((fs, i) => {
    const why = `resources.fsx[${i}]`;
    out.push(
      { region: at, key: keys.fsxStorageKey(at, fs.deployment, fs.storageType), why },
      { region: at, key: keys.fsxThroughputKey(at, fs.deployment), why },
      { region: at, key: keys.fsxBackupKey(at, fs.deployment), why },
    );
  });
  return out;
}

/** The bucket's own storage cost in a month's lines (no service, cause storage). */
const bucketStorageCost = (lines: readonly BillLine[]) => sum(lines.filter((l) => l.usage.service === undefined && l.usage.cause === 'storage').map((l) => l.cost));
const costWhere = (lines: readonly BillLine[], f: (l: BillLine) => boolean) => sum(lines.filter(f).map((l) => l.cost));

/**
 * Findings once priced: months where auditing (CloudTrail) or KMS requests cost more than the
 * bucket's storage — the sign that per-request charges, not bytes, drive the design.
 */
export function resourceFindings(months: readonly { readonly month: MonthKey; readonly lines: readonly BillLine[] }[]): string[] {
  const out: string[] = [];
  const check = (label: string, what: (lines: readonly BillLine[]) => Dec, advice: string) => {
    const hits = months.map((m) => ({ m, cost: what(m.lines), storage: bucketStorageCost(m.lines) })).filter((x) => x.cost.gt(0) && x.cost.gt(x.storage));
    const first = hits[0];
    if (!first) return;
    out.push(
      `${label} cost more than the bucket's S3 storage in ${hits.length} of ${months.length} months (first ${first.m.month}: $${first.cost.toFixed(2)} vs $${first.storage.toFixed(2)}); ${advice}`,
    );
  };
  check('CloudTrail S3 data events and their log objects', (l) => costWhere(l, (x) => x.usage.cause === 'audit'), 'log data events for write-only (PutObject, DeleteObject) or for fewer prefixes, or rely on S3 server access logs');
  check('SSE-KMS requests', (l) => costWhere(l, (x) => x.usage.service === 'awskms' && x.usage.unit === 'Requests'), 'enable S3 Bucket Keys on the bucket');
  return out;
}

export { s3Activity, type FleetFacts, type MonthActivity } from './activity.js';
export type { ResourcesConfig } from './config.js';
