/**
 * Amazon FSx for Windows File Server ("Amazon FSx for Windows File Server pricing"): provisioned
 * storage per GB-month by deployment type (Single-AZ / Multi-AZ) and storage type (SSD / HDD),
 * provisioned throughput capacity per MBps-month, and backup storage per GB-month. Automatic daily
 * backups are incremental ("Working with backups", FSx for Windows File Server User Guide: "only
 * the data on the file system that has changed after your most recent backup is saved"), kept for
 * the retention days (0–90): the same chain as EBS snapshots.
 */
import { addMonths, daysInMonth, type MonthKey } from '../units.js';
import type { UsageLine } from '../usage/usage-line.js';
import { chainGiB, changedShare } from './chain.js';
import type { FsxFileSystem } from './config.js';
import { fsxBackupKey, fsxStorageKey, fsxThroughputKey, resourceLine } from './keys.js';

/** GiB the automatic backups hold at the end of day `day` (0-based; the first backup on day 0). */
export function fsxBackupGiB(fs: FsxFileSystem, day: number): number {
  const n = Math.min(fs.backupRetentionDays, day + 1);
  return chainGiB(fs.usedGiB, n, fs.usedGiB * changedShare(fs.dailyChangePct / 100, 1));
}

export function fsxLines(fs: FsxFileSystem, region: string, simStart: MonthKey, simMonths: number): UsageLine[] {
  const out: UsageLine[] = [];
  let day = 0;
  for (let m = 0; m < simMonths; m++) {
    const month = addMonths(simStart, m);
    const days = daysInMonth(month);
    let backupGiBDays = 0;
    for (let d = 0; d < days; d++, day++) backupGiBDays += fsxBackupGiB(fs, day);
    out.push(resourceLine(month, region, fsxStorageKey(region, fs.deployment, fs.storageType), fs.storageGiB, 'file-storage', fs.name));
    out.push(resourceLine(month, region, fsxThroughputKey(region, fs.deployment), fs.throughputMBps, 'file-storage', fs.name));
    if (backupGiBDays > 0) out.push(resourceLine(month, region, fsxBackupKey(region, fs.deployment), backupGiBDays / days, 'file-storage', fs.name));
  }
  return out;
}
