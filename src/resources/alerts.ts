/**
 * Backup-health alerting: CloudWatch alarms and custom metrics per month ("Amazon CloudWatch
 * pricing — Metrics, Alarms"), and SNS e-mail notifications, one per failed backup run per
 * subscribed address ("Amazon SNS pricing — Notification deliveries": e-mail, the first 1,000 a
 * month free, which the price book's first tier carries). Failed runs are the fleet's missed
 * runs (devices offline at their backup time). CloudWatch's free tier (10 alarms, 10 metrics) is
 * account-wide and not applied.
 */
import type { UsageLine } from '../usage/usage-line.js';
import type { MonthActivity } from './activity.js';
import type { CloudWatchConfig, SnsConfig } from './config.js';
import { alarmsKey, metricsKey, resourceLine, snsEmailKey } from './keys.js';

export function cloudWatchLines(cfg: CloudWatchConfig, region: string, activity: readonly MonthActivity[]): UsageLine[] {
  return activity.flatMap((a) => [
    ...(cfg.alarms > 0 ? [resourceLine(a.month, region, alarmsKey(region), cfg.alarms, 'alerting', 'cloudwatch')] : []),
    ...(cfg.customMetrics > 0 ? [resourceLine(a.month, region, metricsKey(region), cfg.customMetrics, 'alerting', 'cloudwatch')] : []),
  ]);
}

export function snsLines(cfg: SnsConfig, region: string, activity: readonly MonthActivity[]): UsageLine[] {
  return activity.flatMap((a) => {
    const n = a.failedRuns * cfg.emailSubscribers;
    return n > 0 ? [resourceLine(a.month, region, snsEmailKey(region), n, 'alerting', 'sns')] : [];
  });
}
