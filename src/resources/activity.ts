/**
 * The simulated S3 activity the resources derive from, read back from the bucket's metered usage
 * lines (the source bucket only: its region, no service): object PUTs, GETs, LISTs and
 * RestoreObject requests per month, plus the objects the agent deleted and the backup runs that
 * failed. Pure: the same lines give the same activity.
 */
import { STORAGE_CLASSES } from '../storage/classes.js';
import { addMonths, daysInMonth, type MonthKey } from '../units.js';
import { getKey, listKey, putKey, restoreRequestKey, restoreTiers } from '../usage/usage-types.js';
import type { UsageLine } from '../usage/usage-line.js';

export interface MonthActivity {
  readonly month: MonthKey;
  /** PutObject (and multipart/copy) requests of the agent, replicas excluded. */
  readonly puts: number;
  /** GetObject requests (reads, verification, compaction, restores). */
  readonly gets: number;
  /** ListObjects requests (bucket-level: not a CloudTrail data event). */
  readonly lists: number;
  readonly restoreRequests: number;
  /** Objects removed from the bucket (DeleteObject calls, or lifecycle expirations). */
  readonly deletes: number;
  /** Backup runs that did not happen or failed (each one sends an alert). */
  readonly failedRuns: number;
}

/** What the fleet simulation tells besides its usage lines, per simulated month. */
export interface FleetFacts {
  readonly objectsRemoved: readonly number[];
  readonly failedRuns: readonly number[];
}

const requestKey = (k: { usageType: string; operation: string }) => `${k.usageType}|${k.operation}`;

/** The bucket's S3 activity per simulated month, from its usage lines. */
export function s3Activity(region: string, simStart: MonthKey, simMonths: number, usage: readonly UsageLine[], facts: FleetFacts): MonthActivity[] {
  const puts = new Set(STORAGE_CLASSES.map((c) => requestKey(putKey(region, c))));
  const gets = new Set(STORAGE_CLASSES.map((c) => requestKey(getKey(region, c))));
  const list = requestKey(listKey(region));
  const restores = new Set(
    (['GLACIER', 'DEEP_ARCHIVE'] as const).flatMap((c) => restoreTiers(c).flatMap((t) => {
      const k = restoreRequestKey(region, c, t);
      return k ? [requestKey(k)] : [];
    })),
  );
  const index = new Map<string, number>();
  const acc = Array.from({ length: simMonths }, (_, m) => {
    index.set(addMonths(simStart, m), m);
    return { puts: 0, gets: 0, lists: 0, restoreRequests: 0 };
  });
  for (const l of usage) {
    if (l.unit !== 'Requests' || l.region !== region || l.service !== undefined) continue;
    const m = index.get(l.month);
    if (m === undefined) continue;
    const a = acc[m]!;
    const k = requestKey(l);
    // LIST shares STANDARD's PUT usage type; the meter files LISTs without a storage class.
    if (k === list && l.storageClass === undefined) a.lists += l.quantity;
    else if (puts.has(k)) a.puts += l.quantity;
    else if (gets.has(k)) a.gets += l.quantity;
    else if (restores.has(k)) a.restoreRequests += l.quantity;
  }
  return acc.map((a, m) => ({ month: addMonths(simStart, m), ...a, deletes: facts.objectsRemoved[m] ?? 0, failedRuns: facts.failedRuns[m] ?? 0 }));
}

/**
 * Backup runs missed per simulated month: devices in service × days × the fleet's offline share
 * (each profile's offline_pct weighted by its share). The expected count, not the simulation's
 * draws: the fleet loop does not count its skipped runs.
 */
export function expectedFailedRuns(
  profiles: readonly { readonly sharePct: number; readonly offlinePct: number }[],
  devices: readonly number[],
  simStart: MonthKey,
): number[] {
  const offline = profiles.reduce((a, p) => a + (p.sharePct / 100) * (p.offlinePct / 100), 0);
  return devices.map((n, m) => n * daysInMonth(addMonths(simStart, m)) * offline);
}
