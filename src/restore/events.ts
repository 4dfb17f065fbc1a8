/**
 * Restore events (a ransomware recovery, a site loss, a drill) after the run: each one's cost —
 * the usage it metered in the ledger it read from, priced on its own with the account's egress —
 * its time to restore and which bottleneck decides it, and a finding when that exceeds the
 * scenario's RTO, naming the cheapest change that meets it among a faster restore tier (priced
 * from the book), reading from the other region's bucket (the replica for an event reading the
 * source, the source for one reading the replica; see otherRegionRead) and a bigger link (not an
 * AWS charge, so stated as the bandwidth needed).
 */
import type { RestoreEventRun } from '../fleet/simulate.js';
import { Dec, sum } from '../pricing/decimal.js';
import type { PriceBook } from '../pricing/price-book.js';
import { price } from '../pricing/price.js';
import { formatMoney, formatNumber } from '../report/money.js';
import type { RestoreEvent, Scenario } from '../scenario/resolve.js';
import { PriceDataError } from '../errors.js';
import type { StorageClass } from '../storage/classes.js';
import { restoreDelayDays } from '../storage/ledger.js';
import { addMonths, daysInMonth, type MonthKey } from '../units.js';
import { UsageMeter } from '../usage/meter.js';
import { priceKey } from '../usage/usage-line.js';
import { egressKey, getKey, restoreBytesKey, restoreRequestKey, retrievalKey, storageKey, type RestoreTier } from '../usage/usage-types.js';
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

/**
 * The event read from the other region's bucket instead, with `tier` for what is archived there:
 * its usage there, its cost, its time to restore, and its cost minus the event's (`extra`).
 *
 * Model: the same objects (what the devices' latest versions need, measured object by object in
 * the other bucket at the event's time by the shard, so its own class and lifecycle decide) are
 * read there: a GET each at that class's rate, retrieval per GB where the class charges it
 * (STANDARD_IA, ONEZONE_IA, GLACIER_IR), for GLACIER / DEEP_ARCHIVE a RestoreObject request and
 * retrieval GB at the tier's rates plus the restored copy at the STANDARD rate for `restores.days`
 * after the tier's worst-case wait (as the ledger bills a restore), and internet egress from that
 * region when the data goes to endpoints outside AWS — all at that region's prices. Limits: with
 * `destination: aws` the recovery location is taken to be in the region read (no inter-region
 * transfer), as for any event; and undefined — not a remedy — when the other bucket lacks some
 * of the objects (replication filter, its lifecycle expired them), holds some in an
 * Intelligent-Tiering archive tier, or has no such tier for a class, or a price is missing.
 */
export function otherRegionRead(sc: Scenario, run: RestoreEventRun, event: RestoreEvent, book: PriceBook, tier: RestoreTier, baseCost: Dec) {
  const other = run.otherRegion;
  if (!sc.replication || !other || other.missingObjects > 0 || other.intArchivedObjects > 0) return undefined;
  const region = event.fromReplica ? sc.region : sc.replication.destinationRegion;
  const meter = new UsageMeter(region, sc.simStartMonth, sc.simMonths);
  const m = event.simMonth;
  let retrievalDays = 0;
  let archivedObjects = 0;
  for (const [cls, part] of Object.entries(other.byClass) as [StorageClass, { objects: number; gib: number }][]) {
    if (part.objects <= 0) continue;
    meter.add(meter.slot(getKey(region, cls), 'restore', cls), m, part.objects);
    const r = retrievalKey(region, cls);
    if (r) meter.add(meter.slot(r, 'retrieval', cls), m, part.gib);
    if (cls !== 'GLACIER' && cls !== 'DEEP_ARCHIVE') continue;
    const delay = restoreDelayDays(cls, tier);
    const req = restoreRequestKey(region, cls, tier);
    const bytes = restoreBytesKey(region, cls, tier);
    if (delay === undefined || !req || !bytes) return undefined;
    retrievalDays = Math.max(retrievalDays, delay);
    archivedObjects += part.objects;
    meter.add(meter.slot(req, 'restore', cls), m, part.objects);
    meter.add(meter.slot(bytes, 'retrieval', cls), m, part.gib);
    // The copy: from noon on day 1 + the wait, to the midnight after that + days, within the horizon.
    copyDays(sc, m, 0.5 + delay, sc.restores.days, (month, days) => meter.add(meter.slot(storageKey(region, 'STANDARD'), 'restored-copy', 'STANDARD'), month, part.gib * days));
  }
  if (event.toEndpoints && sc.bucket.endpointOutsideAws) meter.add(meter.slot(egressKey(region), 'restore'), m, run.gib);
  let cost: Dec;
  try {
    cost = sum(price(meter.lines().filter((l) => l.quantity > 0), book, { egress: sc.account }).lines.map((l) => l.cost));
  } catch (e) {
    if (e instanceof PriceDataError) return undefined;
    throw e;
  }
  const load: RestoreLoad = { devices: run.devices, archivedObjects, gib: run.gib, maxDeviceGiB: run.maxDeviceGiB, retrievalHours: retrievalDays * 24 };
  const time = timeToRestore(load, sc.restores.limits, event.toEndpoints);
  const classes = Object.keys(other.byClass).filter((c) => (other.byClass[c as StorageClass]?.objects ?? 0) > 0);
  return { region, tier, classes, usage: meter, cost, extra: cost.minus(baseCost), hours: time.hours };
}

/**
 * Splits a restored copy's storage over months: available `from` days after the start of month
 * `m` (index in the simulation), kept until the midnight after from + days (S3 User Guide,
 * "Restoring an archived object"), cut at the end of the simulation.
 */
function copyDays(sc: Scenario, m: number, from: number, days: number, add: (month: number, days: number) => void): void {
  const to = Math.ceil(from + days);
  let start = 0;
  for (let month = m; month < sc.simMonths && start < to; month++) {
    const end = start + daysInMonth(addMonths(sc.simStartMonth, month));
    const overlap = Math.min(to, end) - Math.max(from, start);
    if (overlap > 0) add(month, overlap);
    start = end;
  }
}

/** Why an event misses the RTO and the cheapest change that meets it. */
function rtoFinding(sc: Scenario, run: RestoreEventRun, event: RestoreEvent, load: RestoreLoad, time: TimeToRestore, region: string, book: PriceBook, rto: number, cost: Dec): string {
  const h = (x: number) => `${formatNumber(x, { maxDecimals: 1, minDecimals: 1 })} h`;
  const head = `restore event '${event.name}' (${event.month}, ${formatNumber(run.devices, { maxDecimals: 0 })} devices): ${h(time.hours)} to restore exceeds rto_hours ${rto} (decided by ${time.bottleneck})`;
  const signed = (d: Dec) => (d.isNegative() ? `−${formatMoney(d.abs())}` : `+${formatMoney(d)}`);
  type Remedy = { readonly text: string; readonly hours: number; readonly extra: Dec };
  const tierRemedies: Remedy[] = FASTER[event.tier]
    .map((t) => withTier(sc, run, event, load, region, book, t))
    .filter((x): x is NonNullable<typeof x> => x !== undefined)
    .map((x) => ({ text: `the ${x.tier} tier (${signed(x.extra)} for this event)`, hours: x.hours, extra: x.extra }));
  const otherRemedies: Remedy[] = [event.tier, ...FASTER[event.tier]]
    .map((t) => otherRegionRead(sc, run, event, book, t, cost))
    .filter((x): x is NonNullable<typeof x> => x !== undefined)
    .map((x) => {
      const archived = x.classes.some((c) => c === 'GLACIER' || c === 'DEEP_ARCHIVE');
      const what = event.fromReplica ? 'the source bucket' : 'the replica';
      return { text: `reading from ${what} in ${x.region} (${x.classes.join(', ')}${archived ? `, ${x.tier} tier` : ''}: ${h(x.hours)}; ${signed(x.extra)} for this event)`, hours: x.hours, extra: x.extra };
    });
  const tiers = [...tierRemedies, ...otherRemedies].filter((x) => x.hours <= rto).sort((a, b) => a.extra.comparedTo(b.extra));
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
  if (best) return `${head}; cheapest change that meets it: ${best.text}${link ? `, or ${link}` : ''}`;
  if (link) return `${head}; the change that meets it: ${link}`;
  // With replication, say why the other region is no remedy either: too slow, or it cannot serve every object read.
  const otherWhy = !sc.replication ? '' : otherRemedies.length === 0 ? ', and the other region cannot serve all of its objects' : ', nor reading from the other region';
  return `${head}; neither a faster tier nor a bigger link alone meets it${otherWhy}`;
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
    const finding = rto !== undefined && time.hours > rto ? rtoFinding(sc, run, event, load, time, region, book, rto, cost) : undefined;
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
