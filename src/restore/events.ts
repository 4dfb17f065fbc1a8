/**
 * Restore events (a ransomware recovery, a site loss, a drill) after the run: each one's cost —
 * the usage it metered in the ledger it read from, priced on its own with the account's egress —
 * its time to restore and which bottleneck decides it, and a finding when that exceeds the
 * scenario's RTO, naming the cheapest change that meets it among a faster restore tier (priced
 * from the book) and a bigger link (not an AWS charge, so stated as the bandwidth needed).
 */
import type { RestoreEventRun } from '../fleet/simulate.js';
import { Dec, sum } from '../pricing/decimal.js';
import type { PriceBook } from '../pricing/price-book.js';
import { price } from '../pricing/price.js';
import { formatMoney, formatNumber } from '../report/money.js';
import type { RestoreEvent, Scenario } from '../scenario/resolve.js';
import { restoreDelayDays } from '../storage/ledger.js';
import type { MonthKey } from '../units.js';
import { priceKey } from '../usage/usage-line.js';
import { restoreBytesKey, restoreRequestKey, type RestoreTier } from '../usage/usage-types.js';
import { linkGbpsFor, timeToRestore, type Bottleneck, type RestoreLoad, type TimeToRestore } from './rto.js';

export interface RestoreEventResult {
  readonly month: MonthKey;
  readonly name: string;
  readonly devices: number;
  readonly tier: RestoreTier;
  /** The region read from: the bucket's, or the replica's. */
  readonly fromRegion: string;
  readonly cost: Dec;
  readonly hoursToRestore: number;
  readonly bottleneck: Bottleneck;
  /** Hours each bottleneck alone would take. */
  readonly hoursBy: TimeToRestore['parts'];
  /** Set when the time exceeds the scenario's rto_hours. */
  readonly finding?: string;
}

/** Faster tiers than `tier`, fastest last. */
const FASTER: Record<RestoreTier, RestoreTier[]> = { bulk: ['standard', 'expedited'], standard: ['expedited'], expedited: [] };

function rateOf(book: PriceBook, region: string, key: { usageType: string; operation: string } | undefined): Dec | undefined {
  if (!key) return undefined;
  const e = book.prices.find((p) => priceKey(p) === priceKey({ region, ...key }));
  return e?.tiers.length === 1 ? new Dec((e.tiers[0] as { rate: string }).rate) : undefined;
}

/**
 * The event read with `tier` instead: its time, and the extra request and retrieval charges at
 * the book's rates; undefined when an archived class lacks the tier, the price is missing, or
 * Intelligent-Tiering archive tiers were read (their restores are priced differently).
 */
function withTier(sc: Scenario, run: RestoreEventRun, event: RestoreEvent, load: RestoreLoad, region: string, book: PriceBook, tier: RestoreTier) {
  const classes = [
    ['GLACIER', run.glacier],
    ['DEEP_ARCHIVE', run.deepArchive],
  ] as const;
  if (run.glacier.objects + run.deepArchive.objects < run.archivedObjects) return undefined;
  let retrievalDays = 0;
  let extra = new Dec(0);
  for (const [cls, part] of classes) {
    if (part.objects === 0) continue;
    const delay = restoreDelayDays(cls, tier);
    if (delay === undefined) return undefined;
    retrievalDays = Math.max(retrievalDays, delay);
    const rates = [
      rateOf(book, region, restoreRequestKey(region, cls, tier)),
      rateOf(book, region, restoreRequestKey(region, cls, event.tier)),
      rateOf(book, region, restoreBytesKey(region, cls, tier)),
      rateOf(book, region, restoreBytesKey(region, cls, event.tier)),
    ];
    if (rates.some((r) => r === undefined)) return undefined;
    const [reqNew, reqOld, gbNew, gbOld] = rates as [Dec, Dec, Dec, Dec];
    extra = extra.plus(reqNew.minus(reqOld).times(part.objects)).plus(gbNew.minus(gbOld).times(part.gib));
  }
  const time = timeToRestore({ ...load, retrievalHours: retrievalDays * 24 }, sc.restores.limits, event.toEndpoints);
  return { tier, hours: time.hours, extra };
}

/** Why an event misses the RTO and the cheapest change that meets it. */
function rtoFinding(sc: Scenario, run: RestoreEventRun, event: RestoreEvent, load: RestoreLoad, time: TimeToRestore, region: string, book: PriceBook, rto: number): string {
  const h = (x: number) => `${formatNumber(x, { maxDecimals: 1, minDecimals: 1 })} h`;
  const head = `restore event '${event.name}' (${event.month}, ${formatNumber(run.devices, { maxDecimals: 0 })} devices): ${h(time.hours)} to restore exceeds rto_hours ${rto} (decided by ${time.bottleneck})`;
  const tiers = FASTER[event.tier]
    .map((t) => withTier(sc, run, event, load, region, book, t))
    .filter((x): x is NonNullable<typeof x> => x !== undefined && x.hours <= rto)
    .sort((a, b) => a.extra.comparedTo(b.extra));
  const others = (except: Bottleneck) => Object.entries(time.parts).every(([b, hours]) => b === except || hours <= rto);
  const limits = sc.restores.limits;
  let link: string | undefined;
  if (time.bottleneck === 'site-link' && others('site-link') && time.parts['per-device-link'] <= rto) {
    link = `a site link of at least ${formatNumber(linkGbpsFor(load, rto), { maxDecimals: 1 })} Gbit/s (now ${limits.siteLinkGbps}; not an AWS charge)`;
  } else if (time.bottleneck === 'per-device-link' && others('per-device-link')) {
    const mbps = (load.maxDeviceGiB * 2 ** 30 * 8) / (rto * 3600) / 1e6;
    link = `a per-device download rate of at least ${formatNumber(mbps, { maxDecimals: 0 })} Mbit/s (now ${limits.perDeviceMbps}; not an AWS charge)`;
  }
  const best = tiers[0];
  if (best) return `${head}; cheapest change that meets it: the ${best.tier} tier (+${formatMoney(best.extra)} for this event)${link ? `, or ${link}` : ''}`;
  if (link) return `${head}; the change that meets it: ${link}`;
  return `${head}; neither a faster tier nor a bigger link alone meets it (restoring from the other region is not evaluated)`;
}

/** Cost, time to restore and RTO finding of each event run. */
export function restoreEventResults(sc: Scenario, runs: readonly RestoreEventRun[], book: PriceBook): RestoreEventResult[] {
  return sc.restores.events.map((event, k) => {
    const run = runs[k] as RestoreEventRun;
    const region = event.fromReplica && sc.replication ? sc.replication.destinationRegion : sc.region;
    const lines = [...run.usage.lines(), ...(run.replicaUsage?.lines() ?? [])].filter((l) => l.quantity > 0);
    const cost = lines.length > 0 ? sum(price(lines, book, { egress: sc.account }).lines.map((l) => l.cost)) : new Dec(0);
    const load: RestoreLoad = { devices: run.devices, archivedObjects: run.archivedObjects, gib: run.gib, maxDeviceGiB: run.maxDeviceGiB, retrievalHours: run.retrievalDays * 24 };
    const time = timeToRestore(load, sc.restores.limits, event.toEndpoints);
    const rto = sc.restores.rtoHours;
    const finding = rto !== undefined && time.hours > rto ? rtoFinding(sc, run, event, load, time, region, book, rto) : undefined;
    return {
      month: event.month,
      name: event.name,
      devices: run.devices,
      tier: event.tier,
      fromRegion: region,
      cost,
      hoursToRestore: time.hours,
      bottleneck: time.bottleneck,
      hoursBy: time.parts,
      ...(finding ? { finding } : {}),
    };
  });
}
