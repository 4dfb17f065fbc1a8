/**
 * Whole-device operations: a full restore, deleting a retired device's folder, and the totals
 * of one device (what the block-level reference simulator reports per day).
 */
import { GIB, SECONDS_PER_DAY } from '../units.js';
import type { ObjectLedger } from '../storage/ledger.js';
import type { RestoreTier } from '../usage/usage-types.js';
import { C_RESTORE, EPS, type DeviceStates, type EngineContext } from './state.js';
import { deleteVolumes, forEachRecord, freeRecord, padGiB } from './volume-groups.js';


export interface RestorePlan {
  readonly tier: RestoreTier;
  /** Days the restored copies are kept. */
  readonly days: number;
  /** Without the local database every dindex file and the dlist are read too. */
  readonly lostDatabase: boolean;
  /**
   * Read from the replication destination instead: its ledger and the replica path of each
   * bucket path (−1: not replicated, read from the bucket).
   */
  readonly from?: { readonly ledger: ObjectLedger; readonly pathMap: Int32Array };
  /** Whether the downloads are internet egress (default: the devices are outside AWS). */
  readonly egress?: boolean;
  /** Per bucket path: 1 if the restore reads its objects (a restore event limited to a key prefix); default all. */
  readonly only?: Uint8Array;
  /** Told of every object the restore reads (its bucket path), e.g. to see what the other region holds. */
  readonly onRead?: (path: number, created: number, count: number, gib: number) => void;
}

/** What one full restore read. */
export interface RestoreRead {
  readonly objects: number;
  readonly gib: number;
  /** Objects that needed a RestoreObject request first, and the longest wait for one, days. */
  readonly archivedObjects: number;
  readonly retrievalDays: number;
  /** Of those, the ones restored from GLACIER and DEEP_ARCHIVE, and their GiB (the rest: Intelligent-Tiering). */
  readonly glacier: { objects: number; gib: number };
  readonly deepArchive: { objects: number; gib: number };
}

/**
 * A full restore of the latest version (Duplicati/Library/Main/Operation/RestoreHandler.cs): every
 * dblock is read (in practice nearly every volume holds some block of the latest version); without
 * the local database also every dindex and the newest dlist. Archived objects are first restored
 * (RestoreObject; Amazon S3 User Guide, "Restoring an archived object"), then read from the
 * temporary copy. Everything is billed by the ledger the objects are read from.
 */
export function restoreDevice(ctx: EngineContext, s: DeviceStates, i: number, t: number, plan: RestorePlan): RestoreRead {
  const month = ctx.ledger.dayMonth[Math.min(ctx.ledger.days, Math.floor(t))] as number;
  const { readObjects, result } = restoreReader(ctx.ledger, ctx.counters, ctx.downloadsAreEgress, t, plan);
  forEachRecord(s, i, (r) => {
    const vol = s.rVol[r] as number;
    readObjects(s.rPath[r] as number, s.rCreated[r] as number, vol, vol * (s.rVolGiB[r] as number));
    if (plan.lostDatabase) readObjects(s.rIPath[r] as number, s.rCreated[r] as number, vol, vol * (s.rIdxGiB[r] as number));
  });
  const versions = s.vCount[i] as number;
  if (plan.lostDatabase && versions > 0) {
    const v = i * s.vcap + versions - 1;
    readObjects(s.vDlistPath[v] as number, ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY, 1, s.vDlistGiB[v] as number);
  }
  ctx.findings.restores[month] = (ctx.findings.restores[month] as number) + 1;
  const read = result();
  ctx.findings.restoredGiB[month] = (ctx.findings.restoredGiB[month] as number) + read.gib;
  return read;
}

/**
 * The reads of one restore at `t`, for any agent: each batch of objects (bucket path, creation
 * time, count, GiB) is read from the ledger the plan names — restored first when archived
 * (RestoreObject; Amazon S3 User Guide, "Restoring an archived object"), then a GET, and internet
 * egress when the data leaves AWS — and tallied; `result()` is what the whole restore read.
 */
export function restoreReader(
  home: ObjectLedger,
  counters: { gets: number },
  downloadsAreEgress: boolean,
  t: number,
  plan: RestorePlan,
): { readObjects: (path: number, created: number, count: number, gib: number) => void; result: () => RestoreRead } {
  const egress = plan.egress ?? downloadsAreEgress;
  let read = 0;
  let objects = 0;
  let archived = 0;
  let retrievalDays = 0;
  const glacier = { objects: 0, gib: 0 };
  const deepArchive = { objects: 0, gib: 0 };
  const readObjects = (path: number, created: number, count: number, gib: number) => {
    if (count <= EPS || (plan.only && !plan.only[path])) return;
    plan.onRead?.(path, created, count, gib);
    const mapped = plan.from ? (plan.from.pathMap[path] as number) : -1;
    const l = mapped >= 0 ? (plan.from as { ledger: ObjectLedger }).ledger : home;
    const p = mapped >= 0 ? mapped : path;
    if (!l.readable(p, created, t)) {
      const cls = l.classAt(p, created, t);
      const done = l.restore(p, created, t, count, gib, plan.tier, plan.days);
      if (done !== undefined) {
        const by = cls === 'GLACIER' ? glacier : cls === 'DEEP_ARCHIVE' ? deepArchive : undefined;
        if (by) {
          by.objects += count;
          by.gib += gib;
        }
        archived += count;
        retrievalDays = Math.max(retrievalDays, done - t);
      }
    }
    l.get(p, created, t, count, gib, C_RESTORE);
    if (egress) l.transferOut(t, gib, C_RESTORE);
    counters.gets += count;
    read += gib;
    objects += count;
  };
  return { readObjects, result: () => ({ objects, gib: read, archivedObjects: archived, retrievalDays, glacier, deepArchive }) };
}

/** Stored sizes and object counts of device i (what the oracle reports per day). */
export function deviceTotals(s: DeviceStates, i: number) {
  let dblockGiB = 0;
  let dindexGiB = 0;
  let volumes = 0;
  let live = 0;
  forEachRecord(s, i, (r) => {
    const vol = s.rVol[r] as number;
    volumes += vol;
    dblockGiB += vol * (s.rVolGiB[r] as number);
    dindexGiB += vol * (s.rIdxGiB[r] as number);
    live += (s.rLh[r] as number) + (s.rLc[r] as number);
  });
  let dlistGiB = 0;
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) dlistGiB += s.vDlistGiB[v] as number;
  return { dblockGiB, dindexGiB, dlistGiB, volumes, versions: s.vCount[i] as number, liveGiB: live };
}

/** Deletes everything device i has in the bucket (a retired device whose prefix is removed). */
export function deleteDevice(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  forEachRecord(s, i, (r) => {
    const vol = s.rVol[r] as number;
    if (vol > EPS) deleteVolumes(ctx, s, r, vol, t);
  });
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) {
    const gib = s.vDlistGiB[v] as number;
    ctx.ledger.delete(s.vDlistPath[v] as number, ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY, t, 1, gib, padGiB(1, gib * GIB));
    ctx.counters.deletes += 1;
  }
  forEachRecord(s, i, (r) => freeRecord(s, i, r));
  s.rLoose[i] = -1;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) s.vHead[v] = -1;
  s.vCount[i] = 0;
  s.vBandSize.fill(0, i * s.bands, (i + 1) * s.bands);
  s.aData[i] = 0;
  s.aWaste[i] = 0;
  s.aWasteN[i] = 0;
  s.aSmall[i] = 0;
  s.aSmallN[i] = 0;
  s.aVolumes[i] = 0;
}

