/**
 * The dump agent against hand-computed figures: a week of fulls, incrementals and log backups
 * under a GFS rule (objects, bytes, deletes, PUT requests), what a restore reads, and properties
 * (bytes conserved, a restore starts from the newest full, GFS keeps the newest chain).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpDay, newServer, restoreServer, restoreSet, type DumpContext, type DumpServer, type ServerData } from '../../../src/agent/dumps/agent.js';
import type { BetweenFulls, DumpsConfig } from '../../../src/agent/dumps/config.js';
import { buildDumpPathTable, K_DIFF, K_FULL, K_INCR, K_LOG } from '../../../src/agent/dumps/objects.js';
import { changedShare, logsBetween, putRequestsFor } from '../../../src/agent/dumps/sizes.js';
import type { EngineCounters } from '../../../src/agent/state.js';
import { compileRetention } from '../../../src/retention/rules.js';
import type { BucketConfig } from '../../../src/scenario/resolve.js';
import { ObjectLedger } from '../../../src/storage/ledger.js';
import { GIB, monthStartMs } from '../../../src/units.js';

const MIB = 2 ** 20;
const bucket: BucketConfig = {
  storageClass: 'STANDARD',
  keyPrefix: 'backups/',
  versioning: false,
  lifecycle: { rules: [], minTransitionSize: 'all_storage_classes_128K' },
  intelligentTiering: {},
  endpointOutsideAws: false,
};

function gfsDaily(n: number) {
  const names = { policy: 'p', keepVersions: 'k', keepTime: 't', calendar: 'c', style: 's', keepDaily: 'd', keepWeekly: 'w', keepMonthly: 'm' };
  return compileRetention({ allowFullRemoval: false, calendar: { style: 'restic', keepDaily: n, keepWeekly: 0, keepMonthly: 0 } }, names);
}

function setup(cfg: DumpsConfig) {
  const paths = buildDumpPathTable(bucket);
  const ledger = new ObjectLedger({ region: 'us-east-1', startMonth: '2027-01', months: 2, paths: paths.paths, versioning: false, intelligentTiering: {} });
  const counters: EngineCounters = { puts: 0, gets: 0, deletes: 0, lists: 0, uploadedGiB: 0, compactions: 0, deletedDblocks: 0, deletedDblockAgeDaysSum: 0 };
  const ctx: DumpContext = { cfg, ledger, paths, epochSec: monthStartMs('2027-01') / 1000, counters, downloadsAreEgress: false };
  return { ctx, ledger, counters };
}

/** Tier-1 (PUT, COPY, POST, LIST) requests billed in month 0 for cause `cause`. */
function putRequests(ledger: ObjectLedger, cause = 'put'): number {
  return ledger.meter
    .lines()
    .filter((l) => l.month === '2027-01' && l.usageType === 'Requests-Tier1' && l.cause === cause)
    .reduce((a, l) => a + l.quantity, 0);
}

// 100 GiB database, 10 % of it changed a day, compressed to half: a full is 50 GiB, an
// incremental 5 GiB, and the logs 5 GiB a day, in 4 backups of 1.25 GiB (at 03:00, 09:00, 15:00,
// 21:00). Dumps at 06:00 every day, a full every 3 days; parts of 1 GiB.
const data: ServerData = { initialGiB: 100, growthGiBPerDay: 0, dailyChange: 0.1, compression: 0.5 };
const weekCfg: DumpsConfig = { fullEveryDays: 3, between: 'incremental', logsPerDay: 4, logRatio: 1, partBytes: GIB, gfs: gfsDaily(2) };

function runWeek(cfg: DumpsConfig, days = 7): { srv: DumpServer } & ReturnType<typeof setup> {
  const s = setup(cfg);
  const srv = newServer();
  for (let d = 0; d < days; d++) {
    dumpDay(s.ctx, srv, data, d, d + 0.25, d + 0.3);
    s.ledger.endDay(d);
  }
  return { srv, ...s };
}

describe('dump agent: a hand-computed week (full every 3 days, incrementals, 4 log backups a day, GFS keep_daily 2)', () => {
  it('writes, deletes and bills exactly what the schedule says', () => {
    const { srv, ledger, counters } = runWeek(weekCfg);
    // Fulls on days 0, 3, 6 (3 × 50 GiB); incrementals on days 1, 2, 4, 5 (4 × 5 GiB); logs:
    // 3 on day 0 (after the first full), 4 on each of days 1–6 = 27 × 1.25 GiB = 33.75 GiB.
    expect(ledger.objectsPut[0]).toBe(3 + 4 + 27);
    expect(counters.uploadedGiB).toBeCloseTo(150 + 20 + 33.75, 9);
    // Requests: a full is 50 parts + create + complete = 52; an incremental 5 + 2 = 7; a log of
    // 1.25 GiB 2 parts + 2 = 4 → 3 × 52 + 4 × 7 + 27 × 4 = 292.
    expect(putRequests(ledger)).toBe(292);
    expect(counters.puts).toBe(292);
    // Day 6's full: chains of days 6, 3, 0; keep_daily 2 keeps days 6 and 3, so day 0's chain
    // goes: its full, the logs of days 0–2 and the one of day 3 before 06:00 (3 + 4 + 4 + 1 =
    // 12 logs, 15 GiB) and the incrementals of days 1 and 2: 15 objects, 75 GiB.
    expect(ledger.objectsRemoved[0]).toBe(15);
    expect(counters.deletes).toBe(15);
    expect(ledger.heldGiB()).toBeCloseTo(203.75 - 75, 9);
    expect(srv.chains.map((c) => c.fullT)).toEqual([3.25, 6.25]);
    ledger.checkConservation();
  });

  it('restores the newest full, the incrementals after it and the logs after the last of them', () => {
    const { srv, ctx, ledger } = runWeek(weekCfg, 6);
    // At day 5 12:00: the full of day 3, incrementals of days 4 and 5 (06:00), the log of 09:00.
    const set = restoreSet(srv, 5.5);
    expect(set.map(({ piece, count }) => [piece.kind, piece.created, count])).toEqual([
      [K_FULL, 3.25, 1],
      [K_INCR, 4.25, 1],
      [K_INCR, 5.25, 1],
      [K_LOG, (5 + 0.375 + 5 + 0.875) / 2, 1],
    ]);
    const read = restoreServer(ctx, srv, 5.5, { tier: 'bulk', days: 1, lostDatabase: false });
    expect(read.objects).toBe(4);
    expect(read.gib).toBeCloseTo(50 + 5 + 5 + 1.25, 9);
    ledger.endDay(5);
    expect(ledger.meter.lines().filter((l) => l.usageType === 'Requests-Tier2' && l.cause === 'restore').reduce((a, l) => a + l.quantity, 0)).toBe(4);
  });

  it('with differentials reads only the newest one (its size grows with the days since the full)', () => {
    const { srv, counters } = runWeek({ ...weekCfg, between: 'differential', gfs: undefined }, 3);
    // Differentials on days 1 and 2: 100 × (1 − 0.9^k) × 0.5 = 5 and 9.5 GiB; at 09:30 on day 2
    // the full, day 2's differential and the log of 09:00.
    const set = restoreSet(srv, 2.4);
    expect(set.map(({ piece }) => piece.kind)).toEqual([K_FULL, K_DIFF, K_LOG]);
    expect(set[1]?.piece.gib).toBeCloseTo(9.5, 9);
    expect(counters.uploadedGiB).toBeCloseTo(50 + 5 + 9.5 + (3 + 4 + 4) * 1.25, 9);
  });
});

describe('dump agent: sizes and requests', () => {
  it('counts multipart requests: parts + CreateMultipartUpload + CompleteMultipartUpload, one PUT up to the part size', () => {
    expect(putRequestsFor(8 * MIB, 8 * MIB)).toBe(1);
    expect(putRequestsFor(8 * MIB + 1, 8 * MIB)).toBe(4);
    expect(putRequestsFor(100 * GIB, 8 * MIB)).toBe(10_000 + 2); // 12,800 parts would exceed S3's 10,000
  });
  it('places log backups mid-interval', () => {
    expect(logsBetween(0, 4, 0, 0.25)).toEqual({ k0: 0, count: 1 });
    expect(logsBetween(0, 4, 0.25, 1)).toEqual({ k0: 1, count: 3 });
    expect(logsBetween(0, 96, 0, 1)).toEqual({ k0: 0, count: 96 });
    expect(changedShare(0.1, 2)).toBeCloseTo(0.19, 12);
  });
});

const divisors = [1, 2, 3, 4, 6, 8, 12, 24, 48, 96, 288];

describe('dump agent: properties', () => {
  it('conserves bytes, restores from the newest full, and GFS keeps the newest chain', () => {
    fc.assert(
      fc.property(
        fc.record({
          every: fc.integer({ min: 1, max: 10 }),
          between: fc.constantFrom<BetweenFulls>('differential', 'incremental', 'none'),
          logs: fc.constantFrom(0, ...divisors),
          keep: fc.integer({ min: 0, max: 4 }),
          part: fc.constantFrom(5, 64, 1024),
          gib: fc.double({ min: 0.001, max: 5000, noNaN: true }),
          q: fc.double({ min: 0, max: 1, noNaN: true }),
          time: fc.double({ min: 0, max: 0.99, noNaN: true }),
          days: fc.integer({ min: 1, max: 40 }),
        }),
        (p) => {
          const cfg: DumpsConfig = { fullEveryDays: p.every, between: p.between, logsPerDay: p.logs, logRatio: 1, partBytes: p.part * MIB, ...(p.keep > 0 ? { gfs: gfsDaily(p.keep) } : {}) };
          const { ctx, ledger, counters } = setup(cfg);
          const srv = newServer();
          let newestFull = -1;
          for (let d = 0; d < p.days; d++) {
            const t = d + p.time;
            if (dumpDay(ctx, srv, { initialGiB: p.gib, growthGiBPerDay: p.gib / 300, dailyChange: p.q, compression: 0.5 }, d, t, Math.min(d + 0.999, t + 0.001))) newestFull = t;
            ledger.endDay(d);
            // GFS (or lifecycle) never drops the newest chain, and a restore starts from its full.
            expect(srv.chains[srv.chains.length - 1]?.fullT).toBe(newestFull);
            const set = restoreSet(srv, d + 0.9999);
            expect(set[0]?.piece.kind).toBe(K_FULL);
            expect(set[0]?.piece.created).toBe(newestFull);
            expect(set.filter((s) => s.piece.kind === K_FULL)).toHaveLength(1);
          }
          // Bytes conserved: everything put is held or was deleted.
          ledger.checkConservation();
          expect(counters.puts).toBeGreaterThanOrEqual(ledger.objectsPut.reduce((a, b) => a + b, 0));
        },
      ),
      { numRuns: 150 },
    );
  });
});
