/**
 * EBS snapshots taken by an Amazon Data Lifecycle Manager policy: standard-tier storage of the
 * retained chain, the archive tier, cross-region copies and their transfer. DLM itself is free
 * ("Amazon Data Lifecycle Manager — Pricing": "no additional cost"; you pay for the snapshots).
 *
 * Pricing rules ("Amazon EBS pricing — Snapshots"; "Archive Amazon EBS snapshots", Amazon EBS
 * User Guide):
 *  - standard snapshots are incremental and billed per GB-month of the blocks they hold;
 *  - an archived snapshot "is converted to a full snapshot that includes all of the blocks of data
 *    that were written to the volume at the time the snapshot was created" (ModifySnapshotTier), is
 *    billed per GB-month at the archive rate with a 90-day minimum, and restoring it to the
 *    standard tier is billed per GB retrieved. DLM's archive retention "must retain snapshots in
 *    the archive tier for a minimum of 90 days" (DLM API Reference, RetentionArchiveTier): the
 *    scenario is checked for it at load, so no early-delete charge can arise;
 *  - a copy to another region is billed as inter-region data transfer from the source region; the
 *    first copy is full, later ones incremental while the previous copy exists ("Copy an Amazon
 *    EBS snapshot — Incremental snapshot copying"), and it is stored at the destination's rate.
 * Storage is billed on the hourly average over the month: here the daily average.
 */
import { addMonths, daysInMonth, type MonthKey } from '../units.js';
import { interRegionKey } from '../usage/usage-types.js';
import type { UsageLine } from '../usage/usage-line.js';
import { chainGiB, changedShare, snapshotsTaken } from './chain.js';
import type { EbsVolumeGroup } from './config.js';
import { ebsArchiveKey, ebsArchiveRetrievalKey, ebsSnapshotKey, resourceLine } from './keys.js';

/** Per day of the simulation, what one volume group's snapshots hold (GiB, all volumes). */
export interface SnapshotDay {
  readonly standardGiB: number;
  readonly archiveGiB: number;
  readonly copyGiB: number;
  /** GB copied to the other region that day. */
  readonly copiedGB: number;
}

/** The state of a volume group's snapshots at the end of day `day` (0-based from the first snapshot). */
export function snapshotDay(g: EbsVolumeGroup, day: number): SnapshotDay {
  const s = g.schedule;
  const u = g.usedGiB;
  const increment = u * changedShare(g.dailyChangePct / 100, s.intervalHours / 24);
  const taken = snapshotsTaken(day, s.intervalHours);
  const before = day > 0 ? snapshotsTaken(day - 1, s.intervalHours) : 0;
  const archived = s.archive ? Math.min(s.archive.retainCount, Math.max(0, taken - s.retainCount)) : 0;
  const copies = s.crossRegionCopy ? Math.min(s.crossRegionCopy.retainCount, taken) : 0;
  const fresh = taken - before;
  // The first copy holds the whole volume, every later one its increment.
  const copied = s.crossRegionCopy ? (before === 0 ? u + (fresh - 1) * increment : fresh * increment) : 0;
  return {
    standardGiB: g.volumes * chainGiB(u, Math.min(s.retainCount, taken), increment),
    archiveGiB: g.volumes * archived * u,
    copyGiB: g.volumes * chainGiB(u, copies, increment),
    copiedGB: g.volumes * copied,
  };
}

/** Usage lines of one volume group over the simulated months (the first snapshot on the first day). */
export function ebsSnapshotLines(g: EbsVolumeGroup, region: string, simStart: MonthKey, simMonths: number): UsageLine[] {
  const out: UsageLine[] = [];
  const copy = g.schedule.crossRegionCopy;
  let day = 0;
  for (let m = 0; m < simMonths; m++) {
    const month = addMonths(simStart, m);
    const days = daysInMonth(month);
    let std = 0;
    let arch = 0;
    let copyGiB = 0;
    let copied = 0;
    for (let d = 0; d < days; d++, day++) {
      const s = snapshotDay(g, day);
      std += s.standardGiB;
      arch += s.archiveGiB;
      copyGiB += s.copyGiB;
      copied += s.copiedGB;
    }
    const restored = g.archiveRestores.filter((r) => r.month === month).reduce((a, r) => a + r.volumes * g.usedGiB, 0);
    const add = (where: string, key: Parameters<typeof resourceLine>[2], q: number) => {
      if (q > 0) out.push(resourceLine(month, where, key, q, 'snapshot', g.name));
    };
    add(region, ebsSnapshotKey(region), std / days);
    add(region, ebsArchiveKey(region), arch / days);
    add(region, ebsArchiveRetrievalKey(region), restored);
    if (copy) {
      add(copy.region, ebsSnapshotKey(copy.region), copyGiB / days);
      // Inter-region transfer is priced by the source region.
      add(region, { ...interRegionKey(region, copy.region), service: 'AWSDataTransfer' }, copied);
    }
  }
  return out;
}
