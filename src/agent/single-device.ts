/**
 * One device through the fleet engine, with explicit backup times: the same code path as a fleet
 * run, on a plain STANDARD bucket without lifecycle rules. Used to check the engine against the
 * block-level reference simulator, and to study one device in a notebook.
 */
import { ObjectLedger } from '../storage/ledger.js';
import { compileRetention } from '../retention/rules.js';
import { maxLiveVersions } from '../retention/bounds.js';
import { GIB, monthKey, SECONDS_PER_DAY, type MonthKey } from '../units.js';
import { deviceTotals } from './device-ops.js';
import { runBackup } from './run.js';
import { createDeviceStates, engineContext } from './state.js';
import type { AgentOptions, DeviceData } from './model.js';
import { blockChangeProbabilities } from './model.js';
import { buildPathTable } from './objects.js';

export interface SingleDeviceInput {
  readonly data: DeviceData;
  readonly agent: AgentOptions;
  /** Backup start times, epoch seconds, ascending. */
  readonly backupTimes: readonly number[];
  /** Seconds from a backup's start to its retention run. */
  readonly runDelaySec: number;
  /** Days to simulate from day 0, the UTC day of the first backup. */
  readonly days: number;
  /** Share of the cold data before the hot range in file order (default 0.5: the mean). */
  readonly coldBeforeShare?: number;
}

/** End-of-day state and cumulative counters of one device, in bytes and counts. */
export interface DeviceDay {
  readonly day: number;
  readonly stored: { readonly dblockBytes: number; readonly dindexBytes: number; readonly dlistBytes: number };
  readonly objects: { readonly dblock: number; readonly dindex: number; readonly dlist: number };
  /** Bytes in stored dblocks that some retained version references. */
  readonly liveBytes: number;
  /** Retained versions (dlists). */
  readonly versions: number;
  // Cumulative since day 0:
  readonly puts: number;
  readonly gets: number;
  readonly deletes: number;
  readonly lists: number;
  /** Bytes of every PUT (dblocks, dindex, dlists, compaction re-uploads). */
  readonly uploadedBytes: number;
  /** Full compactions (downloads and repacks), not counting deletions of fully deletable dblocks. */
  readonly compactions: number;
  readonly deletedDblocks: number;
  /** Σ over deleted dblocks of their age at deletion, days (for early-delete comparisons). */
  readonly deletedDblockAgeDaysSum: number;
}

export function simulateOneDevice(input: SingleDeviceInput): DeviceDay[] {
  const times = input.backupTimes;
  const day0 = Math.floor((times[0] ?? 0) / SECONDS_PER_DAY);
  const epochSec = day0 * SECONDS_PER_DAY;
  const start = new Date(epochSec * 1000);
  const startMonth = monthKey(start.getUTCFullYear(), start.getUTCMonth() + 1) as MonthKey;
  const months = Math.ceil((input.days + start.getUTCDate()) / 28) + 1;
  const bucket = {
    storageClass: 'STANDARD' as const,
    keyPrefix: 'backups/',
    versioning: false,
    lifecycle: { rules: [], minTransitionSize: 'all_storage_classes_128K' as const },
    intelligentTiering: {},
    endpointOutsideAws: true,
  };
  const paths = buildPathTable(bucket);
  // The ledger's day 0 is the first of the month; the device's day 0 is `offset` days later.
  const offset = start.getUTCDate() - 1;
  const ledger = new ObjectLedger({ region: 'us-east-1', startMonth, months, paths: paths.paths, versioning: false, intelligentTiering: {} });
  const o = input.agent;
  const rules = compileRetention({ policy: o.policy, keepVersions: o.keepVersions, keepTime: o.keepTime, allowFullRemoval: o.allowFullRemoval });
  const live = maxLiveVersions(rules, SECONDS_PER_DAY / 2, { partials: false });
  const vcap = Number.isFinite(live) ? live + 2 : times.length + 2;
  const d = input.data;
  const q = blockChangeProbabilities(d);
  const one = (x: number) => Float64Array.of(x);
  const s = createDeviceStates(
    1,
    vcap,
    256,
    {
      protectedGiB: one(d.protectedGiB),
      growthGiBPerDay: one((d.protectedGiB * d.growthPctPerMonth) / 100 / 30),
      hotChange: one(q.hot),
      coldChange: one(q.cold),
      hotShare: Float32Array.of(d.hotSetPct / 100),
      coldBeforeShare: Float32Array.of(input.coldBeforeShare ?? 0.5),
      compression: Float32Array.of(d.compressionRatio),
      filesPerGiB: Float32Array.of(d.filesPerGiB),
    },
    o,
    rules.frameTimeframe.length,
  );
  const ctx = engineContext({ o, rules, ledger, paths, epochSec: epochSec - offset * SECONDS_PER_DAY, months, downloadsAreEgress: true });
  const out: DeviceDay[] = [];
  let next = 0;
  for (let day = 0; day < input.days; day++) {
    const dayEnd = epochSec + (day + 1) * SECONDS_PER_DAY;
    for (; next < times.length && (times[next] as number) < dayEnd; next++) {
      const t = ((times[next] as number) - ctx.epochSec) / SECONDS_PER_DAY;
      runBackup(ctx, s, 0, t, t + input.runDelaySec / SECONDS_PER_DAY);
    }
    ledger.endDay(day + offset);
    const tot = deviceTotals(s, 0);
    const c = ctx.counters;
    out.push({
      day,
      stored: { dblockBytes: tot.dblockGiB * GIB, dindexBytes: tot.dindexGiB * GIB, dlistBytes: tot.dlistGiB * GIB },
      objects: { dblock: tot.volumes, dindex: tot.volumes, dlist: tot.versions },
      liveBytes: tot.liveGiB * GIB,
      versions: tot.versions,
      puts: c.puts,
      gets: c.gets,
      deletes: c.deletes,
      lists: c.lists,
      uploadedBytes: c.uploadedGiB * GIB,
      compactions: c.compactions,
      deletedDblocks: c.deletedDblocks,
      deletedDblockAgeDaysSum: c.deletedDblockAgeDaysSum,
    });
  }
  return out;
}
