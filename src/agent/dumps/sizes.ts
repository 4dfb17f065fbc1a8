/**
 * What a dump is made of, as pure functions: the schedule (full or not), the size of each dump
 * and log backup, and the requests a multipart upload makes.
 *
 * Change model: every day a share q (daily_change_pct) of the database's pages changes, each
 * page independently (the same model Duplicati's cold set uses, src/agent/model.ts). A
 * differential k days after its full holds the pages changed at least once since:
 * 1 − (1 − q)^k of the database; an incremental after a gap of g days: 1 − (1 − q)^g. Log
 * backups carry every change (log_ratio bytes of log per changed byte), q × database per day.
 * Every dump is compressed by compression_ratio.
 */
import { GIB } from '../../units.js';

/** S3's limit on the parts of one multipart upload (Amazon S3 User Guide, "Amazon S3 multipart upload limits"). */
export const MAX_PARTS = 10_000;

/**
 * PUT-class requests to write one object of `bytes` with part size `partBytes`: one PutObject
 * up to the part size; above it CreateMultipartUpload, one UploadPart per part and
 * CompleteMultipartUpload, each billed as a PUT, COPY, POST or LIST request (Amazon S3 pricing,
 * "Requests & data retrievals"; Amazon S3 User Guide, "Uploading and copying objects using
 * multipart upload", "Multipart upload and pricing"). Clients raise the part size when an object
 * would need more than 10,000 parts, as the AWS CLI does.
 */
export function putRequestsFor(bytes: number, partBytes: number): number {
  if (bytes <= partBytes) return 1;
  return Math.min(MAX_PARTS, Math.ceil(bytes / partBytes)) + 2;
}

/** Whether the dump of day `day` is a full: the first, or `every` days after the last full. */
export function isFullDay(day: number, lastFullDay: number, every: number): boolean {
  return lastFullDay < 0 || day - lastFullDay >= every;
}

/** Share of the pages changed at least once in `days` days, each day changing a share q. */
export function changedShare(q: number, days: number): number {
  return days <= 0 ? 0 : days === 1 ? q : 1 - Math.pow(1 - q, days);
}

/** Database size on `day`, GiB: the initial size grown linearly (as the fleet's growth_pct_per_month). */
export function databaseGiB(initialGiB: number, growthGiBPerDay: number, firstDay: number, day: number): number {
  return initialGiB + growthGiBPerDay * Math.max(0, day - firstDay);
}

/** GiB → bytes, for sizes compared with part sizes and size filters. */
export function bytesOf(gib: number): number {
  return gib * GIB;
}

/**
 * Log backups of day `day` whose times fall in (from, to]: backups run every 1/n of a day at
 * the middle of each interval (day + (k + ½)/n, k = 0 … n − 1, so none falls on a midnight).
 * Returns the first k and the count (0 when none).
 */
export function logsBetween(day: number, n: number, from: number, to: number): { k0: number; count: number } {
  if (n <= 0) return { k0: 0, count: 0 };
  const x = (from - day) * n - 0.5;
  const k0 = x < 0 ? 0 : Math.floor(x) + 1;
  const k1 = Math.min(n - 1, Math.floor((to - day) * n - 0.5));
  return { k0, count: Math.max(0, k1 - k0 + 1) };
}

/** Time of log backup k of day `day` (n a day). */
export function logTime(day: number, n: number, k: number): number {
  return day + (k + 0.5) / n;
}
