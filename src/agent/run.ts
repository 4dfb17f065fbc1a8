/**
 * The Duplicati agent on cohort state: what one backup run of one device writes, reads and
 * deletes (Duplicati/Library/Main/Operation/BackupHandler.cs, DeleteHandler.cs, CompactHandler.cs,
 * TestHandler.cs), in expectation, fed straight into the ledger.
 *
 * A device's dblocks are held as volume groups ("records") rather than one by one: the volumes
 * of one upload that hold the same kind of data (all cold, all hot, mixed, the partial tail).
 * Each record is attached to a retention *segment*: the oldest retained version at or after its
 * data was written. A block written at day i is still referenced while no change hit it before
 * the day of its segment's version, so a record's expected live data is its data at creation ×
 * (1 − q)^(segment day − i), per kind (hot, cold). When retention deletes a version, its segment
 * merges into the next retained one and its records decay by (1 − q)^(days between). A volume is
 * fully deletable when all its blocks are dead: probability Π over its blocks of (1 − s).
 * Compaction, verification and the LISTs follow Duplicati's rules (src/agent/compaction-rules.ts).
 *
 * State is struct-of-arrays over the devices of a shard, with fixed-capacity per-device slices
 * for versions and records, so the hot path allocates nothing. Each version heads a linked list
 * of its segment's records; when segments merge, records of the same kind and path that have
 * reached their final lifecycle class are merged too, which keeps a device's records few.
 */
import { InvariantError } from '../errors.js';
import { applyRetention } from '../retention/engine.js';
import { applyPolicyIncremental, BAND_NEW } from '../retention/incremental.js';
import { GIB, SECONDS_PER_DAY } from '../units.js';
import { compactionConsidered, shouldCompact, verificationSamples } from './compaction-rules.js';
import { BACKEND_ATTEMPTS, DLIST_BYTES_PER_FILE, LIST_PAGE_SIZE } from './model.js';
import { C_COMPACTION, C_LIST, C_PUT, C_VERIFICATION, DECAY_DAYS, EPS, KIND_DLIST, type DeviceStates, type EngineContext } from './state.js';
import {
  addLooseUpload,
  addRecord,
  consolidateLoose,
  DEAD_NEVER,
  deadLog,
  deleteVolumes,
  freeRecord,
  mergeInto,
  mergeTarget,
  padGiB,
  putRecords,
  refreshRecord,
} from './volume-groups.js';
import { fullVolumes, splitUpload, tailGiB } from './volumes.js';


/**
 * One run of device i: the backup starting at `t` and its retention, compaction and verification
 * at `tr` (days since the simulation start). `firstRun` uploads everything.
 */
export function runBackup(ctx: EngineContext, s: DeviceStates, i: number, t: number, tr: number): void {
  const o = ctx.o;
  const day = Math.floor(t);
  if (o.backendVerification) listPrefix(ctx, s, i, t);
  const lastGiB = uploadChanges(ctx, s, i, t, day);
  const deleted = retention(ctx, s, i, tr);
  if (compactionConsidered(o, deleted > 0, lastGiB * GIB)) compact(ctx, s, i, tr);
  if (o.backendVerification) {
    listPrefix(ctx, s, i, tr);
    verify(ctx, s, i, tr);
  }
  s.lastRunDay[i] = day;
}

function listPrefix(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  const objects = 2 * (s.aVolumes[i] as number) + (s.vCount[i] as number);
  const n = Math.max(1, Math.ceil(objects / LIST_PAGE_SIZE - EPS));
  ctx.ledger.listToday(n, C_LIST);
  ctx.counters.lists += n;
}

/** Uploads the blocks changed since the last run; returns the size of the last dblock, GiB (0: nothing). */
function uploadChanges(ctx: EngineContext, s: DeviceStates, i: number, t: number, day: number): number {
  const inp = s.input;
  const ratio = inp.compression[i] as number;
  const hotShare = inp.hotShare[i] as number;
  const protectedGiB = inp.protectedGiB[i] as number;
  let hot: number;
  let cold: number;
  let growth = 0;
  if ((s.firstDay[i] as number) < 0) {
    s.firstDay[i] = day;
    hot = protectedGiB * hotShare;
    cold = protectedGiB - hot;
  } else {
    const gap = day - (s.lastRunDay[i] as number);
    if (gap <= 0) return 0;
    const sinceFirst = (s.lastRunDay[i] as number) - (s.firstDay[i] as number);
    const g = inp.growthGiBPerDay[i] as number;
    const coldThen = protectedGiB * (1 - hotShare) + g * sinceFirst;
    // Changed at least once in `gap` days: 1 − (1 − q)^gap (no pow for the usual one day).
    const qh = inp.hotChange[i] as number;
    const qc = inp.coldChange[i] as number;
    const k = (s.decayPair[i] as number) * DECAY_DAYS + gap;
    hot = protectedGiB * hotShare * (gap === 1 ? qh : 1 - (gap < DECAY_DAYS ? (s.decayHot[k] as number) : Math.pow(1 - qh, gap)));
    cold = coldThen * (gap === 1 ? qc : 1 - (gap < DECAY_DAYS ? (s.decayCold[k] as number) : Math.pow(1 - qc, gap)));
    growth = g * gap;
  }
  const before = inp.coldBeforeShare[i] as number;
  const hotU = hot * ratio;
  const coldBefore = cold * before * ratio;
  const coldAfter = (cold * (1 - before) + growth) * ratio;
  if (hotU + coldBefore + coldAfter <= EPS) return 0;

  // The new version (and its dlist) this upload belongs to.
  const vc = s.vCount[i] as number;
  if (vc >= s.vcap) throw new InvariantError(`device ${i}: more than ${s.vcap - 1} live versions; the retention bound is wrong`);
  const v = i * s.vcap + vc;
  const sec = ctx.epochSec + t * SECONDS_PER_DAY;
  const currentGiB = protectedGiB + (inp.growthGiBPerDay[i] as number) * (day - (s.firstDay[i] as number));
  const dlistBytes = Math.round(currentGiB * (inp.filesPerGiB[i] as number)) * DLIST_BYTES_PER_FILE;
  s.vSec[v] = sec;
  s.vDay[v] = day;
  s.vDlistGiB[v] = dlistBytes / GIB;
  s.vDlistPath[v] = ctx.paths.pathOf(KIND_DLIST, dlistBytes);
  s.vHead[v] = -1;
  s.vBand[v] = BAND_NEW;
  s.vCount[i] = vc + 1;

  // Settled records of one path become one; worth a pass only once a few have piled up.
  if (!ctx.o.autoCompact && (s.rCount[i] as number) > ctx.paths.paths.length) consolidateLoose(ctx, s, i, t);
  let lastGiB = 0;
  if (ctx.o.autoCompact) {
    let n = 0;
    const g = splitUpload(coldBefore, hotU, coldAfter, s.fullVolGiB[i] as number, s.groups);
    for (let k = 0; k < g.count; k++) {
      lastGiB = g.volumeGiB[k] as number;
      s.scratchRecords[n++] = addRecord(ctx, s, i, v, t, g.volumes[k] as number, lastGiB, g.hotGiB[k] as number, g.coldGiB[k] as number);
    }
    if (n > 0) putRecords(ctx, s, s.scratchRecords, n, C_PUT);
  } else {
    // Loose records only say what exists: full dblocks and the partial tail, whatever they hold.
    const total = hotU + coldBefore + coldAfter;
    const full = s.fullVolGiB[i] as number;
    const nFull = fullVolumes(total, full);
    const tail = tailGiB(total, nFull, full);
    addLooseUpload(ctx, s, i, t, nFull, tail);
    lastGiB = tail > 0 ? tail : nFull > 0 ? full : 0;
  }
  ctx.ledger.put(s.vDlistPath[v] as number, t, 1, dlistBytes / GIB, padGiB(1, dlistBytes), C_PUT);
  ctx.counters.puts += 1;
  ctx.counters.uploadedGiB += dlistBytes / GIB;
  return lastGiB;
}

/**
 * Runs retention at `tr`; deleted versions lose their dlist and their segments merge forward.
 * The pure policy goes through the incremental pass (same decisions, less work per run).
 */
function retention(ctx: EngineContext, s: DeviceStates, i: number, tr: number): number {
  const count = s.vCount[i] as number;
  if (count === 0) return 0;
  const base = i * s.vcap;
  const now = ctx.epochSec + tr * SECONDS_PER_DAY;
  const del = s.scratchDeleted;
  const n = ctx.incrementalRetention
    ? applyPolicyIncremental(ctx.rules, s.vSec, s.vBand, s.vBandSize, base, i * s.bands, count, now, del)
    : fullRetention(ctx, s, base, count, now);
  if (n === 0) return 0;
  // Newest to oldest, so that each deleted version knows the next retained one.
  let next = -1;
  for (let q = n - 1; q >= 0; q--) {
    const k = del[q] as number;
    if (q === n - 1 || del[q + 1] !== k + 1) next = base + k + 1;
    if (k + 1 >= count) throw new InvariantError('retention deleted the newest version');
    const v = base + k;
    const created = ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY;
    const dlistGiB = s.vDlistGiB[v] as number;
    ctx.ledger.delete(s.vDlistPath[v] as number, created, tr, 1, dlistGiB, padGiB(1, dlistGiB * GIB));
    ctx.counters.deletes += 1;
    mergeSegment(ctx, s, i, v, next, tr);
  }
  // Keep the surviving versions dense (nothing moves before the oldest deleted one).
  let w = base + (del[0] as number);
  for (let k = (del[0] as number) + 1, q = 1; k < count; k++) {
    if (q < n && del[q] === k) {
      q++;
      continue;
    }
    const v = base + k;
    s.vSec[w] = s.vSec[v] as number;
    s.vDay[w] = s.vDay[v] as number;
    s.vDlistGiB[w] = s.vDlistGiB[v] as number;
    s.vDlistPath[w] = s.vDlistPath[v] as number;
    s.vHead[w] = s.vHead[v] as number;
    s.vBand[w] = s.vBand[v] as number;
    w++;
  }
  s.vCount[i] = count - n;
  return n;
}

/** The full retention pass (any rules): writes the deleted indices into scratchDeleted, returns their count. */
function fullRetention(ctx: EngineContext, s: DeviceStates, base: number, count: number, now: number): number {
  const times = s.scratchTimes;
  for (let k = 0; k < count; k++) times[k] = s.vSec[base + k] as number;
  const keep = s.scratchKeep;
  if (applyRetention(ctx.rules, times, s.scratchPartial, count, now, keep) === 0) return 0;
  let n = 0;
  for (let k = 0; k < count; k++) if (!keep[k]) s.scratchDeleted[n++] = k;
  return n;
}

/**
 * Version slot `from` is gone: its records now belong to the next retained version `to`, so their
 * blocks survive only if unchanged until that version's day. Volumes whose every block died are
 * deleted right away when auto-compact is on (Duplicati deletes them without downloading).
 */
function mergeSegment(ctx: EngineContext, s: DeviceStates, i: number, from: number, to: number, tr: number): void {
  if ((s.vHead[from] as number) < 0) return;
  const days = (s.vDay[to] as number) - (s.vDay[from] as number);
  let fh: number;
  let fc: number;
  if (days < DECAY_DAYS) {
    const k = (s.decayPair[i] as number) * DECAY_DAYS + days;
    fh = s.decayHot[k] as number;
    fc = s.decayCold[k] as number;
  } else {
    fh = Math.pow(1 - (s.input.hotChange[i] as number), days);
    fc = Math.pow(1 - (s.input.coldChange[i] as number), days);
  }
  let r = s.vHead[from] as number;
  s.vHead[from] = -1;
  while (r >= 0) {
    const next = s.rNext[r] as number;
    s.rLh[r] = (s.rLh[r] as number) * fh;
    s.rLc[r] = (s.rLc[r] as number) * fc;
    s.rDeadLog[r] = deadLog(s, r);
    if (ctx.o.autoCompact) deleteDeadVolumes(ctx, s, i, r, tr);
    refreshRecord(ctx, s, i, r);
    if ((s.rVol[r] as number) <= EPS) {
      freeRecord(s, i, r);
    } else {
      // Join a record of the same kind in the new segment, or head its list.
      const into = mergeTarget(ctx, s, r, s.vHead[to] as number, tr);
      if (into >= 0) {
        mergeInto(ctx, s, i, r, into);
        freeRecord(s, i, r);
      } else {
        s.rNext[r] = s.vHead[to] as number;
        s.vHead[to] = r;
      }
    }
    r = next;
  }
}

/** Deletes the volumes of record r that are expected to have no live block left. */
function deleteDeadVolumes(ctx: EngineContext, s: DeviceStates, i: number, r: number, tr: number): void {
  const vol0 = s.rVol0[r] as number;
  if ((s.rL0h[r] as number) + (s.rL0c[r] as number) <= 0) return;
  // The chance that all blocks of a volume are dead: Π (1 − s) over its blocks (kept in rDeadLog).
  const log = s.rDeadLog[r] as number;
  if (log < DEAD_NEVER) return;
  const dead = Math.exp(log);
  const newlyDead = vol0 * dead - (vol0 - (s.rVol[r] as number));
  if (newlyDead > EPS) deleteVolumes(ctx, s, r, Math.min(newlyDead, s.rVol[r] as number), tr);
}

/**
 * Compaction (Duplicati/Library/Main/Operation/CompactHandler.cs): if the totals call for it,
 * download every waste and small volume, re-upload their live data and delete them. A volume that
 * cannot be read (archived) makes the download fail after its retries, and the compaction stops
 * with nothing changed.
 */
function compact(ctx: EngineContext, s: DeviceStates, i: number, tr: number): void {
  const o = ctx.o;
  const totals = {
    allDataBytes: (s.aData[i] as number) * GIB,
    wasteInWasteVolumesBytes: (s.aWaste[i] as number) * GIB,
    wasteVolumeCount: s.aWasteN[i] as number,
    smallBytes: (s.aSmall[i] as number) * GIB,
    smallVolumeCount: s.aSmallN[i] as number,
  };
  if (!shouldCompact(totals, o)) return;
  const l = ctx.ledger;
  const vbase = i * s.vcap;
  const versions = s.vCount[i] as number;
  const month = l.dayMonth[Math.floor(tr)] as number;
  // Volumes are downloaded oldest first: the first unreadable one stops the compaction.
  for (let v = vbase; v < vbase + versions; v++) {
    for (let r = s.vHead[v] as number; r >= 0; r = s.rNext[r] as number) {
      if (!(s.rFlags[r] as number) || l.readable(s.rPath[r] as number, s.rCreated[r] as number, tr)) continue;
      l.get(s.rPath[r] as number, s.rCreated[r] as number, tr, BACKEND_ATTEMPTS, 0, C_COMPACTION);
      ctx.counters.gets += BACKEND_ATTEMPTS;
      ctx.findings.compactionFailures[month] = (ctx.findings.compactionFailures[month] as number) + 1;
      ctx.findings.archivedGetAttempts[month] = (ctx.findings.archivedGetAttempts[month] as number) + BACKEND_ATTEMPTS;
      return;
    }
  }
  ctx.counters.compactions += 1;
  // Download every chosen volume, keep its live data per segment, delete it.
  const live = s.scratchLive;
  let totalLive = 0;
  for (let k = 0; k < versions; k++) {
    live.hot[k] = 0;
    live.cold[k] = 0;
    const v = vbase + k;
    let prev = -1;
    for (let r = s.vHead[v] as number; r >= 0; ) {
      const next = s.rNext[r] as number;
      const vol = s.rVol[r] as number;
      if (!(s.rFlags[r] as number) || vol <= EPS) {
        prev = r;
        r = next;
        continue;
      }
      const data = vol * (s.rVolGiB[r] as number);
      l.read(s.rPath[r] as number, s.rCreated[r] as number, tr, vol, data, C_COMPACTION, ctx.downloadsAreEgress);
      ctx.counters.gets += vol;
      live.hot[k] = (live.hot[k] as number) + (s.rLh[r] as number);
      live.cold[k] = (live.cold[k] as number) + (s.rLc[r] as number);
      totalLive += (s.rLh[r] as number) + (s.rLc[r] as number);
      deleteVolumes(ctx, s, r, vol, tr);
      if (prev < 0) s.vHead[v] = next;
      else s.rNext[prev] = next;
      freeRecord(s, i, r);
      r = next;
    }
  }
  // Re-upload the live data in full dblocks; each segment's share stays in its segment.
  const newVolumes = totalLive > EPS ? Math.ceil(totalLive / (s.fullVolGiB[i] as number) - EPS) : 0;
  if (newVolumes === 0) return;
  const avgVol = totalLive / newVolumes;
  for (let k = 0; k < versions; k++) {
    const hot = live.hot[k] as number;
    const cold = live.cold[k] as number;
    if (hot + cold <= EPS) continue;
    s.scratchRecords[0] = addRecord(ctx, s, i, vbase + k, tr, (newVolumes * (hot + cold)) / totalLive, avgVol, hot, cold);
    putRecords(ctx, s, s.scratchRecords, 1, C_COMPACTION);
  }
}

/**
 * Verification samples (Duplicati/Library/Main/Operation/TestHandler.cs; their number from
 * --backup-test-samples and --backup-test-percentage in Options.cs): each reads a dlist, a dindex
 * and a dblock, preferring objects never verified. Duplicati 2.2 skips objects listed in an archive
 * class (the S3 backend's --s3-archive-classes), so it reads what it can among the newest objects;
 * before 2.2 it reads the oldest (never verified) ones and a GET of an archived one fails after its
 * retries. The scan stops after a few volume groups: the objects sampled are the newest (2.2) or
 * oldest (legacy) few.
 */
function verify(ctx: EngineContext, s: DeviceStates, i: number, tr: number): void {
  const volumes = s.aVolumes[i] as number;
  const versions = s.vCount[i] as number;
  const samples = verificationSamples(ctx.o, volumes);
  if (samples <= 0 || versions === 0) return;
  const legacy = ctx.o.version === 'legacy';
  const vbase = i * s.vcap;
  // dblocks (and their dindex files): the loose list is newest first; segments go by version.
  let need = Math.min(samples, volumes);
  let scanned = 0;
  if ((s.rLoose[i] as number) >= 0) {
    for (let r = s.rLoose[i] as number; r >= 0 && need > EPS && scanned < VERIFY_SCAN; r = s.rNext[r] as number, scanned++) {
      // Legacy prefers the oldest: the end of the list.
      if (legacy && (s.rNext[r] as number) >= 0) continue;
      need -= sampleVolumes(ctx, s, r, tr, need, legacy);
    }
  } else {
    for (let k = 0; k < versions && need > EPS && scanned < VERIFY_SCAN; k++) {
      const v = vbase + (legacy ? k : versions - 1 - k);
      for (let r = s.vHead[v] as number; r >= 0 && need > EPS && scanned < VERIFY_SCAN; r = s.rNext[r] as number, scanned++) {
        need -= sampleVolumes(ctx, s, r, tr, need, legacy);
      }
    }
  }
  // dlists, newest (2.2) or oldest (legacy) first. Going back in time, once 2.2 skips a dlist of
  // a path by its listed class, it skips every older one of that path too.
  let dlists = Math.min(samples, versions);
  let skipped = 0;
  for (let k = 0; k < versions && k < VERIFY_SCAN && dlists > 0; k++) {
    const v = vbase + (legacy ? k : versions - 1 - k);
    const path = s.vDlistPath[v] as number;
    if ((skipped >>> path) & 1) continue;
    const created = ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY;
    if (readSample(ctx, path, created, tr, 1, s.vDlistGiB[v] as number, legacy) !== SKIPPED) dlists--;
    else if (path < 31) skipped |= 1 << path;
  }
}

/** Samples up to `need` volumes of record r (dblock and dindex each); returns how many count as sampled. */
function sampleVolumes(ctx: EngineContext, s: DeviceStates, r: number, tr: number, need: number, legacy: boolean): number {
  const vol = s.rVol[r] as number;
  if (vol <= EPS) return 0;
  const take = Math.min(need, vol);
  const created = s.rCreated[r] as number;
  const got = readSample(ctx, s.rPath[r] as number, created, tr, take, s.rVolGiB[r] as number, legacy);
  if (got === READ) readSample(ctx, s.rIPath[r] as number, created, tr, take, s.rIdxGiB[r] as number, legacy);
  return got === SKIPPED ? 0 : take;
}

/** Volume groups (or dlists) a verification looks at before giving up on finding more to read. */
const VERIFY_SCAN = 8;

const SKIPPED = 0;
const READ = 1;
const FAILED = 2;

/**
 * GETs `n` sampled objects of one kind: READ, FAILED (archived, so the GET fails after its
 * retries, billed: 4xx responses are) or SKIPPED. Duplicati 2.2 skips objects the listing shows
 * in one of VERIFY_SKIPPED_CLASSES (GLACIER_IR too, though S3 would serve it); before 2.2 nothing
 * is skipped. An object in an Intelligent-Tiering archive tier is listed as INTELLIGENT_TIERING,
 * so 2.2 tries it and fails too.
 */
function readSample(ctx: EngineContext, path: number, created: number, tr: number, n: number, gib: number, legacy: boolean): number {
  const l = ctx.ledger;
  if (!legacy && Math.floor(tr) >= Math.ceil(created) + (ctx.verifySkipK[path] as number)) return SKIPPED;
  if (l.read(path, created, tr, n, n * gib, C_VERIFICATION, ctx.downloadsAreEgress)) {
    ctx.counters.gets += n;
    return READ;
  }
  const month = l.dayMonth[Math.floor(tr)] as number;
  l.get(path, created, tr, n * BACKEND_ATTEMPTS, 0, C_VERIFICATION);
  ctx.counters.gets += n * BACKEND_ATTEMPTS;
  ctx.findings.verificationFailures[month] = (ctx.findings.verificationFailures[month] as number) + n;
  ctx.findings.archivedGetAttempts[month] = (ctx.findings.archivedGetAttempts[month] as number) + n * BACKEND_ATTEMPTS;
  return FAILED;
}

