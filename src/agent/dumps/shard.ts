/**
 * The fleet loop for `agent.kind: dumps`: the servers of a range of fleet slots, day by day,
 * each answering "what does server i do on day d" with the dump agent, metered in one ledger
 * (with replication and restore events exactly as for Duplicati: src/fleet/shard.ts). Servers
 * are few (a handful to thousands), so their state is plain objects rather than typed arrays.
 */
import { bucketLedger, dayDrawParams, runRestoreEvent, simulationCalendar, type ShardResult, type ShardRestoreEvent } from '../../fleet/shard.js';
import { drawDay, LAST_IN_DAY, type DayDraw } from '../../fleet/device-days.js';
import { buildPopulation } from '../../fleet/population.js';
import { RandomStreams } from '../../fleet/random.js';
import type { RestoreEvent, Scenario } from '../../scenario/resolve.js';
import type { ExistingCohort } from '../../storage/ledger.js';
import { ReplicatingLedger, replicaSizeCuts } from '../../storage/replication.js';
import type { RestorePlan, RestoreRead } from '../device-ops.js';
import type { EngineCounters } from '../state.js';
import { deleteServer, dumpDay, newServer, restoreServer, type DumpContext, type DumpServer, type ServerData } from './agent.js';
import { buildDumpPathTable } from './objects.js';


export function simulateDumpShard(
  sc: Scenario,
  slotStarts: readonly number[],
  slotIds: readonly number[],
  onMonth?: (month: number) => void,
  existing?: readonly ExistingCohort[],
): ShardResult {
  const fleet = sc.fleet;
  const cfg = sc.dumps;
  if (!fleet || !cfg) throw new RangeError('simulateDumpShard needs a scenario with a fleet section and agent.kind: dumps');
  const cal = simulationCalendar(sc);
  const pop = buildPopulation(fleet, slotStarts, slotIds, cal.days, sc.seed);
  const replication = sc.replication;
  const paths = buildDumpPathTable(sc.bucket, replication ? replicaSizeCuts(replication) : []);
  const ledger = bucketLedger(sc, paths, existing);
  const counters: EngineCounters = { puts: 0, gets: 0, deletes: 0, lists: 0, uploadedGiB: 0, compactions: 0, deletedDblocks: 0, deletedDblockAgeDaysSum: 0 };
  const ctx: DumpContext = { cfg, ledger, paths, epochSec: cal.epochSec, counters, downloadsAreEgress: sc.bucket.endpointOutsideAws };
  const servers: DumpServer[] = Array.from({ length: pop.count }, newServer);
  const data: ServerData[] = Array.from({ length: pop.count }, (_, i) => ({
    initialGiB: pop.protectedGiB[i] as number,
    growthGiBPerDay: pop.growthGiBPerDay[i] as number,
    dailyChange: (fleet.profiles[pop.profile[i] as number]?.dailyChangePct ?? 0) / 100,
    compression: pop.compression[i] as number,
  }));
  const months = sc.simMonths;
  const restores = new Array<number>(months).fill(0);
  const restoredGiB = new Array<number>(months).fill(0);
  const retired = new Array<number>(months).fill(0);
  const zeros = () => new Array<number>(months).fill(0);
  const devices: number[] = [];
  const rng = new RandomStreams(sc.seed, pop.streamId);
  const retiredNow = new Uint8Array(pop.count);
  const draws = dayDrawParams(sc);
  const today: DayDraw = { t: 0, restore: false, lostDatabase: false };
  const events = sc.restores.events;
  const eventResults: ShardRestoreEvent[] = [];
  let nextEvent = 0;
  let deviceDays = 0;

  const restore = (i: number, t: number, plan: RestorePlan): RestoreRead => {
    const r = restoreServer(ctx, servers[i] as DumpServer, t, plan);
    const month = ledger.dayMonth[Math.min(ledger.days, Math.floor(t))] as number;
    restores[month] = (restores[month] as number) + 1;
    restoredGiB[month] = (restoredGiB[month] as number) + r.gib;
    return r;
  };

  // A server takes part in a restore event once onboarded, in service and backed up.
  const eventSources = { count: pop.count, streamId: pop.streamId, eligible: (i: number, t: number) => (pop.onboardDay[i] as number) < t && !retiredNow[i] && (servers[i] as DumpServer).firstDay >= 0 };
  for (let d = 0; d < cal.days; d++) {
    const month = ledger.dayMonth[d] as number;
    let active = 0;
    for (let i = 0; i < pop.count; i++) {
      const onboard = pop.onboardDay[i] as number;
      if (onboard >= d + 1) continue;
      const retire = pop.retireDay[i] as number;
      if (!retiredNow[i] && retire < d + 1) {
        retiredNow[i] = 1;
        retired[month] = (retired[month] as number) + 1;
        if (fleet.retiredData === 'delete') deleteServer(ctx, servers[i] as DumpServer, retire);
        else (servers[i] as DumpServer).chains = [];
      }
      if (retiredNow[i]) continue;
      active++;
      const srv = servers[i] as DumpServer;
      // An offline server writes nothing that day; its next dump covers the gap.
      if (!drawDay(rng, pop, i, d, srv.firstDay < 0, draws, today)) continue;
      const tr = Math.min(d + LAST_IN_DAY, today.t + fleet.backupDurationDays);
      dumpDay(ctx, srv, data[i] as ServerData, d, today.t, tr);
      if (today.restore) restore(i, tr, { tier: sc.restores.tier, days: sc.restores.days, lostDatabase: false });
    }
    deviceDays += active;
    // Restore events start at noon on the first day of their month, after the night's backups.
    for (; nextEvent < events.length && (events[nextEvent] as RestoreEvent).simMonth === month && (d === 0 || ledger.dayMonth[d - 1] !== month); nextEvent++) {
      eventResults.push(runRestoreEvent(sc, ledger, paths.shapes, events[nextEvent] as RestoreEvent, d + 0.5, eventSources, (i, plan) => restore(i, d + 0.5, plan)));
    }
    ledger.endDay(d);
    if (d + 1 === cal.days || ledger.dayMonth[d + 1] !== month) {
      devices[month] = active;
      onMonth?.(month);
    }
  }
  const pieces = servers.map((s) => s.chains.reduce((a, c) => a + c.pieces.length, 0));
  return {
    restoreEvents: eventResults,
    meter: ledger.meter.snapshot(),
    capacity: ledger.capacity(),
    ...(ledger instanceof ReplicatingLedger ? { replica: { meter: ledger.replica.meter.snapshot(), capacity: ledger.replicaCapacity() } } : {}),
    devices,
    objectsPut: Array.from(ledger.objectsPut),
    objectsRemoved: Array.from(ledger.objectsRemoved),
    findings: { compactionFailures: zeros(), archivedGetAttempts: zeros(), verificationFailures: zeros(), restores, restoredGiB, retired },
    counters,
    deviceDays,
    // The agent's memory: pieces (dumps and days of logs) held per server at the end.
    records: {
      mean: pop.count > 0 ? pieces.reduce((a, b) => a + b, 0) / pop.count : 0,
      max: pieces.reduce((a, b) => Math.max(a, b), 0),
      capacity: 0,
      devices: pop.count,
    },
  };
}
