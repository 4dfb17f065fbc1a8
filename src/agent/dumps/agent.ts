/**
 * The database-dump agent: what one server writes, deletes and reads, fed straight into the
 * ledger (the same ledger, replication and restore machinery as Duplicati's volumes).
 *
 * A server's backups form chains: a full dump and everything written until the next full
 * (differentials or incrementals, and log backups). Log backups are aggregated per day and
 * chain into one ledger cohort: they are equal in size and written the same day, so one put at
 * their mean time bills exactly what the separate puts would (storage before the first midnight
 * is Σ size × (midnight − time) = total × (midnight − mean time)).
 *
 * Retention is either the bucket lifecycle (the agent deletes nothing) or a GFS rule over the
 * chains' full times (restic/borg calendar pass, src/retention/gfs.ts), applied after each full:
 * a chain the rule does not keep is deleted whole — a differential, incremental or log backup is
 * useless without its full.
 */
import { applyCalendarPass } from '../../retention/gfs.js';
import type { ObjectLedger } from '../../storage/ledger.js';
import { GIB, SECONDS_PER_DAY } from '../../units.js';
import { restoreReader, type RestorePlan, type RestoreRead } from '../device-ops.js';
import { C_PUT, type EngineCounters } from '../state.js';
import { padGiB } from '../volume-groups.js';
import type { DumpsConfig } from './config.js';
import { K_DIFF, K_FULL, K_INCR, K_LOG, type DumpPathTable } from './objects.js';
import { changedShare, databaseGiB, isFullDay, logsBetween, logTime, putRequestsFor } from './sizes.js';

/** Objects written together: one dump (count 1), or a day's log backups of one chain. */
export interface Piece {
  readonly kind: number;
  readonly path: number;
  /** When written (logs: their mean time), days since the simulation start. */
  readonly created: number;
  readonly count: number;
  /** GiB of all `count` objects. */
  readonly gib: number;
  readonly padGib: number;
  /** Logs: the time of the first and the interval between them, days. */
  readonly first: number;
  readonly step: number;
}

export interface Chain {
  /** Time of its full dump. */
  readonly fullT: number;
  readonly pieces: Piece[];
}

/** One server's backups in the bucket. */
export interface DumpServer {
  chains: Chain[];
  /** Day of the first full (−1: none yet), of the last full and of the last dump. */
  firstDay: number;
  lastFullDay: number;
  lastDumpDay: number;
}

/** What a server holds and how its data changes. */
export interface ServerData {
  readonly initialGiB: number;
  readonly growthGiBPerDay: number;
  /** Share of pages changed per day. */
  readonly dailyChange: number;
  /** Compressed ÷ original size. */
  readonly compression: number;
}

export interface DumpContext {
  readonly cfg: DumpsConfig;
  readonly ledger: ObjectLedger;
  readonly paths: DumpPathTable;
  readonly epochSec: number;
  readonly counters: EngineCounters;
  /** Devices outside AWS: restores downloaded to them are internet egress. */
  readonly downloadsAreEgress: boolean;
}

export function newServer(): DumpServer {
  return { chains: [], firstDay: -1, lastFullDay: -1, lastDumpDay: -1 };
}

/** Writes `count` objects of `gibEach` GiB at `t` (logs: at their mean time) into `chain`. */
function write(ctx: DumpContext, chain: Chain, kind: number, t: number, count: number, gibEach: number, first: number, step: number): void {
  if (count <= 0 || gibEach <= 0) return;
  const bytes = gibEach * GIB;
  const path = ctx.paths.pathOf(kind, bytes);
  const pad = padGiB(count, bytes);
  const gib = count * gibEach;
  ctx.ledger.put(path, t, count, gib, pad, C_PUT);
  // A multipart upload makes more requests than objects: create, parts, complete.
  const extra = (putRequestsFor(bytes, ctx.cfg.partBytes) - 1) * count;
  if (extra > 0) ctx.ledger.putRequests(path, t, extra, C_PUT);
  ctx.counters.puts += count + extra;
  ctx.counters.uploadedGiB += gib;
  chain.pieces.push({ kind, path, created: t, count, gib, padGib: pad, first, step });
}

/** The log backups of day `day` in (from, to], into `chain`. */
function writeLogs(ctx: DumpContext, chain: Chain, data: ServerData, srv: DumpServer, day: number, from: number, to: number): void {
  const n = ctx.cfg.logsPerDay;
  const { k0, count } = logsBetween(day, n, from, to);
  if (count === 0) return;
  const logGiBPerDay = databaseGiB(data.initialGiB, data.growthGiBPerDay, srv.firstDay, day) * data.dailyChange * ctx.cfg.logRatio * data.compression;
  const first = logTime(day, n, k0);
  const mean = first + (count - 1) / (2 * n);
  write(ctx, chain, K_LOG, mean, count, logGiBPerDay / n, first, 1 / n);
}

/**
 * Server `srv`'s day `day`: log backups until its dump at `t`, the dump (a full when due, else
 * a differential or an incremental), the log backups after it, and — after a full — the GFS
 * rule at `tr`. Returns whether a full was written.
 */
export function dumpDay(ctx: DumpContext, srv: DumpServer, data: ServerData, day: number, t: number, tr: number): boolean {
  const cfg = ctx.cfg;
  const current = srv.chains[srv.chains.length - 1];
  if (current && cfg.logsPerDay > 0) writeLogs(ctx, current, data, srv, day, day, t);
  if (srv.firstDay < 0) srv.firstDay = day;
  const db = databaseGiB(data.initialGiB, data.growthGiBPerDay, srv.firstDay, day);
  const full = isFullDay(day, srv.lastFullDay, cfg.fullEveryDays);
  let chain = current as Chain;
  if (full) {
    chain = { fullT: t, pieces: [] };
    srv.chains.push(chain);
    write(ctx, chain, K_FULL, t, 1, db * data.compression, t, 0);
    srv.lastFullDay = day;
  } else if (cfg.between === 'differential') {
    write(ctx, chain, K_DIFF, t, 1, db * changedShare(data.dailyChange, day - srv.lastFullDay) * data.compression, t, 0);
  } else if (cfg.between === 'incremental') {
    write(ctx, chain, K_INCR, t, 1, db * changedShare(data.dailyChange, day - srv.lastDumpDay) * data.compression, t, 0);
  }
  srv.lastDumpDay = day;
  if (cfg.logsPerDay > 0) writeLogs(ctx, chain, data, srv, day, t, day + 1);
  if (full) retain(ctx, srv, tr);
  return full;
}

/** Deletes every object of `chain` at `t` (DELETE requests are free; the ledger books early deletes). */
function deleteChain(ctx: DumpContext, chain: Chain, t: number): void {
  for (const p of chain.pieces) {
    ctx.ledger.delete(p.path, p.created, t, p.count, p.gib, p.padGib);
    ctx.counters.deletes += p.count;
  }
}

/**
 * After a full: the GFS rule deletes the chains it does not keep (the newest is always kept: a
 * calendar pass keeps the newest of the newest period). Without one, the lifecycle deletes; chains
 * whose every object has expired are forgotten.
 */
function retain(ctx: DumpContext, srv: DumpServer, t: number): void {
  const rules = ctx.cfg.gfs;
  const chains = srv.chains;
  if (!rules) {
    const l = ctx.ledger;
    srv.chains = chains.filter((c, k) => k === chains.length - 1 || c.pieces.some((p) => !l.expired(p.path, p.created, t)));
    return;
  }
  const n = chains.length;
  const times = new Float64Array(n);
  for (let k = 0; k < n; k++) times[k] = ctx.epochSec + (chains[k] as Chain).fullT * SECONDS_PER_DAY;
  const keep = new Uint8Array(n);
  applyCalendarPass(rules, times, new Uint8Array(n), n, keep);
  const kept: Chain[] = [];
  for (let k = 0; k < n; k++) {
    const c = chains[k] as Chain;
    if (keep[k] || k === n - 1) kept.push(c);
    else deleteChain(ctx, c, t);
  }
  srv.chains = kept;
}

/** A retired server whose objects are deleted at once. */
export function deleteServer(ctx: DumpContext, srv: DumpServer, t: number): void {
  for (const c of srv.chains) deleteChain(ctx, c, t);
  srv.chains = [];
}

/**
 * What restoring the newest point at `t` reads: the newest full before t, then the newest
 * differential (or every incremental) after it, then the log backups after that dump up to t.
 * Returns each piece read and how many of its objects (logs may be read in part).
 */
export function restoreSet(srv: DumpServer, t: number): { piece: Piece; count: number }[] {
  let chain: Chain | undefined;
  for (let k = srv.chains.length - 1; k >= 0; k--) {
    const c = srv.chains[k] as Chain;
    if (c.fullT <= t) {
      chain = c;
      break;
    }
  }
  if (!chain) return [];
  const out: { piece: Piece; count: number }[] = [];
  let point = chain.fullT;
  let diff: Piece | undefined;
  for (const p of chain.pieces) {
    if (p.created > t) continue;
    if (p.kind === K_FULL) out.push({ piece: p, count: 1 });
    else if (p.kind === K_INCR) out.push({ piece: p, count: 1 });
    else if (p.kind === K_DIFF && (!diff || p.created > diff.created)) diff = p;
    if (p.kind !== K_LOG) point = Math.max(point, p.created);
  }
  if (diff) out.push({ piece: diff, count: 1 });
  for (const p of chain.pieces) {
    if (p.kind !== K_LOG) continue;
    // Logs at first + j·step with point < time ≤ t.
    const j0 = point < p.first ? 0 : Math.floor((point - p.first) / p.step) + 1;
    const j1 = Math.min(p.count - 1, Math.floor((t - p.first) / p.step));
    if (j1 >= j0) out.push({ piece: p, count: j1 - j0 + 1 });
  }
  return out;
}

/**
 * A restore of server `srv` at `t`: archived objects are first restored (RestoreObject; Amazon S3
 * User Guide, "Restoring an archived object"), then read, from the bucket or the replica, each
 * billed by the ledger it is read from (as src/agent/device-ops.ts restores Duplicati's volumes).
 */
export function restoreServer(ctx: DumpContext, srv: DumpServer, t: number, plan: RestorePlan): RestoreRead {
  const { readObjects, result } = restoreReader(ctx.ledger, ctx.counters, ctx.downloadsAreEgress, t, plan);
  for (const { piece, count } of restoreSet(srv, t)) readObjects(piece.path, piece.created, count, (piece.gib * count) / piece.count);
  return result();
}
