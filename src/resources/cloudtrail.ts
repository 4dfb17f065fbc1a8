/**
 * CloudTrail S3 data events and the trail's own log objects ("AWS CloudTrail pricing"): data
 * events are charged per event for every trail that records them, the first copy included;
 * management events' first copy is free (not metered here). Data events are S3's object-level
 * API operations — GetObject, PutObject, DeleteObject, RestoreObject, … — while bucket-level
 * calls such as ListObjects (ListBucket) are management events ("Amazon S3 CloudTrail events", S3
 * User Guide; "Logging data events", CloudTrail User Guide). Deletes are counted as the agent's
 * removed objects, which include lifecycle expirations (not API calls): an upper bound.
 * The trail delivers gzip'd log files to a log bucket about every five minutes per region
 * ("CloudTrail log file examples"): one S3 PUT each, and their bytes stored in STANDARD until the
 * log bucket's lifecycle expires them.
 */
import { addMonths, daysInMonth, GIB, hoursInMonth, type MonthKey } from '../units.js';
import { putKey, storageKey } from '../usage/usage-types.js';
import type { UsageLine } from '../usage/usage-line.js';
import type { MonthActivity } from './activity.js';
import type { CloudTrailConfig } from './config.js';
import { dataEventsKey, resourceLine } from './keys.js';

/** Data events one trail records for a month's S3 activity. */
export const dataEvents = (a: Pick<MonthActivity, 'puts' | 'gets' | 'deletes' | 'restoreRequests'>): number => a.puts + a.gets + a.deletes + a.restoreRequests;

export function cloudTrailLines(cfg: CloudTrailConfig, region: string, activity: readonly MonthActivity[]): UsageLine[] {
  const out: UsageLine[] = [];
  // Bytes logged per day, oldest first, for the log bucket's retention window.
  const daily: number[] = [];
  let windowGiB = 0;
  for (const a of activity) {
    const month: MonthKey = a.month;
    const events = dataEvents(a) * cfg.dataEventTrails;
    if (events > 0) out.push(resourceLine(month, region, dataEventsKey(region), events, 'audit', 'cloudtrail'));
    const days = daysInMonth(month);
    const perDayGiB = (events * cfg.logBytesPerEvent) / GIB / days;
    let gibDays = 0;
    for (let d = 0; d < days; d++) {
      daily.push(perDayGiB);
      windowGiB += perDayGiB;
      if (daily.length > cfg.logRetentionDays) windowGiB -= daily[daily.length - 1 - cfg.logRetentionDays] as number;
      gibDays += windowGiB;
    }
    const puts = cfg.logDeliveriesPerHour * hoursInMonth(month) * cfg.logRegions;
    // The log bucket's lines are Amazon S3's (no service), in the trail's home region.
    if (puts > 0) out.push({ ...resourceLine(month, region, putKey(region, 'STANDARD'), puts, 'audit', 'cloudtrail-logs'), storageClass: 'STANDARD' });
    if (gibDays > 0) out.push({ ...resourceLine(month, region, storageKey(region, 'STANDARD'), gibDays / days, 'audit', 'cloudtrail-logs'), storageClass: 'STANDARD' });
  }
  return out;
}

/** Months from `start`, for tests. */
export const monthsFrom = (start: MonthKey, n: number): MonthKey[] => Array.from({ length: n }, (_, m) => addMonths(start, m));
