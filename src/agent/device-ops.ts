/**
 * Whole-device operations: a full restore, deleting a retired device's folder, and the totals
 * of one device (what the block-level reference simulator reports per day).
 */
import { GIB, SECONDS_PER_DAY } from '../units.js';
import type { RestoreTier } from '../usage/usage-types.js';
import { C_RESTORE, EPS, type DeviceStates, type EngineContext } from './state.js';
import { deleteVolumes, forEachRecord, freeRecord, padGiB } from './volume-groups.js';


export interface RestorePlan {
  readonly tier: RestoreTier;
  /** Days the restored copies are kept. */
  readonly days: number;
  /** Without the local database every dindex file and the dlist are read too. */
  readonly lostDatabase: boolean;
}

/**
 * A full restore of the latest version (Duplicati/Library/Main/Operation/RestoreHandler.cs): every
 * dblock is read (in practice nearly every volume holds some block of the latest version); without
 * the local database also every dindex and the newest dlist. Archived objects are first restored
 * (RestoreObject; Amazon S3 User Guide, "Restoring an archived object"), then read from the
 * temporary copy.
 */
export function restoreDevice(ctx: EngineContext, s: DeviceStates, i: number, t: number, plan: RestorePlan): void {
  const l = ctx.ledger;
  const month = l.dayMonth[Math.min(l.days, Math.floor(t))] as number;
  let read = 0;
  const readObjects = (path: number, created: number, count: number, gib: number) => {
    if (count <= EPS) return;
    if (!l.readable(path, created, t)) l.restore(path, created, t, count, gib, plan.tier, plan.days);
    l.get(path, created, t, count, gib, C_RESTORE);
    if (ctx.downloadsAreEgress) l.transferOut(t, gib, C_RESTORE);
    ctx.counters.gets += count;
    read += gib;
  };
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
  ctx.findings.restoredGiB[month] = (ctx.findings.restoredGiB[month] as number) + read;
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

